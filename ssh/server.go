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
	// MaxSessions bounds the signed-in sessions open at once (default
	// 2,000) and MaxSessionsPerUser those of one account (default 10).
	MaxSessions        int
	MaxSessionsPerUser int
	// MaxNewcomers bounds the sessions of people not signed in (the
	// welcome screen), a room apart from the signed-in people's so that
	// strangers never take their places (default 100), and
	// MaxNewcomersPerAddr those from one address (default 3).
	MaxNewcomers        int
	MaxNewcomersPerAddr int
	// MaxConnections bounds the connections open at once, signed in or
	// not (default 4,000; each is a file descriptor), and
	// MaxConnectionsPerAddr those from one address (default 10).
	MaxConnections        int
	MaxConnectionsPerAddr int
	// NoSessionTimeout closes a connection without a session open: from
	// its first byte (so it bounds the handshake and signing in too), and
	// again from the end of its last session (default 30 s).
	NoSessionTimeout time.Duration
	// WriteTimeout drops a connection once a write to it has waited this
	// long: its client stopped reading (default 30 s).
	WriteTimeout time.Duration
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
	// WebURL is the web app's address, for the links sessions copy
	// (tui.Options.WebURL); "" for none.
	WebURL string
}

// DefaultListen is where serve listens unless told otherwise.
const DefaultListen = "127.0.0.1:23234"

// Terminal sizes are taken as at most this: what the largest terminals
// people use reach. A 4K screen (3840×2160) with a 6×9-pixel font, the
// smallest legible, is 640 columns and 240 rows; a 5K or 6K one at its
// usual scale of two is less. Past it the app draws in the top left
// corner. The cap bounds what one frame costs to make and to send.
const maxWidth, maxHeight = 640, 240

func (c Config) withDefaults() Config {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	orDefault(&c.MaxSessions, 2000)
	orDefault(&c.MaxSessionsPerUser, 10)
	orDefault(&c.MaxNewcomers, 100)
	orDefault(&c.MaxNewcomersPerAddr, 3)
	orDefault(&c.MaxConnections, 4000)
	orDefault(&c.MaxConnectionsPerAddr, 10)
	orDefault(&c.NoSessionTimeout, 30*time.Second)
	orDefault(&c.WriteTimeout, 30*time.Second)
	orDefault(&c.IdleTimeout, 30*time.Minute)
	orDefault(&c.PasswordChecks, max(1, runtime.NumCPU()/2))
	if c.Instance == "" {
		host, _ := os.Hostname()
		c.Instance = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if c.Logger == nil {
		c.Logger = log.NewWithOptions(os.Stderr, log.Options{ReportTimestamp: true, Formatter: log.LogfmtFormatter})
	}
	return c
}

// orDefault sets *v to def unless it is more than zero.
func orDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// Server is numeneon's SSH server.
type Server struct {
	cfg   Config
	svc   *model.Service
	log   *log.Logger
	ssh   *gliderssh.Server
	guard *guard

	mu        sync.Mutex
	draining  bool
	conns     map[*connection]struct{}
	connsAt   map[string]int // connections per address
	sessions  map[*session]struct{}
	signed    int            // sessions signed in
	perUser   map[int64]int  // of them, per account
	newcomers int            // sessions not signed in
	newcomer  map[string]int // of them, per address

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
		conns:    map[*connection]struct{}{},
		connsAt:  map[string]int{},
		sessions: map[*session]struct{}{},
		perUser:  map[int64]int{},
		newcomer: map[string]int{},
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
			// Every connection is counted, and closed while it has no
			// session: one that never finishes the handshake (or sends
			// garbage) is dropped after NoSessionTimeout.
			srv.ConnCallback = s.accept
			srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
				s.log.Debug("connection failed", "addr", conn.RemoteAddr().String(), "err", err)
			}
			// Sessions only (no port forwarding), their requests read by
			// a loop that never waits.
			srv.ChannelHandlers = map[string]gliderssh.ChannelHandler{"session": s.sessionChannel}
			return nil
		},
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
// is going away and ends it (letting the writes under way finish, saving
// drafts), waits for them until ctx ends, and closes what is left.
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
	// command ends by itself), but one whose client stopped reading waits
	// in a write until its connection closes. So the connections left
	// are closed a little before the grace ends, and their sessions get
	// the rest of it to save their drafts.
	closing := ctx
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		closing, cancel = context.WithDeadline(ctx, deadline.Add(-min(time.Second, time.Until(deadline)/2)))
		defer cancel()
	}
	s.waitSessions(closing)
	s.closeConns()
	err := s.waitSessions(ctx)
	s.presence.stop()
	if cerr := s.ssh.Close(); err == nil && !errors.Is(cerr, gliderssh.ErrServerClosed) {
		err = cerr
	}
	s.log.Info("stopped")
	return err
}

// waitSessions waits until no session is left or ctx ends. Sessions end
// within moments; a look every 20 ms is soon enough.
func (s *Server) waitSessions(ctx context.Context) error {
	for s.Sessions() > 0 {
		select {
		case <-time.After(20 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
