package main

import (
	"context"
	"database/sql"
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

// service opens and migrates the database and returns the Service over it.
func (a *App) service(ctx context.Context, g *Globals) (*model.Service, *storage.DB, error) {
	db, err := a.open(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	return model.NewService(db, a.ServiceOptions...), db, nil
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
	before, err := tables(ctx, db)
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
	after, err := tables(ctx, db)
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

// tables lists the tables in the database's current schema.
func tables(ctx context.Context, db *storage.DB) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if db.Dialect() == "postgres" {
		q = `SELECT table_name FROM information_schema.tables
		     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := db.SQL().QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list tables: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
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

// Stats is what the database holds.
type Stats struct {
	Users, Posts, Replies, Likes, Friendships, Requests, Messages int64
	Sample                                                        []string // a few usernames
}

// counts are the queries behind Stats, run as plain SQL: this is an
// operator's report on the shared Django tables, not a use-case.
var counts = []struct {
	label string
	query string
	field func(*Stats) *int64
}{
	{"Users", `SELECT COUNT(*) FROM auth_user`, func(s *Stats) *int64 { return &s.Users }},
	{"Posts", `SELECT COUNT(*) FROM posts_post WHERE parent_id IS NULL`, func(s *Stats) *int64 { return &s.Posts }},
	{"Replies", `SELECT COUNT(*) FROM posts_post WHERE parent_id IS NOT NULL`, func(s *Stats) *int64 { return &s.Replies }},
	{"Likes", `SELECT COUNT(*) FROM posts_like`, func(s *Stats) *int64 { return &s.Likes }},
	// A friendship is two rows, one each way.
	{"Friendships", `SELECT COUNT(*) / 2 FROM friends_friendship`, func(s *Stats) *int64 { return &s.Friendships }},
	{"Pending requests", `SELECT COUNT(*) FROM friends_friendrequest`, func(s *Stats) *int64 { return &s.Requests }},
	{"Messages", `SELECT COUNT(*) FROM messages_app_message`, func(s *Stats) *int64 { return &s.Messages }},
}

// ReadStats counts the rows of the numeneon tables and picks sample
// usernames (the first ones by id).
func ReadStats(ctx context.Context, db *sql.DB, sample int) (Stats, error) {
	var s Stats
	for _, c := range counts {
		if err := db.QueryRowContext(ctx, c.query).Scan(c.field(&s)); err != nil {
			return s, fmt.Errorf("count %s: %w", strings.ToLower(c.label), err)
		}
	}
	if sample <= 0 {
		return s, nil
	}
	rows, err := db.QueryContext(ctx, `SELECT username FROM auth_user ORDER BY id LIMIT `+strconv.Itoa(sample))
	if err != nil {
		return s, fmt.Errorf("sample users: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return s, fmt.Errorf("sample users: %w", err)
		}
		s.Sample = append(s.Sample, text.CleanLine(u))
	}
	return s, rows.Err()
}

func (a *App) printStats(ctx context.Context, db *storage.DB, dbURL string) error {
	return a.printStatsN(ctx, db, dbURL, 5)
}

func (a *App) printStatsN(ctx context.Context, db *storage.DB, dbURL string, sample int) error {
	s, err := ReadStats(ctx, db.SQL(), sample)
	if err != nil {
		return err
	}
	w := a.Stdout
	fmt.Fprintf(w, "%-17s %s (%s)\n", "Database", redact(dbURL), db.Dialect())
	for _, c := range counts {
		fmt.Fprintf(w, "%-17s %12s\n", c.label, thousands(*c.field(&s)))
	}
	if len(s.Sample) > 0 {
		fmt.Fprintf(w, "%-17s %s\n", "Sample users", strings.Join(s.Sample, ", "))
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
