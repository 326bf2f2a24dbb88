package ssh

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestGuardRationsChecks: no more checks run at once than the guard has
// room for, however many tries come together.
func TestGuardRationsChecks(t *testing.T) {
	g := newGuard(2, time.Now)
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.check(context.Background(), "10.0.0.1", "user"+string(rune('a'+i)), func() bool {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(5 * time.Millisecond)
				running.Add(-1)
				return true
			})
		}()
	}
	wg.Wait()
	if m := most.Load(); m != 2 {
		t.Errorf("%d checks ran at once, want 2", m)
	}
}

// TestGuardGrowingWait: past the free failures an address waits 1 s, then
// 2 s, 4 s …, up to the most; a success clears the count; another address
// trying the same account waits too.
func TestGuardGrowingWait(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	g := newGuard(1, func() time.Time { return now })
	ctx := context.Background()
	fail := func(addr, user string) (bool, time.Duration) {
		return g.check(ctx, addr, user, func() bool { return false })
	}
	for range freeFailures {
		if _, wait := fail("a", "alice"); wait != 0 {
			t.Fatalf("a free failure was made to wait %v", wait)
		}
	}
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if _, wait := fail("a", "alice"); wait != 0 {
			t.Fatalf("failure %d: refused unchecked though its wait was over", i)
		}
		if ok, wait := fail("a", "alice"); ok || wait != want {
			t.Fatalf("after failure %d the wait is %v, want %v", i, wait, want)
		}
		if _, wait := fail("b", "alice"); wait != want {
			t.Errorf("another address on the same account waits %v, want %v", wait, want)
		}
		now = now.Add(want)
	}
	for range 30 {
		fail("a", "alice")
		_, wait := fail("a", "alice")
		now = now.Add(wait)
	}
	if _, wait := fail("a", "alice"); wait > maxDelay {
		t.Errorf("the wait grew past the most: %v", wait)
	}
	now = now.Add(maxDelay)
	if ok, _ := g.check(ctx, "a", "alice", func() bool { return true }); !ok {
		t.Fatal("the right password after the wait was refused")
	}
	if _, wait := fail("a", "alice"); wait != 0 {
		t.Errorf("a success did not clear the count: the next failure waits %v", wait)
	}
}
