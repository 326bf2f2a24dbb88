package storetest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

func runBudgets(t *testing.T, open Opener) {
	t.Run("Refill", func(t *testing.T) { testBudgetRefill(t, newEnv(t, open)) })
	t.Run("EveryWrite", func(t *testing.T) { testBudgetEveryWrite(t, newEnv(t, open)) })
	t.Run("Concurrent", func(t *testing.T) { testBudgetConcurrent(t, newEnv(t, open)) })
}

// budgetClock is a clock a test moves by hand.
type budgetClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *budgetClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.at }
func (c *budgetClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// budgeted is a Service of the env's store with budgets on a clock of the
// test's: another instance, as far as the budgets know.
func (e *env) budgeted(clock *budgetClock, budgets map[model.WriteKind]model.Budget) *model.Service {
	return model.NewService(e.store, model.WithHasher(model.Hasher{Iterations: 1000}),
		model.WithClock(clock.now), model.WithBudgets(budgets))
}

// testBudgetRefill: a burst passes, the next write is refused with how
// long to wait and nothing is written, the bucket refills with time, and
// a second instance spends from the same bucket.
func testBudgetRefill(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	clock := &budgetClock{at: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	budgets := map[model.WriteKind]model.Budget{model.WriteMessage: {PerMinute: 6, Burst: 3}}
	a, b := e.budgeted(clock, budgets), e.budgeted(clock, budgets)
	for i := range 3 {
		if _, err := a.SendMessage(e.ctx, alice.ID, bob.ID, "hello"); err != nil {
			t.Fatalf("message %d of the burst: %v", i+1, err)
		}
	}
	_, err := a.SendMessage(e.ctx, alice.ID, bob.ID, "one too many")
	if model.ErrorCode(err) != model.ELIMIT || model.ErrorMessage(err) != "Slow down: at most 6 messages a minute. Try again in 10 seconds." {
		t.Fatalf("past the burst: %v (code %q)", err, model.ErrorCode(err))
	}
	if n := e.count(`SELECT COUNT(*) FROM messages_app_message WHERE sender_id = $1`, alice.ID); n != 3 {
		t.Errorf("%d messages stored, want the 3 of the burst", n)
	}
	clock.add(9 * time.Second)
	if _, err := b.SendMessage(e.ctx, alice.ID, bob.ID, "too soon"); model.ErrorCode(err) != model.ELIMIT ||
		!strings.Contains(model.ErrorMessage(err), "Try again in a second.") {
		t.Errorf("9 s later, on another instance: %v", err)
	}
	clock.add(time.Second)
	if _, err := b.SendMessage(e.ctx, alice.ID, bob.ID, "now"); err != nil {
		t.Errorf("10 s later: %v", err)
	}
	if _, err := a.SendMessage(e.ctx, alice.ID, bob.ID, "and again"); model.ErrorCode(err) != model.ELIMIT {
		t.Errorf("the refilled write was spent twice: %v", err)
	}
	// bob's bucket is his own; a clock that runs behind takes nothing.
	if _, err := a.SendMessage(e.ctx, bob.ID, alice.ID, "hi"); err != nil {
		t.Errorf("bob is limited by alice's writes: %v", err)
	}
	clock.add(time.Hour)
	if _, err := a.SendMessage(e.ctx, alice.ID, bob.ID, "an hour later"); err != nil {
		t.Fatalf("an hour later: %v", err)
	}
	behind := e.budgeted(&budgetClock{at: clock.now().Add(-time.Minute)}, budgets)
	for i := range 2 {
		if _, err := behind.SendMessage(e.ctx, alice.ID, bob.ID, "hi"); err != nil {
			t.Fatalf("message %d of the 2 left, from an instance whose clock is a minute behind: %v", i+1, err)
		}
	}
	if _, err := behind.SendMessage(e.ctx, alice.ID, bob.ID, "hi"); model.ErrorCode(err) != model.ELIMIT {
		t.Errorf("a clock behind refilled the bucket: %v", err)
	}
	// The operator's Service has no budgets.
	for range 5 {
		if _, err := e.svc.SendMessage(e.ctx, alice.ID, bob.ID, "unlimited"); err != nil {
			t.Fatalf("without budgets: %v", err)
		}
	}
}

// testBudgetEveryWrite: each kind of write a person makes spends from its
// own bucket, and refuses when it is empty.
func testBudgetEveryWrite(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	e.befriend(alice, bob)
	post := e.say(bob, "a post")
	clock := &budgetClock{at: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	one := model.Budget{PerMinute: 1, Burst: 1}
	budgets := map[model.WriteKind]model.Budget{}
	for _, k := range []model.WriteKind{model.WriteMessage, model.WritePost, model.WriteReply, model.WriteWallPost,
		model.WriteLike, model.WriteShare, model.WriteFriendRequest} {
		budgets[k] = one
	}
	svc := e.budgeted(clock, budgets)
	writes := []struct {
		what string
		do   func() error
	}{
		{"a message", func() error { _, err := svc.SendMessage(e.ctx, alice.ID, bob.ID, "hi"); return err }},
		{"a post", func() error {
			_, err := svc.CreatePost(e.ctx, alice.ID, model.NewPost{Content: "mine", Type: model.Thoughts})
			return err
		}},
		{"a reply", func() error {
			_, err := svc.CreatePost(e.ctx, alice.ID, model.NewPost{Content: "re", ParentID: &post.ID})
			return err
		}},
		{"a wall post", func() error {
			_, err := svc.CreatePost(e.ctx, alice.ID, model.NewPost{Content: "hey bob", TargetUserID: &bob.ID})
			return err
		}},
		{"a like", func() error { _, err := svc.ToggleLike(e.ctx, alice.ID, post.ID); return err }},
		{"a share", func() error { _, err := svc.ToggleShare(e.ctx, alice.ID, post.ID); return err }},
		{"a friend request", func() error { _, err := svc.SendFriendRequest(e.ctx, alice.ID, carol.ID); return err }},
	}
	for _, w := range writes {
		if err := w.do(); err != nil {
			t.Errorf("the first %s: %v", w.what, err)
		}
	}
	for _, w := range writes {
		if err := w.do(); model.ErrorCode(err) != model.ELIMIT {
			t.Errorf("a second %s within the minute: %v", w.what, err)
		}
	}
	if err := svc.Like(e.ctx, alice.ID, post.ID); model.ErrorCode(err) != model.ELIMIT {
		t.Errorf("Like spends from the likes' bucket too: %v", err)
	}
}

// testBudgetConcurrent: writes racing from many sessions (or instances)
// at once take exactly the burst.
func testBudgetConcurrent(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	clock := &budgetClock{at: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	budgets := map[model.WriteKind]model.Budget{model.WriteMessage: {PerMinute: 1, Burst: 5}}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		sent    int
		limited int
	)
	for range 20 {
		svc := e.budgeted(clock, budgets)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := svc.SendMessage(e.ctx, alice.ID, bob.ID, "race")
			mu.Lock()
			defer mu.Unlock()
			switch model.ErrorCode(err) {
			case "":
				sent++
			case model.ELIMIT:
				limited++
			default:
				t.Errorf("a racing message: %v", err)
			}
		}()
	}
	wg.Wait()
	if sent != 5 || limited != 15 {
		t.Errorf("20 racing messages with a burst of 5: %d sent, %d limited", sent, limited)
	}
}
