// Package storage implements model.Store on SQLite (modernc.org/sqlite, pure
// Go) and on PostgreSQL (pgx), with one set of hand-written SQL for both.
// Only the DDL (migrations/) and a few fragments (dialect.go) differ.
package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers driver "pgx"
	"modernc.org/sqlite"               // registers driver "sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/numeneon/numeneon/model"
)

// DB is an open numeneon database. It implements model.Store.
type DB struct {
	db   *sql.DB
	d    dialect
	url  string // the connection string for pgx; "" for SQLite
	path string // the SQLite file; "" for PostgreSQL
	hub  *hub
	// notifier wakes other processes after this one's commits (Postgres;
	// nil on SQLite).
	notifier *notifier
	// token names this Open in its NOTIFYs (random).
	token string
	// likes gathers concurrent likes of one post into one transaction.
	likes likeQueue
	// file is the SQLite file as opened, and fileLost whether a write
	// found it gone (see checkFile); file is nil for PostgreSQL.
	file     os.FileInfo
	fileLost atomic.Bool
	// rowByRow turns DeferIndexes off, for tests.
	rowByRow bool
	// Now is the clock for created_at and updated_at; tests may set it.
	Now func() time.Time
	// Logger receives what goes wrong in the background (the event
	// stream's connection); the local TUI points it at a file.
	Logger *slog.Logger
}

var _ model.Store = (*DB)(nil)

// Open opens the database that rawURL names, in any form ParseLocation
// takes. A missing SQLite file is created, but not a missing directory:
// whether to make one is the caller's decision. Open refuses a database
// that holds another program's tables and no auth_user, and explains why
// a SQLite file cannot be opened (a directory, permissions, a read-only
// file system). No error it returns holds a password of rawURL.
//
// It does not migrate; call Migrate before use.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	loc, err := ParseLocation(rawURL)
	if err != nil {
		return nil, err
	}
	s, err := open(ctx, loc)
	if err != nil {
		return nil, scrubError(rawURL, err)
	}
	return s, nil
}

func open(ctx context.Context, loc Location) (*DB, error) {
	var (
		sdb *sql.DB
		d   dialect
		err error
	)
	switch loc.Dialect {
	case "postgres":
		d = postgresDialect
		sdb, err = sql.Open("pgx", loc.dsn)
		if err == nil {
			sdb.SetMaxOpenConns(32)
			sdb.SetMaxIdleConns(16)
		}
	default:
		d = sqliteDialect
		if err := checkSQLiteFile(ctx, loc.Path); err != nil {
			return nil, err
		}
		sdb, err = openSQLite(loc.Path)
	}
	if err != nil {
		return nil, err
	}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		if d.name == "sqlite" {
			return nil, sqliteOpenError(loc.Path, err)
		}
		return nil, fmt.Errorf("open %s database: %w", d.name, err)
	}
	if d.name == "sqlite" {
		if err := prepareSQLite(ctx, sdb); err != nil {
			sdb.Close()
			return nil, sqliteOpenError(loc.Path, err) // the first write: a read-only file fails here
		}
	}
	s := &DB{db: sdb, d: d, url: loc.dsn, path: loc.Path, Now: time.Now, Logger: slog.Default()}
	if d.name == "sqlite" {
		if s.file, err = os.Stat(loc.Path); err != nil {
			sdb.Close()
			return nil, sqliteOpenError(loc.Path, err)
		}
	}
	if d.name == "postgres" {
		tables, err := s.Tables(ctx)
		if err == nil {
			err = notNumeneon(d, tables)
		}
		if err != nil {
			sdb.Close()
			return nil, err
		}
	}
	s.hub = newHub(s)
	if d.name == "postgres" {
		s.token = rand.Text()
		s.notifier = newNotifier(s)
	}
	return s, nil
}

// checkSQLiteFile refuses an existing SQLite file of another program
// before anything is written to it (a journal mode, statistics), through
// a read-only connection of its own. A missing or empty file is new.
func checkSQLiteFile(ctx context.Context, path string) error {
	if st, err := os.Stat(path); err != nil || st.Size() == 0 || st.IsDir() {
		return nil // new, or a problem that opening it explains
	}
	db, err := sql.Open("sqlite", sqliteURI(path)+"?mode=ro&_pragma=busy_timeout(30000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return sqliteOpenError(path, err)
	}
	tables, err := collect(rows, func(r scanner) (string, error) {
		var n string
		return n, r.Scan(&n)
	})
	if err != nil {
		return sqliteOpenError(path, err)
	}
	return notNumeneon(sqliteDialect, tables)
}

// notNumeneon refuses a database whose schema holds tables of another
// program and no auth_user: migrating it would put numeneon's tables
// among someone else's data. An empty database, and one with numeneon's
// bookkeeping only (a first migration that stopped early), are fine.
func notNumeneon(d dialect, tables []string) error {
	var others []string
	for _, t := range tables {
		if t == "auth_user" {
			return nil
		}
		if !strings.HasPrefix(t, "numeneon_") {
			others = append(others, t)
		}
	}
	if len(others) == 0 {
		return nil
	}
	what := "This SQLite file"
	if d.name == "postgres" {
		what = "The schema of this PostgreSQL database"
	}
	shown := others
	if len(shown) > 5 {
		shown = append(shown[:5:5], fmt.Sprintf("and %d more", len(others)-5))
	}
	return fmt.Errorf("%s is not a Numeneon database: it has tables of another program (%s) and no auth_user table, "+
		"so numeneon leaves it alone", what, strings.Join(shown, ", "))
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

// NoDirectoryError is Open's error for a SQLite file whose directory does
// not exist: Open makes no directories, since a mistyped path would leave
// new ones behind.
type NoDirectoryError struct{ Dir string }

func (e *NoDirectoryError) Error() string { return "the directory " + e.Dir + " does not exist" }

// openSQLite opens a SQLite file with foreign keys on (as Django does), a
// long busy timeout, and IMMEDIATE transactions so that concurrent writers
// queue instead of failing with "database is locked". Open then switches
// the file to WAL mode (prepareSQLite).
func openSQLite(path string) (*sql.DB, error) {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &NoDirectoryError{Dir: dir}
		}
		return nil, fileError(dir, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "temp_store(MEMORY)") // statement journals of bulk inserts stay off disk
	// A load of millions of rows in one transaction grows the write-ahead
	// log to gigabytes; once checkpointed, it is cut back to this size.
	q.Add("_pragma", "journal_size_limit(67108864)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", sqliteURI(path)+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// sqliteURI is the file: URI of path as SQLite reads it: a path with its
// %, ? and # escaped, so that they stay part of the file's name. An
// absolute path gets the empty authority (file:///…), so that one that
// starts with // is not read as a host.
func sqliteURI(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	if filepath.IsAbs(path) {
		return "file://" + esc
	}
	return "file:" + esc
}

// sqliteOpenError explains a failure to open the SQLite file at path:
// SQLite's own "unable to open database file" does not say why.
func sqliteOpenError(path string, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%s is not a SQLite database file", path)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR:
		if why := fileProblem(path); why != nil {
			return why
		}
	}
	return fmt.Errorf("open sqlite database: %w", err)
}

// fileProblem finds what the file system says against opening the SQLite
// file at path: it must be a file that can be read and written (or be
// missing), in a directory where the file and its -wal and -shm files can
// be made. It returns nil when nothing is wrong.
func fileProblem(path string) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("%s is a directory, not a database file", path)
	case err == nil:
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return fileError(path, err)
		}
		f.Close()
	case !errors.Is(err, fs.ErrNotExist):
		return fileError(path, err)
	}
	// Try rather than reason about modes: only the kernel knows (root,
	// ACLs, read-only mounts).
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".numeneon-probe-*")
	if err != nil {
		return fmt.Errorf("cannot create files in the directory %s, where SQLite keeps the database and its -wal and -shm files: %w",
			dir, fileError(dir, err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// fileError says in words why path could not be used.
func fileError(path string, err error) error {
	switch {
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%s: read-only file system", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied", path)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%s: a part of the path is not a directory", path)
	case errors.Is(err, syscall.EISDIR):
		return fmt.Errorf("%s is a directory, not a database file", path)
	}
	return err
}

// Dialect names the database: "sqlite" or "postgres".
func (s *DB) Dialect() string { return s.d.name }

// SQL returns the underlying handle, for the seed's bulk loading and for
// tests that write rows the way another program would.
func (s *DB) SQL() *sql.DB { return s.db }

// Close stops the event stream and closes the database.
func (s *DB) Close() error {
	s.notifier.close()
	s.hub.close()
	return s.db.Close()
}
