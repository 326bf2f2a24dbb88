package storage

// NotifyInTransactions makes db's transactions notify from the trigger,
// as every transaction did before the notifier (the benchmarks' "before").
func NotifyInTransactions(db *DB) {
	db.notifier.close()
	db.notifier = nil
}
