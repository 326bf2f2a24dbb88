package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/numeneon/numeneon/model"
)

// tx is one write transaction with the time fixed for all its rows.
type tx struct {
	*sql.Tx
	now time.Time
	d   dialect
}

// ts is the transaction's time as the database stores it.
func (t *tx) ts() any { return t.d.time(t.now) }

// lockPair serializes this transaction with others about users a and b.
func (t *tx) lockPair(ctx context.Context, a, b int64) error {
	if t.d.lockPair == "" {
		return nil
	}
	_, err := t.ExecContext(ctx, t.d.lockPair, min(a, b), max(a, b))
	return err
}

// lockKey serializes this transaction with others about the same keys.
func (t *tx) lockKey(ctx context.Context, keys ...string) error {
	if t.d.lockKeys == "" {
		return nil
	}
	_, err := t.ExecContext(ctx, t.d.lockKeys, keys)
	return err
}

// actAs records who acts in this transaction, for the triggers that
// cannot tell from the row (see migrations/*/00004_events.sql). The row is
// removed again before commit, so no other transaction ever sees it.
func (t *tx) actAs(ctx context.Context, userID int64, fn func() error) error {
	if _, err := t.ExecContext(ctx, `INSERT INTO numeneon_actor (user_id) VALUES ($1)`, userID); err != nil {
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	_, err := t.ExecContext(ctx, `DELETE FROM numeneon_actor`)
	return err
}

// maxAttempts bounds retries of a transaction that Postgres aborted to
// break a deadlock or a serialization conflict, or that failed a deferred
// foreign key check at commit.
const maxAttempts = 5

// write runs fn in a transaction, commits it, and maps driver errors to
// domain errors. Public methods open the transaction; helpers take it.
func (s *DB) write(ctx context.Context, fn func(*tx) error) error {
	if err := s.checkFile(); err != nil {
		return err
	}
	var err error
	for range maxAttempts {
		if err = s.writeOnce(ctx, fn); !retryable(err) {
			break
		}
	}
	if err == nil {
		s.hub.wake() // deliver our own events now, not at the next poll
		s.notifier.poke()
	}
	return mapError(err)
}

func (s *DB) writeOnce(ctx context.Context, fn func(*tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	if s.notifier != nil {
		if _, err := sqlTx.ExecContext(ctx, quietTx); err != nil {
			return err
		}
	}
	t := &tx{Tx: sqlTx, now: s.now(), d: s.d}
	if err := fn(t); err != nil {
		return err
	}
	return sqlTx.Commit()
}

// now is the store's clock in UTC at the precision both databases keep.
func (s *DB) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// retryable reports a Postgres failure that a new attempt may not meet:
// a serialization conflict, a deadlock, or a foreign key that failed. All
// of Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so Postgres
// checks them at commit, and there a failure means that a concurrent
// transaction removed a row this one refers to (or added one that refers
// to a row this one removed) after this one looked. The new attempt sees
// that change and answers accordingly. On SQLite, whose write
// transactions run one at a time, a foreign key failure is no race and
// would only fail again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "23503")
}

// mapError turns driver errors into domain errors: missing rows into
// ENOTFOUND, unique violations into ECONFLICT, and a foreign key failure
// that retrying did not cure into ECONFLICT naming the table whose row
// still refers to another (it is not "not found": the row this
// transaction acted on may well exist). The driver's error stays in the
// domain error as its cause, for the log. Domain errors and nil pass
// through.
func mapError(err error) error {
	if err == nil || model.ErrorCode(err) != model.EINTERNAL {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return model.Errorf(model.ENOTFOUND, "Not found.")
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return model.Errorf(model.ECONFLICT, "That already exists.").Because(err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			// SQLite does not say which table.
			return model.Errorf(model.ECONFLICT, "This clashes with another change: a row still refers to one that is gone.").Because(err)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return model.Errorf(model.ECONFLICT, "That already exists.").Because(err)
		case "23503":
			return model.Errorf(model.ECONFLICT, "This clashes with another change: a row of %s still refers to one that is gone (%s).",
				pe.TableName, pe.ConstraintName).Because(err)
		}
	}
	return err
}
