package storage

import (
	"context"
	"database/sql"
	"strings"
	"time"
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
// explicit ids. It is for `numeneon seed`, which loads a million posts; the
// Service's one-row-at-a-time path is for people.
type Loader struct {
	ctx     context.Context
	t       *tx
	pending map[string]*batch
	order   []string // tables in the order they were first written (FK order)
	// firstPost is the lowest posts_post id inserted, for the search index.
	firstPost int64
}

type batch struct {
	cols []string
	args []any
	rows int
	full *sql.Stmt // the INSERT of a whole batch, prepared once
}

// Load runs fn in one transaction, flushes what it inserted, and moves the
// id sequences past the ids it used.
func (s *DB) Load(ctx context.Context, fn func(*Loader) error) error {
	return s.write(ctx, func(t *tx) error {
		l := &Loader{ctx: ctx, t: t, pending: map[string]*batch{}}
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
		if l.firstPost > 0 && s.d.indexPosts != "" {
			if err := l.Exec(s.d.indexPosts, l.firstPost); err != nil {
				return err
			}
		}
		if err := l.Exec(`DELETE FROM numeneon_bulk`); err != nil {
			return err
		}
		return l.fixSequences()
	})
}

// Clear deletes every row of the tables numeneon shares with the web app,
// and the events and search index that derive from them.
func (s *DB) Clear(ctx context.Context) error {
	return s.Load(ctx, func(l *Loader) error {
		if s.d.clearSearch != "" {
			if err := l.Exec(s.d.clearSearch); err != nil {
				return err
			}
		}
		for _, table := range []string{"messages_app_message", "posts_like", "friends_friendrequest",
			"friends_friendship", "posts_post", "users_profile", "auth_user", "numeneon_event"} {
			if err := l.Exec(`DELETE FROM ` + table); err != nil {
				return err
			}
		}
		return nil
	})
}

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

// NextID returns the id after the largest one in table.
func (l *Loader) NextID(table string) (int64, error) {
	n, err := l.QueryInt(`SELECT COALESCE(MAX(id), 0) FROM ` + table)
	return n + 1, err
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

// fixSequences moves Postgres's id sequences past explicit ids, so that the
// next insert by numeneon or Django does not collide. SQLite's AUTOINCREMENT
// keeps up by itself.
func (l *Loader) fixSequences() error {
	if l.t.d.name != "postgres" {
		return nil
	}
	for _, table := range l.order {
		if err := l.Exec(`SELECT setval(pg_get_serial_sequence('` + table + `', 'id'),
			(SELECT COALESCE(MAX(id), 0) + 1 FROM ` + table + `), false)`); err != nil {
			return err
		}
	}
	return nil
}
