package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/tui"
)

// DemoCmd opens the app on a fresh sample network.
type DemoCmd struct {
	File  string `placeholder:"PATH" help:"The demo's SQLite file, made afresh each time. Default: demo.db in the data directory."`
	Theme string `enum:",dark,light" default:"" placeholder:"dark|light" help:"Colours for a dark or light terminal; by default numeneon asks the terminal."`
	Quiet bool   `help:"No activity from the other demo people."`
}

// Help is the detailed help of demo.
func (DemoCmd) Help() string {
	return `Makes a fresh SQLite file with the sample network (alice, bob, carol, …,
all with the password "numeneon"), signs you in as alice and opens the app.
While it is open, the others write to you: a message, a like and a friend
request within the first ten seconds, then something every few seconds for
a minute, then, calmer, something every 20 to 30 seconds.
It never touches the database of --db.`
}

// Run seeds the demo file and runs the app on it.
func (c DemoCmd) Run(ctx context.Context, a *App, g *Globals) error {
	web, err := g.webURL()
	if err != nil {
		return err
	}
	in, out, err := a.screen()
	if err != nil {
		return err
	}
	path := c.File
	if path == "" {
		path = filepath.Join(a.DataHome, "numeneon", "demo.db")
	}
	if err := a.makeDir(filepath.Dir(path)); err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("demo: start afresh: %w", err)
		}
	}
	db, err := storage.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("demo %s: %w", path, err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("demo %s: %w", path, err)
	}
	if _, err := seed.Run(ctx, db, seed.Options{Hasher: a.Hasher}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	logger, closeLog, err := a.logTo(db)
	if err != nil {
		return err
	}
	defer closeLog()
	alice, err := model.NewOperator(db).UserByUsername(ctx, "alice")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	svc := model.NewService(db, model.WithHasher(a.Hasher))
	if !c.Quiet {
		go seed.Activity(ctx, svc, db, alice.ID, seed.ActivityPace)
	}
	return tui.RunLocal(ctx, tui.Options{Service: svc, User: &alice, Theme: c.Theme, Logger: logger, WebURL: web}, in, out)
}
