package storetest

import (
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

func runShares(t *testing.T, open Opener) {
	t.Run("Toggle", func(t *testing.T) { testShareToggle(t, newEnv(t, open)) })
	t.Run("Gone", func(t *testing.T) { testSharesGone(t, newEnv(t, open)) })
	t.Run("HomeFeed", func(t *testing.T) { testSharesInHomeFeed(t, newEnv(t, open)) })
}

// sharesConsistent checks that shares_count equals the numeneon_share
// rows of every post and returns the count of post id.
func (e *env) sharesConsistent(id int64) int {
	e.t.Helper()
	bad := e.count(`SELECT COUNT(*) FROM posts_post p
		WHERE p.shares_count <> (SELECT COUNT(*) FROM numeneon_share s WHERE s.post_id = p.id)`)
	if bad != 0 {
		e.t.Errorf("%d posts have shares_count different from their numeneon_share rows", bad)
	}
	return e.count("SELECT shares_count FROM posts_post WHERE id = $1", id)
}

// shared reads whether viewer sees the post as shared by them.
func (e *env) shared(viewer model.User, id int64) bool {
	e.t.Helper()
	p, err := e.svc.Post(e.ctx, viewer.ID, id)
	must(e.t, err, "Post")
	return p.SharedByViewer
}

// testShareToggle: one share per person; b again takes it back; the
// count follows the rows exactly, whichever way they change.
func testShareToggle(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	p := e.say(alice, "share me")

	got, err := e.svc.ToggleShare(e.ctx, bob.ID, p.ID)
	must(t, err, "bob toggles a share")
	if !got || !e.shared(bob, p.ID) || e.shared(alice, p.ID) {
		t.Errorf("after bob's share: toggle said %v, bob sees shared %v, alice %v", got, e.shared(bob, p.ID), e.shared(alice, p.ID))
	}
	wantInt(t, e.sharesConsistent(p.ID), 1, "shares_count after bob's share")
	must(t, e.svc.SharePost(e.ctx, bob.ID, p.ID), "bob shares again")
	wantInt(t, e.sharesConsistent(p.ID), 1, "shares_count after bob shares twice")
	must(t, e.svc.SharePost(e.ctx, carol.ID, p.ID), "carol shares")
	wantInt(t, e.sharesConsistent(p.ID), 2, "shares_count after carol's share")

	got, err = e.svc.ToggleShare(e.ctx, bob.ID, p.ID)
	must(t, err, "bob toggles again")
	if got || e.shared(bob, p.ID) {
		t.Errorf("after bob's second toggle: toggle said %v, bob sees shared %v", got, e.shared(bob, p.ID))
	}
	wantInt(t, e.sharesConsistent(p.ID), 1, "shares_count after bob unshares")
	must(t, e.svc.UnsharePost(e.ctx, bob.ID, p.ID), "bob unshares again")
	wantInt(t, e.sharesConsistent(p.ID), 1, "shares_count after bob unshares twice")
	for range 3 { // toggled an odd number of times: shared
		_, err = e.svc.ToggleShare(e.ctx, bob.ID, p.ID)
		must(t, err, "bob toggles")
	}
	wantInt(t, e.sharesConsistent(p.ID), 2, "shares_count after three more toggles")
	if post, err := e.svc.Post(e.ctx, alice.ID, p.ID); err != nil || post.SharesCount != 2 {
		t.Errorf("Post after shares: %d, %v", post.SharesCount, err)
	}

	wantCode(t, e.svc.SharePost(e.ctx, bob.ID, p.ID+1000), model.ENOTFOUND, "sharing a missing post")
	_, err = e.svc.ToggleShare(e.ctx, bob.ID, p.ID+1000)
	wantCode(t, err, model.ENOTFOUND, "toggling a share of a missing post")
}

// testSharesGone: when the web app deletes a sharer, their shares go and
// the counts come down with them; a deleted post takes its shares along.
func testSharesGone(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	p1, p2 := e.say(alice, "one"), e.say(alice, "two")
	for _, s := range []struct {
		who  model.User
		post int64
	}{{bob, p1.ID}, {carol, p1.ID}, {bob, p2.ID}} {
		must(t, e.svc.SharePost(e.ctx, s.who.ID, s.post), "share")
	}
	wantInt(t, e.sharesConsistent(p1.ID), 2, "p1's shares")

	e.exec("DELETE FROM users_profile WHERE user_id = $1", bob.ID)
	e.exec("DELETE FROM auth_user WHERE id = $1", bob.ID) // as the web app deletes an account
	wantInt(t, e.sharesConsistent(p1.ID), 1, "p1's shares after bob's account went")
	wantInt(t, e.sharesConsistent(p2.ID), 0, "p2's shares after bob's account went")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_share WHERE user_id = $1", bob.ID), 0, "bob's share rows")

	must(t, e.svc.DeletePost(e.ctx, alice.ID, p1.ID), "alice deletes p1")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_share"), 0, "share rows after p1 went")
}

// testSharesInHomeFeed: a post the viewer's friend shared stands in the
// viewer's home feed at the share, with the sharer, once; an unshare,
// a mute of the author, or the end of the friendship takes it out.
func testSharesInHomeFeed(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.befriend(alice, bob)
	e.befriend(alice, dave)
	base := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	at := func(m int) time.Time { return base.Add(time.Duration(m) * time.Minute) }
	carols := e.say(carol, "carol's, not alice's friend")
	e.setCreated("posts_post", carols.ID, at(0))
	old := e.say(alice, "alice's older")
	e.setCreated("posts_post", old.ID, at(1))
	mine := e.say(alice, "alice's newer")
	e.setCreated("posts_post", mine.ID, at(2))
	share := func(who model.User, id int64, m int) {
		t.Helper()
		must(t, e.svc.SharePost(e.ctx, who.ID, id), "share")
		e.exec("UPDATE numeneon_share SET created_at = $1 WHERE user_id = $2 AND post_id = $3", e.ts(at(m)), who.ID, id)
	}
	feed := func(page model.Page) []model.Post {
		t.Helper()
		got, err := e.svc.Feed(e.ctx, alice.ID, model.FeedHome, page)
		must(t, err, "Feed")
		return got
	}
	wantIDs(t, postIDs(feed(model.Page{})), []int64{mine.ID, old.ID}, "alice's home feed before any share")

	share(bob, carols.ID, 3)  // a stranger's post, shared by a friend
	share(dave, carols.ID, 5) // and again, later, by another: it stands once, at the newer
	share(bob, old.ID, 4)     // alice's own older post moves up
	share(carol, mine.ID, 6)  // a stranger's share does not count
	got := feed(model.Page{})
	wantIDs(t, postIDs(got), []int64{carols.ID, old.ID, mine.ID}, "alice's home feed after the shares")
	if len(got) == 3 {
		if got[0].SharedBy == nil || got[0].SharedBy.ID != dave.ID || !got[0].SharedAt.Equal(at(5)) {
			t.Errorf("carol's post: shared by %+v at %v, want dave at %v", got[0].SharedBy, got[0].SharedAt, at(5))
		}
		if got[1].SharedBy == nil || got[1].SharedBy.ID != bob.ID || got[2].SharedBy != nil {
			t.Errorf("alice's posts: shared by %+v and %+v, want bob and nobody", got[1].SharedBy, got[2].SharedBy)
		}
	}
	// Page by page, each post once, in the same order.
	var paged []int64
	page := model.Page{Limit: 1}
	for range 5 {
		p := feed(page)
		if len(p) == 0 {
			break
		}
		paged = append(paged, p[0].ID)
		page.Before = p[0].Cursor()
	}
	wantIDs(t, paged, []int64{carols.ID, old.ID, mine.ID}, "alice's home feed a post a page")
	// Everyone's feed is unchanged: written order, no sharer.
	every, err := e.svc.Feed(e.ctx, alice.ID, model.FeedEveryone, model.Page{})
	must(t, err, "everyone's feed")
	wantIDs(t, postIDs(every), []int64{mine.ID, old.ID, carols.ID}, "everyone's feed")

	_, err = e.svc.ToggleShare(e.ctx, dave.ID, carols.ID)
	must(t, err, "dave unshares")
	got = feed(model.Page{})
	wantIDs(t, postIDs(got), []int64{old.ID, carols.ID, mine.ID}, "after dave's unshare: bob's shares stand")
	must(t, e.svc.Mute(e.ctx, alice.ID, carol.ID), "alice mutes carol")
	wantIDs(t, postIDs(feed(model.Page{})), []int64{old.ID, mine.ID}, "after alice muted carol")
	must(t, e.svc.Unfriend(e.ctx, alice.ID, bob.ID), "alice unfriends bob")
	wantIDs(t, postIDs(feed(model.Page{})), []int64{mine.ID, old.ID}, "after alice unfriended bob")
}
