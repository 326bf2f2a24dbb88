package storage

import (
	"context"
	"testing"
	"time"

	"github.com/numeneon/numeneon/storage/storetest"
)

// TestPostgresMigrationLockPerSchema: migrations take a lock of their own
// schema: while one schema's is held, another schema migrates, and the
// held one waits until the lock is let go.
func TestPostgresMigrationLockPerSchema(t *testing.T) {
	urlA, urlB := storetest.PostgresURL(t), storetest.PostgresURL(t)
	ctx := context.Background()
	a, err := Open(ctx, urlA)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, urlB)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	id, err := a.migrationLockID()
	if err != nil {
		t.Fatal(err)
	}
	holder, err := a.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, id); err != nil {
		t.Fatal(err)
	}
	migrated := make(chan error, 1)
	go func() { migrated <- a.Migrate(ctx) }()

	bCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := b.Migrate(bCtx); err != nil {
		t.Fatalf("another schema's migration waited on the held lock: %v", err)
	}
	select {
	case err := <-migrated:
		t.Fatalf("a migration ran while its schema's lock was held (%v)", err)
	case <-time.After(500 * time.Millisecond):
	}
	if _, err := holder.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, id); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-migrated:
		if err != nil {
			t.Fatalf("the migration after the lock was let go: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the migration did not run after its lock was let go")
	}
}
