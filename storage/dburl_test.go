package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/storage"
)

func TestParseLocation(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, tt := range []struct {
		raw, dialect, path string
	}{
		{"postgres://u@h/db", "postgres", ""},
		{"postgresql://u@h/db", "postgres", ""},
		{"POSTGRES://u@h/db", "postgres", ""},
		{"PostgreSQL://u@h/db", "postgres", ""},
		{"host=h dbname=db user=u", "postgres", ""},
		{"  dbname = db", "postgres", ""},
		{"x.db", "sqlite", "x.db"},
		{"/abs/x.db", "sqlite", "/abs/x.db"},
		{"a#b%c?d.db", "sqlite", "a#b%c?d.db"},
		{"notes:2026.db", "sqlite", "notes:2026.db"},
		{"my db=1.db", "sqlite", "my db=1.db"},
		{"./host=h", "sqlite", "./host=h"},
		{"sqlite:x#1.db", "sqlite", "x#1.db"},
		{"SQLite:/abs/x.db", "sqlite", "/abs/x.db"},
		{"sqlite:///abs/x.db", "sqlite", "/abs/x.db"},
		{"file:x%20y.db", "sqlite", "x y.db"},
		{"file:///abs/x%23.db", "sqlite", "/abs/x#.db"},
		{"file://localhost/abs/x.db", "sqlite", "/abs/x.db"},
		{"~/x.db", "sqlite", filepath.Join(home, "x.db")},
		{"sqlite:~/x.db", "sqlite", filepath.Join(home, "x.db")},
		{"~", "sqlite", home},
		{"~other/x.db", "sqlite", "~other/x.db"},
	} {
		loc, err := storage.ParseLocation(tt.raw)
		if err != nil {
			t.Errorf("ParseLocation(%q): %v", tt.raw, err)
			continue
		}
		if loc.Dialect != tt.dialect || loc.Path != tt.path {
			t.Errorf("ParseLocation(%q) = %s %q, want %s %q", tt.raw, loc.Dialect, loc.Path, tt.dialect, tt.path)
		}
	}

	for _, tt := range []struct{ raw, want string }{
		{"mysql://u@h/db", "numeneon does not open mysql: URLs; it takes " + storage.AcceptedForms},
		{"http://example.com/x.db", "does not open http: URLs"},
		{"Redis:/x", "does not open Redis: URLs"},
		{"postgres:/db", "a PostgreSQL URL starts with postgres:// (two slashes)"},
		{"POSTGRESQL:db", "starts with postgresql://"},
		{"file:x.db?mode=ro", "? starts a query"},
		{"file:x.db#1", "# a fragment"},
		{"file://server/x.db", `not on "server"`},
		{"file:100%.db", "must start an escape"},
		{"sqlite:", "no SQLite file path"},
		{"postgres://u@h:54x2/db", "invalid port"},
		{"host=h port=x", "invalid port"},
	} {
		_, err := storage.ParseLocation(tt.raw)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseLocation(%q): error %v, want one with %q", tt.raw, err, tt.want)
		}
	}
}

// secretURLs hold the password s3cr3t in every form a connection string
// can carry one, parseable or not.
var secretURLs = []string{
	"postgres://u:s3cr3t@h/db",
	"POSTGRESQL://u:s3cr3t@h:5432/db?sslmode=disable",
	"postgres://u:s3cr3t@h:54x2/db",           // a bad port
	"postgres://u:s3cr3t pw@h/db",             // a space in the password
	"postgres://u:s3cr3t/with@slash@h/db",     // an unescaped / and @
	"postgres://u:s3cr3t%40x@h/db",            // escaped
	"postgres://u@h/db?password=s3cr3t&x=1",   // a query parameter
	"postgres://h/db?sslpassword=s3cr3t",      // the client key's
	"host=h password=s3cr3t dbname=db",        // keyword/value
	"host=h password = 's3cr3t pw' dbname=db", // quoted
	"host=h password='s3cr3t \\' pw",          // unterminated quote
	"host=h PASSWORD=s3cr3t\\ pw",             // an escaped space
	"password=s3cr3t port=x",
	"mysql://u:s3cr3t@h/db", // refused, but echoed
	"postgres:/u:s3cr3t@h/db",
}

func TestRedact(t *testing.T) {
	for _, raw := range secretURLs {
		got := storage.Redact(raw)
		if strings.Contains(got, "s3cr3t") || strings.Contains(got, " pw") || !strings.Contains(got, "xxxxx") {
			t.Errorf("Redact(%q) = %q", raw, got)
		}
		if _, err := storage.ParseLocation(raw); err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("ParseLocation(%q): the error shows the password: %v", raw, err)
		}
	}
	for raw, want := range map[string]string{
		"postgres://u:pw@h:5432/db?sslmode=disable": "postgres://u:xxxxx@h:5432/db?sslmode=disable",
		"host=h password=pw dbname=db":              "host=h password=xxxxx dbname=db",
		"postgres://u@h/db":                         "postgres://u@h/db",
		"/tmp/a:b@c.db":                             "/tmp/a:b@c.db", // a path, not a URL
		"sqlite:/tmp/a:b@c.db":                      "sqlite:/tmp/a:b@c.db",
	} {
		if got := storage.Redact(raw); got != want {
			t.Errorf("Redact(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestOpenSecrets opens connection strings that fail in parsing and in
// connecting, and wants no password in the error.
func TestOpenSecrets(t *testing.T) {
	for _, raw := range append(secretURLs,
		"postgres://u:s3cr3t@127.0.0.1:1/db?connect_timeout=5",
		"host=127.0.0.1 port=1 user=u password=s3cr3t dbname=db connect_timeout=5") {
		db, err := storage.Open(context.Background(), raw)
		if err == nil {
			db.Close()
			t.Errorf("Open(%q) worked", raw)
			continue
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("Open(%q): the error shows the password: %v", raw, err)
		}
	}
}

// TestOpenSQLitePaths opens files whose names hold the characters of URIs,
// and wants files of exactly those names and no others.
func TestOpenSQLitePaths(t *testing.T) {
	dir := t.TempDir()
	want := map[string]bool{}
	for raw, name := range map[string]string{
		"DIR/a#b.db":      "a#b.db",
		"DIR/c%d.db":      "c%d.db",
		"DIR/e%20f.db":    "e%20f.db",
		"DIR/g?h=1.db":    "g?h=1.db",
		"sqlite:DIR/i#j":  "i#j",
		"file:DIR/k%25l":  "k%l",
		"file:DIR/m%3Fn":  "m?n",
		"sqlite://DIR/o%": "o%",
	} {
		raw = strings.Replace(raw, "DIR", dir, 1)
		open(t, raw).Close()
		want[name] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		for _, companion := range []string{"-wal", "-shm", "-migrate-lock"} {
			name = strings.TrimSuffix(name, companion)
		}
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected file %q", e.Name())
		}
		if name == e.Name() {
			want[name] = false // seen
		}
	}
	for name, missing := range want {
		if missing {
			t.Errorf("no file %q", name)
		}
	}
}

func TestOpenSQLiteProblems(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte("not a database, but longer than a header would be: "+strings.Repeat("x", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	raw, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE notes (id integer PRIMARY KEY, body text); CREATE TABLE tags (name text)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	for _, tt := range []struct{ path, want string }{
		{filepath.Join(dir, "missing", "x.db"), "the directory " + filepath.Join(dir, "missing") + " does not exist"},
		{filepath.Join(notDB, "x.db"), notDB + " is not a directory"},
		{dir, dir + " is a directory, not a database file"},
		{notDB, notDB + " is not a SQLite database file"},
		{other, "This SQLite file is not a Numeneon database: it has tables of another program (notes, tags) and no auth_user table"},
	} {
		db, err := storage.Open(context.Background(), tt.path)
		if err == nil {
			db.Close()
			t.Errorf("Open(%q) worked", tt.path)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%q): %v, want %q", tt.path, err, tt.want)
		}
	}
	if _, err := storage.Open(context.Background(), filepath.Join(dir, "missing", "x.db")); !errors.As(err, new(*storage.NoDirectoryError)) {
		t.Errorf("a missing directory: %T, want *storage.NoDirectoryError", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("Open made the missing directory")
	}
}

// TestOpenForeignPostgres refuses a PostgreSQL schema that holds another
// program's tables and no auth_user.
func TestOpenForeignPostgres(t *testing.T) {
	if postgresDSN == "" {
		t.Skip("NUMENEON_TEST_POSTGRES is not set")
	}
	u := postgresURL(t)
	raw, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TABLE invoices (id serial PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), u)
	if err == nil {
		db.Close()
		t.Fatal("Open of a schema with another program's table worked")
	}
	if want := "The schema of this PostgreSQL database is not a Numeneon database: it has tables of another program (invoices)"; !strings.Contains(err.Error(), want) {
		t.Errorf("Open: %v, want %q", err, want)
	}
}
