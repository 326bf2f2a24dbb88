package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/text"
)

// openRaw opens the database that g names without migrating it. The
// directory of a SQLite file is made if it is missing when mkdir says so
// (migrate and seed, whose work is to set a database up) and for the
// default database; other commands refuse a path into nowhere, which is
// most likely a typing mistake.
func (a *App) openRaw(ctx context.Context, g *Globals, mkdir bool) (*storage.DB, storage.Location, error) {
	loc, err := storage.ParseLocation(g.DB)
	if err != nil {
		return nil, loc, usageErr{fmt.Errorf("database %w", err)}
	}
	if loc.Dialect == "sqlite" && (mkdir || g.DB == a.DefaultDB()) {
		if err := a.makeDir(filepath.Dir(loc.Path)); err != nil {
			return nil, loc, fmt.Errorf("database %s: %w", loc, err)
		}
	}
	db, err := storage.Open(ctx, g.DB)
	if err != nil {
		var nd *storage.NoDirectoryError
		if errors.As(err, &nd) {
			err = fmt.Errorf("%w; check the path, or let 'numeneon migrate' create it", err)
		}
		return nil, loc, fmt.Errorf("database %s: %w", loc, err)
	}
	return db, loc, nil
}

// makeDir makes dir, and its parents, if it is missing, and says so.
func (a *App) makeDir(dir string) error {
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		return nil // there, or a problem that opening the database explains
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the directory %s: %w", dir, err)
	}
	fmt.Fprintf(a.Stderr, "numeneon: created the directory %s for the database.\n", dir)
	return nil
}

// open opens the database that g names and brings its schema up to date.
// Every command but migrate uses it.
func (a *App) open(ctx context.Context, g *Globals, mkdir bool) (*storage.DB, storage.Location, error) {
	db, loc, err := a.openRaw(ctx, g, mkdir)
	if err != nil {
		return nil, loc, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, loc, fmt.Errorf("migrate %s: %w", loc, err)
	}
	return db, loc, nil
}

// operator opens and migrates the database and returns the operator's
// use-cases over it.
func (a *App) operator(ctx context.Context, g *Globals) (*model.Operator, *storage.DB, error) {
	db, _, err := a.open(ctx, g, false)
	if err != nil {
		return nil, nil, err
	}
	return model.NewOperator(db, model.WithHasher(a.Hasher)), db, nil
}

// MigrateCmd creates or updates the schema.
type MigrateCmd struct{}

// Help is the detailed help of migrate.
func (MigrateCmd) Help() string {
	return `Every other command migrates the database before it starts; this one says what
it did. On a database that the Numeneon web backend (Django) made, the Django
tables are left as they are and only numeneon's own tables and indexes are added.`
}

// Run migrates the database and reports the migrations it applied and the
// tables they created (none of Django's on a database the Numeneon web
// backend made).
func (MigrateCmd) Run(ctx context.Context, a *App, g *Globals) error {
	db, loc, err := a.openRaw(ctx, g, true)
	if err != nil {
		return err
	}
	defer db.Close()
	before, err := db.Tables(ctx)
	if err != nil {
		return err
	}
	_, pending, err := db.MigrationStatus(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", loc, err)
	}
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", loc, err)
	}
	applied, _, err := db.MigrationStatus(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", loc, err)
	}
	after, err := db.Tables(ctx)
	if err != nil {
		return err
	}
	var created []string
	for _, t := range after {
		if !slices.Contains(before, t) {
			created = append(created, t)
		}
	}
	w := a.Stdout
	fmt.Fprintf(w, "Database: %s (%s)\n", loc, db.Dialect())
	if len(pending) == 0 {
		fmt.Fprintf(w, "The schema is up to date; nothing to do (%s applied before).\n",
			count(len(applied), "migration", "migrations"))
		return nil
	}
	fmt.Fprintf(w, "Applied %s: %s.\n", count(len(pending), "migration", "migrations"),
		strings.Join(pending, ", "))
	if len(created) > 0 {
		fmt.Fprintf(w, "Created %s: %s.\n", count(len(created), "table", "tables"),
			strings.Join(created, ", "))
	}
	fmt.Fprintf(w, "The schema is up to date (%s).\n", count(len(applied), "migration", "migrations"))
	return nil
}

// StatsCmd shows how much the database holds.
type StatsCmd struct {
	Sample int `default:"5" placeholder:"N" help:"How many sample usernames to show."`
}

// Run prints the counts.
func (c StatsCmd) Run(ctx context.Context, a *App, g *Globals) error {
	db, loc, err := a.open(ctx, g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	return a.printStats(ctx, db, loc, c.Sample)
}

// statLabels name the figures of model.Stats as stats prints them.
var statLabels = []struct {
	label string
	value func(model.Stats) int64
}{
	{"Users", func(s model.Stats) int64 { return s.Users }},
	{"Posts", func(s model.Stats) int64 { return s.Posts }},
	{"Replies", func(s model.Stats) int64 { return s.Replies }},
	{"Likes", func(s model.Stats) int64 { return s.Likes }},
	{"Friendships", func(s model.Stats) int64 { return s.Friendships }},
	{"Pending requests", func(s model.Stats) int64 { return s.Requests }},
	{"Messages", func(s model.Stats) int64 { return s.Messages }},
}

// printStats prints what the database holds and up to sample usernames.
func (a *App) printStats(ctx context.Context, db *storage.DB, loc storage.Location, sample int) error {
	s, err := model.NewOperator(db).Stats(ctx, sample)
	if err != nil {
		return err
	}
	w := a.Stdout
	fmt.Fprintf(w, "%-17s %s (%s)\n", "Database", loc, db.Dialect())
	for _, c := range statLabels {
		fmt.Fprintf(w, "%-17s %12s\n", c.label, thousands(c.value(s)))
	}
	if len(s.Sample) > 0 {
		names := make([]string, len(s.Sample))
		for i, n := range s.Sample {
			names[i] = text.CleanLine(n)
		}
		fmt.Fprintf(w, "%-17s %s\n", "Sample users", strings.Join(names, ", "))
	} else if s.Users == 0 {
		fmt.Fprintln(w, "The database is empty: 'numeneon seed' fills it with a sample network.")
	}
	return nil
}

// numbers formats counts with thousands separators.
var numbers = message.NewPrinter(language.English)

// thousands formats n with commas between groups of three digits.
func thousands[N int | int64](n N) string { return numbers.Sprint(n) }

// count is n and the noun that goes with it: "1 user", "2,000 users".
func count[N int | int64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}
