package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/tui"
)

// RunCmd opens the app on the database.
type RunCmd struct {
	Theme string `enum:",dark,light" default:"" placeholder:"dark|light" help:"Colours for a dark or light terminal; by default numeneon asks the terminal."`
}

// Help is the detailed help of run.
func (RunCmd) Help() string {
	return `Opens numeneon in the terminal. Log in with a username (or e-mail) and
password, or sign up; the sign-in lasts until you log out (":logout"). Press ?
in the app for its keys.`
}

// Run opens the database and runs the app on the terminal until it quits.
func (c RunCmd) Run(ctx context.Context, a *App, g *Globals) error { return c.run(ctx, a, g, 0) }

// OpenCmd opens the app at a post.
type OpenCmd struct {
	Link  string `arg:"" placeholder:"LINK" help:"The post: numeneon://post/12 (what y copies), #12 or 12."`
	Theme string `enum:",dark,light" default:"" placeholder:"dark|light" help:"Colours for a dark or light terminal; by default numeneon asks the terminal."`
}

// Help is the detailed help of open.
func (OpenCmd) Help() string {
	return `Opens numeneon at a post's thread, once you are signed in, as run does. Over
SSH the same is: ssh -t HOST open numeneon://post/12.`
}

// Run opens the app at the post.
func (c OpenCmd) Run(ctx context.Context, a *App, g *Globals) error {
	id, err := tui.ParsePostLink(c.Link)
	if err != nil {
		return usageErr{err}
	}
	return RunCmd{Theme: c.Theme}.run(ctx, a, g, id)
}

// run runs the app, at the post openPost when it is not 0.
func (c RunCmd) run(ctx context.Context, a *App, g *Globals, openPost int64) error {
	web, err := g.webURL()
	if err != nil {
		return err
	}
	in, out, err := a.screen()
	if err != nil {
		return err
	}
	db, loc, err := a.open(ctx, g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	logger, closeLog, err := a.logTo(db)
	if err != nil {
		return err
	}
	defer closeLog()
	svc := model.NewService(db, model.WithHasher(a.Hasher))
	return tui.RunLocal(ctx, tui.Options{Service: svc, Tokens: a.tokens(loc), Theme: c.Theme, Logger: logger,
		OpenPost: openPost, WebURL: web}, in, out)
}

// screen is the terminal the app runs on: standard input and output,
// when both are one.
func (a *App) screen() (in, out *os.File, err error) {
	in, inOK := a.terminal()
	if w, ok := a.Stdout.(*checkedWriter); ok {
		out, _ = w.w.(*os.File)
	} else {
		out, _ = a.Stdout.(*os.File)
	}
	if !inOK || out == nil || !term.IsTerminal(int(out.Fd())) {
		return nil, nil, fmt.Errorf("%w; for scripts there are numeneon stats, events and user", tui.ErrNoTerminal)
	}
	return in, out, nil
}

// logTo sends the database's background log (the event stream's
// reconnections) to a file in the state directory, and returns its logger
// for the session's internal errors too: anything written to the terminal
// while the app is up would scribble over it.
func (a *App) logTo(db *storage.DB) (*slog.Logger, func(), error) {
	dir := filepath.Join(a.StateHome, "numeneon")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("state directory: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "numeneon.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("log file: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(f, nil))
	db.Logger = logger
	return logger, func() { f.Close() }, nil
}

// tokens is where the local sign-in of the database at loc is kept: a file
// in the state directory, one per database, readable by its owner only.
func (a *App) tokens(loc storage.Location) tui.TokenStore {
	sum := sha256.Sum256([]byte(loc.Dialect + "\x00" + loc.Key()))
	return tokenFile(filepath.Join(a.StateHome, "numeneon", "sessions", hex.EncodeToString(sum[:8])))
}

// tokenFile keeps a sign-in's token in a file of mode 0600.
type tokenFile string

func (f tokenFile) Load() (string, error) {
	b, err := os.ReadFile(string(f))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	return strings.TrimSpace(string(b)), err
}

func (f tokenFile) Save(token string) error {
	if err := os.MkdirAll(filepath.Dir(string(f)), 0o700); err != nil {
		return err
	}
	tmp := string(f) + ".tmp"
	if err := os.WriteFile(tmp, []byte(token+"\n"), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, string(f))
}

func (f tokenFile) Delete() error {
	err := os.Remove(string(f))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
