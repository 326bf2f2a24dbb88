package storage

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/numeneon/numeneon/storage/storetest"
)

// What the event hub logs when reading or listening fails, seen from
// inside: the hub's read is called directly, and the Postgres listener's
// reconnection delays are read from its log.

// logRecorder is a slog.Handler that keeps every record.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecorder) WithGroup(string) slog.Handler            { return l }

func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r.Clone())
	return nil
}

// with returns the records with the message msg.
func (l *logRecorder) with(msg string) []slog.Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []slog.Record
	for _, r := range l.records {
		if r.Message == msg {
			out = append(out, r)
		}
	}
	return out
}

// loggedDB opens and migrates a database of the given kind whose Logger
// records into the returned recorder.
func loggedDB(t *testing.T, kind string) (*DB, *logRecorder) {
	t.Helper()
	url := filepath.Join(t.TempDir(), "numeneon.db")
	if kind == "postgres" {
		url = storetest.PostgresURL(t)
	}
	ctx := context.Background()
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rec := &logRecorder{}
	db.Logger = slog.New(rec)
	return db, rec
}

func kinds() []string {
	if os.Getenv("NUMENEON_TEST_POSTGRES") == "" {
		return []string{"sqlite"}
	}
	return []string{"sqlite", "postgres"}
}

// TestHubReadLogsFailures: a read of the events that fails is logged once
// however many reads fail after it, the read that works again is logged
// once, and a new run of failures is logged again.
func TestHubReadLogsFailures(t *testing.T) {
	const failed, recovered = "reading new events failed; retrying", "reading new events works again"
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			db, rec := loggedDB(t, kind)
			ctx := context.Background()
			rename := func(from, to string) {
				t.Helper()
				if _, err := db.db.Exec(`ALTER TABLE ` + from + ` RENAME TO ` + to); err != nil {
					t.Fatal(err)
				}
			}
			counts := func(what string, wantFailed, wantRecovered int) {
				t.Helper()
				if f, r := len(rec.with(failed)), len(rec.with(recovered)); f != wantFailed || r != wantRecovered {
					t.Errorf("%s: %d failures and %d recoveries logged, want %d and %d", what, f, r, wantFailed, wantRecovered)
				}
			}
			db.hub.read(ctx)
			counts("a read that works", 0, 0)
			rename("numeneon_event", "numeneon_event_away")
			for range 5 {
				db.hub.read(ctx)
			}
			counts("five reads of a missing table", 1, 0)
			rename("numeneon_event_away", "numeneon_event")
			for range 3 {
				db.hub.read(ctx)
			}
			counts("three reads once it is back", 1, 1)
			rename("numeneon_event", "numeneon_event_away")
			db.hub.read(ctx)
			counts("a read after it went again", 2, 1)
			rename("numeneon_event_away", "numeneon_event")
		})
	}
}

// TestListenerRetriesQuicklyAfterEachDrop: the Postgres listener is cut
// again and again, each time after it had reconnected; every reconnection
// starts with the shortest delay, instead of doubling it at each cut.
func TestListenerRetriesQuicklyAfterEachDrop(t *testing.T) {
	if os.Getenv("NUMENEON_TEST_POSTGRES") == "" {
		t.Skip("NUMENEON_TEST_POSTGRES is not set")
	}
	const lost = "event listener lost its connection; reconnecting"
	db, rec := loggedDB(t, "postgres")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := db.SubscribeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s never happened", what)
			}
		}
	}
	const cuts = 6
	for i := range cuts {
		waitFor("the listener connecting", db.Live)
		// Every listener of this test database is cut; other tests' ones
		// reconnect by themselves.
		var n int
		if err := db.db.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE application_name = $1 AND datname = current_database()`, listenerName).Scan(&n); err != nil || n == 0 {
			t.Fatalf("cut %d: terminated %d listeners: %v", i, n, err)
		}
		waitFor("the listener noticing the cut", func() bool { return len(rec.with(lost)) > i })
	}
	waitFor("the listener connecting", db.Live)
	for i, r := range rec.with(lost) {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "in" && a.Value.Duration() != listenRetryFirst {
				t.Errorf("cut %d of %d: reconnecting in %v, want %v as after every healthy connection", i+1, cuts, a.Value.Duration(), listenRetryFirst)
			}
			return true
		})
	}
}
