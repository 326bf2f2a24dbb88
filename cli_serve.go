package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"time"

	"charm.land/log/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/ssh"
)

// ServeCmd serves numeneon over SSH.
type ServeCmd struct {
	Listen                string        `default:"127.0.0.1:23234" placeholder:"ADDR" help:"Address to listen on (default 127.0.0.1:23234; :22 for every address on port 22)."`
	HostKey               string        `placeholder:"PATH" help:"The server's ed25519 key, made on first start. Default: ssh_host_ed25519 in the data directory."`
	MaxSessions           int           `default:"2000" help:"Sessions of signed-in people open at once, in all."`
	MaxSessionsPerUser    int           `default:"10" help:"Sessions open at once of one account."`
	MaxNewcomers          int           `default:"100" help:"Sessions of people not signed in (the welcome and sign-up screen) open at once, apart from the signed-in people's."`
	MaxNewcomersPerAddr   int           `default:"3" help:"Sessions of people not signed in open at once from one address."`
	MaxConnections        int           `default:"4000" help:"Connections open at once, signed in or not (each is a file descriptor: keep ulimit -n above it)."`
	MaxConnectionsPerAddr int           `default:"10" help:"Connections open at once from one address (raise it for many people behind one NAT)."`
	NoSessionTimeout      time.Duration `default:"30s" help:"Close a connection that has no session open: from its connecting (so signing in must fit in it), and after its last session."`
	WriteTimeout          time.Duration `default:"30s" help:"Drop a connection once a write to it has waited this long (its client stopped reading)."`
	IdleTimeout           time.Duration `default:"30m" help:"Close a session after this long without a key pressed."`
	PasswordChecks        int           `default:"0" help:"Password checks run at once (each is ~170 ms of a core); 0 is half the cores."`
	Instance              string        `placeholder:"NAME" help:"This server's name among several on one database. Default: host name and process id."`
	Signup                string        `enum:"open,closed,invite" default:"open" help:"Who may make an account: open (anyone), closed (no one; accounts come from 'user add' or the web app), invite (with a code from 'user invite')."`
	SignupsPerHour        int           `default:"5" help:"New accounts from one address (an IPv6 /64) per hour, counted across every instance on the database; 0 for no bound."`
	LogFormat             string        `enum:"text,json" default:"text" help:"Log lines as text (logfmt) or JSON, on standard error."`
	Grace                 time.Duration `default:"5s" help:"On SIGINT or SIGTERM, how long sessions get to end."`
	Budget                []string      `placeholder:"KIND=PER_MINUTE/BURST" help:"How fast one account may write, per kind: message, post, reply, wall, like, share, friend_request (KIND=off: no limit). Repeatable; each changes one kind of the defaults message=30/10, post=6/5, reply=20/10, wall=6/5, like=60/30, share=20/10, friend_request=10/10."`
}

// Help is the detailed help of serve.
func (ServeCmd) Help() string {
	return `Serves numeneon over SSH: everyone who connects gets their own numeneon.
  ssh -p 23234 alice@host          alice's key lets her in; else her password
  ssh -p 23234 newname@host        an unknown name (and key) signs up (--signup)
  ssh -p 23234 alice@host feed     a script command; "help" lists them
Register keys with "numeneon user keys NAME --add FILE", or in the app.
Several instances can serve one PostgreSQL database behind one address:
give them the same --host-key file. See docs/deploy.md.`
}

// Validate refuses limits that mean nothing.
func (c ServeCmd) Validate() error {
	switch {
	case c.MaxSessions < 1:
		return fmt.Errorf("--max-sessions must be at least 1 (it is %d)", c.MaxSessions)
	case c.MaxSessionsPerUser < 1:
		return fmt.Errorf("--max-sessions-per-user must be at least 1 (it is %d)", c.MaxSessionsPerUser)
	case c.MaxNewcomers < 1:
		return fmt.Errorf("--max-newcomers must be at least 1 (it is %d)", c.MaxNewcomers)
	case c.MaxNewcomersPerAddr < 1:
		return fmt.Errorf("--max-newcomers-per-addr must be at least 1 (it is %d)", c.MaxNewcomersPerAddr)
	case c.MaxConnections < 1:
		return fmt.Errorf("--max-connections must be at least 1 (it is %d)", c.MaxConnections)
	case c.MaxConnectionsPerAddr < 1:
		return fmt.Errorf("--max-connections-per-addr must be at least 1 (it is %d)", c.MaxConnectionsPerAddr)
	case c.NoSessionTimeout < 10*time.Second:
		return fmt.Errorf("--no-session-timeout must be 10 seconds or more, for people to sign in within it (it is %v)", c.NoSessionTimeout)
	case c.WriteTimeout < time.Second:
		return fmt.Errorf("--write-timeout must be a second or more (it is %v)", c.WriteTimeout)
	case c.IdleTimeout < time.Minute:
		return fmt.Errorf("--idle-timeout must be a minute or more (it is %v)", c.IdleTimeout)
	case c.PasswordChecks < 0:
		return fmt.Errorf("--password-checks must be 0 (half the cores) or more (it is %d)", c.PasswordChecks)
	case c.SignupsPerHour < 0:
		return fmt.Errorf("--signups-per-hour must be 0 (no bound) or more (it is %d)", c.SignupsPerHour)
	case c.Grace <= 0:
		return fmt.Errorf("--grace must be more than 0 (it is %v)", c.Grace)
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return fmt.Errorf("--listen %q: give HOST:PORT or :PORT (%v)", c.Listen, err)
	}
	_, err := c.budgets()
	return err
}

// budgets are the write budgets of the server's people: the defaults with
// the --budget flags applied.
func (c ServeCmd) budgets() (map[model.WriteKind]model.Budget, error) {
	budgets := model.DefaultBudgets()
	for _, spec := range c.Budget {
		kind, b, err := model.ParseBudget(spec)
		if err != nil {
			return nil, fmt.Errorf("--budget %w", err)
		}
		if b == (model.Budget{}) {
			delete(budgets, kind)
		} else {
			budgets[kind] = b
		}
	}
	return budgets, nil
}

// Run serves until SIGINT or SIGTERM, then shuts down gracefully.
func (c ServeCmd) Run(ctx context.Context, a *App, g *Globals) error {
	web, err := g.webURL()
	if err != nil {
		return err
	}
	db, _, err := a.open(ctx, g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	logger := log.NewWithOptions(a.Stderr, log.Options{ReportTimestamp: true, Formatter: log.TextFormatter})
	if c.LogFormat == "json" {
		logger.SetFormatter(log.JSONFormatter)
	}
	db.Logger = slog.New(logger)
	hostKey := c.HostKey
	if hostKey == "" {
		hostKey = filepath.Join(a.DataHome, "numeneon", "ssh_host_ed25519")
	}
	budgets, err := c.budgets()
	if err != nil {
		return err
	}
	svc := model.NewService(db, model.WithHasher(a.Hasher), model.WithBudgets(budgets),
		model.WithSignUpRules(model.SignUpRules{Mode: model.SignUpMode(c.Signup), PerHour: c.SignupsPerHour}))
	srv, err := ssh.New(ssh.Config{
		Listen: c.Listen, HostKeyPath: hostKey,
		MaxSessions: c.MaxSessions, MaxSessionsPerUser: c.MaxSessionsPerUser,
		MaxNewcomers: c.MaxNewcomers, MaxNewcomersPerAddr: c.MaxNewcomersPerAddr,
		MaxConnections: c.MaxConnections, MaxConnectionsPerAddr: c.MaxConnectionsPerAddr,
		NoSessionTimeout: c.NoSessionTimeout, WriteTimeout: c.WriteTimeout,
		IdleTimeout: c.IdleTimeout, PasswordChecks: c.PasswordChecks,
		Instance: c.Instance, Logger: logger, WebURL: web,
	}, svc)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ssh.SetRuntimeDefaults()
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe() }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	grace, cancel := context.WithTimeout(context.Background(), c.Grace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serve: shutting down: %w", err)
	}
	<-served
	return nil
}
