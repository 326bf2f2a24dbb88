package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The columns the seed writes, named as the schema requires.
var (
	userCols    = []string{"id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined"}
	profileCols = []string{"id", "avatar", "bio", "location", "website", "created_at", "updated_at", "user_id"}
	shareCols   = []string{"user_id", "post_id", "created_at"}
	postCols    = []string{"id", "author_id", "target_profile_id", "type", "content", "media_url", "parent_id", "reply_to_comment_id", "mentioned_user_id", "created_at", "updated_at", "likes_count", "comment_count", "shares_count"}
	likeCols    = []string{"id", "created_at", "post_id", "user_id"}
	friendCols  = []string{"id", "created_at", "user_id", "friend_id"}
	requestCols = []string{"id", "created_at", "from_user_id", "to_user_id"}
	messageCols = []string{"id", "content", "is_read", "created_at", "receiver_id", "sender_id", "reply_to_story_id"}
)

// postTables are the tables the posts stage writes: the post first, whose
// number of rows decides whether their indexes are built after them.
var postTables = []string{"posts_post", "posts_like", "numeneon_share"}

// reportEvery is how many rows a stage writes between progress reports.
const reportEvery = 1000

type generator struct {
	db   *storage.DB
	opt  Options
	rng  *rand.Rand
	hash string
	// sum counts what the seed wrote, the transaction under way included;
	// kept what committed transactions wrote.
	sum, kept Summary
	// people are the seeded users' ids; friends maps a user to theirs.
	people  []int64
	friends map[int64][]int64
	// linked holds every pair (lower id first) already friends or in a
	// pending request, so that random links never repeat one.
	linked map[[2]int64]bool
}

// person is an account to make. One without a username gets
// first.last<id>, in lower-case ASCII.
type person struct {
	username, first, last, bio, location, website string
}

// ago returns a time before Now, mostly recent: the network looks alive.
func (g *generator) ago(maxDays float64) time.Time {
	d := g.rng.ExpFloat64() * maxDays / 6
	if d > maxDays {
		d = g.rng.Float64() * maxDays
	}
	return g.opt.Now.Add(-time.Duration(d * float64(24*time.Hour))).Truncate(time.Microsecond)
}

// spread returns the time of the i-th of n posts spread over the last year,
// oldest first: rows arrive in time order, as in a real network, which
// keeps the time indexes' inserts at their right edge.
func (g *generator) spread(i, n int) time.Time {
	const year = 365 * 24 * time.Hour
	jitter := time.Duration(g.rng.IntN(int(time.Hour)))
	at := g.opt.Now.Add(-year + time.Duration(float64(year)*float64(i)/float64(n)) - jitter)
	return at.Truncate(time.Microsecond)
}

// randomPerson is a generated person, without a username yet.
func (g *generator) randomPerson(first, last string) person {
	return person{first: first, last: last, bio: pick(g.rng, bios), location: pick(g.rng, places)}
}

// addPeople writes an account and a profile for each of people, reporting
// them as done+1… of total.
func (g *generator) addPeople(ctx context.Context, l *storage.Loader, people []person, done, total int) error {
	for i, p := range people {
		if err := ctx.Err(); err != nil {
			return err
		}
		id, err := l.NewID("auth_user")
		if err != nil {
			return err
		}
		if p.username == "" {
			p.username = fmt.Sprintf("%s.%s%d", asciiLower(p.first), asciiLower(p.last), id)
		}
		joined := g.opt.Now.AddDate(0, 0, -400+(done+i)%30)
		if err := l.Insert("auth_user", userCols, id, g.hash, nil, false, p.username, p.first, p.last,
			email(p.username), false, true, joined); err != nil {
			return err
		}
		pid, err := l.NewID("users_profile")
		if err != nil {
			return err
		}
		if err := l.Insert("users_profile", profileCols, pid, "", p.bio, p.location, p.website, joined, joined, id); err != nil {
			return err
		}
		g.people = append(g.people, id)
		g.sum.Users++
		if (done+i+1)%reportEvery == 0 {
			g.progress(StageUsers, int64(done+i+1), int64(total))
		}
	}
	return nil
}

// asciiLower turns a name into lower-case ASCII letters, for usernames
// that are easy to type and e-mail addresses that Django's EmailValidator
// takes (it wants ASCII before the @): Zoë becomes zoe, and letters
// without an ASCII base are left out.
func asciiLower(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r - 'A' + 'a')
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// link claims the pair a, b; false when it is taken or a == b.
func (g *generator) link(a, b int64) bool {
	p := [2]int64{min(a, b), max(a, b)}
	if a == b || g.linked[p] {
		return false
	}
	g.linked[p] = true
	return true
}

func (g *generator) befriend(l *storage.Loader, a, b int64) error {
	if !g.link(a, b) {
		return nil
	}
	at := g.ago(300)
	for _, pair := range [][2]int64{{a, b}, {b, a}} {
		id, err := l.NewID("friends_friendship")
		if err != nil {
			return err
		}
		if err := l.Insert("friends_friendship", friendCols, id, at, pair[0], pair[1]); err != nil {
			return err
		}
	}
	g.friends[a] = append(g.friends[a], b)
	g.friends[b] = append(g.friends[b], a)
	g.sum.Friendships++
	return nil
}

func (g *generator) request(l *storage.Loader, from, to int64) error {
	if !g.link(from, to) {
		return nil
	}
	id, err := l.NewID("friends_friendrequest")
	if err != nil {
		return err
	}
	g.sum.Requests++
	return l.Insert("friends_friendrequest", requestCols, id, g.ago(20), from, to)
}

// randomFriendships links each person to about perPerson others, and leaves
// some requests pending, to people after the first designed ones (whose
// requests a story tells). total is what the friendships stage expects to
// make in all, for its progress.
func (g *generator) randomFriendships(ctx context.Context, l *storage.Loader, people []int64, designed, perPerson, total int) error {
	n := len(people)
	for i, a := range people {
		if err := ctx.Err(); err != nil {
			return err
		}
		for range perPerson / 2 {
			if err := g.befriend(l, a, people[g.rng.IntN(n)]); err != nil {
				return err
			}
		}
		if i%4 == 0 && i >= designed {
			if err := g.request(l, people[g.rng.IntN(n)], a); err != nil {
				return err
			}
		}
		if i%reportEvery == 0 {
			g.progress(StageFriends, int64(g.sum.Friendships), int64(total))
		}
	}
	return nil
}

// post writes one top-level post with replies and likes and returns how
// many posts_post rows it wrote.
func (g *generator) post(l *storage.Loader, author int64, typ model.PostType, content, media string, at time.Time, target *int64, replies int) (int, error) {
	id, err := l.NewID("posts_post")
	if err != nil {
		return 0, err
	}
	likers := g.likers(author, g.rng.IntN(4)*g.rng.IntN(3))
	var mediaURL any
	if media != "" {
		mediaURL = media
	}
	// A third of the posts with likes is shared, by its first liker: a
	// row of numeneon_share, which shares_count counts.
	shares := min(g.rng.IntN(3)/2, len(likers))
	if err := l.Insert("posts_post", postCols, id, author, target, string(typ), content, mediaURL, nil, nil, nil,
		at, at, len(likers), replies, shares); err != nil {
		return 0, err
	}
	if err := g.likes(l, id, likers, at); err != nil {
		return 0, err
	}
	if shares > 0 {
		if err := l.Insert("numeneon_share", shareCols, likers[0], id, at); err != nil {
			return 0, err
		}
	}
	g.sum.Posts++
	var lastReply *int64
	for r := range replies {
		rid, err := l.NewID("posts_post")
		if err != nil {
			return 0, err
		}
		who := g.replier(author)
		when := at.Add(time.Duration(r+1) * time.Duration(1+g.rng.IntN(90)) * time.Minute)
		if when.After(g.opt.Now) {
			when = g.opt.Now.Add(-time.Duration(replies-r) * time.Second)
		}
		var replyTo, mention any
		if lastReply != nil && g.rng.IntN(3) == 0 {
			replyTo, mention = *lastReply, author
		}
		rl := g.likers(who, g.rng.IntN(2)*g.rng.IntN(3))
		if err := l.Insert("posts_post", postCols, rid, who, nil, string(model.Thoughts), pick(g.rng, replyLines), nil,
			id, replyTo, mention, when, when, len(rl), 0, 0); err != nil {
			return 0, err
		}
		if err := g.likes(l, rid, rl, when); err != nil {
			return 0, err
		}
		lastReply = &rid
		g.sum.Replies++
	}
	return 1 + replies, nil
}

// replier is a friend of the author when there is one, else anyone.
func (g *generator) replier(author int64) int64 {
	if fs := g.friends[author]; len(fs) > 0 && g.rng.IntN(4) > 0 {
		return fs[g.rng.IntN(len(fs))]
	}
	return g.people[g.rng.IntN(len(g.people))]
}

// likers picks n distinct people other than the author.
func (g *generator) likers(author int64, n int) []int64 {
	var out []int64
	for tries := 0; len(out) < n && tries < 4*n; tries++ {
		u := g.replier(author)
		if u != author && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

func (g *generator) likes(l *storage.Loader, postID int64, users []int64, at time.Time) error {
	for _, u := range users {
		id, err := l.NewID("posts_like")
		if err != nil {
			return err
		}
		if err := l.Insert("posts_like", likeCols, id, at.Add(time.Minute), postID, u); err != nil {
			return err
		}
		g.sum.Likes++
	}
	return nil
}

func (g *generator) message(l *storage.Loader, from, to int64, content string, at time.Time, read bool) error {
	id, err := l.NewID("messages_app_message")
	if err != nil {
		return err
	}
	g.sum.Messages++
	return l.Insert("messages_app_message", messageCols, id, content, read, at, to, from, nil)
}

// randomPost writes a top-level post of a random kind by author.
func (g *generator) randomPost(l *storage.Loader, author int64, at time.Time, replies int) (int, error) {
	switch n := g.rng.IntN(10); {
	case n < 6:
		return g.post(l, author, model.Thoughts, pick(g.rng, thoughtLines), "", at, nil, replies)
	case n < 8:
		m := pick(g.rng, mediaLines)
		return g.post(l, author, model.Media, m.caption, m.url, at, nil, replies)
	default:
		return g.post(l, author, model.Milestones, pick(g.rng, milestoneLines), "", at, nil, replies)
	}
}

// generated seeds users people and posts posts_post rows (about 40 % of
// them replies: a third of the posts get 1 to 3), with friendships, likes
// and messages.
func (g *generator) generated(ctx context.Context, users, posts int) error {
	err := g.load(ctx, func(l *storage.Loader) error {
		if err := g.prepare(l, false); err != nil {
			return err
		}
		for i := 0; i < users; i += reportEvery {
			people := make([]person, min(reportEvery, users-i))
			for k := range people {
				people[k] = g.randomPerson(pick(g.rng, firstNames), pick(g.rng, lastNames))
			}
			if err := g.addPeople(ctx, l, people, i, users); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return seedError(StageUsers, err)
	}
	g.stageDone(StageUsers, g.sum.Users)

	const perPerson = 10
	err = g.load(ctx, func(l *storage.Loader) error {
		return g.randomFriendships(ctx, l, g.people, 0, perPerson, users*perPerson/2)
	})
	if err != nil {
		return seedError(StageFriends, err)
	}
	g.stageDone(StageFriends, g.sum.Friendships)

	if err := g.randomPosts(ctx, g.people, posts, 0); err != nil {
		return err
	}
	err = g.load(ctx, func(l *storage.Loader) error {
		return g.randomMessages(ctx, l, g.people, users*4, 0)
	})
	if err != nil {
		return seedError(StageMessages, err)
	}
	g.stageDone(StageMessages, g.sum.Messages)
	return nil
}

// randomPosts writes rows posts_post rows by authors, with their likes and
// shares, in one transaction that builds the indexes of those tables after
// their rows (see storage.Loader.DeferIndexes); before is how many the
// posts stage wrote before, for its progress.
func (g *generator) randomPosts(ctx context.Context, authors []int64, rows, before int) error {
	total := int64(before + rows)
	err := g.load(ctx, func(l *storage.Loader) error {
		if err := l.DeferIndexes(rows, postTables...); err != nil {
			return err
		}
		for written := 0; written < rows; {
			if err := ctx.Err(); err != nil {
				return err
			}
			replies := 0
			if g.rng.IntN(3) == 0 {
				replies = min(1+g.rng.IntN(3), rows-written-1)
			}
			n, err := g.randomPost(l, authors[g.rng.IntN(len(authors))], g.spread(written, rows), replies)
			if err != nil {
				return err
			}
			if (written+n)/reportEvery > written/reportEvery {
				g.progress(StagePosts, int64(before+written+n), total)
			}
			written += n
		}
		return nil
	})
	if err != nil {
		return seedError(StagePosts, err)
	}
	g.stageDone(StagePosts, before+rows)
	return nil
}

// randomMessages writes about n messages in conversations between
// friends; before is how many the messages stage wrote before, for its
// progress.
func (g *generator) randomMessages(ctx context.Context, l *storage.Loader, people []int64, n, before int) error {
	for i := 0; i < n; {
		if err := ctx.Err(); err != nil {
			return err
		}
		a := people[g.rng.IntN(len(people))]
		fs := g.friends[a]
		if len(fs) == 0 {
			i++
			continue
		}
		b := fs[g.rng.IntN(len(fs))]
		at := g.ago(60)
		for k := range 2 + g.rng.IntN(5) {
			from, to := a, b
			if k%2 == 1 {
				from, to = b, a
			}
			at = at.Add(time.Duration(1+g.rng.IntN(20)) * time.Minute)
			if at.After(g.opt.Now) {
				at = g.opt.Now
			}
			if err := g.message(l, from, to, pick(g.rng, chatLines), at, g.rng.IntN(4) > 0); err != nil {
				return err
			}
			i++
			if i%reportEvery == 0 {
				g.progress(StageMessages, int64(before+i), int64(before+n))
			}
		}
	}
	return nil
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }
