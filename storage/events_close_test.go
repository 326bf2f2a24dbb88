package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/numeneon/numeneon/storage"
)

// TestCloseEndsSubscriptions: closing the database closes the channels of
// subscriptions whose own context is still alive.
func TestCloseEndsSubscriptions(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, sqliteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	events, err := db.Subscribe(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	select {
	case _, open := <-events:
		if open {
			t.Fatal("an event arrived from an empty, closed database")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the subscription outlived the database")
	}
}
