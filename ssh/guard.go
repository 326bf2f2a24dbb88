package ssh

import (
	"context"
	"sync"
	"time"
)

// Tuning of password checks.
const (
	// freeFailures is how many wrong passwords an address or an account
	// gets before each next try must wait.
	freeFailures = 3
	// firstDelay is the wait after the first failure past the free ones;
	// it doubles with each failure, up to maxDelay for an address and
	// maxAccountDelay for an account.
	firstDelay = time.Second
	maxDelay   = 5 * time.Minute
	// maxAccountDelay is short: an account's wait holds back only
	// addresses that have failed, and its owner may be one of them.
	maxAccountDelay = time.Minute
	// forgetAfter is how long a quiet address or account stays counted.
	forgetAfter = time.Hour
	// maxTracked bounds the counts kept; past it the quiet ones go.
	maxTracked = 100_000
	// queueWait is how long a password check waits for a free checker
	// before it is given up.
	queueWait = 10 * time.Second
)

// verdict is what became of a try.
type verdict int

const (
	right     verdict = iota // checked, and right
	wrong                    // checked, and wrong
	waiting                  // refused unchecked: the address or the account must wait
	unchecked                // no checker was free in time, the try was given up, or the check failed on our side
)

// guard rations password checks. One is a PBKDF2 of a million rounds, a
// sixth of a second of a core, so only a few run at once (a storm of
// logins queues behind them instead of slowing the screens of people
// already in). Each try is counted when it starts, against its address,
// its account and the two together; past a few failures an address waits
// longer and longer before its next try is even checked, and so does an
// account, but only for addresses that have failed: a stranger's wrong
// guesses never keep the owner out from an address of their own.
type guard struct {
	slots chan struct{}

	mu        sync.Mutex
	now       func() time.Time
	queueWait time.Duration
	counts    map[string]*count // by "addr IP", "user NAME" and "pair IP NAME"
}

// count is the tries of an address, an account or a pair that failed or
// are being checked.
type count struct {
	n    int
	last time.Time // when the last was counted
}

// wait is how long the next try must wait: nothing for the first
// freeFailures, then firstDelay doubling with each, up to most.
func (c *count) wait(now time.Time, most time.Duration) time.Duration {
	if c == nil || c.n <= freeFailures {
		return 0
	}
	d := min(firstDelay<<min(c.n-freeFailures-1, 20), most)
	return max(c.last.Add(d).Sub(now), 0)
}

func newGuard(checks int, now func() time.Time) *guard {
	return &guard{slots: make(chan struct{}, max(checks, 1)), now: now, queueWait: queueWait, counts: map[string]*count{}}
}

// check runs verify (a password check: right, wrong or unchecked) for a
// try from addr on account ("" for none: a login that names no one, a
// try at an invite code) unless one of them must wait, in one of the few
// check slots. wait is how long the refused party must still wait (for
// the verdict waiting). An unchecked try is not held against anyone.
func (g *guard) check(ctx context.Context, addr, account string, verify func() verdict) (v verdict, wait time.Duration) {
	keys, wait := g.begin(addr, account)
	if wait > 0 {
		return waiting, wait
	}
	v = unchecked
	g.run(ctx, func() { v = verify() })
	g.end(keys, v)
	return v, 0
}

// run runs fn in a check slot, once one is free; false when none was
// within the queue's wait or ctx ended first.
func (g *guard) run(ctx context.Context, fn func()) bool {
	g.mu.Lock()
	patience := g.queueWait
	g.mu.Unlock()
	timer := time.NewTimer(patience)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	case <-timer.C:
		return false
	}
	defer func() { <-g.slots }()
	fn()
	return true
}

// begin counts a try unless its address, or its account for an address
// that has failed, must wait.
func (g *guard) begin(addr, account string) (keys []string, wait time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	a := g.get("addr "+addr, now)
	wait = a.wait(now, maxDelay)
	if a != nil && account != "" {
		wait = max(wait, g.get("user "+account, now).wait(now, maxAccountDelay))
	}
	if wait > 0 {
		return nil, wait
	}
	keys = []string{"addr " + addr, "pair " + addr + " " + account}
	if account != "" {
		keys = append(keys, "user "+account)
	}
	for _, k := range keys {
		c := g.get(k, now)
		if c == nil {
			if len(g.counts) >= maxTracked {
				g.forget(now)
			}
			c = &count{}
			g.counts[k] = c
		}
		c.n++
		c.last = now
	}
	return keys, 0
}

// end settles a try that begin counted. A wrong one stays counted. A
// right one clears its account, and takes back from its address the
// failures of that address on that account (a person's own typos), and
// no others: an account of one's own must not wipe an address's guesses
// at someone else's. A try that was never checked is taken back.
func (g *guard) end(keys []string, v verdict) {
	g.mu.Lock()
	defer g.mu.Unlock()
	addr, pair := keys[0], keys[1]
	switch v {
	case right:
		if p := g.counts[pair]; p != nil {
			g.takeBack(addr, p.n)
		}
		delete(g.counts, pair)
		if len(keys) > 2 {
			delete(g.counts, keys[2])
		}
	case unchecked:
		for _, k := range keys {
			g.takeBack(k, 1)
		}
	}
}

func (g *guard) takeBack(key string, n int) {
	if c := g.counts[key]; c != nil {
		if c.n -= n; c.n <= 0 {
			delete(g.counts, key)
		}
	}
}

// get returns the count of key, nil when there is none or it has been
// quiet for forgetAfter (then it is dropped).
func (g *guard) get(key string, now time.Time) *count {
	c := g.counts[key]
	if c != nil && now.Sub(c.last) > forgetAfter {
		delete(g.counts, key)
		return nil
	}
	return c
}

// forget drops the counts that have been quiet for a while, or all of
// them when none has.
func (g *guard) forget(now time.Time) {
	for k, c := range g.counts {
		if now.Sub(c.last) > forgetAfter {
			delete(g.counts, k)
		}
	}
	if len(g.counts) >= maxTracked {
		clear(g.counts)
	}
}
