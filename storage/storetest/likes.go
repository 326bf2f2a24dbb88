package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/numeneon/numeneon/model"
)

func runLikes(t *testing.T, open Opener) {
	t.Run("LikeUnlikeToggle", func(t *testing.T) { testLikes(t, newEnv(t, open)) })
	t.Run("ConcurrentToggles", func(t *testing.T) { testConcurrentToggles(t, newEnv(t, open)) })
	t.Run("ConcurrentTogglesFlip", func(t *testing.T) { testConcurrentTogglesFlip(t, newEnv(t, open)) })
	t.Run("ConcurrentLikeUnlike", func(t *testing.T) { testConcurrentLikeUnlike(t, newEnv(t, open)) })
	t.Run("CrowdOnOnePost", func(t *testing.T) { testCrowdOnOnePost(t, newEnv(t, open)) })
}

func testLikes(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	p := e.say(alice, "like me")
	rows := func() int { return e.count("SELECT COUNT(*) FROM posts_like WHERE post_id = $1", p.ID) }
	step := func(what string, want int) {
		t.Helper()
		wantInt(t, e.likesConsistent(p.ID), want, "likes_count after "+what)
		wantInt(t, rows(), want, "posts_like rows after "+what)
	}

	must(t, e.svc.Like(e.ctx, bob.ID, p.ID), "bob likes")
	step("a like", 1)
	must(t, e.svc.Like(e.ctx, bob.ID, p.ID), "bob likes again")
	step("a second like by the same user", 1)
	must(t, e.svc.Like(e.ctx, carol.ID, p.ID), "carol likes")
	step("carol's like", 2)
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_like WHERE post_id = $1 AND user_id = $2 AND created_at IS NOT NULL", p.ID, bob.ID), 1, "bob's like rows")

	got, err := e.svc.Post(e.ctx, bob.ID, p.ID)
	must(t, err, "Post")
	if !got.LikedByViewer || got.LikesCount != 2 {
		t.Errorf("bob sees LikedByViewer %v, LikesCount %d; want true, 2", got.LikedByViewer, got.LikesCount)
	}
	if got, _ := e.svc.Post(e.ctx, alice.ID, p.ID); got.LikedByViewer {
		t.Errorf("alice sees LikedByViewer, but she did not like it")
	}
	feed, err := e.svc.Feed(e.ctx, bob.ID, model.FeedEveryone, model.Page{})
	must(t, err, "Feed")
	if len(feed) != 1 || !feed[0].LikedByViewer || feed[0].LikesCount != 2 {
		t.Errorf("bob's feed = %+v, want the post liked by him with 2 likes", feed)
	}
	likers, err := e.svc.Likers(e.ctx, alice.ID, p.ID)
	must(t, err, "Likers")
	wantSameIDs(t, userIDs(likers), []int64{bob.ID, carol.ID}, "Likers")

	must(t, e.svc.Unlike(e.ctx, bob.ID, p.ID), "bob unlikes")
	step("an unlike", 1)
	must(t, e.svc.Unlike(e.ctx, bob.ID, p.ID), "bob unlikes again")
	step("a second unlike", 1)
	must(t, e.svc.Unlike(e.ctx, alice.ID, p.ID), "alice unlikes what she never liked")
	step("an unlike without a like", 1)

	liked, err := e.svc.ToggleLike(e.ctx, bob.ID, p.ID)
	must(t, err, "toggle")
	if !liked {
		t.Errorf("ToggleLike from unliked returned false")
	}
	step("a toggle on", 2)
	liked, err = e.svc.ToggleLike(e.ctx, bob.ID, p.ID)
	must(t, err, "toggle")
	if liked {
		t.Errorf("ToggleLike from liked returned true")
	}
	step("a toggle off", 1)
	likers, err = e.svc.Likers(e.ctx, alice.ID, p.ID)
	must(t, err, "Likers")
	wantIDs(t, userIDs(likers), []int64{carol.ID}, "Likers after bob's unlike")

	missing := p.ID + 1000
	wantCode(t, e.svc.Like(e.ctx, bob.ID, missing), model.ENOTFOUND, "liking a missing post")
	wantCode(t, e.svc.Unlike(e.ctx, bob.ID, missing), model.ENOTFOUND, "unliking a missing post")
	_, err = e.svc.ToggleLike(e.ctx, bob.ID, missing)
	wantCode(t, err, model.ENOTFOUND, "toggling a like of a missing post")
	_, err = e.svc.Likers(e.ctx, bob.ID, missing)
	wantCode(t, err, model.ENOTFOUND, "Likers of a missing post")
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_like"), 1, "like rows in all")
}

// toggleStorm has 20 users toggle their like of one post from 10 or 11
// goroutines each (an odd count for every other user), all at once. It
// returns the users, the post, how many of each user's toggles returned
// "liked", and the errors.
func toggleStorm(t *testing.T, e *env) ([]model.User, model.Post, []int, []error) {
	author := e.user("author")
	p := e.say(author, "the popular post")
	users := e.users("fan", 20)
	type result struct {
		user  int
		liked bool
		err   error
	}
	start := make(chan struct{})
	results := make(chan result, 20*11)
	var wg sync.WaitGroup
	for i, u := range users {
		for range 10 + i%2 {
			wg.Go(func() {
				<-start
				liked, err := e.svc.ToggleLike(e.ctx, u.ID, p.ID)
				results <- result{i, liked, err}
			})
		}
	}
	close(start)
	wg.Wait()
	close(results)
	ons := make([]int, len(users))
	var errs []error
	for r := range results {
		if r.err != nil {
			errs = append(errs, fmt.Errorf("ToggleLike by %s: %w", users[r.user].Username, r.err))
		} else if r.liked {
			ons[r.user]++
		}
	}
	return users, p, ons, errs
}

// testConcurrentToggles: whatever the interleaving, every call succeeds,
// likes_count equals the posts_like rows, and each user's answer from the
// store agrees with the rows.
func testConcurrentToggles(t *testing.T, e *env) {
	users, p, _, errs := toggleStorm(t, e)
	for i, err := range errs {
		if i < 5 {
			t.Errorf("concurrent toggle: %v", err)
		}
	}
	if len(errs) > 0 {
		t.Errorf("%d of 210 concurrent toggles failed", len(errs))
	}
	rows := e.count("SELECT COUNT(*) FROM posts_like WHERE post_id = $1", p.ID)
	wantInt(t, e.likesConsistent(p.ID), rows, "likes_count vs posts_like rows after the storm")
	for _, u := range users {
		got, err := e.svc.Post(e.ctx, u.ID, p.ID)
		must(t, err, "Post")
		want := e.count("SELECT COUNT(*) FROM posts_like WHERE post_id = $1 AND user_id = $2", p.ID, u.ID)
		if want > 1 || got.LikedByViewer != (want == 1) || got.LikesCount != rows {
			t.Errorf("%s: %d like rows, LikedByViewer %v, LikesCount %d (rows %d)", u.Username, want, got.LikedByViewer, got.LikesCount, rows)
		}
	}
}

// testConcurrentTogglesFlip: each ToggleLike flips the state even when the
// same user toggles from several sessions at once (they serialize), so a
// user with an odd number of toggles ends liking the post, and half of the
// calls (rounded up) answered "liked".
func testConcurrentTogglesFlip(t *testing.T, e *env) {
	users, p, ons, errs := toggleStorm(t, e)
	if len(errs) > 0 {
		t.Fatalf("%d concurrent toggles failed, e.g. %v", len(errs), errs[0])
	}
	for i, u := range users {
		n := 10 + i%2
		wantInt(t, ons[i], (n+1)/2, fmt.Sprintf("%s's %d concurrent toggles that answered liked (each must flip)", u.Username, n))
		wantInt(t, e.count("SELECT COUNT(*) FROM posts_like WHERE post_id = $1 AND user_id = $2", p.ID, u.ID), n%2,
			fmt.Sprintf("%s's like rows after %d toggles", u.Username, n))
	}
	wantInt(t, e.likesConsistent(p.ID), 10, "likes_count after the storm (10 users toggled an odd number of times)")
}

// testConcurrentLikeUnlike mixes Like and Unlike calls of many users on two
// posts; whatever the interleaving, likes_count must equal the rows.
func testConcurrentLikeUnlike(t *testing.T, e *env) {
	author := e.user("author")
	posts := []model.Post{e.say(author, "one"), e.say(author, "two")}
	users := e.users("fan", 15)
	start := make(chan struct{})
	errs := make(chan error, len(users)*len(posts)*4)
	var wg sync.WaitGroup
	for i, u := range users {
		for _, p := range posts {
			for _, like := range []bool{true, true, false, i%3 != 0} {
				wg.Go(func() {
					<-start
					var err error
					if like {
						err = e.svc.Like(e.ctx, u.ID, p.ID)
					} else {
						err = e.svc.Unlike(e.ctx, u.ID, p.ID)
					}
					if err != nil {
						errs <- err
					}
				})
			}
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Like/Unlike: %v", err)
	}
	for _, p := range posts {
		n := e.likesConsistent(p.ID)
		wantInt(t, n, e.count("SELECT COUNT(*) FROM posts_like WHERE post_id = $1", p.ID), "likes_count vs rows")
		if n < 0 || n > len(users) {
			t.Errorf("likes_count %d out of range", n)
		}
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM (SELECT user_id, post_id FROM posts_like GROUP BY user_id, post_id HAVING COUNT(*) > 1) d"), 0,
		"duplicate likes")
}

// testCrowdOnOnePost: many people like one post at once, then take their
// likes back at once, while a like by an account that does not exist
// (written to the store directly, as after a deletion the Service did not
// see) fails among them. Each person sees their own like, or its absence,
// as soon as their call returns; the ghost's failure is its own; the
// count equals the rows after each wave.
func testCrowdOnOnePost(t *testing.T, e *env) {
	author := e.user("author")
	p := e.say(author, "everyone look")
	fans := e.users("fan", 40)
	ghost := fans[len(fans)-1].ID + 1000
	wave := func(like bool) {
		t.Helper()
		start := make(chan struct{})
		var wg sync.WaitGroup
		for _, u := range fans {
			wg.Go(func() {
				<-start
				err := e.svc.Like(e.ctx, u.ID, p.ID)
				if !like {
					err = e.svc.Unlike(e.ctx, u.ID, p.ID)
				}
				if err != nil {
					t.Errorf("%s (like %v): %v", u.Username, like, err)
					return
				}
				got, err := e.svc.Post(e.ctx, u.ID, p.ID)
				if err != nil || got.LikedByViewer != like {
					t.Errorf("%s right after their call (like %v): LikedByViewer %v, %v", u.Username, like, got.LikedByViewer, err)
				}
			})
		}
		wg.Go(func() {
			<-start
			if _, err := e.store.SetLike(e.ctx, ghost, p.ID, true); err == nil {
				t.Errorf("a like by account %d, which does not exist, was written", ghost)
			}
		})
		close(start)
		wg.Wait()
	}
	wave(true)
	wantInt(t, e.likesConsistent(p.ID), len(fans), "likes_count after the crowd liked")
	wave(false)
	wantInt(t, e.likesConsistent(p.ID), 0, "likes_count after the crowd took its likes back")
}
