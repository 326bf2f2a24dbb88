package ssh

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
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

// benchRow is a row of the sessions' table: the server (the floor or
// numeneon), the sessions' terminal, and the pane they open.
type benchRow struct {
	name     string
	floor    bool
	w, h     int
	chatEach int // every chatEach-th session opens a conversation (0: none; they stay on the feed)
}

// rowFigures is what a row's sessions cost their server.
type rowFigures struct {
	n          int
	rss        float64 // bytes per session, as the OS reports it
	rssFreed   float64 // the same once the runtime gave back what it holds free
	heap       float64 // bytes per session, after a GC
	stack      float64 // bytes of goroutine stacks per session
	goroutines float64 // per session
	cpu        float64 // the idle sessions', % of one core
	signIn     float64 // CPU per sign-in, ms
	total      uint64  // the server's resident set with them, bytes
	live       []time.Duration
	dm         []time.Duration
}

// seqSessions is how many sessions of a row connect one after another at
// either end: the first give the CPU per sign-in (little else runs
// then), the last the time from connecting to the screen drawn with the
// rest of them in.
func seqSessions(n int) int { return min(100, max(n/4, 1)) }

// measureRow starts the row's server (on the SQLite file at path unless
// it is the floor), connects one session per account on a terminal of the
// row's size, opens the row's pane, lets them idle, and measures.
func measureRow(b *testing.B, path string, accts []benchAccount, row benchRow) rowFigures {
	what, want := path, "1 Feed"
	if row.floor {
		what, want = "floor", "one line"
	}
	p := startServerProc(b, what)
	defer p.stop()
	connect := func(accts []benchAccount, workers int) ([]*benchScreen, []time.Duration) {
		screens, took, err := connectAllOn(p.addr, accts, row.w, row.h, want, workers)
		if err != nil {
			b.Fatal(err)
		}
		return screens, took
	}
	// One session first, so that what every server starts once (pools,
	// the event hub, caches) is not counted per session.
	warm, _ := connect(accts[len(accts)-1:], 1)
	openChats(b, warm, accts[len(accts)-1:], row.chatEach)
	closeAll(warm)
	time.Sleep(time.Second)
	rss0 := p.rss()
	before := p.stats()

	n, seq := len(accts)-1, seqSessions(len(accts)-1)
	c0 := p.cpu()
	p.ask("cpu-start signin-"+row.name, "ok")
	first, _ := connect(accts[:seq], 1)
	p.ask("cpu-stop", "ok")
	signIn := float64(p.cpu()-c0) / float64(seq) / float64(time.Millisecond)
	start := time.Now()
	middle, _ := connect(accts[seq:n-seq], connectWorkers)
	last, live := connect(accts[n-seq:n], 1)
	screens := slices.Concat(first, middle, last)
	defer closeAll(screens)
	b.Logf("%s: %d sessions connected in %v", row.name, len(screens), time.Since(start).Round(time.Millisecond))
	openChats(b, screens, accts, row.chatEach)
	settle := 5 * time.Second // the first screens' follow-ups settle
	if row.chatEach > 0 {
		settle = 35 * time.Second // and the Feeds hidden behind the chats let go of their posts (after 30 s)
	}
	time.Sleep(settle)
	rss1 := p.rss()
	after := p.stats()
	p.ask("heap "+row.name, "ok")
	p.ask("goroutines "+row.name, "ok")
	c1 := p.cpu()
	p.ask("cpu-start "+row.name, "ok")
	time.Sleep(idleWindow)
	p.ask("cpu-stop", "ok")
	c2 := p.cpu()
	f := rowFigures{
		n:          n,
		rss:        (float64(rss1) - float64(rss0)) / float64(n),
		rssFreed:   (float64(after.RSS) - float64(before.RSS)) / float64(n),
		heap:       (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / float64(n),
		stack:      (float64(after.StackInuse) - float64(before.StackInuse)) / float64(n),
		goroutines: float64(after.Goroutines-before.Goroutines) / float64(n),
		cpu:        100 * float64(c2-c1) / float64(idleWindow),
		signIn:     signIn,
		total:      rss1,
		live:       live,
	}
	if row.chatEach > 0 {
		var rs []dmReceiver
		for i := 0; i < n && len(rs) < 10; i += row.chatEach {
			rs = append(rs, dmReceiver{screens[i], accts[i]})
		}
		f.dm = timeDMs(b, benchService(b, path), rs, 200)
	}
	if conns, sessions := p.conns(); !row.floor && sessions != n {
		b.Fatalf("%s: %d sessions open (%d connections) at the end, want %d: some were dropped", row.name, sessions, conns, n)
	}
	b.Logf("%s: RSS %d → %d kB (after giving back: %d → %d kB); %+v", row.name, rss0>>10, rss1>>10, before.RSS>>10, after.RSS>>10, after)
	return f
}

// openChats opens, on every chatEach-th screen, the conversation with
// its account's friend, eight at a time.
func openChats(b *testing.B, screens []*benchScreen, accts []benchAccount, chatEach int) {
	if chatEach == 0 {
		return
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(screens))
	sem := make(chan struct{}, connectWorkers)
	for i := 0; i < len(screens); i += chatEach {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := screens[i].send(":dm " + accts[i].FriendName + "\r"); err != nil {
				errs <- err
				return
			}
			if _, err := screens[i].waitText("Message ", 30*time.Second); err != nil {
				errs <- fmt.Errorf("%s's chat with %s: %w", accts[i].Name, accts[i].FriendName, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// withFriends is the accounts that have a friend, the only ones that can
// open a conversation.
func withFriends(accts []benchAccount) []benchAccount {
	return slices.DeleteFunc(slices.Clone(accts), func(a benchAccount) bool { return a.Friend == 0 })
}

// reportRow reports a row's figures under its name, and logs it as a row
// of the README's table.
func reportRow(b *testing.B, row benchRow, f rowFigures) {
	const kb = 1 << 10
	b.ReportMetric(f.rss/kb, row.name+"-KB/session")
	b.ReportMetric(f.rssFreed/kb, row.name+"-freed-KB/session")
	b.ReportMetric(f.heap/kb, row.name+"-heap-KB/session")
	b.ReportMetric(f.cpu, row.name+"-idle-%core")
	b.ReportMetric(f.signIn, row.name+"-signin-cpu-ms")
	b.ReportMetric(percentile(f.live, 0.99), row.name+"-live-p99-ms")
	dm := "—"
	if f.dm != nil {
		b.ReportMetric(percentile(f.dm, 0.99), row.name+"-dm-p99-ms")
		dm = fmt.Sprintf("%.1f ms", percentile(f.dm, 0.99))
	}
	fmt.Printf("| %s, %d, %d×%d | %.0f KB (%.0f KB given back; heap %.0f KB, stacks %.0f KB) | %.1f | %s | %.1f ms (p50 %.1f) | %.1f ms | %.1f | %.1f MB |\n",
		row.name, f.n, row.w, row.h, f.rss/kb, f.rssFreed/kb, f.heap/kb, f.stack/kb, f.cpu, dm,
		percentile(f.live, 0.99), percentile(f.live, 0.50), f.signIn, f.goroutines, float64(f.total)/(1<<20))
}

// benchRowsEnv, when set, picks BenchmarkSSHSessions' rows by name
// (floor,feed,chat,chat-120x40), while developing.
const benchRowsEnv = "NUMENEON_BENCH_SSH_ROWS"

// BenchmarkSSHSessions: 1,000 signed-in sessions, idle, in each row of
// the table, the floor's first, each row on a server of its own: the
// server's resident memory per session (as the OS reports it, and once the
// runtime gave back what it holds free), its CPU while they idle over
// 30 s, a DM's time to the screen (with conversations open), the time from
// connecting to the first screen for the last sessions to connect, one
// after another, and the server's CPU per sign-in for the first ones.
func BenchmarkSSHSessions(b *testing.B) {
	path, accts := benchSSHFile(b)
	raiseFileLimit(b)
	accts = withFriends(accts) // the last is the warm-up's
	accts = accts[:min(benchSessions()+1, len(accts))]
	rows := []benchRow{
		{name: "floor", floor: true, w: 80, h: 24},
		{name: "feed", w: 80, h: 24},
		{name: "chat", w: 80, h: 24, chatEach: 1},
		{name: "chat-120x40", w: 120, h: 40, chatEach: 1},
	}
	if only := os.Getenv(benchRowsEnv); only != "" {
		rows = slices.DeleteFunc(rows, func(r benchRow) bool { return !slices.Contains(strings.Split(only, ","), r.name) })
	}
	for b.Loop() {
		b.Logf("load: %s", loadAverage())
		fmt.Println("| sessions, screen, pane | RSS per session | idle CPU, % of a core | DM p99 | connect → live p99 | CPU per sign-in | goroutines per session | server RSS |")
		for _, row := range rows {
			reportRow(b, row, measureRow(b, path, accts, row))
		}
		b.Logf("load: %s", loadAverage())
		b.ReportMetric(0, "ns/op")
	}
}

// loadAverage is the machine's load, for the figures' record.
func loadAverage() string {
	out, _ := os.ReadFile("/proc/loadavg")
	return strings.TrimSpace(string(out))
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

// tenThousandEnv, when set, runs BenchmarkSSHTenThousand (make bench-10k):
// it seeds a network of 10,000 accounts once and takes a quarter of an
// hour, too long for every make bench.
const tenThousandEnv = "NUMENEON_BENCH_SSH_10K"

// BenchmarkSSHTenThousand: 10,000 signed-in sessions on one server, 80×24,
// a tenth of them with a conversation open, the rest on their feeds: the
// server's memory per session and in all, the load generator's, idle CPU
// over 30 s, a DM's time to the screen, the time from connecting to the
// first screen of the last 100 to connect (one after another), and that
// none was dropped.
func BenchmarkSSHTenThousand(b *testing.B) {
	if os.Getenv(tenThousandEnv) == "" {
		b.Skip("make bench-10k runs it (" + tenThousandEnv + "=1)")
	}
	const n = 10_000
	path, accts := benchSSHFileOf(b, n+100)
	raiseFileLimitFor(b, n+100)
	accts = withFriends(accts)
	if len(accts) < n+1 {
		b.Fatalf("%d accounts with a friend, want %d", len(accts), n+1)
	}
	row := benchRow{name: "10k", w: 80, h: 24, chatEach: 10}
	for b.Loop() {
		b.Logf("load: %s", loadAverage())
		f := measureRow(b, path, accts[:n+1], row)
		reportRow(b, row, f)
		b.ReportMetric(float64(f.total)/(1<<30), "server-GB")
		b.ReportMetric(float64(rss())/(1<<30), "loadgen-GB")
		b.Logf("load: %s; the load generator's RSS %.2f GB", loadAverage(), float64(rss())/(1<<30))
		b.ReportMetric(0, "ns/op")
	}
}
