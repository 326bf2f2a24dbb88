package storage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
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
	// Cut every numeneon listener of this database (other tests' ones
	// reconnect too; other databases' are left alone).
	var cut int
	if err := reader.SQL().QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'numeneon-events' AND datname = current_database()`).Scan(&cut); err != nil || cut == 0 {
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

// TestSubscribeAfterFailedStart: the first Subscribe fails because the
// event stream cannot start (the database is not migrated yet); once it
// is, later Subscribes (several at once) start the stream and deliver.
func TestSubscribeAfterFailedStart(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := storage.Open(ctx, b.url(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			for range 2 {
				if _, err := db.SubscribeAll(ctx, 0); err == nil {
					t.Fatal("subscribed to a database without the event table")
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
			alice, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
			after := evMust(db.LastEventID(ctx)).of(t)
			subCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			chans := make([]<-chan model.Event, 4)
			errs := make([]error, len(chans))
			var wg sync.WaitGroup
			for i := range chans {
				wg.Go(func() { chans[i], errs[i] = db.Subscribe(subCtx, bob, after) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatalf("Subscribe after the migration: %v", err)
				}
			}
			sent := sendMessages(t, svc, alice, bob, 3, "after the failed start ")
			for _, ch := range chans {
				var got []model.Event
				for len(got) < len(sent) {
					select {
					case ev := <-ch:
						got = append(got, ev)
					case <-time.After(evWait):
						t.Fatalf("%d of %d messages arrived", len(got), len(sent))
					}
				}
				checkMessages(t, got, bob, alice, sent)
			}
		})
	}
}

// TestSubscribeCatchesUpAfterFailedRead: a subscription whose first read
// of the events it missed fails (the table is away a moment) reads again
// until it works, and delivers them, instead of silently skipping them.
func TestSubscribeCatchesUpAfterFailedRead(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db, svc := evService(t, b.url(t))
			alice, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
			after := evMust(db.LastEventID(ctx)).of(t)
			evRecord(t, db, alice, after) // the stream runs
			sent := sendMessages(t, svc, alice, bob, 5, "before the outage ")
			rename := func(from, to string) {
				t.Helper()
				if _, err := db.SQL().Exec(`ALTER TABLE ` + from + ` RENAME TO ` + to); err != nil {
					t.Fatal(err)
				}
			}
			rename("numeneon_event", "numeneon_event_away")
			late := evRecord(t, db, bob, after)
			time.Sleep(evQuiet) // its first read fails meanwhile
			rename("numeneon_event_away", "numeneon_event")
			checkMessages(t, late.exactly(t, len(sent)), bob, alice, sent)
		})
	}
}

// TestWatchLive: a watcher hears the stream's state at once and then each
// change: on Postgres down when the LISTEN connection is cut and up again
// when it is back; on SQLite up once the stream has started.
func TestWatchLive(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			db, svc := evService(t, b.url(t))
			alice, _ := svc.SignUp(ctx, model.SignUp{Username: "alice", Email: "alice@example.com", Password: "password-1"})
			watch := db.WatchLive(ctx)
			next := func(want bool) {
				t.Helper()
				for {
					select {
					case v := <-watch:
						if v == want {
							return
						}
					case <-ctx.Done():
						t.Fatalf("the watcher never heard live=%v", want)
					}
				}
			}
			if _, err := svc.Subscribe(ctx, alice.ID, 0); err != nil { // starts the stream
				t.Fatal(err)
			}
			next(true)
			if b.name != "postgres" {
				return
			}
			var cut int
			if err := db.SQL().QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
				WHERE application_name = 'numeneon-events' AND datname = current_database()`).Scan(&cut); err != nil || cut == 0 {
				t.Fatalf("terminated %d listeners: %v", cut, err)
			}
			next(false)
			next(true)
			// A watcher whose context ends is closed.
			wctx, wcancel := context.WithCancel(ctx)
			w := db.WatchLive(wctx)
			if v := <-w; !v {
				t.Errorf("a new watcher first heard live=false on a live stream")
			}
			wcancel()
			if _, ok := <-w; ok {
				t.Errorf("the watcher of an ended context was not closed")
			}
		})
	}
}
