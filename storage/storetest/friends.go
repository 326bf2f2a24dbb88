package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

func runFriends(t *testing.T, open Opener) {
	t.Run("Request", func(t *testing.T) { testFriendRequest(t, newEnv(t, open)) })
	t.Run("Accept", func(t *testing.T) { testAcceptRequest(t, newEnv(t, open)) })
	t.Run("Decline", func(t *testing.T) { testDeclineRequest(t, newEnv(t, open)) })
	t.Run("Cancel", func(t *testing.T) { testCancelRequest(t, newEnv(t, open)) })
	t.Run("Unfriend", func(t *testing.T) { testUnfriend(t, newEnv(t, open)) })
	t.Run("Lists", func(t *testing.T) { testFriendLists(t, newEnv(t, open)) })
	t.Run("Suggestions", func(t *testing.T) { testSuggestions(t, newEnv(t, open)) })
	t.Run("MutualRequestRace", func(t *testing.T) { testMutualRequestRace(t, newEnv(t, open)) })
}

// friendRows counts the friendship rows a→b and b→a.
func (e *env) friendRows(a, b model.User) (ab, ba int) {
	e.t.Helper()
	q := "SELECT COUNT(*) FROM friends_friendship WHERE user_id = $1 AND friend_id = $2"
	return e.count(q, a.ID, b.ID), e.count(q, b.ID, a.ID)
}

// requestRows counts the pending requests between a and b, either way.
func (e *env) requestRows(a, b model.User) int {
	e.t.Helper()
	return e.count(`SELECT COUNT(*) FROM friends_friendrequest
		WHERE (from_user_id = $1 AND to_user_id = $2) OR (from_user_id = $2 AND to_user_id = $1)`, a.ID, b.ID)
}

// wantFriends checks that a and b are friends by exactly two rows and have
// no request left between them.
func (e *env) wantFriends(t testing.TB, a, b model.User) {
	t.Helper()
	ab, ba := e.friendRows(a, b)
	if ab != 1 || ba != 1 {
		t.Errorf("friendship rows %s→%s: %d, %s→%s: %d; want 1 and 1", a.Username, b.Username, ab, b.Username, a.Username, ba)
	}
	if n := e.requestRows(a, b); n != 0 {
		t.Errorf("%d requests left between friends %s and %s", n, a.Username, b.Username)
	}
}

func testFriendRequest(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	res, err := e.svc.SendFriendRequest(e.ctx, alice.ID, bob.ID)
	must(t, err, "alice asks bob")
	if res != model.RequestSent {
		t.Errorf("first request returned %d, want RequestSent", res)
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM friends_friendrequest WHERE from_user_id = $1 AND to_user_id = $2 AND created_at IS NOT NULL", alice.ID, bob.ID), 1, "request rows")
	out, err := e.svc.FriendRequests(e.ctx, alice.ID, false)
	must(t, err, "outgoing")
	if len(out) != 1 || out[0].From.ID != alice.ID || out[0].To.ID != bob.ID || out[0].To.Username != "bob" || out[0].CreatedAt.IsZero() {
		t.Errorf("alice's outgoing requests = %+v", out)
	}
	in, err := e.svc.FriendRequests(e.ctx, bob.ID, true)
	must(t, err, "incoming")
	if len(in) != 1 || in[0].From.ID != alice.ID || in[0].From.Username != "alice" || in[0].ID != out[0].ID {
		t.Errorf("bob's incoming requests = %+v", in)
	}
	for _, l := range []struct {
		who      model.User
		incoming bool
	}{{alice, true}, {bob, false}, {carol, true}, {carol, false}} {
		rs, err := e.svc.FriendRequests(e.ctx, l.who.ID, l.incoming)
		must(t, err, "FriendRequests")
		if len(rs) != 0 {
			t.Errorf("%s's requests (incoming %v) = %+v, want none", l.who.Username, l.incoming, rs)
		}
	}

	before := e.snapshot()
	_, err = e.svc.SendFriendRequest(e.ctx, alice.ID, alice.ID)
	wantField(t, err, model.EINVALID, "user", "a request to oneself")
	_, err = e.svc.SendFriendRequest(e.ctx, alice.ID, bob.ID)
	wantCode(t, err, model.ECONFLICT, "a second request")
	_, err = e.svc.SendFriendRequest(e.ctx, alice.ID, carol.ID+1000)
	wantCode(t, err, model.ENOTFOUND, "a request to a missing user")
	if e.snapshot() != before {
		t.Errorf("refused requests changed the database")
	}

	// Asking someone who asked you accepts their request.
	res, err = e.svc.SendFriendRequest(e.ctx, bob.ID, alice.ID)
	must(t, err, "bob asks alice back")
	if res != model.RequestAccepted {
		t.Errorf("the reverse request returned %d, want RequestAccepted", res)
	}
	e.wantFriends(t, alice, bob)
	wantInt(t, e.count("SELECT COUNT(*) FROM friends_friendship"), 2, "friendship rows in all")

	before = e.snapshot()
	_, err = e.svc.SendFriendRequest(e.ctx, alice.ID, bob.ID)
	wantCode(t, err, model.ECONFLICT, "a request to a friend")
	_, err = e.svc.SendFriendRequest(e.ctx, bob.ID, alice.ID)
	wantCode(t, err, model.ECONFLICT, "a request to a friend, the other way")
	if e.snapshot() != before {
		t.Errorf("refused requests between friends changed the database")
	}
}

func testAcceptRequest(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	_, err := e.svc.SendFriendRequest(e.ctx, alice.ID, bob.ID)
	must(t, err, "alice asks bob")
	id := e.requestID(alice, bob)

	before := e.snapshot()
	wantCode(t, e.svc.AcceptFriendRequest(e.ctx, alice.ID, id), model.EFORBIDDEN, "the sender accepts")
	wantCode(t, e.svc.AcceptFriendRequest(e.ctx, carol.ID, id), model.EFORBIDDEN, "a third user accepts")
	wantCode(t, e.svc.DeclineFriendRequest(e.ctx, alice.ID, id), model.EFORBIDDEN, "the sender declines")
	wantCode(t, e.svc.DeclineFriendRequest(e.ctx, carol.ID, id), model.EFORBIDDEN, "a third user declines")
	wantCode(t, e.svc.CancelFriendRequest(e.ctx, bob.ID, id), model.EFORBIDDEN, "the receiver cancels")
	wantCode(t, e.svc.CancelFriendRequest(e.ctx, carol.ID, id), model.EFORBIDDEN, "a third user cancels")
	if e.snapshot() != before {
		t.Errorf("refused answers changed the database")
	}
	wantInt(t, e.requestRows(alice, bob), 1, "pending requests")

	must(t, e.svc.AcceptFriendRequest(e.ctx, bob.ID, id), "bob accepts")
	e.wantFriends(t, alice, bob)
	wantInt(t, e.count("SELECT COUNT(*) FROM friends_friendship"), 2, "friendship rows in all")
	wantInt(t, e.count("SELECT COUNT(*) FROM friends_friendship WHERE created_at IS NOT NULL"), 2, "friendship rows with created_at")
	for _, pair := range [][2]model.User{{alice, bob}, {bob, alice}} {
		fs, err := e.svc.Friends(e.ctx, carol.ID, pair[0].ID)
		must(t, err, "Friends")
		if len(fs) != 1 || fs[0].User.ID != pair[1].ID || fs[0].User.Username != pair[1].Username || fs[0].Since.IsZero() {
			t.Errorf("%s's friends = %+v", pair[0].Username, fs)
		}
	}
	wantCode(t, e.svc.AcceptFriendRequest(e.ctx, bob.ID, id), model.ENOTFOUND, "accepting it again")
	in, err := e.svc.FriendRequests(e.ctx, bob.ID, true)
	must(t, err, "incoming")
	if len(in) != 0 {
		t.Errorf("incoming requests after accepting: %+v", in)
	}
}

func testDeclineRequest(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	_, err := e.svc.SendFriendRequest(e.ctx, alice.ID, bob.ID)
	must(t, err, "alice asks bob")
	id := e.requestID(alice, bob)
	must(t, e.svc.DeclineFriendRequest(e.ctx, bob.ID, id), "bob declines")
	wantInt(t, e.requestRows(alice, bob), 0, "requests after declining")
	ab, ba := e.friendRows(alice, bob)
	wantInt(t, ab+ba, 0, "friendship rows after declining")
	wantCode(t, e.svc.DeclineFriendRequest(e.ctx, bob.ID, id), model.ENOTFOUND, "declining it again")
	// Declined is not forever: alice may ask again.
	res, err := e.svc.SendFriendRequest(e.ctx, alice.ID, bob.ID)
	must(t, err, "alice asks again")
	if res != model.RequestSent {
		t.Errorf("asking again after a decline returned %d", res)
	}
}

func testCancelRequest(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	_, err := e.svc.SendFriendRequest(e.ctx, alice.ID, bob.ID)
	must(t, err, "alice asks bob")
	id := e.requestID(alice, bob)
	must(t, e.svc.CancelFriendRequest(e.ctx, alice.ID, id), "alice cancels")
	wantInt(t, e.requestRows(alice, bob), 0, "requests after cancelling")
	in, err := e.svc.FriendRequests(e.ctx, bob.ID, true)
	must(t, err, "incoming")
	if len(in) != 0 {
		t.Errorf("bob still sees %+v", in)
	}
	wantCode(t, e.svc.CancelFriendRequest(e.ctx, alice.ID, id), model.ENOTFOUND, "cancelling it again")
	wantCode(t, e.svc.AcceptFriendRequest(e.ctx, bob.ID, id), model.ENOTFOUND, "accepting a cancelled request")
}

func testUnfriend(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.befriend(alice, bob)
	e.befriend(carol, alice)
	must(t, e.svc.Unfriend(e.ctx, bob.ID, alice.ID), "bob unfriends alice")
	ab, ba := e.friendRows(alice, bob)
	wantInt(t, ab+ba, 0, "alice–bob rows after unfriending")
	e.wantFriends(t, alice, carol)
	wantCode(t, e.svc.Unfriend(e.ctx, alice.ID, bob.ID), model.ENOTFOUND, "unfriending again")
	wantCode(t, e.svc.Unfriend(e.ctx, alice.ID, dave.ID), model.ENOTFOUND, "unfriending a stranger")
	fs, err := e.svc.Friends(e.ctx, alice.ID, alice.ID)
	must(t, err, "Friends")
	if len(fs) != 1 || fs[0].User.ID != carol.ID {
		t.Errorf("alice's friends after unfriending bob = %+v", fs)
	}
	// They can become friends again.
	e.befriend(bob, alice)
	e.wantFriends(t, alice, bob)
}

func testFriendLists(t *testing.T, e *env) {
	alice, bob, carol, dave, erin, frank := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave"), e.user("erin"), e.user("frank")
	e.befriend(alice, bob)
	e.befriend(carol, alice)
	// Make carol the newer friendship even if both landed in one microsecond.
	e.exec("UPDATE friends_friendship SET created_at = $1 WHERE user_id IN ($2, $3) AND friend_id IN ($2, $3)", e.ts(base), alice.ID, bob.ID)
	e.exec("UPDATE friends_friendship SET created_at = $1 WHERE user_id IN ($2, $3) AND friend_id IN ($2, $3)", e.ts(base.Add(time.Second)), alice.ID, carol.ID)
	for _, p := range [][2]model.User{{dave, alice}, {erin, alice}, {alice, frank}} {
		_, err := e.svc.SendFriendRequest(e.ctx, p[0].ID, p[1].ID)
		must(t, err, "request")
	}
	fs, err := e.svc.Friends(e.ctx, dave.ID, alice.ID)
	must(t, err, "Friends")
	var ids []int64
	for _, f := range fs {
		ids = append(ids, f.User.ID)
	}
	wantIDs(t, ids, []int64{carol.ID, bob.ID}, "alice's friends, newest friendship first")
	in, err := e.svc.FriendRequests(e.ctx, alice.ID, true)
	must(t, err, "incoming")
	ids = nil
	for _, r := range in {
		ids = append(ids, r.From.ID)
		if r.To.ID != alice.ID {
			t.Errorf("incoming request %+v is not to alice", r)
		}
	}
	wantSameIDs(t, ids, []int64{dave.ID, erin.ID}, "alice's incoming requests")
	out, err := e.svc.FriendRequests(e.ctx, alice.ID, false)
	must(t, err, "outgoing")
	if len(out) != 1 || out[0].To.ID != frank.ID || out[0].From.ID != alice.ID {
		t.Errorf("alice's outgoing requests = %+v", out)
	}
}

func testSuggestions(t *testing.T, e *env) {
	alice, bob, carol, dave, erin, frank := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave"), e.user("erin"), e.user("frank")
	e.befriend(alice, bob)
	e.befriend(bob, carol) // carol is a friend of a friend
	_, err := e.svc.SendFriendRequest(e.ctx, alice.ID, dave.ID)
	must(t, err, "alice asks dave")
	_, err = e.svc.SendFriendRequest(e.ctx, erin.ID, alice.ID)
	must(t, err, "erin asks alice")

	got, err := e.svc.FriendSuggestions(e.ctx, alice.ID, 50)
	must(t, err, "FriendSuggestions")
	ids := userIDs(got)
	wantSameIDs(t, ids, []int64{carol.ID, frank.ID}, "alice's suggestions (not herself, bob, dave or erin)")
	if i, j := slices.Index(ids, carol.ID), slices.Index(ids, frank.ID); i > j {
		t.Errorf("suggestions %v: the friend of a friend (%d) should come before the stranger (%d)", ids, carol.ID, frank.ID)
	}
	got, err = e.svc.FriendSuggestions(e.ctx, alice.ID, 1)
	must(t, err, "FriendSuggestions(1)")
	wantIDs(t, userIDs(got), []int64{carol.ID}, "one suggestion")
}

// testMutualRequestRace has many pairs of users ask each other at the same
// moment. However the two transactions interleave, each pair must end as
// friends by exactly two rows with no request left, and both calls succeed:
// one sends, the other accepts.
func testMutualRequestRace(t *testing.T, e *env) {
	const pairs, rounds = 20, 3
	us := e.users("racer", 2*pairs)
	for round := range rounds {
		type outcome struct {
			res model.SendResult
			err error
		}
		results := make([][2]outcome, pairs)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range pairs {
			a, b := us[2*i], us[2*i+1]
			for side, from := range [2]model.User{a, b} {
				to := [2]model.User{b, a}[side]
				wg.Go(func() {
					<-start
					res, err := e.svc.SendFriendRequest(e.ctx, from.ID, to.ID)
					results[i][side] = outcome{res, err}
				})
			}
		}
		close(start)
		wg.Wait()
		for i := range pairs {
			a, b := us[2*i], us[2*i+1]
			what := fmt.Sprintf("round %d, %s and %s", round, a.Username, b.Username)
			r := results[i]
			if r[0].err != nil || r[1].err != nil {
				t.Errorf("%s: errors %v / %v", what, r[0].err, r[1].err)
			} else if r[0].res == r[1].res {
				t.Errorf("%s: both calls returned %d, want one RequestSent and one RequestAccepted", what, r[0].res)
			}
			e.wantFriends(t, a, b)
		}
		wantInt(t, e.count("SELECT COUNT(*) FROM friends_friendship"), 2*pairs, fmt.Sprintf("round %d: friendship rows", round))
		wantInt(t, e.count("SELECT COUNT(*) FROM friends_friendrequest"), 0, fmt.Sprintf("round %d: request rows", round))
		if t.Failed() {
			return
		}
		for i := range pairs {
			must(t, e.svc.Unfriend(e.ctx, us[2*i].ID, us[2*i+1].ID), "unfriend for the next round")
		}
	}
}
