package storage

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
)

// bulkRows is how many rows one multi-row INSERT carries: Postgres takes
// up to 65,535 parameters. The SQLite driver binds numbered parameters ($1)
// in time that grows with the square of their number, so the load's own
// statements there use anonymous ones (?) instead, whose binding is linear
// (see insertRows), and carry fewer rows: past a hundred, a larger
// statement saves nothing more.
func bulkRows(d dialect) int {
	if d.name == "sqlite" {
		return 100
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
	// deferred are the statements that create the indexes DeferIndexes
	// dropped, in the order the schema had them.
	deferred []string
	rowByRow bool // see DB.rowByRow
}

type batch struct {
	cols    []string
	args    []any
	rows    int
	full    *sql.Stmt // the INSERT of a whole batch, prepared once
	parents []string  // the other tables it refers to (findParents)
}

// Load runs fn in one transaction and flushes what it inserted.
func (s *DB) Load(ctx context.Context, fn func(*Loader) error) error {
	return s.write(ctx, func(t *tx) error {
		l := &Loader{ctx: ctx, t: t, pending: map[string]*batch{}, ids: map[string]*idBlock{}, rowByRow: s.rowByRow}
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
		for _, create := range l.deferred {
			if err := l.Exec(create); err != nil {
				return err
			}
		}
		return l.Exec(`DELETE FROM numeneon_bulk`)
	})
}

// DeferIndexes makes the load build the secondary indexes of tables once,
// from their rows, just before it commits, instead of row by row: a load
// writes posts in the order of their ids and times, which is random in an
// index by author or by who liked, and inserting ten million rows at
// random places in indexes larger than the cache reads and writes a page
// for nearly every row, where sorting them once does not. The indexes are
// dropped and made again from the very statements that made them, in the
// load's transaction: every other connection reads them as they were
// until the commit, and a load that fails leaves them as they were.
//
// rows is how many rows the load adds to the first of tables: building an
// index costs in proportion to all the rows of its table, so the indexes
// are left in place when the table holds as many already (a few posts
// added to ten million).
//
// Only on SQLite. On PostgreSQL dropping an index would lock its table
// against every reader until the load commits; there the rows go into the
// indexes as they come.
func (l *Loader) DeferIndexes(rows int, tables ...string) error {
	if l.t.d.name != "sqlite" || len(tables) == 0 || l.rowByRow {
		return nil
	}
	// Counting stops at rows: it costs no more than the load.
	held, err := l.QueryInt(`SELECT COUNT(*) FROM (SELECT 1 FROM `+tables[0]+` LIMIT $1) x`, rows)
	if err != nil || held >= int64(rows) {
		return err
	}
	// sql is NULL for the indexes of UNIQUE and PRIMARY KEY constraints,
	// which are the tables' own and stay.
	list, err := l.t.QueryContext(l.ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (`+placeholders(1, len(tables))+`)
		ORDER BY rowid`, anys(tables)...)
	if err != nil {
		return err
	}
	type index struct{ name, create string }
	indexes, err := collect(list, func(r scanner) (index, error) {
		var x index
		return x, r.Scan(&x.name, &x.create)
	})
	if err != nil {
		return err
	}
	for _, x := range indexes {
		if err := l.Exec(`DROP INDEX ` + quoteIdent(x.name)); err != nil {
			return err
		}
		l.deferred = append(l.deferred, x.create)
	}
	return nil
}

// anys turns strings into query arguments.
func anys(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
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

// Insert queues one row; rows go out bulkRows at a time, a table's after
// those of the tables it refers to (ready). time.Time values are stored
// the way the database keeps times.
func (l *Loader) Insert(table string, cols []string, row ...any) error {
	b := l.pending[table]
	if b == nil {
		b = &batch{cols: cols}
		if err := l.findParents(table, b); err != nil {
			return err
		}
		l.pending[table] = b
		l.order = append(l.order, table)
	}
	if id, ok := row[0].(int64); ok && table == "posts_post" && (l.firstPost == 0 || id < l.firstPost) {
		l.firstPost = id
	}
	b.args = append(b.args, l.values(row)...)
	b.rows++
	if b.rows < bulkRows(l.t.d) {
		return nil
	}
	for _, table := range l.order {
		if err := l.flushFull(table, l.pending[table]); err != nil {
			return err
		}
	}
	return nil
}

// findParents finds the other tables that table's foreign keys refer to,
// on SQLite. There a row that comes before the row it refers to counts as
// a violation until that row comes; while any is counted, every row
// inserted into the other table looks for the rows that refer to it, which
// is a scan of the whole table without an index (see DeferIndexes). So a
// post's likes never go before the post. PostgreSQL checks the keys at
// commit only.
func (l *Loader) findParents(table string, b *batch) error {
	if l.t.d.name != "sqlite" {
		return nil
	}
	rows, err := l.t.QueryContext(l.ctx, `SELECT DISTINCT "table" FROM pragma_foreign_key_list($1) WHERE "table" != $1`, table)
	if err != nil {
		return err
	}
	b.parents, err = collect(rows, func(r scanner) (string, error) {
		var t string
		return t, r.Scan(&t)
	})
	return err
}

// ready says whether b's rows may go out: none of the rows it may refer
// to is still queued.
func (l *Loader) ready(b *batch) bool {
	for _, p := range b.parents {
		if pb := l.pending[p]; pb != nil && pb.rows > 0 {
			return false
		}
	}
	return true
}

// Flush writes every queued row, parents before children.
func (l *Loader) Flush() error {
	for _, table := range l.order {
		b := l.pending[table]
		if err := l.flushFull(table, b); err != nil {
			return err
		}
		if err := l.flushRows(table, b, b.rows); err != nil {
			return err
		}
	}
	return nil
}

// flushFull writes b's full batches of bulkRows rows, when it is ready.
func (l *Loader) flushFull(table string, b *batch) error {
	n := bulkRows(l.t.d)
	for b.rows >= n && l.ready(b) {
		if err := l.flushRows(table, b, n); err != nil {
			return err
		}
	}
	return nil
}

// flushRows writes b's first n rows, with a statement prepared once for
// full batches.
func (l *Loader) flushRows(table string, b *batch, n int) error {
	if n == 0 {
		return nil
	}
	rowArgs := b.args[:n*len(b.cols)]
	var err error
	if n == bulkRows(l.t.d) {
		if b.full == nil {
			if b.full, err = l.t.PrepareContext(l.ctx, insertRows(l.t.d, table, b.cols, n)); err != nil {
				return err
			}
		}
		_, err = b.full.ExecContext(l.ctx, rowArgs...)
	} else {
		_, err = l.t.ExecContext(l.ctx, insertRows(l.t.d, table, b.cols, n), rowArgs...)
	}
	b.args = b.args[:copy(b.args, b.args[len(rowArgs):])]
	b.rows -= n
	return err
}

// insertRows is a multi-row INSERT of n rows: with numbered parameters
// ($1) on PostgreSQL, whose driver takes no others, and anonymous ones (?)
// on SQLite (see bulkRows).
func insertRows(d dialect, table string, cols []string, n int) string {
	var q strings.Builder
	q.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for r := range n {
		if r > 0 {
			q.WriteString(", ")
		}
		if d.name != "sqlite" {
			row = "(" + placeholders(r*len(cols)+1, len(cols)) + ")"
		}
		q.WriteString(row)
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
