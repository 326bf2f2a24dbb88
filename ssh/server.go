// Package ssh serves numeneon over SSH with Wish: every session gets its
// own TUI (tui.Program) on the session's terminal, or runs one script
// command (ssh host feed --json). It knows people by their public keys or
// their web passwords, rations password checks, bounds sessions, keeps
// presence for friends to see, and shuts down gracefully. Like tui, it
// reaches numeneon only through the model.Service.
package ssh

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"sync"
	"time"

	"charm.land/log/v2"
	gliderssh "charm.land/ssh"
	"charm.land/wish/v2"

	"github.com/numeneon/numeneon/model"
)

// Config is how a server runs. Zero fields take the defaults.
type Config struct {
	// Listen is the address to listen on (default 127.0.0.1:23234).
	Listen string
	// HostKeyPath is the server's ed25519 key, made there on first start.
	HostKeyPath string
	// MaxSessions bounds the sessions open at once (default 2,000) and
	// MaxSessionsPerUser those of one account (default 10).
	MaxSessions        int
	MaxSessionsPerUser int
	// IdleTimeout closes a TUI session after this long without a key
	// pressed (default 30 minutes).
	IdleTimeout time.Duration
	// PasswordChecks is how many password checks run at once (default:
	// half the cores, at least one).
	PasswordChecks int
	// Instance names this server among several on one database (default:
	// host name and process id).
	Instance string
	// Logger gets the server's log (default: stderr).
	Logger *log.Logger
}

// DefaultListen is where serve listens unless told otherwise.
const DefaultListen = "127.0.0.1:23234"

// Absurd terminal sizes are taken as at most this: a screen's buffers grow
// with its area.
const maxWidth, maxHeight = 1000, 500

func (c Config) withDefaults() Config {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.MaxSessions <= 0 {
		c.MaxSessions = 2000
	}
	if c.MaxSessionsPerUser <= 0 {
		c.MaxSessionsPerUser = 10
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 30 * time.Minute
	}
	if c.PasswordChecks <= 0 {
		c.PasswordChecks = max(1, runtime.NumCPU()/2)
	}
	if c.Instance == "" {
		host, _ := os.Hostname()
		c.Instance = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if c.Logger == nil {
		c.Logger = log.NewWithOptions(os.Stderr, log.Options{ReportTimestamp: true, Formatter: log.LogfmtFormatter})
	}
	return c
}

// Server is numeneon's SSH server.
type Server struct {
	cfg   Config
	svc   *model.Service
	log   *log.Logger
	ssh   *gliderssh.Server
	guard *guard

	mu       sync.Mutex
	sessions map[*session]struct{}
	perUser  map[int64]int
	draining bool

	presence *presence
}

// New makes a server for svc; Serve or ListenAndServe starts it.
func New(cfg Config, svc *model.Service) (*Server, error) {
	cfg = cfg.withDefaults()
	if cfg.HostKeyPath == "" {
		return nil, errors.New("ssh: no host key path")
	}
	signer, err := hostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, svc: svc, log: cfg.Logger,
		guard:    newGuard(cfg.PasswordChecks, time.Now),
		sessions: map[*session]struct{}{},
		perUser:  map[int64]int{},
	}
	s.presence = newPresence(svc, cfg.Instance, s.log)
	s.ssh, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		func(srv *gliderssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.publicKey),
		wish.WithPasswordAuth(s.password),
		wish.WithKeyboardInteractiveAuth(s.keyboardInteractive),
		wish.WithVersion("numeneon"),
		func(srv *gliderssh.Server) error {
			// A client that connects and never finishes the handshake
			// (or sends garbage) is dropped.
			srv.HandshakeTimeout = 30 * time.Second
			srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
				s.log.Debug("connection failed", "addr", conn.RemoteAddr().String(), "err", err)
			}
			return nil
		},
		wish.WithMiddleware(s.handle),
	)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ListenAndServe listens on the configured address and serves until
// Shutdown.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// Serve serves the connections of l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	s.log.Info("serving", "addr", l.Addr().String(), "instance", s.cfg.Instance)
	s.presence.start()
	err := s.ssh.Serve(l)
	if errors.Is(err, gliderssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops taking connections, tells every session that the server
// is going away and ends it (letting the writes under way finish), waits
// for them until ctx ends, and then closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.draining = true
	open := make([]*session, 0, len(s.sessions))
	for x := range s.sessions {
		open = append(open, x)
	}
	s.mu.Unlock()
	s.log.Info("shutting down", "sessions", len(open))
	go s.ssh.Shutdown(ctx) // closes the listeners; its wait is ours below
	for _, x := range open {
		x.end(endShutdown)
	}
	// Sessions end within moments (a TUI lets its writes finish, a
	// command ends by itself); a look every 50 ms is soon enough.
	var err error
	for s.Sessions() > 0 && err == nil {
		select {
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	s.presence.stop()
	if cerr := s.ssh.Close(); err == nil && !errors.Is(cerr, gliderssh.ErrServerClosed) {
		err = cerr
	}
	s.log.Info("stopped")
	return err
}

// errFull is admit's refusal.
type errFull string

func (e errFull) Error() string { return string(e) }

// admit counts a new session of user (0 for one not signed in yet)
// against the limits.
func (s *Server) admit(x *session, user int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.draining:
		return errFull("numeneon is restarting; connect again in a moment.")
	case len(s.sessions) >= s.cfg.MaxSessions:
		return errFull("numeneon is full right now; try again in a few minutes.")
	case user != 0 && s.perUser[user] >= s.cfg.MaxSessionsPerUser:
		return errFull(fmt.Sprintf("You have %d sessions open already, the most there can be; close one first.", s.cfg.MaxSessionsPerUser))
	}
	s.sessions[x] = struct{}{}
	if user != 0 {
		s.perUser[user]++
		x.user = user
	}
	return nil
}

// signedIn counts a session whose person signed in within it (a newcomer
// who signed up).
func (s *Server) signedIn(x *session, user int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if x.user != 0 {
		s.perUser[x.user]--
	}
	x.user = user
	s.perUser[user]++
}

// release forgets a session that ended.
func (s *Server) release(x *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, x)
	if x.user != 0 {
		if s.perUser[x.user]--; s.perUser[x.user] <= 0 {
			delete(s.perUser, x.user)
		}
	}
}

// Sessions is how many sessions are open.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
