package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// TestPruneEvents: events older than the cut-off go, newer ones stay, on
// both databases (whose trigger-made timestamps differ in format).
func TestPruneEvents(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db, svc := evService(t, b.url(t))
			a, _ := svc.SignUp(ctx, model.SignUp{Username: "ann", Email: "ann@example.com", Password: "password-1"})
			c, _ := svc.SignUp(ctx, model.SignUp{Username: "cid", Email: "cid@example.com", Password: "password-1"})
			if _, err := svc.SendMessage(ctx, a.ID, c.ID, "old news"); err != nil {
				t.Fatal(err)
			}
			// Age the first message's events by a week and a day.
			if _, err := db.SQL().Exec(`UPDATE numeneon_event SET created_at = $1`, eventTime(db, time.Now().Add(-8*24*time.Hour))); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.SendMessage(ctx, a.ID, c.ID, "fresh"); err != nil {
				t.Fatal(err)
			}
			n, err := db.PruneEvents(ctx, time.Now().Add(-7*24*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if n != 2 {
				t.Errorf("pruned %d events, want the 2 of the old message", n)
			}
			var left int
			db.SQL().QueryRow(`SELECT COUNT(*) FROM numeneon_event`).Scan(&left)
			if left != 2 {
				t.Errorf("%d events left, want the 2 of the fresh message", left)
			}
		})
	}
}

// eventTime is t as the database stores a trigger's timestamp.
func eventTime(db *storage.DB, t time.Time) any {
	if db.Dialect() == "sqlite" {
		return t.UTC().Format("2006-01-02 15:04:05.000")
	}
	return t
}
