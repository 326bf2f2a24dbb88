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
			g.check(context.Background(), "10.0.0.1", "user"+string(rune('a'+i)), func() verdict {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(5 * time.Millisecond)
				running.Add(-1)
				return right
			})
		}()
	}
	wg.Wait()
	if m := most.Load(); m != 2 {
		t.Errorf("%d checks ran at once, want 2", m)
	}
}

// TestGuardGrowingWait: past the free failures an address waits 1 s, then
// 2 s, 4 s …, up to the most; the right password clears the account and
// the address's failures on it; another address that has failed waits
// for the account too.
func TestGuardGrowingWait(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	g := newGuard(1, func() time.Time { return now })
	ctx := context.Background()
	fail := func(addr, user string) (verdict, time.Duration) {
		return g.check(ctx, addr, user, no)
	}
	if v, _ := fail("b", "bob"); v != wrong {
		t.Fatalf("b's first try: %v", v)
	}
	for range freeFailures {
		if _, wait := fail("a", "alice"); wait != 0 {
			t.Fatalf("a free failure was made to wait %v", wait)
		}
	}
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if v, wait := fail("a", "alice"); v != wrong || wait != 0 {
			t.Fatalf("failure %d: %v, wait %v; want it checked, its wait being over", i, v, wait)
		}
		if v, wait := fail("a", "alice"); v != waiting || wait != want {
			t.Fatalf("after failure %d: %v, wait %v; want a wait of %v", i, v, wait, want)
		}
		if _, wait := fail("b", "alice"); wait != want {
			t.Errorf("another address that has failed, on the same account, waits %v, want %v", wait, want)
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
	if _, wait := fail("b", "alice"); wait > maxAccountDelay {
		t.Errorf("the account's wait grew past its most: %v", wait)
	}
	now = now.Add(maxDelay)
	if v, _ := g.check(ctx, "a", "alice", yes); v != right {
		t.Fatalf("the right password after the wait: %v", v)
	}
	if _, wait := fail("a", "alice"); wait != 0 {
		t.Errorf("a success did not clear the count: the next failure waits %v", wait)
	}
}

// TestGuardCountsTriesAsTheyStart: tries that come together are counted
// as they start, not when their checks end, so a burst of wrong passwords
// gets no more checks than tries one after another would.
func TestGuardCountsTriesAsTheyStart(t *testing.T) {
	const burst = 25
	g := newGuard(burst, time.Now)
	release := make(chan struct{})
	var checked, refused atomic.Int32
	var wg sync.WaitGroup
	for range burst {
		wg.Go(func() {
			v, _ := g.check(context.Background(), "10.0.0.1", "alice", func() verdict {
				checked.Add(1)
				<-release
				return wrong
			})
			if v == waiting {
				refused.Add(1)
			}
		})
	}
	for deadline := time.Now().Add(10 * time.Second); checked.Load()+refused.Load() < burst; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("of %d tries, %d are being checked and %d were refused", burst, checked.Load(), refused.Load())
		}
	}
	close(release)
	wg.Wait()
	if n := checked.Load(); n != freeFailures+1 {
		t.Errorf("a burst of %d wrong passwords had %d checked, want %d", burst, n, freeFailures+1)
	}
}

// TestGuardSparesCleanAddresses: wrong passwords for an account from one
// address do not lock its owner out: a try from an address that has not
// failed is checked, and the right password is taken. An address that has
// failed waits for the account's wait too, which stays short.
func TestGuardSparesCleanAddresses(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	g := newGuard(1, func() time.Time { return now })
	ctx := context.Background()
	for range 3 * freeFailures {
		g.check(ctx, "attacker", "alice", no)
		now = now.Add(time.Second)
	}
	if v, wait := g.check(ctx, "home", "alice", yes); v != right || wait != 0 {
		t.Fatalf("alice's right password from a clean address: %v, wait %v", v, wait)
	}
	// The attacker's count stands: alice's success cleared her account,
	// not the attacker's address.
	if v, wait := g.check(ctx, "attacker", "alice", no); v != waiting || wait == 0 {
		t.Errorf("the attacker after alice's success: %v, wait %v", v, wait)
	}
	// A stranger's first guess from a fresh address is checked, and
	// counted: its second waits for the account, now failing again.
	for range freeFailures + 1 {
		g.check(ctx, "attacker", "alice", no)
		now = now.Add(maxDelay)
	}
	if v, _ := g.check(ctx, "fresh", "alice", no); v != wrong {
		t.Errorf("a fresh address's first guess: %v, want it checked", v)
	}
	if v, wait := g.check(ctx, "fresh", "alice", no); v != waiting || wait == 0 || wait > maxAccountDelay {
		t.Errorf("a fresh address's second guess: %v, wait %v; want the account's wait", v, wait)
	}
}

// TestGuardOwnAccountClearsNoGuesses: the right password of an account of
// one's own takes back that account's failures only (one's typos), not
// an address's guesses at another account.
func TestGuardOwnAccountClearsNoGuesses(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	g := newGuard(1, func() time.Time { return now })
	ctx := context.Background()
	const guesses = 2
	g.check(ctx, "a", "mallory", no) // a typo of her own
	for range guesses {
		g.check(ctx, "a", "bob", no)
	}
	if v, _ := g.check(ctx, "a", "mallory", yes); v != right {
		t.Fatalf("mallory's own password: %v", v)
	}
	checked := 0
	for range 10 {
		if v, _ := g.check(ctx, "a", "bob", no); v != wrong {
			break
		}
		checked++
	}
	if want := freeFailures + 1 - guesses; checked != want {
		t.Errorf("after mallory's success the address had %d more guesses at bob checked, want %d", checked, want)
	}
}

// TestGuardBusy: a try that finds no free checker in time is not checked,
// and not counted: the person's next try is not held against them.
func TestGuardBusy(t *testing.T) {
	g := newGuard(1, time.Now)
	g.queueWait = 50 * time.Millisecond
	g.slots <- struct{}{} // the one checker is taken
	for range freeFailures + 2 {
		if v, _ := g.check(context.Background(), "a", "alice", no); v != unchecked {
			t.Fatalf("a try with no free checker: %v, want unchecked", v)
		}
	}
	<-g.slots
	if v, _ := g.check(context.Background(), "a", "alice", yes); v != right {
		t.Errorf("the right password once a checker is free: %v", v)
	}
}

func yes() verdict { return right }
func no() verdict  { return wrong }

// TestInWords: a wait reads as a person says it, rounded up.
func TestInWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		200 * time.Millisecond: "1 second", time.Second: "1 second", 1500 * time.Millisecond: "2 seconds",
		59 * time.Second: "59 seconds", time.Minute: "1 minute", 61 * time.Second: "2 minutes", maxDelay: "5 minutes",
	} {
		if got := inWords(d); got != want {
			t.Errorf("inWords(%v) = %q, want %q", d, got, want)
		}
	}
}
