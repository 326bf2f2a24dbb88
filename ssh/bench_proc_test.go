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
	RSS        uint64        `json:"rss"` // bytes, VmRSS
	Goroutines int           `json:"goroutines"`
	CPU        time.Duration `json:"cpu"` // user + system
	Sessions   int           `json:"sessions"`
}

// TestBenchSSHServer is not a test: run by the SSH benchmarks in a
// process of its own, it serves on 127.0.0.1:0, prints "addr ADDR", and
// answers lines on stdin until stdin closes:
//
//	stats          one line of procStats in JSON, after a GC
//	cpu            the process's CPU time so far, in ns, without a GC
//	cpu-start NAME start a CPU profile (with benchProfileEnv)
//	cpu-stop       stop it
//	heap NAME      write a heap profile (with benchProfileEnv)
//	goroutines NAME  write every goroutine's stack (with benchProfileEnv)
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
			MaxSessions: 10_000, Instance: "bench"}, model.NewService(db))
		if err != nil {
			t.Fatal(err)
		}
		serve, shutdown, sessions = srv.Serve, srv.Shutdown, srv.Sessions
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve(l) }()
	fmt.Printf("addr %s\n", l.Addr())

	profDir := os.Getenv(benchProfileEnv)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(in.Text()), " ")
		switch cmd {
		case "stats":
			// Resident memory once the runtime has given back what it
			// holds free (after the burst of first screens, say), in both
			// servers alike: what the sessions need, not what a
			// moment's garbage left.
			debug.FreeOSMemory()
			st := procStats{CPU: cpuTime(), Goroutines: runtime.NumGoroutine(), Sessions: sessions(), RSS: rss()}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			st.HeapAlloc, st.HeapInuse = m.HeapAlloc, m.HeapInuse
			out, _ := json.Marshal(st)
			fmt.Printf("stats %s\n", out)
		case "cpu":
			fmt.Printf("cpu %d\n", cpuTime())
		case "cpu-start":
			if profDir != "" {
				f, err := os.Create(filepath.Join(profDir, "cpu-"+arg+".pprof"))
				if err == nil {
					err = pprof.StartCPUProfile(f)
				}
				if err != nil {
					logger.Error("cpu profile", "err", err)
				}
			}
			fmt.Println("ok")
		case "cpu-stop":
			pprof.StopCPUProfile()
			fmt.Println("ok")
		case "heap":
			if profDir != "" {
				runtime.GC()
				if f, err := os.Create(filepath.Join(profDir, "heap-"+arg+".pprof")); err == nil {
					pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
			fmt.Println("ok")
		case "goroutines":
			if profDir != "" {
				if f, err := os.Create(filepath.Join(profDir, "goroutines-"+arg+".txt")); err == nil {
					pprof.Lookup("goroutine").WriteTo(f, 2)
					f.Close()
				}
			}
			fmt.Println("ok")
		default:
			fmt.Printf("error unknown command %q\n", cmd)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	shutdown(ctx)
	select {
	case <-done:
	case <-ctx.Done():
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
// SQLite path).
func startServerProc(b *testing.B, what string) *serverProc {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestBenchSSHServer$", "-test.timeout", "60m")
	cmd.Env = append(os.Environ(), benchServerEnv+"="+what)
	cmd.Stderr = os.Stderr
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
