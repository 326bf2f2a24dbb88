package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The columns the seed writes, named as the schema requires.
var (
	userCols    = []string{"id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined"}
	profileCols = []string{"id", "avatar", "bio", "location", "website", "created_at", "updated_at", "user_id"}
	postCols    = []string{"id", "author_id", "target_profile_id", "type", "content", "media_url", "parent_id", "reply_to_comment_id", "mentioned_user_id", "created_at", "updated_at", "likes_count", "comment_count", "shares_count"}
	likeCols    = []string{"id", "created_at", "post_id", "user_id"}
	friendCols  = []string{"id", "created_at", "user_id", "friend_id"}
	requestCols = []string{"id", "created_at", "from_user_id", "to_user_id"}
	messageCols = []string{"id", "content", "is_read", "created_at", "receiver_id", "sender_id", "reply_to_story_id"}
)

// postsPerLoad bounds one transaction, so that SQLite's WAL stays small.
const postsPerLoad = 100_000

type generator struct {
	db   *storage.DB
	opt  Options
	rng  *rand.Rand
	hash string
	sum  Summary
	next map[string]int64 // next free id per table
	// people are the seeded users' ids; friends maps a user to theirs.
	people  []int64
	friends map[int64][]int64
	// linked holds every pair (lower id first) already friends or in a
	// pending request, so that random links never repeat one.
	linked map[[2]int64]bool
}

type person struct {
	username, first, last, bio, location, website string
}

// start reads the next free id of every table.
func (g *generator) start(ctx context.Context) error {
	g.next = map[string]int64{}
	g.friends = map[int64][]int64{}
	g.linked = map[[2]int64]bool{}
	return g.db.Load(ctx, func(l *storage.Loader) error {
		for _, t := range []string{"auth_user", "users_profile", "posts_post", "posts_like", "friends_friendship", "friends_friendrequest", "messages_app_message"} {
			n, err := l.NextID(t)
			if err != nil {
				return err
			}
			g.next[t] = n
		}
		return nil
	})
}

func (g *generator) id(table string) int64 {
	id := g.next[table]
	g.next[table]++
	return id
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

func (g *generator) addPeople(l *storage.Loader, people []person) error {
	for i, p := range people {
		id := g.id("auth_user")
		joined := g.opt.Now.AddDate(0, 0, -400+i%30)
		if err := l.Insert("auth_user", userCols, id, g.hash, nil, false, p.username, p.first, p.last,
			strings.ToLower(p.username)+"@numeneon.example", false, true, joined); err != nil {
			return err
		}
		if err := l.Insert("users_profile", profileCols, g.id("users_profile"), "", p.bio, p.location, p.website,
			joined, joined, id); err != nil {
			return err
		}
		g.people = append(g.people, id)
		g.sum.Users++
		if i%1000 == 999 {
			g.opt.Progress("users", int64(i+1), int64(len(people)))
		}
	}
	g.opt.Progress("users", int64(len(people)), int64(len(people)))
	return nil
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
		if err := l.Insert("friends_friendship", friendCols, g.id("friends_friendship"), at, pair[0], pair[1]); err != nil {
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
	g.sum.Requests++
	return l.Insert("friends_friendrequest", requestCols, g.id("friends_friendrequest"), g.ago(20), from, to)
}

// randomFriendships links each person to about perPerson others, and leaves
// some requests pending.
func (g *generator) randomFriendships(l *storage.Loader, people []int64, perPerson int) error {
	n := len(people)
	for i, a := range people {
		for range perPerson / 2 {
			if err := g.befriend(l, a, people[g.rng.IntN(n)]); err != nil {
				return err
			}
		}
		if i%4 == 0 {
			if err := g.request(l, people[g.rng.IntN(n)], a); err != nil {
				return err
			}
		}
	}
	g.opt.Progress("friends", int64(n), int64(n))
	return nil
}

// post writes one top-level post with replies and likes and returns how
// many posts_post rows it wrote.
func (g *generator) post(l *storage.Loader, author int64, typ model.PostType, content, media string, at time.Time, target *int64, replies int) (int, error) {
	id := g.id("posts_post")
	likers := g.likers(author, g.rng.IntN(4)*g.rng.IntN(3))
	var mediaURL any
	if media != "" {
		mediaURL = media
	}
	if err := l.Insert("posts_post", postCols, id, author, target, string(typ), content, mediaURL, nil, nil, nil,
		at, at, len(likers), replies, g.rng.IntN(3)/2); err != nil {
		return 0, err
	}
	if err := g.likes(l, id, likers, at); err != nil {
		return 0, err
	}
	g.sum.Posts++
	var lastReply *int64
	for r := range replies {
		rid := g.id("posts_post")
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
		if err := l.Insert("posts_like", likeCols, g.id("posts_like"), at.Add(time.Minute), postID, u); err != nil {
			return err
		}
		g.sum.Likes++
	}
	return nil
}

func (g *generator) message(l *storage.Loader, from, to int64, content string, at time.Time, read bool) error {
	g.sum.Messages++
	return l.Insert("messages_app_message", messageCols, g.id("messages_app_message"), content, read, at, to, from, nil)
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

// generated seeds users people and about posts posts_post rows (a quarter
// of them replies), with friendships, likes and messages.
func (g *generator) generated(ctx context.Context, users, posts int) error {
	if err := g.start(ctx); err != nil {
		return err
	}
	people := make([]person, users)
	for i := range people {
		first, last := pick(g.rng, firstNames), pick(g.rng, lastNames)
		people[i] = person{
			username: fmt.Sprintf("%s.%s%d", strings.ToLower(first), strings.ToLower(last), g.next["auth_user"]+int64(i)),
			first:    first, last: last,
			bio: pick(g.rng, bios), location: pick(g.rng, places),
		}
	}
	err := g.db.Load(ctx, func(l *storage.Loader) error {
		if err := g.addPeople(l, people); err != nil {
			return err
		}
		return g.randomFriendships(l, g.people, 10)
	})
	if err != nil {
		return fmt.Errorf("seed users: %w", err)
	}
	if err := g.randomPosts(ctx, g.people, posts); err != nil {
		return err
	}
	return g.randomMessages(ctx, g.people, users*4)
}

func (g *generator) randomPosts(ctx context.Context, authors []int64, posts int) error {
	for written := 0; written < posts; {
		err := g.db.Load(ctx, func(l *storage.Loader) error {
			for chunk := 0; chunk < postsPerLoad && written < posts; {
				replies := 0
				if g.rng.IntN(3) == 0 {
					replies = min(1+g.rng.IntN(3), posts-written-1)
				}
				n, err := g.randomPost(l, authors[g.rng.IntN(len(authors))], g.spread(written, posts), replies)
				if err != nil {
					return err
				}
				written += n
				chunk += n
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("seed posts: %w", err)
		}
		g.opt.Progress("posts", int64(written), int64(posts))
	}
	return nil
}

// randomMessages writes about n messages in conversations between friends.
func (g *generator) randomMessages(ctx context.Context, people []int64, n int) error {
	return g.db.Load(ctx, func(l *storage.Loader) error {
		for i := 0; i < n; {
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
			}
		}
		g.opt.Progress("messages", int64(n), int64(n))
		return nil
	})
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }
