package ssh

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	gliderssh "charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The servers under load run in processes of their own (the test binary
// again, as TestBenchSSHServer), so that what is measured of them is not
// mixed with the load generator's clients and emulators.

// benchServerEnv, when set, makes TestBenchSSHServer a server under load:
// "floor" for the bare Wish + Bubble Tea program, else the path of the
// SQLite file numeneon serves.
const benchServerEnv = "NUMENEON_BENCH_SSH_SERVER"

// benchProfileEnv, when set to a directory, makes the server write a CPU
// profile of each measured window (cpu-<name>.pprof), heap profiles
// (heap-<name>.pprof) and goroutine stacks (goroutines-<name>.txt) there,
// for go tool pprof.
const benchProfileEnv = "NUMENEON_BENCH_SSH_PROFILE"

// procStats is what a server process says of itself.
type procStats struct {
	HeapAlloc  uint64        `json:"heap_alloc"` // after a GC
	HeapInuse  uint64        `json:"heap_inuse"`
	StackInuse uint64        `json:"stack_inuse"` // goroutines' stacks
	RSS        uint64        `json:"rss"`         // bytes, VmRSS
	Goroutines int           `json:"goroutines"`
	CPU        time.Duration `json:"cpu"` // user + system
	Sessions   int           `json:"sessions"`
	Conns      int           `json:"conns"`
}

// TestBenchSSHServer is not a test: run by the SSH benchmarks in a
// process of its own, it serves on 127.0.0.1:0, prints "addr ADDR", and
// answers lines on stdin until stdin closes:
//
//	stats          one line of procStats in JSON, after a GC
//	cpu            the process's CPU time so far, in ns, without a GC
//	rss            the process's resident set as the OS has it, in bytes,
//	               without a GC
//	cpu-start NAME start a CPU profile (with benchProfileEnv)
//	cpu-stop       stop it
//	heap NAME      write a heap profile (with benchProfileEnv)
//	goroutines NAME  write every goroutine's stack (with benchProfileEnv)
//	conns          connections and sessions open, without a GC
//	stuck          how many sessions wait in a write to a client
//
// On SIGTERM it shuts down as serve does, within benchGrace, and says
// "stopped NS ERR" (how long it took, and Shutdown's error) before it ends.
func TestBenchSSHServer(t *testing.T) {
	what := os.Getenv(benchServerEnv)
	if what == "" {
		t.Skip("only run by the SSH benchmarks")
	}
	logger := log.NewWithOptions(os.Stderr, log.Options{Level: log.WarnLevel, Prefix: "server"})
	hostKey := filepath.Join(t.TempDir(), "host_key")
	var (
		serve    func(net.Listener) error
		shutdown func(context.Context) error
		sessions = func() int { return -1 }
		conns    = func() int { return -1 }
	)
	if what == "floor" {
		srv, err := floorServer(hostKey)
		if err != nil {
			t.Fatal(err)
		}
		serve, shutdown = srv.Serve, srv.Shutdown
	} else {
		ctx := context.Background()
		db, err := storage.Open(ctx, what)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		srv, err := New(Config{Listen: "127.0.0.1:0", HostKeyPath: hostKey, Logger: logger,
			MaxSessions: 20_000, MaxConnections: 20_000, Instance: "bench"}, model.NewService(db))
		if err != nil {
			t.Fatal(err)
		}
		serve, shutdown, sessions, conns = srv.Serve, srv.Shutdown, srv.Sessions, srv.Connections
		SetRuntimeDefaults() // as serve runs
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve(l) }()
	fmt.Printf("addr %s\n", l.Addr())

	lines := make(chan string)
	go func() {
		defer close(lines)
		for in := bufio.NewScanner(os.Stdin); in.Scan(); {
			lines <- in.Text()
		}
	}()
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	grace := 20 * time.Second
	a := benchAnswerer{profDir: os.Getenv(benchProfileEnv), logger: logger, sessions: sessions, conns: conns}
	for stopped := false; !stopped; {
		select {
		case line, ok := <-lines:
			stopped = !ok
			if ok {
				a.answer(line)
			}
		case <-term:
			grace, stopped = benchGrace, true
		}
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err = shutdown(ctx)
	fmt.Printf("stopped %d %v\n", time.Since(start), err)
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// benchGrace is the server's grace on SIGTERM, serve's default.
const benchGrace = 5 * time.Second

// benchAnswerer answers the load generator's questions.
type benchAnswerer struct {
	profDir         string
	logger          *log.Logger
	sessions, conns func() int
}

func (a benchAnswerer) answer(line string) {
	cmd, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	switch cmd {
	case "stats":
		// Resident memory once the runtime has given back what it holds
		// free (after the burst of first screens, say), in both servers
		// alike: what the sessions need, not what a moment's garbage left.
		debug.FreeOSMemory()
		st := procStats{CPU: cpuTime(), Goroutines: runtime.NumGoroutine(), Sessions: a.sessions(), Conns: a.conns(), RSS: rss()}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		st.HeapAlloc, st.HeapInuse, st.StackInuse = m.HeapAlloc, m.HeapInuse, m.StackInuse
		out, _ := json.Marshal(st)
		fmt.Printf("stats %s\n", out)
	case "cpu":
		fmt.Printf("cpu %d\n", cpuTime())
	case "rss":
		fmt.Printf("rss %d\n", rss())
	case "conns":
		fmt.Printf("conns %d %d\n", a.conns(), a.sessions())
	case "stuck":
		fmt.Printf("stuck %d\n", writesWaiting())
	case "cpu-start":
		if a.profDir != "" {
			f, err := os.Create(filepath.Join(a.profDir, "cpu-"+arg+".pprof"))
			if err == nil {
				err = pprof.StartCPUProfile(f)
			}
			if err != nil {
				a.logger.Error("cpu profile", "err", err)
			}
		}
		fmt.Println("ok")
	case "cpu-stop":
		pprof.StopCPUProfile()
		fmt.Println("ok")
	case "heap":
		if a.profDir != "" {
			runtime.GC()
			if f, err := os.Create(filepath.Join(a.profDir, "heap-"+arg+".pprof")); err == nil {
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
		fmt.Println("ok")
	case "goroutines":
		if a.profDir != "" {
			if f, err := os.Create(filepath.Join(a.profDir, "goroutines-"+arg+".txt")); err == nil {
				pprof.Lookup("goroutine").WriteTo(f, 2)
				f.Close()
			}
		}
		fmt.Println("ok")
	default:
		fmt.Printf("error unknown command %q\n", cmd)
	}
}

// floorServer is the least a Wish + Bubble Tea server can be: a program
// that draws one line, with the middleware's default options (60 fps).
func floorServer(hostKey string) (*gliderssh.Server, error) {
	return wish.NewServer(
		wish.WithHostKeyPath(hostKey),
		wish.WithPublicKeyAuth(func(gliderssh.Context, gliderssh.PublicKey) bool { return true }),
		wish.WithMiddleware(bm.Middleware(func(gliderssh.Session) (tea.Model, []tea.ProgramOption) {
			return floorModel{}, nil
		})),
	)
}

type floorModel struct{}

func (floorModel) Init() tea.Cmd { return nil }

func (m floorModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "q" {
		return m, tea.Quit
	}
	return m, nil
}

func (floorModel) View() tea.View { return tea.NewView("the floor: one line") }

// cpuTime is the process's user and system time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rss is the process's resident set, from /proc/self/status.
func rss() uint64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// serverProc is a server under load, in its own process.
type serverProc struct {
	b     *testing.B
	addr  string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Scanner
}

// startServerProc starts TestBenchSSHServer serving what ("floor" or a
// SQLite path), its log on our standard error.
func startServerProc(b *testing.B, what string) *serverProc {
	return startServerProcTo(b, what, os.Stderr)
}

// startServerProcTo starts TestBenchSSHServer with its log to logs.
func startServerProcTo(b *testing.B, what string, logs io.Writer) *serverProc {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestBenchSSHServer$", "-test.timeout", "60m")
	cmd.Env = append(os.Environ(), benchServerEnv+"="+what)
	cmd.Stderr = logs
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	p := &serverProc{b: b, cmd: cmd, stdin: stdin, out: bufio.NewScanner(stdout)}
	b.Cleanup(p.stop)
	p.addr = p.read("addr")
	return p
}

// read returns the rest of the next line that starts with prefix.
func (p *serverProc) read(prefix string) string {
	p.b.Helper()
	for p.out.Scan() {
		if rest, ok := strings.CutPrefix(p.out.Text(), prefix+" "); ok {
			return rest
		}
		if p.out.Text() == prefix {
			return ""
		}
	}
	p.b.Fatalf("the server process ended without saying %q: %v", prefix, p.out.Err())
	return ""
}

func (p *serverProc) ask(line, answer string) string {
	p.b.Helper()
	if _, err := fmt.Fprintln(p.stdin, line); err != nil {
		p.b.Fatalf("the server process: %v", err)
	}
	return p.read(answer)
}

func (p *serverProc) stats() procStats {
	p.b.Helper()
	var st procStats
	if err := json.Unmarshal([]byte(p.ask("stats", "stats")), &st); err != nil {
		p.b.Fatal(err)
	}
	return st
}

// conns is how many connections and sessions the server has open.
func (p *serverProc) conns() (conns, sessions int) {
	p.b.Helper()
	fmt.Sscan(p.ask("conns", "conns"), &conns, &sessions)
	return conns, sessions
}

// rss is the server's resident set as the OS has it, in bytes: no GC,
// nothing given back first.
func (p *serverProc) rss() uint64 {
	p.b.Helper()
	n, _ := strconv.ParseUint(p.ask("rss", "rss"), 10, 64)
	return n
}

func (p *serverProc) cpu() time.Duration {
	p.b.Helper()
	ns, _ := strconv.ParseInt(p.ask("cpu", "cpu"), 10, 64)
	return time.Duration(ns)
}

// stop closes the server's stdin, which shuts it down, and waits for it.
func (p *serverProc) stop() {
	if p.stdin == nil {
		return
	}
	p.stdin.Close()
	p.stdin = nil
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}
