package ssh

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The SSH server's targets under load (make bench), measured
// with real SSH connections on loopback, each screen read through a
// terminal emulator, against a server in a process of its own:
//   - 1,000 idle signed-in sessions: memory per session at most 1.5× that
//     of the floor (a bare Wish + Bubble Tea program drawing one line),
//     and under 10 % of one core between them;
//   - a DM on its receiver's screen with 1,000 connected: p99 under 50 ms;
//   - from connecting with a key to the feed drawn: p99 under 50 ms;
//   - 1,000 connect/disconnect cycles leave no goroutines or heap behind;
//   - a storm of password logins does not slow the screens of the people
//     already in.
//
// NUMENEON_BENCH_SSH_PROFILE=DIR has the server write CPU profiles of the
// measured windows and heap profiles with the sessions open there.

// idleWindow is how long the idle sessions' CPU is measured.
const idleWindow = 30 * time.Second

// connectWorkers is how many sessions connect at once while a benchmark
// fills the server.
const connectWorkers = 8

// reportMs reports the 50th and 99th percentiles of ds in ms.
func reportMs(b *testing.B, ds []time.Duration) {
	b.ReportMetric(percentile(ds, 0.50), "p50-ms")
	b.ReportMetric(percentile(ds, 0.99), "p99-ms")
}

// percentile is ds's p-th quantile in ms; it sorts ds.
func percentile(ds []time.Duration, p float64) float64 {
	slices.Sort(ds)
	return float64(ds[min(int(float64(len(ds))*p), len(ds)-1)]) / float64(time.Millisecond)
}

// idleFigures is what 1,000 idle sessions cost a server.
type idleFigures struct {
	rss, heap  float64 // bytes per session
	goroutines float64 // per session
	cpu        float64 // % of one core
}

// measureIdle starts a server (floor or a SQLite path), connects one
// session per account until each shows want, lets them idle, and measures.
func measureIdle(b *testing.B, what string, accts []benchAccount, want, name string) idleFigures {
	p := startServerProc(b, what)
	defer p.stop()
	// One session first, so that what every server starts once (pools,
	// the event hub, caches) is not counted per session.
	warm, _, err := connectAll(p.addr, accts[len(accts)-1:], want, 1)
	if err != nil {
		b.Fatal(err)
	}
	closeAll(warm)
	time.Sleep(time.Second)
	before := p.stats()
	start := time.Now()
	screens, _, err := connectAll(p.addr, accts, want, connectWorkers)
	if err != nil {
		b.Fatal(err)
	}
	defer closeAll(screens)
	b.Logf("%s: %d sessions connected in %v", name, len(screens), time.Since(start).Round(time.Millisecond))
	time.Sleep(5 * time.Second) // the first screens' follow-ups settle
	after := p.stats()
	p.ask("heap idle-"+name, "ok")
	c0 := p.cpu()
	p.ask("cpu-start idle-"+name, "ok")
	time.Sleep(idleWindow)
	p.ask("cpu-stop", "ok")
	c1 := p.cpu()
	n := float64(len(screens))
	b.Logf("%s: before %+v; with %d sessions %+v", name, before, len(screens), after)
	return idleFigures{
		rss:        (float64(after.RSS) - float64(before.RSS)) / n,
		heap:       (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n,
		goroutines: float64(after.Goroutines-before.Goroutines) / n,
		cpu:        100 * float64(c1-c0) / float64(idleWindow),
	}
}

// BenchmarkSSHIdle: 1,000 signed-in sessions on their feeds, idle: the
// server's resident memory and heap per session, and its CPU over 30 s;
// the same for the floor.
func BenchmarkSSHIdle(b *testing.B) {
	path, accts := benchSSHFile(b)
	raiseFileLimit(b)
	for b.Loop() {
		floor := measureIdle(b, "floor", accts[:benchSessions()], "one line", "floor")
		ours := measureIdle(b, path, accts[:benchSessions()], "1 Feed", "numeneon")
		const mb = 1 << 20
		b.ReportMetric(ours.rss/mb, "MB/session")
		b.ReportMetric(floor.rss/mb, "floor-MB/session")
		b.ReportMetric(ours.rss/floor.rss, "x-floor-MB")
		b.ReportMetric(ours.heap/mb, "heap-MB/session")
		b.ReportMetric(floor.heap/mb, "floor-heap-MB/session")
		b.ReportMetric(ours.goroutines, "goroutines/session")
		b.ReportMetric(floor.goroutines, "floor-goroutines/session")
		b.ReportMetric(ours.cpu, "cpu-%core")
		b.ReportMetric(floor.cpu, "floor-cpu-%core")
		b.ReportMetric(0, "ns/op")
	}
}

// BenchmarkSSHLiveDM: with 1,000 sessions connected, ten of them have the
// chat with a friend open; the load generator, through its own Service on
// the same SQLite file, writes to them as those friends, one message at a
// time, each carrying the moment its write began; the time from then to
// the text on the receiver's screen.
func BenchmarkSSHLiveDM(b *testing.B) {
	path, accts := benchSSHFile(b)
	raiseFileLimit(b)
	p := startServerProc(b, path)
	rs, svc := dmReceivers(b, p, path, accts[:benchSessions()])
	for b.Loop() {
		reportMs(b, timeDMs(b, svc, rs, 200))
		b.ReportMetric(0, "ns/op")
	}
}

// BenchmarkSSHLoginStorm: 100 sessions connected, ten with a chat open,
// while eight clients log in with passwords (real hashes of 1,000,000
// rounds) as fast as the server lets them: the DMs' time to the screen
// during the storm, and how many logins got through.
func BenchmarkSSHLoginStorm(b *testing.B) {
	path, accts := benchSSHFile(b)
	raiseFileLimit(b)
	// Ten accounts outside the sessions get a password hashed as the web
	// app hashes one.
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	stormers := accts[len(accts)-10:]
	for _, a := range stormers {
		if err := model.NewOperator(db).ResetPassword(ctx, a.Name, "storm password 1"); err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	p := startServerProc(b, path)
	rs, svc := dmReceivers(b, p, path, accts[:100])
	for b.Loop() {
		calm := timeDMs(b, svc, rs, 100)
		stop := make(chan struct{})
		var logins atomic.Int64
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := i; ; j++ {
					select {
					case <-stop:
						return
					default:
					}
					c, err := benchDial(p.addr, 60_000+i, &gossh.ClientConfig{
						User: stormers[j%len(stormers)].Name, Auth: []gossh.AuthMethod{gossh.Password("storm password 1")},
					})
					if err == nil {
						logins.Add(1)
						c.Close()
					}
				}
			}()
		}
		start := time.Now()
		storm := timeDMs(b, svc, rs, 100)
		took := time.Since(start)
		close(stop)
		wg.Wait()
		b.ReportMetric(percentile(calm, 0.99), "calm-p99-ms")
		b.ReportMetric(percentile(storm, 0.50), "storm-p50-ms")
		b.ReportMetric(percentile(storm, 0.99), "storm-p99-ms")
		b.ReportMetric(float64(logins.Load())/took.Seconds(), "logins/s")
		b.ReportMetric(0, "ns/op")
	}
}

// dmReceiver is a session with the chat of a friend open.
type dmReceiver struct {
	sc *benchScreen
	a  benchAccount
}

// dmReceivers connects a session for each account (closed when the
// benchmark ends), opens on ten of them the chat with a friend, and
// returns those and the load generator's own Service on the file.
func dmReceivers(b *testing.B, p *serverProc, path string, accts []benchAccount) ([]dmReceiver, *model.Service) {
	screens, _, err := connectAll(p.addr, accts, "1 Feed", connectWorkers)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { closeAll(screens) })
	rs := openReceivers(b, screens, accts, 10)
	svc := benchService(b, path)
	time.Sleep(2 * time.Second) // the first screens' follow-ups settle
	return rs, svc
}

// openReceivers opens, on up to n of the screens whose accounts have a
// friend, the chat with that friend.
func openReceivers(b *testing.B, screens []*benchScreen, accts []benchAccount, n int) []dmReceiver {
	var rs []dmReceiver
	for i, a := range accts[:len(screens)] {
		if a.Friend != 0 && len(rs) < n {
			rs = append(rs, dmReceiver{screens[i], a})
		}
	}
	for _, r := range rs {
		if err := r.sc.send(":dm " + r.a.FriendName + "\r"); err != nil {
			b.Fatal(err)
		}
		if _, err := r.sc.waitText("Message ", 10*time.Second); err != nil {
			b.Fatal(err)
		}
	}
	return rs
}

// benchService is the load generator's own Service on the file.
func benchService(b *testing.B, path string) *model.Service {
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return model.NewService(db)
}

// timeDMs writes n messages to the receivers as their friends, a few tens
// of milliseconds apart, each carrying the moment its write began, and
// returns each one's time from then to its text on the receiver's screen.
func timeDMs(b *testing.B, svc *model.Service, rs []dmReceiver, n int) []time.Duration {
	ctx := context.Background()
	var ds []time.Duration
	for i := range n {
		r := rs[i%len(rs)]
		start := time.Now()
		text := fmt.Sprintf("ping %d", start.UnixNano())
		if _, err := svc.SendMessage(ctx, r.a.Friend, r.a.ID, text); err != nil {
			b.Fatal(err)
		}
		seen, err := r.sc.waitText(text, 10*time.Second)
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, seen.Sub(start))
		time.Sleep(time.Duration(20+start.UnixNano()%30) * time.Millisecond)
	}
	return ds
}

// BenchmarkSSHConnect: 100 sessions connect one after another, each with
// its key, and stay; each one's time from dialling to the feed drawn.
func BenchmarkSSHConnect(b *testing.B) {
	path, accts := benchSSHFile(b)
	raiseFileLimit(b)
	p := startServerProc(b, path)
	warm, _, err := connectAll(p.addr, accts[len(accts)-1:], "1 Feed", 1)
	if err != nil {
		b.Fatal(err)
	}
	closeAll(warm)
	for b.Loop() {
		screens, took, err := connectAll(p.addr, accts[:100], "1 Feed", 1)
		if err != nil {
			b.Fatal(err)
		}
		closeAll(screens)
		reportMs(b, took)
		b.ReportMetric(0, "ns/op")
	}
}

// BenchmarkSSHConnectCycles: 1,000 sessions connect, draw their feed and
// go (quitting, closing the session, or dropping the connection), a few
// at a time; the server's goroutines and heap before and after.
func BenchmarkSSHConnectCycles(b *testing.B) {
	path, accts := benchSSHFile(b)
	raiseFileLimit(b)
	p := startServerProc(b, path)
	cycle := func(i int) error {
		sc, err := connectScreen(p.addr, accts[i%len(accts)], 120, 30)
		if err != nil {
			return err
		}
		defer sc.close()
		if _, err := sc.waitText("1 Feed", 30*time.Second); err != nil {
			return err
		}
		switch i % 3 {
		case 0:
			if err := sc.send("qy"); err != nil { // q asks over SSH; y quits
				return err
			}
			ended := make(chan error, 1)
			go func() { ended <- sc.sess.Wait() }()
			select {
			case <-ended:
			case <-time.After(15 * time.Second):
				return fmt.Errorf("%s's session did not end after q", accts[i%len(accts)].Name)
			}
		case 1:
			sc.sess.Close()
		}
		return nil // and close drops the connection
	}
	settled := func() procStats {
		deadline := time.Now().Add(15 * time.Second)
		for {
			st := p.stats()
			if st.Sessions == 0 || time.Now().After(deadline) {
				time.Sleep(time.Second) // the last goroutines end
				return p.stats()
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	for i := range 30 { // warm up: the hub, the pools, the caches
		if err := cycle(len(accts) - 1 - i); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		before := settled()
		start := time.Now()
		n := benchSessions()
		errs := make(chan error, n)
		next := make(chan int)
		done := make(chan struct{})
		for range 4 {
			go func() {
				defer func() { done <- struct{}{} }()
				for i := range next {
					if err := cycle(i); err != nil {
						errs <- err
					}
				}
			}()
		}
		for i := range n {
			next <- i
		}
		close(next)
		for range 4 {
			<-done
		}
		took := time.Since(start)
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		after := settled()
		b.Logf("before %+v; after %d cycles in %v %+v", before, n, took.Round(time.Millisecond), after)
		p.ask("heap cycles", "ok")
		p.ask("goroutines cycles", "ok")
		b.ReportMetric(float64(before.Goroutines), "goroutines-before")
		b.ReportMetric(float64(after.Goroutines), "goroutines-after")
		b.ReportMetric(float64(before.HeapAlloc)/(1<<20), "heap-MB-before")
		b.ReportMetric(float64(after.HeapAlloc)/(1<<20), "heap-MB-after")
		b.ReportMetric(float64(after.RSS)/(1<<20), "rss-MB-after")
		b.ReportMetric(float64(n)/took.Seconds(), "cycles/s")
		b.ReportMetric(0, "ns/op")
	}
}
