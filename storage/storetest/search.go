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

func runSearch(t *testing.T, open Opener) {
	t.Run("Users", func(t *testing.T) { testSearchUsers(t, newEnv(t, open)) })
	t.Run("UsersLimit", func(t *testing.T) { testSearchUsersLimit(t, newEnv(t, open)) })
	t.Run("Posts", func(t *testing.T) { testSearchPosts(t, newEnv(t, open)) })
	t.Run("PostsPages", func(t *testing.T) { testSearchPostsPages(t, newEnv(t, open)) })
}

func testSearchUsers(t *testing.T, e *env) {
	viewer := e.user("alioth") // matches, but one never finds oneself
	alicorn := e.user("alicorn")
	bob := e.user("bob")
	carol := e.user("carol")
	e.user("dave")
	must(t, e.svc.UpdateProfile(e.ctx, bob.ID, model.ProfileUpdate{FirstName: ptr("Alina")}), "name bob")
	must(t, e.svc.UpdateProfile(e.ctx, carol.ID, model.ProfileUpdate{LastName: ptr("McALIster")}), "name carol")

	for _, q := range []string{"ali", "ALI", "aLi", " @ali "} {
		got, err := e.svc.SearchUsers(e.ctx, viewer.ID, q)
		must(t, err, "SearchUsers("+q+")")
		wantSameIDs(t, userIDs(got), []int64{alicorn.ID, bob.ID, carol.ID}, "SearchUsers("+q+")")
		for _, u := range got {
			if u.Username == "" {
				t.Errorf("SearchUsers returned a summary without a username: %+v", u)
			}
		}
	}
	got, err := e.svc.SearchUsers(e.ctx, alicorn.ID, "alicorn")
	must(t, err, "SearchUsers(own name)")
	wantIDs(t, userIDs(got), nil, "searching one's own username")
	got, err = e.svc.SearchUsers(e.ctx, viewer.ID, "zzz")
	must(t, err, "SearchUsers(zzz)")
	wantIDs(t, userIDs(got), nil, "SearchUsers(zzz)")
	// LIKE wildcards in the query are plain characters.
	for _, q := range []string{"%%", "__", "a%c", "b_b"} {
		got, err := e.svc.SearchUsers(e.ctx, viewer.ID, q)
		must(t, err, "SearchUsers("+q+")")
		wantIDs(t, userIDs(got), nil, "SearchUsers("+q+") (wildcards must be escaped)")
	}
	for _, q := range []string{"", "a", " a ", "@a"} {
		_, err := e.svc.SearchUsers(e.ctx, viewer.ID, q)
		wantField(t, err, model.EINVALID, "query", "SearchUsers("+q+")")
	}
}

func testSearchUsersLimit(t *testing.T, e *env) {
	viewer := e.user("zetaviewer")
	e.users("zeta", 25)
	got, err := e.svc.SearchUsers(e.ctx, viewer.ID, "ZETA")
	must(t, err, "SearchUsers")
	wantInt(t, len(got), model.MaxSearch, "number of results")
	seen := map[int64]bool{}
	for _, u := range got {
		if seen[u.ID] || u.ID == viewer.ID || !strings.HasPrefix(u.Username, "zeta") {
			t.Errorf("bad or repeated result %+v", u)
		}
		seen[u.ID] = true
	}
}

func testSearchPosts(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	e.befriend(alice, bob)
	a := e.say(alice, "Golang is FUN")
	e.say(alice, "nothing to see")
	b := e.say(bob, "I love golang 😀")
	m := e.post(carol, model.NewPost{Type: model.Media, Content: "gOlAnG gopher", MediaURL: "https://example.com/g.png"})
	e.reply(bob, a.ID, "a golang reply is not a post")
	e.post(bob, model.NewPost{Content: "100% sure", TargetUserID: &alice.ID})
	pct := e.say(carol, "100% sure")
	e.say(carol, "1000 reasons")
	under := e.say(carol, "snake_case")
	e.say(carol, "snakeXcase")
	e.setCreated("posts_post", a.ID, base)
	e.setCreated("posts_post", b.ID, base.Add(-time.Second))
	e.setCreated("posts_post", m.ID, base.Add(time.Second))

	got, err := e.svc.SearchPosts(e.ctx, alice.ID, "GOLANG", model.Page{})
	must(t, err, "SearchPosts")
	wantIDs(t, postIDs(got), []int64{m.ID, a.ID, b.ID}, "SearchPosts(GOLANG), newest first, replies left out")
	got, err = e.svc.SearchPosts(e.ctx, alice.ID, "golang", model.Page{Limit: 2})
	must(t, err, "SearchPosts page 1")
	wantIDs(t, postIDs(got), []int64{m.ID, a.ID}, "SearchPosts page 1")
	if len(got) == 2 {
		got, err = e.svc.SearchPosts(e.ctx, alice.ID, "golang", model.Page{Limit: 2, Before: got[1].Cursor()})
		must(t, err, "SearchPosts page 2")
		wantIDs(t, postIDs(got), []int64{b.ID}, "SearchPosts page 2")
	}

	got, err = e.svc.SearchPosts(e.ctx, alice.ID, "100%", model.Page{})
	must(t, err, "SearchPosts(100%)")
	// The wall post also says "100% sure"; whether search shows wall posts
	// is not settled, so only carol's post is required and "1000" excluded.
	ids := postIDs(got)
	if !slices.Contains(ids, pct.ID) || len(ids) > 2 {
		t.Errorf("SearchPosts(100%%) = %v, want %d (and maybe the wall post), not \"1000 reasons\"", ids, pct.ID)
	}
	got, err = e.svc.SearchPosts(e.ctx, alice.ID, "e_c", model.Page{})
	must(t, err, "SearchPosts(e_c)")
	wantIDs(t, postIDs(got), []int64{under.ID}, "SearchPosts(e_c): _ is not a wildcard")
	for _, q := range []string{"", "g", " g "} {
		_, err := e.svc.SearchPosts(e.ctx, alice.ID, q, model.Page{})
		wantField(t, err, model.EINVALID, "query", "SearchPosts("+q+")")
	}
}

// testSearchPostsPages: a word in hundreds of posts among thousands, whose
// ids and times are in no common order (written by the web app, times
// given), read page by page at several sizes, is every top-level post
// that holds it, wall posts included, whatever the case, newest first,
// but for the replies and the posts of the people hidden from the
// viewer; and so is a word in a few old posts only.
func testSearchPostsPages(t *testing.T, e *env) {
	viewer, ann, ben, muted, blocker := e.user("viewer"), e.user("ann"), e.user("ben"), e.user("muted"), e.user("blocker")
	must(t, e.svc.Mute(e.ctx, viewer.ID, muted.ID), "viewer mutes")
	must(t, e.svc.Block(e.ctx, blocker.ID, viewer.ID), "blocker blocks viewer")
	rng := rand.New(rand.NewPCG(32, 32))
	people := []model.User{viewer, ann, ben, muted, blocker}
	var posts []rawPost
	for i := range 2500 {
		p := rawPost{author: people[rng.IntN(len(people))].ID, typ: model.Thoughts,
			at:      base.Add(-time.Duration(rng.IntN(3000)) * time.Second),
			content: fmt.Sprintf("post %d", i)}
		switch n := rng.IntN(10); {
		case n < 3:
			p.content += []string{" a NEEDLE here", " needles", " NeEdLe"}[rng.IntN(3)]
		case n == 3 && i < 1000:
			p.content += " an old haystack"
			p.at = p.at.Add(-100 * time.Hour)
		}
		switch rng.IntN(8) {
		case 0:
			p.wall = &ann.ID
		case 1:
			if len(posts) > 0 && posts[0].id != 0 {
				p.parent = &posts[0].id
			}
		}
		posts = append(posts, p)
		if i == 0 {
			e.insertPosts(posts) // the others reply to it
		}
	}
	e.insertPosts(posts[1:])
	hidden := map[int64]bool{muted.ID: true, blocker.ID: true}
	for _, word := range []string{"needle", "HAYSTACK"} {
		var want []rawPost
		for _, p := range posts {
			if p.parent == nil && !hidden[p.author] && strings.Contains(strings.ToLower(p.content), strings.ToLower(word)) {
				want = append(want, p)
			}
		}
		slices.SortFunc(want, func(x, y rawPost) int {
			if c := y.at.Compare(x.at); c != 0 {
				return c
			}
			return cmp.Compare(y.id, x.id)
		})
		var order []int64
		for _, p := range want {
			order = append(order, p.id)
		}
		for _, limit := range []int{3, 7, 50} {
			got := pageAll(t, "SearchPosts", limit, func(pg model.Page) ([]model.Post, error) {
				return e.svc.SearchPosts(e.ctx, viewer.ID, word, pg)
			})
			wantIDs(t, postIDs(got), order, fmt.Sprintf("SearchPosts(%s) in pages of %d", word, limit))
		}
	}
}
