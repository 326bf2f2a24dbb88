package storage

import "slices"

// idBatch is how many ids one draw from a PostgreSQL sequence takes.
const idBatch = 1000

// idBlock holds the ids a load reserved for one table's new rows: the run
// from next on (SQLite), or those drawn from the sequence (PostgreSQL).
type idBlock struct {
	next int64
	pool []int64
}

// NewID returns an id for a new row of table that no other writer takes,
// so that a load can run beside the web app, the Service and other loads.
// On PostgreSQL it comes from the table's sequence, idBatch at a time (an
// unused rest is a gap, as a rolled-back insert leaves). On SQLite the load
// holds the write lock until it commits, so the ids above the largest in
// use or ever used (sqlite_sequence) are the load's alone.
func (l *Loader) NewID(table string) (int64, error) {
	b := l.ids[table]
	if b == nil {
		b = &idBlock{}
		if err := l.startIDs(table, b); err != nil {
			return 0, err
		}
		l.ids[table] = b
	}
	if l.t.d.name == "sqlite" {
		b.next++
		return b.next - 1, nil
	}
	if len(b.pool) == 0 {
		rows, err := l.t.QueryContext(l.ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`,
			table, idBatch)
		if err != nil {
			return 0, err
		}
		if b.pool, err = collect(rows, func(r scanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}); err != nil {
			return 0, err
		}
		slices.Sort(b.pool)
	}
	id := b.pool[0]
	b.pool = b.pool[1:]
	return id, nil
}

// startIDs prepares the reservation of ids for table. On PostgreSQL it
// first moves a sequence that lags behind the table's ids (rows written
// with explicit ids and no setval after) past them; it never moves one
// back, which could hand out an id that another transaction holds.
func (l *Loader) startIDs(table string, b *idBlock) error {
	if l.t.d.name == "sqlite" {
		n, err := l.QueryInt(`SELECT MAX(COALESCE((SELECT MAX(id) FROM `+table+`), 0),
			COALESCE((SELECT seq FROM sqlite_sequence WHERE name = $1), 0))`, table)
		b.next = n + 1
		return err
	}
	return l.Exec(`SELECT setval(s.seq, x.m)
		FROM (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq) s, (SELECT MAX(id) AS m FROM `+table+`) x
		WHERE x.m > COALESCE(pg_sequence_last_value(s.seq), 0)`, table)
}

// Lock makes other loads that lock the same key wait until this one ends;
// on SQLite, where write transactions already run one at a time, it does
// nothing.
func (l *Loader) Lock(key string) error { return l.t.lockKey(l.ctx, key) }
