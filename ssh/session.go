package ssh

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	gliderssh "charm.land/ssh"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui"
)

// Why a session ended, when the server ended it.
const (
	endNone = iota
	endIdle
	endShutdown
)

// session is one SSH session being handled.
type session struct {
	id   string // random: one connection can carry several sessions
	user int64  // who is signed in, 0 before; guarded by Server.mu

	mu     sync.Mutex
	p      *tui.Program // nil for a script command
	reason int
}

// end ends the session's TUI for a reason the person is told of.
func (x *session) end(reason int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.reason == endNone {
		x.reason = reason
	}
	if x.p != nil {
		x.p.Quit()
	}
}

// handle is the server's only handler: a script command, or a TUI.
func (s *Server) handle(next gliderssh.Handler) gliderssh.Handler {
	return func(sess gliderssh.Session) {
		id := identityOf(sess.Context())
		x := &session{id: rand.Text()}
		log := s.log.With("session", shortID(x.id), "user", plain(sess.User()), "addr", remoteIP(sess.RemoteAddr()))
		defer func() {
			if r := recover(); r != nil {
				log.Error("session panicked", "panic", r, "stack", string(debug.Stack()))
				fmt.Fprint(sess.Stderr(), "numeneon: something went wrong on our side; the session ends.\r\n")
				sess.Exit(1)
			}
		}()
		if err := s.admit(x, id.user.ID); err != nil {
			log.Warn("session refused", "why", err)
			fmt.Fprintf(sess.Stderr(), "numeneon: %v\r\n", err)
			sess.Exit(1)
			return
		}
		defer s.release(x)
		start := time.Now()
		if cmd := sess.Command(); len(cmd) > 0 {
			code := s.command(sess, id, cmd)
			log.Info("command", "name", plain(cmd[0]), "status", code, "took", time.Since(start).Round(time.Millisecond))
			sess.Exit(code)
			return
		}
		log.Info("connected", "login", id.how())
		code := s.runTUI(sess, x, id, log)
		log.Info("disconnected", "after", time.Since(start).Round(time.Second))
		sess.Exit(code)
	}
}

// command runs a script command for a signed-in person.
func (s *Server) command(sess gliderssh.Session, id identity, args []string) int {
	if id.user.ID == 0 {
		name := plain(sess.User())
		fmt.Fprintf(sess.Stderr(), "numeneon: there is no account %q. Connect without a command to sign up: ssh %s@<host>\n", name, name)
		return 1
	}
	return RunCommand(sess.Context(), s.svc, id.user, args, sess, sess, sess.Stderr())
}

// runTUI runs the session's own TUI on its terminal until it quits, the
// connection drops, it idles out or the server shuts down.
func (s *Server) runTUI(sess gliderssh.Session, x *session, id identity, log *log.Logger) int {
	pty, windows, ok := sess.Pty()
	if !ok {
		fmt.Fprint(sess.Stderr(), "numeneon is a full-screen app: connect from a terminal (ssh -t), or give a command (ssh <host> help).\n")
		return 1
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	env := append(sess.Environ(), "TERM="+pty.Term)
	profile := colorprofile.Env(env)
	w, h := clampSize(pty.Window.Width, pty.Window.Height)

	// Presence is written in the background, off the way to the first
	// screen and out of the session's Update; the end waits for it, so
	// that the session is not marked online after it was marked offline.
	var marking sync.WaitGroup
	markOnline := func(user int64) {
		marking.Add(1)
		go func() {
			defer marking.Done()
			s.presence.online(context.WithoutCancel(ctx), user, x.id)
		}()
	}
	defer func() {
		marking.Wait()
		s.presence.offline(x.id)
	}()

	opts := tui.Options{Service: s.svc, Username: plain(sess.User())}
	if id.user.ID != 0 {
		u := id.user
		opts.User = &u
		markOnline(u.ID)
	} else {
		opts.SignUp = true
	}
	if id.key != nil && !id.keyKnown {
		opts.SSHKey = strings.TrimSpace(string(gossh.MarshalAuthorizedKey(id.key)))
	}
	opts.OnSignIn = func(u model.User) {
		if u.ID != x.user {
			s.signedIn(x, u.ID)
			markOnline(u.ID)
		}
	}

	var lastKey atomic.Int64
	lastKey.Store(time.Now().UnixNano())
	in := activityReader{r: sess, last: &lastKey}
	p := tui.NewProgram(ctx, opts, tui.Terminal{
		In: in, Out: sess, Env: env, Width: w, Height: h,
		Profile: &profile,
	}, tea.WithoutSignalHandler(), tea.WithFilter(noSuspend))
	x.mu.Lock()
	x.p = p
	quitEarly := x.reason != endNone // shut down while starting
	x.mu.Unlock()
	if quitEarly {
		p.Quit()
	}

	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case win, ok := <-windows:
				if !ok {
					return
				}
				w, h := clampSize(win.Width, win.Height)
				p.Send(tea.WindowSizeMsg{Width: w, Height: h})
			}
		}
	}()
	idle := s.watchIdle(x, &lastKey)
	defer idle.Stop()

	if err := p.Run(); err != nil {
		log.Error("session ended with an error", "err", err)
	}
	x.mu.Lock()
	reason := x.reason
	x.mu.Unlock()
	switch reason {
	case endIdle:
		fmt.Fprintf(sess, "numeneon: closed after %s without a key pressed. Connect again any time.\r\n", s.cfg.IdleTimeout)
	case endShutdown:
		fmt.Fprint(sess, "numeneon: the server is restarting; connect again in a moment.\r\n")
	}
	return 0
}

// watchIdle ends x once no key was pressed for the idle timeout. Its
// timer wakes once per timeout, not more.
func (s *Server) watchIdle(x *session, lastKey *atomic.Int64) *time.Timer {
	var t *time.Timer
	t = time.AfterFunc(s.cfg.IdleTimeout, func() {
		if left := s.cfg.IdleTimeout - time.Since(time.Unix(0, lastKey.Load())); left > 0 {
			t.Reset(left)
			return
		}
		x.end(endIdle)
	})
	return t
}

// activityReader notes when the person last typed.
type activityReader struct {
	r    io.Reader
	last *atomic.Int64
}

func (a activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.last.Store(time.Now().UnixNano())
	}
	return n, err
}

// noSuspend keeps ctrl+z from suspending a program that has no shell to
// go back to.
func noSuspend(_ tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(tea.SuspendMsg); ok {
		return tea.ResumeMsg{}
	}
	return msg
}

func clampSize(w, h int) (int, int) {
	return min(max(w, 1), maxWidth), min(max(h, 1), maxHeight)
}

func shortID(id string) string {
	if len(id) > 10 {
		return id[:10]
	}
	return id
}
