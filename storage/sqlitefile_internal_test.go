package storage

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkCheckFile is what each write spends making sure the SQLite
// file is still the one opened.
func BenchmarkCheckFile(b *testing.B) {
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "numeneon.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for b.Loop() {
		if err := db.checkFile(); err != nil {
			b.Fatal(err)
		}
	}
}
