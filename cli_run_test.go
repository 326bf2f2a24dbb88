//go:build linux

package main

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"golang.org/x/sys/unix"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// ptyScreen runs numeneon in-process on a pseudo-terminal of w×h and shows
// what it draws through a terminal emulator.
type ptyScreen struct {
	t    *testing.T
	pty  *os.File
	mu   sync.Mutex
	emu  *vt.Emulator
	code chan int
}

func runOnPTY(t *testing.T, e *env, w, h int, args ...string) *ptyScreen {
	t.Helper()
	tty, pty := openRawPTY(t)
	if err := unix.IoctlSetWinsize(int(pty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: uint16(h), Col: uint16(w)}); err != nil {
		t.Fatal(err)
	}
	s := &ptyScreen{t: t, pty: pty, emu: vt.NewEmulator(w, h), code: make(chan int, 1)}
	// The terminal's answers to the app's queries (its background colour)
	// go back to the app as input, as a real terminal's do.
	go io.Copy(pty, s.emu)
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := pty.Read(buf)
			if n > 0 {
				s.mu.Lock()
				s.emu.Write(buf[:n])
				s.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() { s.code <- e.app(tty, tty, tty).Run(ctx, args) }()
	return s
}

// openRawPTY opens a pseudo-terminal whose output the caller reads.
func openRawPTY(t *testing.T) (tty, pty *os.File) {
	t.Helper()
	pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { pty.Close() })
	if err := unix.IoctlSetPointerInt(int(pty.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(pty.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return tty, pty
}

func (s *ptyScreen) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

// wait waits until the screen shows every text.
func (s *ptyScreen) wait(texts ...string) {
	s.t.Helper()
	s.waitFor(strings.Join(texts, " and "), func(scr string) bool {
		for _, x := range texts {
			if !strings.Contains(scr, x) {
				return false
			}
		}
		return true
	})
}

// waitFor waits until the screen satisfies ok, for up to 20 seconds.
func (s *ptyScreen) waitFor(what string, ok func(screen string) bool) {
	s.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !ok(s.screen()); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			s.t.Fatalf("waited for %s; the screen shows:\n%s", what, s.screen())
		}
	}
}

func (s *ptyScreen) send(keys string) {
	if _, err := s.pty.WriteString(keys); err != nil {
		s.t.Fatal(err)
	}
}

// exit waits for numeneon to end and wants status 0.
func (s *ptyScreen) exit() {
	s.t.Helper()
	select {
	case code := <-s.code:
		if code != 0 {
			s.t.Errorf("exit %d; the screen shows:\n%s", code, s.screen())
		}
	case <-time.After(10 * time.Second):
		s.t.Fatalf("numeneon did not quit; the screen shows:\n%s", s.screen())
	}
}

// TestRunOnTerminal: numeneon on a terminal logs in, remembers the
// sign-in for the next run, and gives the terminal back when it quits.
func TestRunOnTerminal(t *testing.T) {
	e := newEnv(t)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	s := runOnPTY(t, e, 100, 30, "--db", e.db)
	s.wait("Log in", "Username or e-mail")
	s.send("alice\tgood password\r")
	s.wait("1 Feed", "alice", "live")
	s.send("\x03") // ctrl+c
	s.exit()
	s.waitFor("the normal screen back", func(scr string) bool { return !strings.Contains(scr, "1 Feed") })

	again := runOnPTY(t, e, 100, 30, "--db", e.db)
	again.wait("1 Feed", "alice") // no login: the sign-in was remembered
	again.send("q")
	again.exit()
}

// TestDemoOnTerminal: numeneon demo opens signed in as alice, and the
// others write to her within ten seconds.
func TestDemoOnTerminal(t *testing.T) {
	e := newEnv(t)
	s := runOnPTY(t, e, 120, 40, "demo", "--file", e.dir+"/demo.db")
	s.wait("1 Feed", "alice", "live")
	s.waitFor("a message's unread badge", func(scr string) bool { return strings.Contains(scr, "4 Chat (") })
	s.send("\x03")
	s.exit()
}

// TestOpenOnTerminal: numeneon open numeneon://post/ID shows that post's
// thread once signed in; a link that is not a post's, or a --web-url
// that is not a web address, is a usage error.
func TestOpenOnTerminal(t *testing.T) {
	e := newEnv(t)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	db, err := storage.Open(context.Background(), e.db)
	if err != nil {
		t.Fatal(err)
	}
	svc := model.NewService(db)
	alice, err := svc.UserByUsername(context.Background(), 1, "alice")
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.CreatePost(context.Background(), alice.ID, model.NewPost{Type: model.Thoughts, Content: "the post the link names"})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s := runOnPTY(t, e, 100, 30, "--db", e.db, "--web-url", "https://numeneon.example", "open", "numeneon://post/"+strconv.FormatInt(p.ID, 10))
	s.wait("Log in", "Username or e-mail")
	s.send("alice\tgood password\r")
	s.wait("› Post", "the post the link names")
	s.send("\x03")
	s.exit()

	for _, args := range [][]string{{"open", "numeneon://user/1"}, {"--web-url", "ftp://numeneon.example", "open", "12"}} {
		r := e.run("", append([]string{"--db", e.db}, args...)...)
		if r.code != exitUsage {
			t.Errorf("numeneon %v: exit %d, want %d; stderr %q", args, r.code, exitUsage, r.stderr)
		}
	}
}
