package storage_test

import (
	"context"
	"testing"
	"time"
)

// TestCloseEndsSubscriptions: closing the database closes the channels of
// subscriptions whose own context is still alive.
func TestCloseEndsSubscriptions(t *testing.T) {
	ctx := context.Background()
	db := open(t, sqliteURL(t))
	events, err := db.SubscribeAll(ctx, 0)
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
