package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/storage/storetest"
)

// postgresDSN is the server the Postgres tests use; they are skipped when
// it is empty.
var postgresDSN = os.Getenv("NUMENEON_TEST_POSTGRES")

// backend opens an empty database of one kind and returns its URL for
// storage.Open; raw SQL may be run on it before the store opens it.
type backend struct {
	name string
	url  func(t testing.TB) string
}

func backends(t *testing.T) []backend {
	bs := []backend{{"sqlite", sqliteURL}}
	if postgresDSN != "" {
		bs = append(bs, backend{"postgres", postgresURL})
	} else {
		t.Log("NUMENEON_TEST_POSTGRES is not set: PostgreSQL is not tested")
	}
	return bs
}

// sqliteURL names a fresh file in the test's temporary directory.
func sqliteURL(t testing.TB) string {
	return filepath.Join(t.TempDir(), "numeneon.db")
}

// postgresURL makes a fresh schema for the test, dropped when it ends.
func postgresURL(t testing.TB) string { return storetest.PostgresURL(t) }

// open opens and migrates the store at rawURL, closed when the test ends.
func open(t testing.TB, rawURL string) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, rawURL)
	if err != nil {
		t.Fatalf("storage.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db
}

func opener(b backend) storetest.Opener {
	return func(t testing.TB) (model.OperatorStore, *sql.DB) {
		db := open(t, b.url(t))
		if db.Dialect() != b.name {
			t.Fatalf("Dialect() = %q, want %q", db.Dialect(), b.name)
		}
		return db, db.SQL()
	}
}

// The two conformance suites run beside each other, after the package's
// other tests: they share nothing (a file each, a schema each on
// PostgreSQL) and are the longest tests of the package.
func TestStoreSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, opener(backend{"sqlite", sqliteURL}))
}

func TestStorePostgres(t *testing.T) {
	if postgresDSN == "" {
		t.Skip("NUMENEON_TEST_POSTGRES is not set")
	}
	t.Parallel()
	storetest.Run(t, opener(backend{"postgres", postgresURL}))
}

func TestMigrateIdempotent(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			u := b.url(t)
			db := open(t, u)
			tables := tableColumns(t, db.SQL(), db.Dialect())
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
			// A second process opening the same database migrates too.
			again := open(t, u)
			if got := tableColumns(t, again.SQL(), again.Dialect()); got != tables {
				t.Errorf("the schema changed on re-migration:\nbefore:\n%s\nafter:\n%s", tables, got)
			}
			for _, name := range djangoTables {
				if !strings.Contains(tables, name+".id ") {
					t.Errorf("Migrate did not create %s", name)
				}
			}
			svc := model.NewService(again, model.WithHasher(model.Hasher{Iterations: 1000}))
			u1, err := svc.SignUp(ctx, model.SignUp{Username: "alice", Email: "alice@example.com", Password: storetest.Password})
			if err != nil {
				t.Fatalf("SignUp after re-migration: %v", err)
			}
			if _, err := svc.CreatePost(ctx, u1.ID, model.NewPost{Content: "still works"}); err != nil {
				t.Errorf("CreatePost after re-migration: %v", err)
			}
		})
	}
}

var djangoTables = []string{"auth_user", "users_profile", "posts_post", "posts_like",
	"friends_friendship", "friends_friendrequest", "messages_app_message"}

// tableColumns describes the columns of the seven Django tables, one line
// per column: "table.column type nullability".
func tableColumns(t testing.TB, db *sql.DB, dialect string) string {
	t.Helper()
	var lines []string
	for _, table := range djangoTables {
		var q string
		if dialect == "postgres" {
			q = `SELECT column_name, data_type || coalesce('(' || character_maximum_length || ')', ''), is_nullable
				FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
		} else {
			q = `SELECT name, lower(type), CASE WHEN "notnull" = 1 THEN 'NO' ELSE 'YES' END FROM pragma_table_info($1)`
		}
		rows, err := db.Query(q, table)
		if err != nil {
			t.Fatalf("columns of %s: %v", table, err)
		}
		for rows.Next() {
			var name, typ, null string
			if err := rows.Scan(&name, &typ, &null); err != nil {
				t.Fatalf("columns of %s: %v", table, err)
			}
			lines = append(lines, fmt.Sprintf("%s.%s %s null=%s", table, name, typ, null))
		}
		rows.Close()
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// applyDDL runs a testdata file of statements separated by "-- ;" lines.
func applyDDL(t testing.TB, db *sql.DB, file string, edit func(string) string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range strings.Split(string(b), "\n-- ;\n") {
		if edit != nil {
			stmt = edit(stmt)
		}
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v\n%s", file, err, stmt)
		}
	}
}

// TestSQLiteTimeFormat checks that numeneon writes datetimes on SQLite
// exactly as Django does ("YYYY-MM-DD HH:MM:SS.ffffff", six digits, the
// fraction left out only when it is zero): SQLite compares them as text, so
// the same instant written two ways breaks ordering and keyset pagination
// against rows Django wrote.
func TestSQLiteTimeFormat(t *testing.T) {
	ctx := context.Background()
	db := open(t, sqliteURL(t))
	svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
	u, err := svc.SignUp(ctx, model.SignUp{Username: "alice", Email: "alice@example.com", Password: storetest.Password})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 25, 16, 26, 45, 693048000, time.UTC), "2026-11-25 16:26:45.693048"},
		{time.Date(2026, 11, 25, 16, 26, 45, 693000000, time.UTC), "2026-11-25 16:26:45.693000"},
		{time.Date(2026, 11, 25, 16, 26, 45, 500000000, time.UTC), "2026-11-25 16:26:45.500000"},
		{time.Date(2026, 11, 25, 16, 26, 45, 10, time.UTC), "2026-11-25 16:26:45"},
		{time.Date(2026, 11, 25, 17, 26, 45, 0, time.FixedZone("CET", 3600)), "2026-11-25 16:26:45"},
	}
	for _, c := range cases {
		db.Now = func() time.Time { return c.at }
		p, err := svc.CreatePost(ctx, u.ID, model.NewPost{Content: "at " + c.want})
		if err != nil {
			t.Fatal(err)
		}
		var created, updated string
		if err := db.SQL().QueryRow("SELECT created_at || '', updated_at || '' FROM posts_post WHERE id = $1", p.ID).Scan(&created, &updated); err != nil {
			t.Fatal(err)
		}
		if created != c.want || updated != c.want {
			t.Errorf("a post made at %v is stored with created_at %q, updated_at %q; Django writes %q", c.at, created, updated, c.want)
		}
		got, err := svc.Post(ctx, u.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := c.at.Truncate(time.Microsecond); !got.CreatedAt.Equal(want) {
			t.Errorf("created_at %q reads back as %v, want %v", created, got.CreatedAt, want)
		}
	}
}
