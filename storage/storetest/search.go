package storetest

import (
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
