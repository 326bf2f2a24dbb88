package tui

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
)

// The TUI's performance targets (make bench):
//   - from a session's start to its first feed drawn, on 1,000,000 posts:
//     under 150 ms;
//   - View of the busiest screen at 200×60: under 2 ms;
//   - an idle signed-in session: under 5 MB of heap, no CPU over 60 s;
//   - a DM written by another process on the receiver's screen: p99
//     under 50 ms.

// benchFile is the network of 10,000 users and 1,000,000 posts that the
// storage benchmarks use too, made on first use and kept.
func benchFile(b *testing.B) string {
	dir := os.Getenv("NUMENEON_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, "numeneon-bench-10000-1000000.db")
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	var posts int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM posts_post`).Scan(&posts); err != nil {
		b.Fatal(err)
	}
	if posts < 1_000_000 {
		b.Logf("seeding 10,000 users and 1,000,000 posts into %s (once)", path)
		if _, err := seed.Run(ctx, db, seed.Options{Users: 10_000, Posts: 1_000_000, Clear: true,
			Hasher: model.Hasher{Iterations: 1000}}); err != nil {
			b.Fatal(err)
		}
	}
	return path
}

// reportLatencies reports the 50th and 99th percentiles of ds in ms.
func reportLatencies(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	at := func(p float64) float64 {
		return float64(ds[min(int(float64(len(ds))*p), len(ds)-1)]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkStartToFeed: from making the session of a signed-in person with
// many friends to their River drawn, on 1,000,000 posts.
func BenchmarkStartToFeed(b *testing.B) {
	e := openTestEnv(b, benchFile(b))
	e.db.Now = time.Now
	var id int64
	if err := e.db.SQL().QueryRow(`SELECT user_id FROM friends_friendship GROUP BY user_id
		ORDER BY COUNT(*) DESC, user_id LIMIT 1`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	u, err := e.op.User(e.ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	var ds []time.Duration
	for b.Loop() {
		start := time.Now()
		lt := startTerm(b, Options{Service: e.svc, User: &u}, 120, 40)
		lt.waitText("💭 Thoughts")
		ds = append(ds, time.Since(start))
		lt.stop()
	}
	reportLatencies(b, ds)
}

// BenchmarkView draws each screen at 200×60 on the sample network, with a
// long conversation in the chat.
func BenchmarkView(b *testing.B) {
	e := newSampleEnv(b)
	alice, bob := e.user("alice"), e.user("bob")
	for i := range 300 {
		from, to := alice.ID, bob.ID
		if i%3 == 0 {
			from, to = to, from
		}
		if _, err := e.svc.SendMessage(e.ctx, from, to, fmt.Sprintf("message %d of a long chat, with a few words to wrap 日本語 👍🏽", i)); err != nil {
			b.Fatal(err)
		}
	}
	screens := []struct {
		name string
		tab  tab
		make func(c *Common) pane
		keys []string
	}{
		{"river", tabFeed, newFeed, nil},
		{"column", tabFeed, newFeed, []string{"v"}},
		{"profile", tabProfile, func(c *Common) pane { return newProfile(c, alice.ID) }, nil},
		{"friends", tabFriends, newFriends, nil},
		{"chat", tabChat, newChat, []string{"enter"}},
		{"notifications", tabFeed, newNotices, nil},
	}
	for _, sc := range screens {
		b.Run(sc.name, func(b *testing.B) {
			c := e.common(alice, 200, 60, true)
			p := sc.make(c)
			p.SetSize(200, 60-chrome)
			settle(b, p, p.Init())
			settle(b, p, p.Focus())
			press(b, p, sc.keys...)
			a := &App{c: c, active: sc.tab, live: true, liveKnown: true}
			a.tabs[sc.tab] = p
			for b.Loop() {
				_ = a.view()
			}
		})
	}
}

// BenchmarkIdleSession: the heap a signed-in session holds once it has
// drawn its feed (20 sessions, divided; on a terminal that takes what it
// is sent and shows nothing, so that only the session is counted), and
// what one session spends over 60 idle seconds: CPU time, messages
// handled, bytes written.
func BenchmarkIdleSession(b *testing.B) {
	e := newSampleEnv(b)
	alice := e.user("alice")
	const sessions = 20
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for b.Loop() {
		before := heap()
		var quiet []*quietSession
		for range sessions {
			quiet = append(quiet, startQuiet(b, Options{Service: e.svc, User: &alice}))
		}
		for _, q := range quiet {
			q.settle()
		}
		b.ReportMetric(float64(heap()-before)/sessions/(1<<20), "heap-MB/session")
		for _, q := range quiet[1:] {
			q.stop()
		}
		q := quiet[0]
		q.settle()
		cpu := func() time.Duration {
			var ru syscall.Rusage
			syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
			return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		start, msgs, bytes := cpu(), q.msgs.Load(), q.bytes.Load()
		time.Sleep(60 * time.Second)
		b.ReportMetric(float64(cpu()-start)/float64(time.Millisecond), "cpu-ms/60s-idle")
		b.ReportMetric(float64(q.msgs.Load()-msgs), "msgs/60s-idle")
		b.ReportMetric(float64(q.bytes.Load()-bytes), "bytes/60s-idle")
		q.stop()
	}
}

// quietSession is a session on a terminal that shows nothing: it counts
// what it is sent.
type quietSession struct {
	p      *Program
	msgs   atomic.Int64
	bytes  atomic.Int64
	in     *io.PipeWriter
	cancel context.CancelFunc
	done   chan struct{}
}

type countingWriter struct{ n *atomic.Int64 }

func (w countingWriter) Write(p []byte) (int, error) { w.n.Add(int64(len(p))); return len(p), nil }

func startQuiet(tb testing.TB, opts Options) *quietSession {
	return startQuietSize(tb, opts, 120, 40)
}

// startQuietSize starts a quiet session on a terminal of w×h.
func startQuietSize(tb testing.TB, opts Options, w, h int) *quietSession {
	ctx, cancel := context.WithCancel(context.Background())
	in, inw := io.Pipe()
	q := &quietSession{in: inw, cancel: cancel, done: make(chan struct{})}
	count := tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg { q.msgs.Add(1); return msg })
	profile := colorprofile.ANSI256
	q.p = NewProgram(ctx, opts, Terminal{In: in, Out: countingWriter{&q.bytes}, Env: []string{"TERM=xterm-256color"},
		Width: w, Height: h, Profile: &profile}, tea.WithoutSignalHandler(), count)
	go func() { defer close(q.done); q.p.Run() }()
	tb.Cleanup(q.stop)
	return q
}

// settle waits until the session has been quiet for 200 ms.
func (q *quietSession) settle() {
	for quiet := 0; quiet < 20; {
		m := q.msgs.Load()
		time.Sleep(10 * time.Millisecond)
		if q.msgs.Load() == m {
			quiet++
		} else {
			quiet = 0
		}
	}
}

func (q *quietSession) stop() {
	q.cancel()
	q.in.Close()
	<-q.done
}

// dmWriterEnv, when set, makes TestBenchDMWriter the other process of
// BenchmarkLiveDM: it writes messages to alice and exits.
const dmWriterEnv = "NUMENEON_BENCH_DM_WRITER"

// TestBenchDMWriter is not a test: run by BenchmarkLiveDM in a process of
// its own, it sends alice messages whose text is the moment each write
// began, a few tens of milliseconds apart.
func TestBenchDMWriter(t *testing.T) {
	path := os.Getenv(dmWriterEnv)
	if path == "" {
		t.Skip("only run by BenchmarkLiveDM")
	}
	n, _ := strconv.Atoi(os.Getenv("NUMENEON_BENCH_DMS"))
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	op := model.NewOperator(db)
	alice, _ := op.UserByUsername(ctx, "alice")
	bob, _ := op.UserByUsername(ctx, "bob")
	svc := model.NewService(db)
	for range n {
		if _, err := svc.SendMessage(ctx, bob.ID, alice.ID, "ping "+strconv.FormatInt(time.Now().UnixNano(), 10)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+time.Now().UnixNano()%30) * time.Millisecond)
	}
}

// BenchmarkLiveDM: bob, in another process, writes to alice, whose chat
// with him is open; each message's time from the start of its write to
// its text on alice's screen.
func BenchmarkLiveDM(b *testing.B) {
	e := newSampleEnv(b)
	alice := e.user("alice")
	lt := startTerm(b, Options{Service: e.svc, User: &alice}, 120, 40)
	lt.waitText("1 Feed", "◉ live")
	lt.keys(":")
	lt.typeText("dm bob")
	lt.keys("enter")
	lt.waitText("Message Bob")
	pings := regexp.MustCompile(`ping (\d+)`)
	var (
		mu   sync.Mutex
		seen = map[int64]time.Duration{}
	)
	lt.onFrame(func(screen string) {
		now := time.Now()
		mu.Lock()
		defer mu.Unlock()
		for _, m := range pings.FindAllStringSubmatch(screen, -1) {
			ts, _ := strconv.ParseInt(m[1], 10, 64)
			if _, ok := seen[ts]; !ok {
				seen[ts] = now.Sub(time.Unix(0, ts))
			}
		}
	})
	for b.Loop() {
		clear(seen)
		const n = 200
		cmd := exec.Command(os.Args[0], "-test.run", "^TestBenchDMWriter$")
		cmd.Env = append(os.Environ(), dmWriterEnv+"="+e.path, "NUMENEON_BENCH_DMS="+strconv.Itoa(n))
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("the writer: %v\n%s", err, out)
		}
		lt.waitFor("every message shown", func(string) bool {
			mu.Lock()
			defer mu.Unlock()
			return len(seen) >= n
		})
		mu.Lock()
		var ds []time.Duration
		for _, d := range seen {
			ds = append(ds, d)
		}
		mu.Unlock()
		reportLatencies(b, ds)
	}
}
