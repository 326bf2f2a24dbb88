package storage

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
)

// bulkRows is how many rows one multi-row INSERT carries. Postgres takes
// large statements well (65,535 parameters at most); the SQLite driver binds
// numbered parameters in time that grows with the square of their number,
// so there small statements, prepared once, are fastest.
func bulkRows(d dialect) int {
	if d.name == "sqlite" {
		return 16
	}
	return 400
}

// Loader writes many rows in one transaction with multi-row INSERTs and
// explicit ids, taken from NewID. It is for `numeneon seed`, which loads a
// million posts; the Service's one-row-at-a-time path is for people.
type Loader struct {
	ctx     context.Context
	t       *tx
	pending map[string]*batch
	order   []string // tables in the order they were first written (FK order)
	// firstPost is the lowest posts_post id inserted, for the search index
	// and the River's authors (indexRiver).
	firstPost int64
	ids       map[string]*idBlock // ids reserved for new rows, per table
}

type batch struct {
	cols []string
	args []any
	rows int
	full *sql.Stmt // the INSERT of a whole batch, prepared once
}

// Load runs fn in one transaction and flushes what it inserted.
func (s *DB) Load(ctx context.Context, fn func(*Loader) error) error {
	return s.write(ctx, func(t *tx) error {
		l := &Loader{ctx: ctx, t: t, pending: map[string]*batch{}, ids: map[string]*idBlock{}}
		if s.d.name == "sqlite" {
			// Index pages of a million rows do not fit SQLite's default 2 MB
			// cache; with a larger one a load is bound by the CPU, not by
			// re-reading pages. The connection gets the default back after.
			if err := l.Exec(`PRAGMA cache_size = -262144`); err != nil {
				return err
			}
			defer l.Exec(`PRAGMA cache_size = -2000`)
		}
		// Historical rows are not news: the event triggers skip them.
		if err := l.Exec(`INSERT INTO numeneon_bulk (started_at) VALUES ($1)`, t.now); err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
		if err := l.Flush(); err != nil {
			return err
		}
		if l.firstPost > 0 {
			for _, index := range []string{s.d.indexPosts, indexRiver} {
				if index == "" {
					continue
				}
				if err := l.Exec(index, l.firstPost); err != nil {
					return err
				}
			}
		}
		return l.Exec(`DELETE FROM numeneon_bulk`)
	})
}

// clearedTables are the tables Clear empties, each before the tables it
// refers to: those numeneon shares with the web app, its event log and the
// state it keeps per account (SSH keys, presence, drafts, budgets, blocks
// and mutes, settings, shares, the River's authors) and per message (edits), and,
// where the database has them, the web app's stories and Django's rows
// that go with an account (Django deletes them with the account, too).
var clearedTables = []string{"numeneon_message_edit", "messages_app_message", "stories_storyreaction", "stories_storyview", "stories_story",
	"numeneon_share", "posts_like", "friends_friendrequest", "friends_friendship", "posts_post", "users_profile",
	"numeneon_ssh_key", "numeneon_presence", "numeneon_draft", "numeneon_budget", "numeneon_username", "numeneon_username_todo",
	"numeneon_block", "numeneon_mute", "numeneon_setting", "numeneon_river_author",
	"auth_user_groups", "auth_user_user_permissions", "django_admin_log", "auth_user", "numeneon_event"}

// Clear deletes every row of clearedTables, and the search index that
// derives from them. A row of any other table that refers to one of them
// (a table of the web app that numeneon does not know) stops it with
// ECONFLICT naming that table, before anything is deleted: its foreign key
// would otherwise fail the commit with no word of where.
func (l *Loader) Clear() error {
	var present []string
	for _, table := range clearedTables {
		n, err := l.QueryInt(clearCatalog[l.t.d.name].tableExists, table)
		if err != nil {
			return err
		}
		if n > 0 {
			present = append(present, table)
		}
	}
	if err := l.checkReferences(present); err != nil {
		return err
	}
	if l.t.d.clearSearch != "" {
		if err := l.Exec(l.t.d.clearSearch); err != nil {
			return err
		}
	}
	for _, table := range present {
		if err := l.Exec(`DELETE FROM ` + table); err != nil {
			return err
		}
	}
	return nil
}

// checkReferences returns ECONFLICT if a table outside tables has a row
// that refers to a row of one of them.
func (l *Loader) checkReferences(tables []string) error {
	quoted := make([]string, len(tables))
	for i, t := range tables {
		quoted[i] = "'" + t + "'" // our own constants
	}
	q := strings.ReplaceAll(clearCatalog[l.t.d.name].references, "$tables", strings.Join(quoted, ", "))
	rows, err := l.t.QueryContext(l.ctx, q)
	if err != nil {
		return err
	}
	type ref struct{ table, sqlName, column string }
	refs, err := collect(rows, func(r scanner) (ref, error) {
		var x ref
		return x, r.Scan(&x.table, &x.sqlName, &x.column)
	})
	if err != nil {
		return err
	}
	for _, r := range refs {
		if slices.Contains(tables, r.table) {
			continue
		}
		n, err := l.QueryInt(`SELECT COUNT(*) FROM (SELECT 1 FROM ` + r.sqlName + ` WHERE ` +
			quoteIdent(r.column) + ` IS NOT NULL LIMIT 1) x`)
		if err != nil {
			return err
		}
		if n > 0 {
			return model.Errorf(model.ECONFLICT, "Cannot clear the database: rows of the table %s, which numeneon does not know, "+
				"refer to accounts, posts or messages. Delete those rows first, or seed without --clear.", r.table)
		}
	}
	return nil
}

// clearCatalog holds Clear's questions to each database's catalog: whether
// a table ($1) exists, and which columns of which tables (name, name as
// SQL, column) refer to the tables $tables.
var clearCatalog = map[string]struct{ tableExists, references string }{
	"sqlite": {
		tableExists: `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1`,
		references: `SELECT m.name, '"' || replace(m.name, '"', '""') || '"', f."from"
			FROM sqlite_master m, pragma_foreign_key_list(m.name) f
			WHERE m.type = 'table' AND lower(f."table") IN ($tables)`,
	},
	"postgres": {
		tableExists: `SELECT COUNT(*) FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name = $1`,
		references: `SELECT r.relname, c.conrelid::regclass::text, a.attname
			FROM pg_constraint c
			JOIN pg_class r ON r.oid = c.conrelid
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
			WHERE c.contype = 'f' AND c.confrelid IN (SELECT to_regclass(t) FROM unnest(ARRAY[$tables]) t)`,
	},
}

// quoteIdent quotes a column name for SQL.
func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// Exec runs a statement in the load's transaction.
func (l *Loader) Exec(query string, args ...any) error {
	_, err := l.t.ExecContext(l.ctx, query, l.values(args)...)
	return err
}

// QueryInt runs a query that returns one integer.
func (l *Loader) QueryInt(query string, args ...any) (int64, error) {
	var n int64
	err := l.t.QueryRowContext(l.ctx, query, l.values(args)...).Scan(&n)
	return n, err
}

// Insert queues one row; rows go out bulkRows at a time. time.Time values
// are stored the way the database keeps times.
func (l *Loader) Insert(table string, cols []string, row ...any) error {
	b := l.pending[table]
	if b == nil {
		b = &batch{cols: cols}
		l.pending[table] = b
		l.order = append(l.order, table)
	}
	if id, ok := row[0].(int64); ok && table == "posts_post" && (l.firstPost == 0 || id < l.firstPost) {
		l.firstPost = id
	}
	b.args = append(b.args, l.values(row)...)
	b.rows++
	if b.rows >= bulkRows(l.t.d) {
		return l.flush(table, b)
	}
	return nil
}

// Flush writes every queued row, parents before children.
func (l *Loader) Flush() error {
	for _, table := range l.order {
		if err := l.flush(table, l.pending[table]); err != nil {
			return err
		}
	}
	return nil
}

func (l *Loader) flush(table string, b *batch) error {
	if b.rows == 0 {
		return nil
	}
	var err error
	if b.rows == bulkRows(l.t.d) {
		if b.full == nil {
			if b.full, err = l.t.PrepareContext(l.ctx, insertRows(table, b.cols, b.rows)); err != nil {
				return err
			}
		}
		_, err = b.full.ExecContext(l.ctx, b.args...)
	} else {
		_, err = l.t.ExecContext(l.ctx, insertRows(table, b.cols, b.rows), b.args...)
	}
	b.args, b.rows = b.args[:0], 0
	return err
}

// insertRows is a multi-row INSERT of n rows.
func insertRows(table string, cols []string, n int) string {
	var q strings.Builder
	q.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	for r := range n {
		if r > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(" + placeholders(r*len(cols)+1, len(cols)) + ")")
	}
	return q.String()
}

func (l *Loader) values(row []any) []any {
	for i, v := range row {
		if t, ok := v.(time.Time); ok {
			row[i] = l.t.d.time(t)
		}
	}
	return row
}
