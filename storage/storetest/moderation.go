package storetest

import (
	"testing"

	"github.com/numeneon/numeneon/model"
)

func runModeration(t *testing.T, open Opener) {
	t.Run("Deactivate", func(t *testing.T) { testDeactivate(t, newEnv(t, open)) })
}

// testDeactivate: closing an account records one account.closed event for
// it, whoever closes it (the operator, or the web app's admin writing
// is_active itself); the account can no longer sign in or act; opening it
// again lets it, and records nothing.
func testDeactivate(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	closed := func(u model.User) int {
		t.Helper()
		evs, err := e.op.RecentEvents(e.ctx, u.ID, 20)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ev := range evs {
			if ev.Kind == model.EventAccountClosed {
				n++
			}
		}
		return n
	}

	u, changed, err := e.op.SetActive(e.ctx, "alice", false)
	if err != nil || !changed || u.IsActive || u.ID != alice.ID {
		t.Fatalf("SetActive(alice, false) = %+v, %v, %v", u, changed, err)
	}
	if _, changed, err := e.op.SetActive(e.ctx, "alice", false); err != nil || changed {
		t.Errorf("closing a closed account: changed %v, %v", changed, err)
	}
	if n := closed(alice); n != 1 {
		t.Errorf("alice has %d account.closed events, want 1", n)
	}
	if _, err := e.svc.Login(e.ctx, "alice", Password); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("a closed account logs in: %v", err)
	}
	if _, err := e.svc.Feed(e.ctx, alice.ID, model.FeedHome, model.Page{}); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("a closed account acts: %v", err)
	}

	if _, changed, err := e.op.SetActive(e.ctx, "alice", true); err != nil || !changed {
		t.Errorf("opening alice again: changed %v, %v", changed, err)
	}
	if _, err := e.svc.Login(e.ctx, "alice", Password); err != nil {
		t.Errorf("an account opened again cannot log in: %v", err)
	}
	if n := closed(alice); n != 1 {
		t.Errorf("opening an account recorded an account.closed event (%d in all)", n)
	}

	// The web app's admin closes bob's account in its own way.
	if _, err := e.db.ExecContext(e.ctx, `UPDATE auth_user SET is_active = false WHERE id = $1`, bob.ID); err != nil {
		t.Fatal(err)
	}
	if n := closed(bob); n != 1 {
		t.Errorf("bob closed by the web app has %d account.closed events, want 1", n)
	}
	if _, _, err := e.op.SetActive(e.ctx, "nobody", false); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("closing no one: %v", err)
	}
}
