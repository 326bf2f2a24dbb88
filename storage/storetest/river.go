package storetest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// rawPost is a posts_post row written as the web app would, straight
// into the table: many of them at once, with the times given.
type rawPost struct {
	id, author int64
	typ        model.PostType
	at         time.Time
	parent     *int64 // a reply
	wall       *int64 // on this user's wall
	content    string
}

// insertPosts writes posts 200 rows a statement and fills in their ids
// (found again by their contents, which must differ).
func (e *env) insertPosts(posts []rawPost) {
	e.t.Helper()
	for chunk := range slices.Chunk(posts, 200) {
		var (
			rows []string
			args []any
		)
		for _, p := range chunk {
			n := len(args)
			rows = append(rows, fmt.Sprintf("($%d, $%d, $%d, $%d, NULL, $%d, NULL, NULL, $%d, $%d, 0, 0, 0)",
				n+1, n+2, n+3, n+4, n+5, n+6, n+6))
			args = append(args, p.author, p.wall, string(p.typ), p.content, p.parent, e.ts(p.at))
		}
		e.exec(`INSERT INTO posts_post (author_id, target_profile_id, type, content, media_url, parent_id,
			reply_to_comment_id, mentioned_user_id, created_at, updated_at, likes_count, comment_count, shares_count)
			VALUES `+strings.Join(rows, ", "), args...)
	}
	ids := map[string]int64{}
	rows, err := e.db.QueryContext(e.ctx, `SELECT id, content FROM posts_post`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id      int64
			content string
		)
		if err := rows.Scan(&id, &content); err != nil {
			e.t.Fatal(err)
		}
		ids[content] = id
	}
	for i := range posts {
		posts[i].id = ids[posts[i].content]
	}
}

// riverWant is the River a viewer should see of posts: each author with a
// top-level post not on a wall, but for the hidden ones, by their latest
// such post (then the higher id first), with their newest RiverLaneSize
// posts of each type (then the higher post id first).
func riverWant(posts []rawPost, keep func(author int64) bool) (order []int64, latest map[int64]time.Time, lanes map[int64]map[model.PostType][]int64) {
	latest = map[int64]time.Time{}
	byLane := map[int64]map[model.PostType][]rawPost{}
	for _, p := range posts {
		if p.parent != nil || p.wall != nil || !keep(p.author) {
			continue
		}
		if _, ok := latest[p.author]; !ok {
			order = append(order, p.author)
			byLane[p.author] = map[model.PostType][]rawPost{}
		}
		if p.at.After(latest[p.author]) {
			latest[p.author] = p.at
		}
		byLane[p.author][p.typ] = append(byLane[p.author][p.typ], p)
	}
	slices.SortFunc(order, func(x, y int64) int {
		if c := latest[y].Compare(latest[x]); c != 0 {
			return c
		}
		return cmp.Compare(y, x)
	})
	lanes = map[int64]map[model.PostType][]int64{}
	for author, byType := range byLane {
		lanes[author] = map[model.PostType][]int64{}
		for typ, ps := range byType {
			slices.SortFunc(ps, func(x, y rawPost) int {
				if c := y.at.Compare(x.at); c != 0 {
					return c
				}
				return cmp.Compare(y.id, x.id)
			})
			for _, p := range ps[:min(len(ps), model.RiverLaneSize)] {
				lanes[author][typ] = append(lanes[author][typ], p.id)
			}
		}
	}
	return order, latest, lanes
}

// wantRiver reads the viewer's River in pages of each size to its end and
// compares each with what posts make of it.
func (e *env) wantRiver(viewer model.User, scope model.FeedScope, posts []rawPost, keep func(int64) bool, what string) {
	e.t.Helper()
	order, latest, lanes := riverWant(posts, keep)
	for _, limit := range []int{1, 2, 3, 20} {
		var (
			got   []int64
			after *model.RiverCursor
		)
		for range len(order) + 2 {
			page, err := e.svc.River(e.ctx, viewer.ID, scope, limit, after)
			must(e.t, err, "River")
			if len(page) > limit {
				e.t.Fatalf("%s: a page of %d has %d rows", what, limit, len(page))
			}
			for _, r := range page {
				got = append(got, r.Author.ID)
				if !r.LatestAt.Equal(latest[r.Author.ID]) {
					e.t.Errorf("%s: %s's latest post at %v, want %v", what, r.Author.Username, r.LatestAt, latest[r.Author.ID])
				}
				for _, typ := range model.PostTypes {
					wantIDs(e.t, postIDs(r.Lane(typ)), lanes[r.Author.ID][typ],
						fmt.Sprintf("%s: %s's %s lane", what, r.Author.Username, typ))
				}
			}
			if len(page) < limit {
				break
			}
			last := page[len(page)-1]
			after = &model.RiverCursor{LatestAt: last.LatestAt, AuthorID: last.Author.ID}
		}
		wantIDs(e.t, got, order, fmt.Sprintf("%s in pages of %d", what, limit))
	}
}

// testRiverHeavyAuthors: a River of few authors with thousands of posts
// each (written by the web app), through mutes and blocks, read whole and
// page by page to its last page; then as the posts change under it: the
// newest deleted, an old one moved to the front, every post of an author
// deleted, a post turned into a reply, an account deleted.
func testRiverHeavyAuthors(t *testing.T, e *env) {
	viewer := e.user("viewer")
	ann, ben, cat, dan, eve, fay, gus := e.user("ann"), e.user("ben"), e.user("cat"), e.user("dan"),
		e.user("eve"), e.user("fay"), e.user("gus")
	for _, f := range []model.User{ann, ben, dan, fay} {
		e.befriend(viewer, f)
	}
	must(t, e.svc.Mute(e.ctx, viewer.ID, dan.ID), "viewer mutes dan")
	must(t, e.svc.Block(e.ctx, eve.ID, viewer.ID), "eve blocks viewer")
	must(t, e.svc.Block(e.ctx, viewer.ID, fay.ID), "viewer blocks fay")

	rng := rand.New(rand.NewPCG(14, 14))
	var posts []rawPost
	add := func(author model.User, n int, types []model.PostType, span time.Duration) {
		for range n {
			p := rawPost{author: author.ID, typ: types[rng.IntN(len(types))],
				at: base.Add(-time.Duration(rng.Int64N(int64(span))).Truncate(time.Second))}
			p.content = fmt.Sprintf("%s post %d", author.Username, len(posts))
			posts = append(posts, p)
		}
	}
	all := model.PostTypes
	add(ann, 3000, []model.PostType{model.Thoughts}, time.Hour) // thousands of one type
	add(ann, 3, []model.PostType{model.Milestones}, 200*time.Hour)
	add(ben, 1500, all, 2*time.Hour)
	add(cat, 800, all, 3*time.Hour)
	add(dan, 500, all, time.Hour)
	add(eve, 400, all, time.Hour)
	add(fay, 400, all, time.Hour)
	add(viewer, 5, all, 10*time.Hour)
	add(gus, 2, all, 10*time.Hour)
	// The same latest time for two authors: the higher id comes first.
	posts = append(posts, rawPost{author: cat.ID, typ: model.Media, at: base.Add(time.Minute), content: "cat at one minute"},
		rawPost{author: ben.ID, typ: model.Thoughts, at: base.Add(time.Minute), content: "ben at one minute"})
	e.insertPosts(posts)
	// Replies and wall posts, newer than any post, are not River posts.
	var later []rawPost
	for i, u := range []model.User{ann, cat, gus} {
		later = append(later,
			rawPost{author: u.ID, typ: model.Thoughts, at: base.Add(time.Hour), parent: &posts[i].id, content: fmt.Sprintf("reply %d", i)},
			rawPost{author: u.ID, typ: model.Media, at: base.Add(time.Hour), wall: &viewer.ID, content: fmt.Sprintf("wall %d", i)})
	}
	e.insertPosts(later)
	posts = append(posts, later...)

	hidden := map[int64]bool{dan.ID: true, eve.ID: true, fay.ID: true}
	home := map[int64]bool{viewer.ID: true, ann.ID: true, ben.ID: true}
	check := func(what string) {
		t.Helper()
		e.wantRiver(viewer, model.FeedEveryone, posts, func(a int64) bool { return !hidden[a] }, what+": Everyone")
		e.wantRiver(viewer, model.FeedHome, posts, func(a int64) bool { return home[a] }, what+": Home")
	}
	check("as written")

	// Delete ann's newest post.
	newest := -1
	for i, p := range posts {
		if p.author == ann.ID && p.parent == nil && p.wall == nil && (newest < 0 || p.at.After(posts[newest].at)) {
			newest = i
		}
	}
	must(t, e.svc.DeletePost(e.ctx, ann.ID, posts[newest].id), "ann deletes her newest post")
	posts = slices.Delete(posts, newest, newest+1)
	check("ann's newest post deleted")

	// Move one of cat's oldest posts to the front, and one of ann's
	// milestones into ben's hands.
	for i, p := range posts {
		if p.author == cat.ID && p.parent == nil && p.wall == nil {
			posts[i].at = base.Add(2 * time.Hour)
			e.setCreated("posts_post", p.id, posts[i].at)
			break
		}
	}
	for i, p := range posts {
		if p.author == ann.ID && p.typ == model.Milestones {
			posts[i].author = ben.ID
			e.exec(`UPDATE posts_post SET author_id = $1 WHERE id = $2`, ben.ID, p.id)
			break
		}
	}
	check("posts moved")

	// The web app deletes every post of ben's, and turns the viewer's
	// posts into replies.
	e.exec(`DELETE FROM posts_post WHERE author_id = $1`, ben.ID)
	posts = slices.DeleteFunc(posts, func(p rawPost) bool { return p.author == ben.ID })
	e.exec(`UPDATE posts_post SET parent_id = $1 WHERE author_id = $2 AND parent_id IS NULL`, posts[0].id, viewer.ID)
	for i, p := range posts {
		if p.author == viewer.ID && p.parent == nil {
			posts[i].parent = &posts[0].id
		}
	}
	check("ben's posts deleted, the viewer's made replies")

	// An account deleted as Django does: its posts, then the user.
	e.exec(`DELETE FROM posts_post WHERE author_id = $1`, gus.ID)
	e.exec(`DELETE FROM users_profile WHERE user_id = $1`, gus.ID)
	e.exec(`DELETE FROM auth_user WHERE id = $1`, gus.ID)
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_river_author WHERE author_id = $1`, gus.ID), 0, "rows of the River's authors of a deleted account")
	posts = slices.DeleteFunc(posts, func(p rawPost) bool { return p.author == gus.ID })
	check("gus deleted")
}
