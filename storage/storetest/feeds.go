package storetest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

func runFeeds(t *testing.T, open Opener) {
	t.Run("Contents", func(t *testing.T) { testFeedContents(t, newEnv(t, open)) })
	t.Run("Pagination", func(t *testing.T) { testFeedPagination(t, newEnv(t, open)) })
	t.Run("ThreadPagination", func(t *testing.T) { testThreadPagination(t, newEnv(t, open)) })
	t.Run("River", func(t *testing.T) { testRiver(t, newEnv(t, open)) })
	t.Run("RiverEveryoneOrder", func(t *testing.T) { testRiverEveryoneOrder(t, newEnv(t, open)) })
	t.Run("RiverHeavyAuthors", func(t *testing.T) { testRiverHeavyAuthors(t, newEnv(t, open)) })
}

// pageAll walks a keyset-paginated list to its end.
func pageAll[T interface{ Cursor() *model.Cursor }](t *testing.T, what string, limit int, fetch func(model.Page) ([]T, error)) []T {
	t.Helper()
	var all []T
	var before *model.Cursor
	for range 200 {
		page, err := fetch(model.Page{Limit: limit, Before: before})
		must(t, err, what)
		if len(page) > limit {
			t.Errorf("%s: a page of limit %d has %d items", what, limit, len(page))
		}
		all = append(all, page...)
		if len(page) < limit {
			return all
		}
		before = page[len(page)-1].Cursor()
	}
	t.Fatalf("%s: pagination does not end", what)
	return nil
}

func testFeedContents(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.befriend(alice, bob)
	_, err := e.svc.SendFriendRequest(e.ctx, alice.ID, dave.ID) // pending: not a friend
	must(t, err, "alice asks dave")
	a1 := e.say(alice, "alice 1")
	b1 := e.say(bob, "bob 1")
	c1 := e.say(carol, "carol 1")
	d1 := e.say(dave, "dave 1")
	bm := e.post(bob, model.NewPost{Type: model.Media, MediaURL: "https://example.com/b.png"})
	w := e.post(bob, model.NewPost{Content: "on alice's wall", TargetUserID: &alice.ID})
	r := e.reply(bob, a1.ID, "a reply")
	cr := e.reply(carol, c1.ID, "carol's reply")

	feed := func(viewer model.User, scope model.FeedScope) []model.Post {
		t.Helper()
		ps, err := e.svc.Feed(e.ctx, viewer.ID, scope, model.Page{})
		must(t, err, "Feed")
		wantNewestFirst(t, ps, "feed")
		return ps
	}
	wantSameIDs(t, postIDs(feed(alice, model.FeedHome)), []int64{a1.ID, b1.ID, bm.ID}, "alice's home feed")
	wantSameIDs(t, postIDs(feed(bob, model.FeedHome)), []int64{a1.ID, b1.ID, bm.ID}, "bob's home feed")
	wantSameIDs(t, postIDs(feed(carol, model.FeedHome)), []int64{c1.ID}, "carol's home feed")
	wantSameIDs(t, postIDs(feed(dave, model.FeedHome)), []int64{d1.ID}, "dave's home feed")
	everyone := feed(carol, model.FeedEveryone)
	wantSameIDs(t, postIDs(everyone), []int64{a1.ID, b1.ID, c1.ID, d1.ID, bm.ID}, "everyone feed")
	for _, p := range everyone {
		if p.Author.Username == "" {
			t.Errorf("feed post %d has no author username", p.ID)
		}
		if p.ID == a1.ID && p.CommentCount != 1 {
			t.Errorf("a1 in the feed has CommentCount %d, want 1", p.CommentCount)
		}
	}

	up, err := e.svc.UserPosts(e.ctx, carol.ID, alice.ID, model.Page{})
	must(t, err, "UserPosts(alice)")
	wantSameIDs(t, postIDs(up), []int64{a1.ID, w.ID}, "alice's profile: own posts and her wall")
	wantNewestFirst(t, up, "UserPosts")
	up, err = e.svc.UserPosts(e.ctx, alice.ID, bob.ID, model.Page{})
	must(t, err, "UserPosts(bob)")
	ids := postIDs(up)
	if !slices.Contains(ids, b1.ID) || !slices.Contains(ids, bm.ID) || slices.Contains(ids, r.ID) || slices.Contains(ids, a1.ID) {
		t.Errorf("bob's profile posts = %v, want %d and %d, no replies, nothing of alice's", ids, b1.ID, bm.ID)
	}
	up, err = e.svc.UserPosts(e.ctx, alice.ID, carol.ID, model.Page{})
	must(t, err, "UserPosts(carol)")
	wantIDs(t, postIDs(up), []int64{c1.ID}, "carol's profile posts (no replies)")

	thread, err := e.svc.Thread(e.ctx, carol.ID, a1.ID, model.Page{})
	must(t, err, "Thread")
	wantIDs(t, postIDs(thread), []int64{r.ID}, "a1's thread")
	thread, err = e.svc.Thread(e.ctx, carol.ID, c1.ID, model.Page{})
	must(t, err, "Thread")
	wantIDs(t, postIDs(thread), []int64{cr.ID}, "c1's thread")
}

func testFeedPagination(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	e.befriend(alice, bob)
	authors := []model.User{alice, bob, carol}
	at := map[int64]time.Time{}
	var all []model.Post
	for i := range 31 {
		p := e.say(authors[i%3], "page post")
		// Ten instants a microsecond apart, three or four posts on each,
		// and not in id order: ties on created_at must break on id. base
		// ends in .535897, so base+3µs is .535900: a cursor must compare
		// equal to Django's six-digit text of that instant on SQLite.
		tm := base.Add(time.Duration((i*7)%10) * time.Microsecond)
		if i%5 == 0 {
			tm = tm.Add(-time.Duration(i) * time.Second)
		}
		e.setCreated("posts_post", p.ID, tm)
		p.CreatedAt = tm
		at[p.ID] = tm
		all = append(all, p)
	}
	w := e.post(bob, model.NewPost{Content: "page wall post", TargetUserID: &alice.ID})
	e.setCreated("posts_post", w.ID, base.Add(3*time.Microsecond))
	w.CreatedAt = base.Add(3 * time.Microsecond)
	at[w.ID] = w.CreatedAt
	r := e.reply(carol, all[0].ID, "page reply")
	e.setCreated("posts_post", r.ID, base.Add(4*time.Microsecond))

	filter := func(ps []model.Post, keep func(model.Post) bool) []int64 {
		var out []model.Post
		for _, p := range ps {
			if keep(p) {
				out = append(out, p)
			}
		}
		return postIDs(newestFirst(out, postKey))
	}
	withWall := append(slices.Clone(all), w)
	cases := []struct {
		name  string
		fetch func(model.Page) ([]model.Post, error)
		want  []int64
	}{
		{"home", func(pg model.Page) ([]model.Post, error) { return e.svc.Feed(e.ctx, alice.ID, model.FeedHome, pg) },
			filter(all, func(p model.Post) bool { return p.Author.ID != carol.ID })},
		{"everyone", func(pg model.Page) ([]model.Post, error) { return e.svc.Feed(e.ctx, carol.ID, model.FeedEveryone, pg) },
			filter(all, func(model.Post) bool { return true })},
		{"user posts", func(pg model.Page) ([]model.Post, error) { return e.svc.UserPosts(e.ctx, carol.ID, alice.ID, pg) },
			filter(withWall, func(p model.Post) bool { return p.Author.ID == alice.ID || p.ID == w.ID })},
		{"search", func(pg model.Page) ([]model.Post, error) { return e.svc.SearchPosts(e.ctx, carol.ID, "PAGE POST", pg) },
			filter(all, func(model.Post) bool { return true })},
	}
	for _, c := range cases {
		for _, limit := range []int{1, 3, 4, 7, 50} {
			got := pageAll(t, c.name, limit, c.fetch)
			wantIDs(t, postIDs(got), c.want, c.name+" feed, all pages")
			for _, p := range got {
				if tm, ok := at[p.ID]; ok && !p.CreatedAt.Equal(tm) {
					t.Errorf("%s: post %d has CreatedAt %v, the row says %v", c.name, p.ID, p.CreatedAt, tm)
				}
			}
		}
		got, err := c.fetch(model.Page{})
		must(t, err, c.name)
		wantIDs(t, postIDs(got), c.want, c.name+" feed with the default page size")
	}
}

func testThreadPagination(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	p := e.say(alice, "a busy thread")
	other := e.say(bob, "another")
	var replies []model.Post
	for i := range 13 {
		r := e.reply([]model.User{alice, bob}[i%2], p.ID, "reply")
		r.CreatedAt = base.Add(time.Duration((i*3)%5) * time.Millisecond)
		e.setCreated("posts_post", r.ID, r.CreatedAt)
		replies = append(replies, r)
	}
	e.reply(alice, other.ID, "elsewhere")
	want := postIDs(newestFirst(replies, postKey))
	for _, limit := range []int{1, 2, 4, 13} {
		got := pageAll(t, "thread", limit, func(pg model.Page) ([]model.Post, error) {
			return e.svc.Thread(e.ctx, bob.ID, p.ID, pg)
		})
		wantIDs(t, postIDs(got), want, "thread, all pages")
	}
	wantInt(t, e.count("SELECT comment_count FROM posts_post WHERE id = $1", p.ID), 13, "comment_count")
}

func testRiver(t *testing.T, e *env) {
	viewer, a, b, c, d := e.user("viewer"), e.user("ann"), e.user("ben"), e.user("cat"), e.user("dan")
	e.befriend(viewer, a)
	sec := func(n int) time.Time { return base.Add(time.Duration(n) * time.Second) }
	mk := func(u model.User, typ model.PostType, tm time.Time) model.Post {
		p := e.post(u, model.NewPost{Type: typ, Content: "river", MediaURL: "https://example.com/r.png"})
		e.setCreated("posts_post", p.ID, tm)
		p.CreatedAt = tm
		return p
	}
	var thoughts, media, miles []model.Post
	for i := range 15 {
		thoughts = append(thoughts, mk(a, model.Thoughts, sec(i)))
	}
	for i := range 3 {
		media = append(media, mk(a, model.Media, sec(15+i)))
	}
	for i := range 2 {
		miles = append(miles, mk(a, model.Milestones, sec(18+i)))
	}
	mk(b, model.Thoughts, sec(30))
	mk(c, model.Milestones, sec(10))
	mk(c, model.Milestones, sec(25))
	mk(d, model.Thoughts, sec(25))
	old := e.reply(c, thoughts[0].ID, "an old reply")
	e.setCreated("posts_post", old.ID, sec(-3600))

	rows, err := e.svc.River(e.ctx, viewer.ID, model.FeedEveryone, 10, nil)
	must(t, err, "River")
	var order []int64
	for _, r := range rows {
		order = append(order, r.Author.ID)
	}
	if len(order) != 4 || order[0] != b.ID || order[3] != a.ID || !slices.Contains(order, c.ID) || !slices.Contains(order, d.ID) {
		t.Fatalf("River rows by author = %v, want ben(%d), then cat(%d) and dan(%d) in either order, then ann(%d)",
			order, b.ID, c.ID, d.ID, a.ID)
	}
	for _, r := range rows {
		for _, typ := range model.PostTypes {
			lane := r.Lane(typ)
			if len(lane) > model.RiverLaneSize {
				t.Errorf("%s's %s lane has %d posts", r.Author.Username, typ, len(lane))
			}
			for _, p := range lane {
				if p.Author.ID != r.Author.ID || p.Type != typ || p.ParentID != nil {
					t.Errorf("%s's %s lane holds post %d by %d of type %s (parent %v)", r.Author.Username, typ, p.ID, p.Author.ID, p.Type, deref(p.ParentID))
				}
			}
		}
	}
	ann := rows[3]
	if !ann.LatestAt.Equal(sec(19)) || !rows[0].LatestAt.Equal(sec(30)) {
		t.Errorf("LatestAt: ann %v (want %v), ben %v (want %v)", ann.LatestAt, sec(19), rows[0].LatestAt, sec(30))
	}
	slices.Reverse(thoughts)
	slices.Reverse(media)
	slices.Reverse(miles)
	wantIDs(t, postIDs(ann.Thoughts), postIDs(thoughts[:model.RiverLaneSize]), "ann's thoughts lane (the 12 newest)")
	wantIDs(t, postIDs(ann.Media), postIDs(media), "ann's media lane")
	wantIDs(t, postIDs(ann.Milestones), postIDs(miles), "ann's milestones lane")
	wantInt(t, len(rows[1].Thoughts)+len(rows[1].Media)+len(rows[1].Milestones)+
		len(rows[2].Thoughts)+len(rows[2].Media)+len(rows[2].Milestones), 3, "posts of cat and dan")

	home, err := e.svc.River(e.ctx, viewer.ID, model.FeedHome, 10, nil)
	must(t, err, "River home")
	if len(home) != 1 || home[0].Author.ID != a.ID {
		t.Errorf("viewer's home River has %d rows, want only ann's", len(home))
	}

	// Paging one row at a time gives the same rows, none twice.
	var paged []int64
	var after *model.RiverCursor
	for range 10 {
		page, err := e.svc.River(e.ctx, viewer.ID, model.FeedEveryone, 1, after)
		must(t, err, "River page")
		if len(page) == 0 {
			break
		}
		if len(page) > 1 {
			t.Fatalf("a River page of limit 1 has %d rows", len(page))
		}
		paged = append(paged, page[0].Author.ID)
		after = &model.RiverCursor{LatestAt: page[0].LatestAt, AuthorID: page[0].Author.ID}
	}
	wantIDs(t, paged, order, "River paged one row at a time")
}

// testRiverEveryoneOrder: the Everyone River, read whole and page by page
// at several sizes, is every author with a top-level post, by their latest
// (then the higher id first), each once — on posts whose times collide
// often and whose authors' posts interleave.
func testRiverEveryoneOrder(t *testing.T, e *env) {
	viewer := e.user("viewer")
	rng := rand.New(rand.NewPCG(7, 7))
	latest := map[int64]time.Time{}
	var authors []model.User
	for i := range 24 {
		authors = append(authors, e.user(fmt.Sprintf("author%d", i)))
	}
	for i := range 160 {
		u := authors[rng.IntN(len(authors)-4)] // the last four never post
		at := base.Add(time.Duration(rng.IntN(40)) * time.Second)
		p := e.post(u, model.NewPost{Content: fmt.Sprintf("post %d", i)})
		e.setCreated("posts_post", p.ID, at)
		if at.After(latest[u.ID]) {
			latest[u.ID] = at
		}
	}
	var want []int64
	for id := range latest {
		want = append(want, id)
	}
	slices.SortFunc(want, func(x, y int64) int {
		if c := latest[y].Compare(latest[x]); c != 0 {
			return c
		}
		return cmp.Compare(y, x)
	})
	for _, limit := range []int{1, 3, 7, 50} {
		var got []int64
		var after *model.RiverCursor
		for range len(want) + 1 {
			page, err := e.svc.River(e.ctx, viewer.ID, model.FeedEveryone, limit, after)
			must(t, err, "River page")
			if len(page) == 0 {
				break
			}
			for _, r := range page {
				got = append(got, r.Author.ID)
				if !r.LatestAt.Equal(latest[r.Author.ID]) {
					t.Errorf("author %d's LatestAt is %v, want %v", r.Author.ID, r.LatestAt, latest[r.Author.ID])
				}
			}
			last := page[len(page)-1]
			after = &model.RiverCursor{LatestAt: last.LatestAt, AuthorID: last.Author.ID}
		}
		wantIDs(t, got, want, fmt.Sprintf("the Everyone River in pages of %d", limit))
	}
}
