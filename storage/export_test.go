package storage

import "time"

// NotifyInTransactions makes db's transactions notify from the trigger,
// as every transaction did before the notifier (the benchmarks' "before").
func NotifyInTransactions(db *DB) {
	db.notifier.close()
	db.notifier = nil
}

// WithoutSafetyPoll makes db's event stream read the table only when
// woken (by its own writes or a NOTIFY), so that a test sees whether the
// NOTIFY came. Call it before the first subscription.
func WithoutSafetyPoll(db *DB) { db.hub.safety = time.Hour }

// NotifyToken is what db's own NOTIFYs carry.
func NotifyToken(db *DB) string { return db.token }

// IndexRowByRow makes db's loads keep every index up to date row by row,
// as they did before DeferIndexes: the way the tests compare a load with.
func IndexRowByRow(db *DB) { db.rowByRow = true }
