package main

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/text"
)

// openRaw opens the database that g names without migrating it.
func (a *App) openRaw(ctx context.Context, g *Globals) (*storage.DB, error) {
	db, err := storage.Open(ctx, g.DB)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", redact(g.DB), err)
	}
	return db, nil
}

// open opens the database that g names and brings its schema up to date.
// Every command but migrate uses it.
func (a *App) open(ctx context.Context, g *Globals) (*storage.DB, error) {
	db, err := a.openRaw(ctx, g)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", redact(g.DB), err)
	}
	return db, nil
}

// operator opens and migrates the database and returns the operator's
// use-cases over it.
func (a *App) operator(ctx context.Context, g *Globals) (*model.Operator, *storage.DB, error) {
	db, err := a.open(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	return model.NewOperator(db, a.ServiceOptions...), db, nil
}

// redact returns a database URL fit to print: without its password.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		return u.Redacted()
	}
	return raw
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
	db, err := a.openRaw(ctx, g)
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
		return fmt.Errorf("migrate %s: %w", redact(g.DB), err)
	}
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", redact(g.DB), err)
	}
	applied, _, err := db.MigrationStatus(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", redact(g.DB), err)
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
	fmt.Fprintf(w, "Database: %s (%s)\n", redact(g.DB), db.Dialect())
	if len(pending) == 0 {
		fmt.Fprintf(w, "The schema is up to date; nothing to do (%d %s applied before).\n",
			len(applied), plural(len(applied), "migration", "migrations"))
		return nil
	}
	fmt.Fprintf(w, "Applied %d %s: %s.\n", len(pending), plural(len(pending), "migration", "migrations"),
		strings.Join(pending, ", "))
	if len(created) > 0 {
		fmt.Fprintf(w, "Created %d %s: %s.\n", len(created), plural(len(created), "table", "tables"),
			strings.Join(created, ", "))
	}
	fmt.Fprintf(w, "The schema is up to date (%d %s).\n", len(applied), plural(len(applied), "migration", "migrations"))
	return nil
}

// StatsCmd shows how much the database holds.
type StatsCmd struct {
	Sample int `default:"5" placeholder:"N" help:"How many sample usernames to show."`
}

// Run prints the counts.
func (c StatsCmd) Run(ctx context.Context, a *App, g *Globals) error {
	db, err := a.open(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	return a.printStatsN(ctx, db, g.DB, c.Sample)
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

func (a *App) printStats(ctx context.Context, db *storage.DB, dbURL string) error {
	return a.printStatsN(ctx, db, dbURL, 5)
}

func (a *App) printStatsN(ctx context.Context, db *storage.DB, dbURL string, sample int) error {
	s, err := model.NewOperator(db).Stats(ctx, sample)
	if err != nil {
		return err
	}
	w := a.Stdout
	fmt.Fprintf(w, "%-17s %s (%s)\n", "Database", redact(dbURL), db.Dialect())
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

// thousands formats n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
