package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
)

// TestSeedBuildsIndexesAfterRows seeds the same network twice on SQLite:
// as the seed does, building the indexes of the posts after their rows,
// and keeping every index up to date row by row. Both files must hold the
// same schema (that of a freshly migrated file), the same rows, the same
// search index and the same planner statistics, and pass SQLite's
// integrity check, which finds an index that misses a row of its table.
func TestSeedBuildsIndexesAfterRows(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	seeded := func(rowByRow bool) *sql.DB {
		db := open(t, sqliteURL(t))
		if rowByRow {
			storage.IndexRowByRow(db)
		}
		if _, err := seed.Run(ctx, db, seed.Options{Users: 300, Posts: 5000, Now: now, Hasher: model.Hasher{Iterations: 1000}}); err != nil {
			t.Fatal(err)
		}
		return db.SQL()
	}
	fast, slow := seeded(false), seeded(true)
	fresh := open(t, sqliteURL(t)).SQL()

	if got, want := dump(t, fast, schemaQuery), dump(t, fresh, schemaQuery); !slices.Equal(got, want) {
		t.Errorf("the seeded file's schema differs from a migrated one's:\n%s", diff(got, want))
	}
	for _, q := range append(contentQueries(t, slow), statsQueries...) {
		if got, want := dump(t, fast, q), dump(t, slow, q); !slices.Equal(got, want) {
			t.Errorf("%s: the seed differs from the one that indexed row by row:\n%s", q, diff(got, want))
		}
	}
	for _, word := range []string{"keyboard", "coffee", "the", "zzzz"} {
		q := fmt.Sprintf(`SELECT rowid FROM numeneon_post_search WHERE numeneon_post_search MATCH '"%s"' ORDER BY rowid`, word)
		got, want := dump(t, fast, q), dump(t, slow, q)
		if !slices.Equal(got, want) {
			t.Errorf("search for %q: %d posts, want %d", word, len(got), len(want))
		}
	}
	// rank 0: the index is checked in itself, not against posts_post, of
	// whose rows it holds only the top-level ones.
	if _, err := fast.Exec(`INSERT INTO numeneon_post_search (numeneon_post_search, rank) VALUES ('integrity-check', 0)`); err != nil {
		t.Errorf("the search index fails its check: %v", err)
	}
	if got := dump(t, fast, `PRAGMA integrity_check`); !slices.Equal(got, []string{"ok"}) {
		t.Errorf("integrity check: %v", got)
	}
}

// TestDeferredIndexesStayOnFailure: a load that dropped indexes to build
// them after its rows, and fails, leaves them as they were.
func TestDeferredIndexesStayOnFailure(t *testing.T) {
	ctx := context.Background()
	db := open(t, sqliteURL(t))
	before := dump(t, db.SQL(), schemaQuery)
	stop := errors.New("stop")
	err := db.Load(ctx, func(l *storage.Loader) error {
		if err := l.DeferIndexes(10, "posts_post", "posts_like"); err != nil {
			return err
		}
		if n, err := l.QueryInt(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'posts_post' AND sql IS NOT NULL`); err != nil || n != 0 {
			t.Errorf("%d indexes of posts_post during the load (%v), want them dropped", n, err)
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Load: %v", err)
	}
	if after := dump(t, db.SQL(), schemaQuery); !slices.Equal(after, before) {
		t.Errorf("the schema after a failed load:\n%s", diff(after, before))
	}
}

// schemaQuery lists the schema, whatever order it was made in, but for
// the tables of statistics that ANALYZE makes.
const schemaQuery = `SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master
	WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name`

// statsQueries list the planner's statistics of the tables, but for the
// search index's own, which hold its segments: those depend on how many
// statements filled it, not on what it holds (the search answers compare
// that).
var statsQueries = []string{
	`SELECT tbl, COALESCE(idx, ''), stat FROM sqlite_stat1 WHERE tbl NOT LIKE 'numeneon_post_search%' ORDER BY tbl, idx`,
	`SELECT * FROM sqlite_stat4 WHERE tbl NOT LIKE 'numeneon_post_search%' ORDER BY tbl, idx, sample`,
}

// contentQueries read every row of every table of db but the search
// index's segments (see statsQuery), the migrations' log (when they ran)
// and the statistics; passwords are left out, since each seed hashes its
// own with a random salt.
func contentQueries(t *testing.T, db *sql.DB) []string {
	var qs []string
	for _, table := range dump(t, db, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT IN ('numeneon_post_search', 'numeneon_post_search_data', 'numeneon_post_search_idx', 'numeneon_goose_db_version')
		AND name NOT LIKE 'sqlite_stat%' ORDER BY name`) {
		cols := dump(t, db, `SELECT name FROM pragma_table_info($1) WHERE name != 'password' ORDER BY cid`, table)
		qs = append(qs, `SELECT `+strings.Join(cols, ", ")+` FROM "`+table+`" ORDER BY `+strings.Join(cols, ", "))
	}
	return qs
}

// dump returns every row of a query, each as one line of text.
func dump(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// diff shows the first lines where two dumps differ.
func diff(got, want []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d lines, want %d\n", len(got), len(want))
	shown := 0
	for i := 0; i < max(len(got), len(want)) && shown < 5; i++ {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			fmt.Fprintf(&b, "line %d:\n  got  %s\n  want %s\n", i, g, w)
			shown++
		}
	}
	return b.String()
}
