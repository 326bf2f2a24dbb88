package tui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"

	"github.com/numeneon/numeneon/model"
)

// BenchmarkEventFanOutSessions: one live event reaching 1,000 sessions
// (NUMENEON_BENCH_FANOUT_SESSIONS), each a whole Program on an 80×24
// terminal of its own: a post by someone whose 1,000 friends are each
// signed in ("post": the feed's "1 new post"), and a DM to someone signed
// in 1,000 times ("dm": the unread count in the window's title). It
// reports the time from the start of the write until half the screens,
// and the last, show it, and the Service calls the sessions made for the
// event, per session (each is the acting user's look-up and at least one
// query).
func BenchmarkEventFanOutSessions(b *testing.B) {
	n := 1000
	if s := os.Getenv("NUMENEON_BENCH_FANOUT_SESSIONS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	e := newTestEnv(b)
	e.db.Now = time.Now
	ctx := e.ctx
	star := e.user("star")
	fans := make([]model.User, n)
	for i := range fans {
		fans[i] = e.user(fmt.Sprintf("fan%04d", i))
		if _, err := e.svc.SendFriendRequest(ctx, fans[i].ID, star.ID); err != nil {
			b.Fatal(err)
		}
		if err := e.svc.AcceptFriendRequest(ctx, star.ID, e.requestBetween(fans[i], star)); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("post", func(b *testing.B) {
		fanOut(b, e, fans, func(i int) string { return fmt.Sprintf("%d new post", i) }, func(i int) error {
			_, err := e.svc.CreatePost(ctx, star.ID, model.NewPost{Content: "news " + strconv.Itoa(i)})
			return err
		})
	})
	b.Run("dm", func(b *testing.B) {
		fan := make([]model.User, n)
		for i := range fan {
			fan[i] = fans[0]
		}
		// The window's title counts the unread messages; the toast would
		// wait for the one before it to go.
		fanOut(b, e, fan, func(i int) string { return fmt.Sprintf("(%d) numeneon", i) }, func(i int) error {
			_, err := e.svc.SendMessage(ctx, star.ID, fans[0].ID, fmt.Sprintf("ping %d!", i))
			return err
		})
	})
}

// fanOut runs a session for each of users and, per iteration i, acts
// once and waits until every screen has drawn text(i).
func fanOut(b *testing.B, e *testEnv, users []model.User, text func(i int) string, act func(i int) error) {
	cs := newCountingService(e.svc)
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	outs := make([]*sightWriter, len(users))
	var done sync.WaitGroup
	for i := range users {
		outs[i] = &sightWriter{}
		outs[i].want([]byte("live"))
		in, _ := io.Pipe()
		profile := colorprofile.ANSI256
		p := NewProgram(ctx, Options{Service: cs, User: &users[i]}, Terminal{In: in, Out: outs[i],
			Env: []string{"TERM=xterm-256color"}, Width: 80, Height: 24, Profile: &profile})
		done.Add(1)
		go func() {
			defer done.Done()
			p.Run()
		}()
	}
	defer done.Wait()
	defer cancel()
	waitSights(b, outs, "every session live")
	go drainTaken(ctx, cs.taken)
	i := 0
	for b.Loop() {
		cs.take()
		for _, o := range outs {
			o.want([]byte(text(i + 1)))
		}
		start := time.Now()
		i++
		if err := act(i); err != nil {
			b.Fatal(err)
		}
		waitSights(b, outs, text(i)+" on every screen")
		ds := make([]time.Duration, len(outs))
		for j, o := range outs {
			ds[j] = o.seen().Sub(start)
		}
		slices.Sort(ds)
		b.ReportMetric(float64(ds[len(ds)/2])/float64(time.Millisecond), "ms-to-half")
		b.ReportMetric(float64(ds[len(ds)-1])/float64(time.Millisecond), "ms-to-last-screen")
		calls := settledCalls(cs)
		total := 0
		for _, c := range calls {
			total += c
		}
		b.ReportMetric(float64(total)/float64(len(users)), "calls/session")
		b.Logf("%d sessions, Service calls after the event: %v", len(users), calls)
	}
	b.ReportMetric(0, "ns/op")
}

// sightWriter is a terminal that only looks, in what is written to it,
// for a text, and keeps when it first came.
type sightWriter struct {
	mu   sync.Mutex
	text []byte
	at   time.Time
}

func (w *sightWriter) want(text []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.text, w.at = text, time.Time{}
}

func (w *sightWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.at.IsZero() && bytes.Contains(p, w.text) {
		w.at = time.Now()
	}
	return len(p), nil
}

func (w *sightWriter) seen() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.at
}

// waitSights waits until every terminal saw its text, for up to a
// minute.
func waitSights(b *testing.B, outs []*sightWriter, what string) {
	deadline := time.Now().Add(time.Minute)
	for {
		missing := 0
		for _, o := range outs {
			if o.seen().IsZero() {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("waited a minute for %s: %d of %d screens never showed it", what, missing, len(outs))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// settledCalls waits until the sessions made no Service call for half a
// second (up to a minute), and returns the calls since the last take.
func settledCalls(cs *countingService) map[string]int {
	total := map[string]int{}
	deadline := time.Now().Add(time.Minute)
	for quiet := time.Now(); time.Since(quiet) < 500*time.Millisecond && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		calls := cs.take()
		if len(calls) > 0 {
			quiet = time.Now()
		}
		for name, n := range calls {
			total[name] += n
		}
	}
	return total
}

// drainTaken empties the counting Service's record of events taken,
// which nothing reads in a benchmark.
func drainTaken(ctx context.Context, taken <-chan model.Event) {
	for {
		select {
		case <-taken:
		case <-ctx.Done():
			return
		}
	}
}
