package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteLockWait is how long Open waits for a lock that SQLite will not
// wait for itself, as long as the busy timeout of openSQLite.
const sqliteLockWait = 30 * time.Second

// prepareSQLite puts a SQLite file in WAL mode, once for all connections
// and processes (the mode is kept in the file), and refreshes the query
// planner's statistics.
//
// Both steps may upgrade a read transaction to a write one, and SQLite
// does not wait for that (two connections doing so would wait for each
// other for ever): it answers "database is locked" at once, whatever the
// busy timeout. When several processes opened a new file at once, one or
// more failed so. So the WAL switch is retried, and the optimization runs
// in a write transaction, whose start does wait.
func prepareSQLite(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(sqliteLockWait)
	for {
		_, err := db.ExecContext(ctx, `PRAGMA journal_mode=WAL`)
		if !sqliteBusy(err) || time.Now().After(deadline) {
			if err != nil {
				return err
			}
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	// Keep the planner's statistics fresh, as SQLite advises for
	// long-lived connections; cheap when nothing changed.
	tx, err := db.BeginTx(ctx, nil) // IMMEDIATE: see openSQLite
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `PRAGMA optimize=0x10002`); err != nil {
		return err
	}
	return tx.Commit()
}

// sqliteBusy reports SQLite's "database is locked".
func sqliteBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}
