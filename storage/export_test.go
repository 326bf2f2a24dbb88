package storage

// IndexRowByRow makes db's loads keep every index up to date row by row,
// as they did before DeferIndexes: the way the tests compare a load with.
func IndexRowByRow(db *DB) { db.rowByRow = true }
