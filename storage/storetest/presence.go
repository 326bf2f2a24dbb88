package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

func runPresence(t *testing.T, open Opener) {
	t.Run("OnlineFriends", func(t *testing.T) { testOnlineFriends(t, newEnv(t, open)) })
	t.Run("TTL", func(t *testing.T) { testPresenceTTL(t, newEnv(t, open)) })
	t.Run("Rules", func(t *testing.T) { testPresenceRules(t, newEnv(t, open)) })
}

// wantOnline checks the actor's OnlineFriends.
func (e *env) wantOnline(actor model.User, want []int64, what string) {
	e.t.Helper()
	got, err := e.svc.OnlineFriends(e.ctx, actor.ID)
	if err != nil {
		e.t.Fatalf("%s: OnlineFriends(%s): %v", what, actor.Username, err)
	}
	var ids []int64
	for id, on := range got {
		if on {
			ids = append(ids, id)
		}
	}
	wantSameIDs(e.t, ids, want, what)
}

// testOnlineFriends: only friends show, online while any of their
// sessions is; presence makes no events.
func testOnlineFriends(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.befriend(alice, bob)
	e.befriend(alice, dave)
	e.wantOnline(alice, nil, "nobody online")
	events := e.count("SELECT COUNT(*) FROM numeneon_event")
	must(t, e.svc.SetOnline(e.ctx, bob.ID, "bob-1", "node-a"), "bob connects")
	must(t, e.svc.SetOnline(e.ctx, bob.ID, "bob-2", "node-b"), "bob connects again elsewhere")
	must(t, e.svc.SetOnline(e.ctx, carol.ID, "carol-1", "node-a"), "carol connects")
	must(t, e.svc.SetOnline(e.ctx, alice.ID, "alice-1", "node-a"), "alice connects")
	must(t, e.svc.SetOnline(e.ctx, bob.ID, "bob-1", "node-a"), "bob's heartbeat")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_event"), events, "events after presence changes")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_presence"), 4, "presence rows")
	e.wantOnline(alice, []int64{bob.ID}, "alice's friends online (carol is not a friend)")
	e.wantOnline(bob, []int64{alice.ID}, "bob's friends online")
	e.wantOnline(carol, nil, "carol's friends online")
	e.wantOnline(dave, []int64{alice.ID}, "dave's friends online")

	must(t, e.svc.SetOffline(e.ctx, "bob-1"), "bob's first session ends")
	e.wantOnline(alice, []int64{bob.ID}, "bob is still online in his second session")
	must(t, e.svc.SetOffline(e.ctx, "bob-2"), "bob's second session ends")
	e.wantOnline(alice, nil, "bob is offline")
	must(t, e.svc.SetOffline(e.ctx, "bob-2"), "ending a session twice")
	must(t, e.svc.Unfriend(e.ctx, dave.ID, alice.ID), "dave unfriends alice")
	e.wantOnline(dave, nil, "dave's friends after unfriending")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_event WHERE kind LIKE '%presence%' OR kind LIKE '%online%'"), 0, "presence events")
}

// testPresenceTTL: a session whose heartbeat stopped PresenceTTL ago
// counts as offline (a crashed instance), a heartbeat brings it back, and
// PrunePresence deletes only the stale rows.
func testPresenceTTL(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	e.befriend(alice, bob)
	e.befriend(alice, carol)
	must(t, e.svc.SetOnline(e.ctx, bob.ID, "bob-1", "crashed"), "bob connects")
	must(t, e.svc.SetOnline(e.ctx, carol.ID, "carol-1", "alive"), "carol connects")
	e.wantOnline(alice, []int64{bob.ID, carol.ID}, "both online")

	stale := time.Now().Add(-model.PresenceTTL - 5*time.Second)
	e.exec("UPDATE numeneon_presence SET seen_at = $1 WHERE session_id = $2", e.ts(stale), "bob-1")
	e.wantOnline(alice, []int64{carol.ID}, "bob's instance stopped beating")
	recent := time.Now().Add(-model.PresenceTTL + 15*time.Second)
	e.exec("UPDATE numeneon_presence SET seen_at = $1 WHERE session_id = $2", e.ts(recent), "carol-1")
	e.wantOnline(alice, []int64{carol.ID}, "carol, seen within the TTL")

	must(t, e.svc.PrunePresence(e.ctx, time.Now().Add(-model.PresenceTTL)), "PrunePresence")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_presence WHERE session_id = 'bob-1'"), 0, "bob's stale row after pruning")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_presence WHERE session_id = 'carol-1'"), 1, "carol's row after pruning")

	e.exec("UPDATE numeneon_presence SET seen_at = $1 WHERE session_id = $2", e.ts(stale), "carol-1")
	e.wantOnline(alice, nil, "carol's heartbeat stopped too")
	must(t, e.svc.SetOnline(e.ctx, carol.ID, "carol-1", "alive"), "carol's heartbeat")
	e.wantOnline(alice, []int64{carol.ID}, "carol is back after a heartbeat")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_presence"), 1, "presence rows")
}

// testPresenceRules: session ids are checked, a deactivated or missing
// actor cannot be online, and the rows go with a deleted account.
func testPresenceRules(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	e.befriend(alice, bob)
	for _, bad := range []string{"", strings.Repeat("x", model.MaxSessionID+1), "a\x00b", "\xff"} {
		wantField(t, e.svc.SetOnline(e.ctx, alice.ID, bad, "node"), model.EINVALID, "session", "SetOnline with session id "+bad)
		wantField(t, e.svc.SetOffline(e.ctx, bad), model.EINVALID, "session", "SetOffline with session id "+bad)
	}
	wantField(t, e.svc.SetOnline(e.ctx, alice.ID, "s", strings.Repeat("x", model.MaxSessionID+1)), model.EINVALID, "instance", "a long instance name")
	wantCode(t, e.svc.SetOnline(e.ctx, 0, "s", "node"), model.EUNAUTHORIZED, "SetOnline of nobody")
	_, err := e.svc.OnlineFriends(e.ctx, 0)
	wantCode(t, err, model.EUNAUTHORIZED, "OnlineFriends of nobody")
	must(t, e.svc.SetOnline(e.ctx, alice.ID, strings.Repeat("a", model.MaxSessionID), ""), "SetOnline with the longest session id")

	// A session id moves to whoever uses it last.
	must(t, e.svc.SetOnline(e.ctx, bob.ID, "shared", "node"), "bob's session")
	e.wantOnline(alice, []int64{bob.ID}, "bob online")
	must(t, e.svc.SetOnline(e.ctx, alice.ID, "shared", "node"), "the same session id, now alice's")
	e.wantOnline(alice, nil, "bob after his session id went to alice")

	e.exec("UPDATE auth_user SET is_active = $1 WHERE id = $2", false, bob.ID)
	wantCode(t, e.svc.SetOnline(e.ctx, bob.ID, "bob-1", "node"), model.EFORBIDDEN, "SetOnline of a deactivated account")
	_, err = e.svc.OnlineFriends(e.ctx, bob.ID)
	wantCode(t, err, model.EFORBIDDEN, "OnlineFriends of a deactivated account")

	e.exec("DELETE FROM users_profile WHERE user_id = $1", alice.ID)
	e.exec("DELETE FROM friends_friendship WHERE user_id = $1 OR friend_id = $1", alice.ID)
	e.exec("DELETE FROM auth_user WHERE id = $1", alice.ID)
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_presence"), 0, "presence rows after alice's account was deleted")
}
