package ssh

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
	id     string             // random: one connection can carry several sessions
	addr   string             // the client's IP
	user   int64              // who is signed in, 0 for a newcomer; guarded by Server.mu
	cancel context.CancelFunc // ends it
	reason atomic.Int32       // why the server ended it

	sess        gliderssh.Session
	ch          *channel  // its window size and input
	out, errOut io.Writer // its output, with the write timeout
	log         *log.Logger
}

// end ends the session, for a reason the person is told of. It never
// waits: the session ends as soon as it can (a write under way to a client
// that stopped reading finishes, or the write timeout drops it).
func (x *session) end(reason int32) {
	x.reason.CompareAndSwap(endNone, reason)
	x.cancel()
}

// handle is the handler of every session, on its channel: a script
// command, or a TUI.
func (s *Server) handle(sess gliderssh.Session, conn *connection, ch *channel) {
	conn.sessionStarted()
	defer conn.sessionEnded()
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	id := identityOf(sess.Context())
	x := &session{id: rand.Text(), addr: conn.addr, cancel: cancel, sess: sess, ch: ch,
		out: conn.deadline(sess), errOut: conn.deadline(sess.Stderr())}
	x.log = s.log.With("session", shortID(x.id), "user", id.name(sess.User()), "addr", x.addr)
	defer func() {
		if r := recover(); r != nil {
			x.log.Error("session panicked", "panic", r, "stack", string(debug.Stack()))
			fmt.Fprint(x.errOut, "numeneon: something went wrong on our side; the session ends.\r\n")
			sess.Exit(1)
		}
	}()
	if err := s.admit(x, id.user.ID); err != nil {
		x.log.Warn("session refused", "why", err)
		fmt.Fprintf(x.errOut, "numeneon: %v\r\n", err)
		sess.Exit(1)
		return
	}
	defer s.release(x)
	start := time.Now()
	cmd := sess.Command()
	if len(cmd) > 0 && cmd[0] == "open" {
		// Not a script command: the TUI, at a post.
		code := s.openTUI(ctx, x, id, cmd[1:])
		x.log.Info("disconnected", "after", time.Since(start).Round(time.Second), "opened", true)
		sess.Exit(code)
		return
	}
	if len(cmd) > 0 {
		code := s.command(ctx, x, id, cmd)
		x.log.Info("command", "name", plain(cmd[0]), "status", code, "took", time.Since(start).Round(time.Millisecond))
		sess.Exit(code)
		return
	}
	x.log.Info("connected", "login", id.how())
	code := s.runTUI(ctx, x, id, 0)
	x.log.Info("disconnected", "after", time.Since(start).Round(time.Second))
	sess.Exit(code)
}

// command runs a script command for a signed-in person.
func (s *Server) command(ctx context.Context, x *session, id identity, args []string) int {
	if id.user.ID == 0 {
		fmt.Fprintf(x.errOut, "numeneon: %s\n", s.noAccount(plain(x.sess.User())))
		return 1
	}
	return RunCommand(ctx, s.svc, id.user, args, x.sess, x.out, x.errOut, slog.New(x.log))
}

// openTUI runs the TUI at a post (ssh -t HOST open LINK): the link is
// checked first, and a session without a terminal is told to ask for one.
func (s *Server) openTUI(ctx context.Context, x *session, id identity, args []string) int {
	x.log.Info("connected", "login", id.how(), "open", true)
	if len(args) != 1 {
		fmt.Fprint(x.errOut, "usage: open LINK (numeneon://post/12, #12 or 12), from a terminal: ssh -t HOST open LINK\n")
		return ExitUsage
	}
	post, err := tui.ParsePostLink(args[0])
	if err != nil {
		fmt.Fprintln(x.errOut, "numeneon: "+errorText(err))
		return ExitUsage
	}
	return s.runTUI(ctx, x, id, post)
}

// resizeEvery is the least time between two window sizes a session's
// program is given: a window dragged by its corner redraws ten times a
// second, and a client asking for thousands of sizes a second costs no
// more.
const resizeEvery = 100 * time.Millisecond

// runTUI runs the session's own TUI on its terminal until it quits, the
// connection drops, it idles out or the server shuts down (ctx ends).
func (s *Server) runTUI(ctx context.Context, x *session, id identity, openPost int64) int {
	sess := x.sess
	pty, _, ok := sess.Pty()
	if !ok {
		fmt.Fprint(x.errOut, "numeneon is a full-screen app: connect from a terminal (ssh -t), or give a command (ssh <host> help).\n")
		return 1
	}
	env := append(sess.Environ(), "TERM="+pty.Term)
	profile := colorprofile.Env(env)
	w, h := clampSize(pty.Window.Width, pty.Window.Height)

	// Presence is written in the background, off the way to the first
	// screen and out of the session's Update; the end waits for it, so
	// that the session is not marked online after it was marked offline.
	var marking sync.WaitGroup
	markOnline := func(user int64) {
		marking.Go(func() { s.presence.online(context.WithoutCancel(ctx), user, x.id) })
	}
	defer func() {
		marking.Wait()
		s.presence.offline(x.id)
	}()

	opts := tui.Options{Service: s.svc, Username: plain(sess.User()), Logger: slog.New(x.log), Remote: true,
		Gate: gate{s, x.addr}, SignUps: s.svc.SignUpRules().Mode, OpenPost: openPost, WebURL: s.cfg.WebURL}
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
	opts.OnSignIn = func(u model.User) error {
		moved, err := s.signIn(x, u.ID)
		switch {
		case err != nil:
			x.log.Warn("sign-in refused", "as", plain(u.Username), "why", err)
		case moved:
			markOnline(u.ID)
		}
		return err
	}

	p := tui.NewProgram(ctx, opts, tui.Terminal{In: sess, Out: x.out, Env: env, Width: w, Height: h, Profile: &profile},
		tea.WithoutSignalHandler(), tea.WithFilter(noSuspend))
	go func() {
		// The program takes the latest size when it can, and at most one
		// per resizeEvery: the sizes asked for meanwhile are never waited
		// on, and a storm of them costs a few frames.
		for {
			select {
			case <-ctx.Done():
				return
			case <-x.ch.size.changed:
			}
			w, h := clampSize(x.ch.size.get())
			p.Send(tea.WindowSizeMsg{Width: w, Height: h})
			select {
			case <-ctx.Done():
				return
			case <-time.After(resizeEvery):
			}
		}
	}()
	idle := s.watchIdle(x)
	defer idle.Stop()

	switch err := p.Run(); {
	case errors.Is(err, tui.ErrInputOverflow):
		x.log.Warn("session ended", "why", err)
		fmt.Fprintf(x.out, "numeneon: the session ends: %v.\r\n", err)
	case err != nil:
		x.log.Error("session ended with an error", "err", err)
	}
	if why := p.App.Farewell(); why != "" {
		fmt.Fprintf(x.out, "numeneon: %s\r\n", why)
	}
	switch x.reason.Load() {
	case endIdle:
		fmt.Fprintf(x.out, "numeneon: closed after %s without a key pressed. Connect again any time.\r\n", s.cfg.IdleTimeout)
	case endShutdown:
		fmt.Fprint(x.out, "numeneon: the server is restarting; connect again in a moment.\r\n")
	}
	return 0
}

// watchIdle ends x once no key was pressed for the idle timeout. Its
// timer wakes once per timeout, not more.
func (s *Server) watchIdle(x *session) *time.Timer {
	var t *time.Timer
	t = time.AfterFunc(s.cfg.IdleTimeout, func() {
		if left := s.cfg.IdleTimeout - time.Since(x.ch.in.lastRead()); left > 0 {
			t.Reset(left)
			return
		}
		x.end(endIdle)
	})
	return t
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
