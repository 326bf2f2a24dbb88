// Package storage implements model.Store on SQLite (modernc.org/sqlite, pure
// Go) and on PostgreSQL (pgx), with one set of hand-written SQL for both.
// Only the DDL (migrations/) and a few fragments (dialect.go) differ.
package storage

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers driver "pgx"
	_ "modernc.org/sqlite"             // registers driver "sqlite"

	"github.com/numeneon/numeneon/model"
)

// DB is an open numeneon database. It implements model.Store.
type DB struct {
	db  *sql.DB
	d   dialect
	url string
	hub *hub
	// Now is the clock for created_at and updated_at; tests may set it.
	Now func() time.Time
	// Logger receives what goes wrong in the background (the event
	// stream's connection); the local TUI points it at a file.
	Logger *slog.Logger
}

var _ model.Store = (*DB)(nil)

// Open opens the database that url names:
//   - postgres://… or postgresql://… — a PostgreSQL database;
//   - sqlite:PATH, file:PATH or a plain path — a SQLite file (created if
//     missing, with its directory).
//
// It does not migrate; call Migrate before use.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	var (
		sdb *sql.DB
		d   dialect
		err error
	)
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		d = postgresDialect
		sdb, err = sql.Open("pgx", rawURL)
		if err == nil {
			sdb.SetMaxOpenConns(32)
			sdb.SetMaxIdleConns(16)
		}
	default:
		d = sqliteDialect
		sdb, err = openSQLite(rawURL)
	}
	if err != nil {
		return nil, err
	}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s database: %w", d.name, err)
	}
	if d.name == "sqlite" {
		if err := prepareSQLite(ctx, sdb); err != nil {
			sdb.Close()
			return nil, fmt.Errorf("open sqlite database: %w", err)
		}
	}
	s := &DB{db: sdb, d: d, url: rawURL, Now: time.Now, Logger: slog.Default()}
	s.hub = newHub(s)
	return s, nil
}

func (s *DB) log(msg string, kv ...any) { s.Logger.Warn(msg, kv...) }

// Analyze refreshes the query planner's statistics after a bulk load
// (without them SQLite picks slow plans for the feeds) and, on Postgres,
// the visibility map that lets the feeds read ids from indexes alone.
func (s *DB) Analyze(ctx context.Context) error {
	q := `ANALYZE`
	if s.d.name == "postgres" {
		q = `VACUUM ANALYZE`
	}
	_, err := s.db.ExecContext(ctx, q)
	return err
}

// openSQLite opens a SQLite file with foreign keys on (as Django does), a
// long busy timeout, and IMMEDIATE transactions so that concurrent writers
// queue instead of failing with "database is locked". Open then switches
// the file to WAL mode (prepareSQLite).
func openSQLite(raw string) (*sql.DB, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite://"), "sqlite:")
	path = strings.TrimPrefix(path, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return nil, fmt.Errorf("open sqlite: no file path in %q", raw)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "temp_store(MEMORY)") // statement journals of bulk inserts stay off disk
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// Dialect names the database: "sqlite" or "postgres".
func (s *DB) Dialect() string { return s.d.name }

// SQL returns the underlying handle, for the seed's bulk loading and for
// tests that write rows the way another program would.
func (s *DB) SQL() *sql.DB { return s.db }

// Close stops the event stream and closes the database.
func (s *DB) Close() error {
	s.hub.close()
	return s.db.Close()
}
