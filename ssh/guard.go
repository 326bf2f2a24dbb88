package ssh

import (
	"context"
	"sync"
	"time"
)

// Tuning of password checks.
const (
	// freeFailures is how many wrong passwords in a row an address or an
	// account gets before each next try must wait.
	freeFailures = 3
	// firstDelay is the wait after the first failure past the free ones;
	// it doubles with each failure, up to maxDelay.
	firstDelay = time.Second
	maxDelay   = 5 * time.Minute
	// forgetAfter is how long a quiet address or account stays counted.
	forgetAfter = time.Hour
	// maxTracked bounds the counts kept; past it the oldest quiet ones go.
	maxTracked = 100_000
	// queueWait is how long a password check waits for a free checker
	// before it is refused.
	queueWait = 10 * time.Second
)

// guard rations password checks: one is a PBKDF2 of a million rounds, a
// sixth of a second of a core, so only a few run at once (a storm of
// logins queues behind them instead of slowing the screens of people
// already in), and an address or account that keeps failing waits longer
// and longer before its next try is even checked.
type guard struct {
	slots chan struct{}
	now   func() time.Time

	mu       sync.Mutex
	failures map[string]*failures // by "addr:IP" and "user:NAME"
}

type failures struct {
	n         int
	notBefore time.Time // no try is checked before this
	last      time.Time
}

func newGuard(checks int, now func() time.Time) *guard {
	return &guard{slots: make(chan struct{}, max(checks, 1)), now: now, failures: map[string]*failures{}}
}

// check runs verify (a password check) for a try from addr on account
// unless one of them must wait, and counts the outcome. It reports whether
// verify ran and said yes; wait is how long the refused party must still
// wait (0 when the try was checked).
func (g *guard) check(ctx context.Context, addr, account string, verify func() bool) (ok bool, wait time.Duration) {
	keys := []string{"addr:" + addr, "user:" + account}
	if w := g.waitFor(keys); w > 0 {
		return false, w
	}
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return false, 0
	case <-time.After(queueWait):
		return false, 0
	}
	ok = verify()
	<-g.slots
	g.record(keys, ok)
	return ok, 0
}

func (g *guard) waitFor(keys []string) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	var wait time.Duration
	for _, k := range keys {
		if f := g.failures[k]; f != nil && f.notBefore.After(now) {
			wait = max(wait, f.notBefore.Sub(now))
		}
	}
	return wait
}

func (g *guard) record(keys []string, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	for _, k := range keys {
		if ok {
			delete(g.failures, k)
			continue
		}
		f := g.failures[k]
		if f == nil {
			if len(g.failures) >= maxTracked {
				g.forget(now)
			}
			f = &failures{}
			g.failures[k] = f
		}
		f.n++
		f.last = now
		if f.n > freeFailures {
			f.notBefore = now.Add(min(firstDelay<<min(f.n-freeFailures-1, 20), maxDelay))
		}
	}
}

// forget drops the counts that have been quiet for a while, or all of
// them when none has.
func (g *guard) forget(now time.Time) {
	for k, f := range g.failures {
		if now.Sub(f.last) > forgetAfter && now.After(f.notBefore) {
			delete(g.failures, k)
		}
	}
	if len(g.failures) >= maxTracked {
		clear(g.failures)
	}
}
