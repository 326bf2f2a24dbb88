package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// TestEventListenerReconnects: when Postgres drops the LISTEN connection,
// the stream reconnects by itself and delivers what was written meanwhile.
func TestEventListenerReconnects(t *testing.T) {
	ctx := context.Background()
	url := postgresURL(t)
	reader, readSvc := evService(t, url)
	_, writeSvc := evService(t, url) // another instance, so only NOTIFY can wake the reader
	alice, _ := readSvc.SignUp(ctx, model.SignUp{Username: "alice", Email: "alice@example.com", Password: "password-1"})
	bob, _ := readSvc.SignUp(ctx, model.SignUp{Username: "bob", Email: "bob@example.com", Password: "password-1"})
	last, _ := reader.LastEventID(ctx)
	subCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	events, err := reader.Subscribe(subCtx, bob.ID, last)
	if err != nil {
		t.Fatal(err)
	}
	waitLive := func() {
		for deadline := time.Now().Add(10 * time.Second); !reader.Live(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the stream never came back live")
			}
		}
	}
	waitLive()
	// Cut every numeneon listener (other tests' ones reconnect too).
	var cut int
	if err := reader.SQL().QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'numeneon-events'`).Scan(&cut); err != nil || cut == 0 {
		t.Fatalf("terminated %d listeners: %v", cut, err)
	}
	for i := range 5 {
		m, err := writeSvc.SendMessage(ctx, alice.ID, bob.ID, "while you were away")
		if err != nil {
			t.Fatal(err)
		}
		select {
		case ev := <-events:
			if ev.Kind != model.EventMessage || ev.MessageID != m.ID {
				t.Fatalf("message %d: got %+v", i, ev)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("message %d written after the cut never arrived", i)
		}
	}
	waitLive()
}
