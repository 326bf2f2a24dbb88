package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// TestPruneEvents: events older than a week go, newer ones stay, except
// notifications, which stay a month; on both databases (whose trigger-made
// timestamps differ in format).
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
			p, err := svc.CreatePost(ctx, a.ID, model.NewPost{Content: "old post"}) // post.new for ann
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.Like(ctx, c.ID, p.ID); err != nil { // post.like for ann: a notification
				t.Fatal(err)
			}
			if err := svc.MarkNotificationRead(ctx, a.ID, lastEvent(t, db)); err != nil {
				t.Fatal(err)
			}
			// Age all of it by a week and a day.
			if _, err := db.SQL().Exec(`UPDATE numeneon_event SET created_at = $1`, eventTime(db, time.Now().Add(-8*24*time.Hour))); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.SendMessage(ctx, a.ID, c.ID, "fresh"); err != nil {
				t.Fatal(err)
			}
			count := func(q string) (n int) {
				t.Helper()
				if err := db.SQL().QueryRow(q).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			n, err := db.PruneEvents(ctx, time.Now().Add(-7*24*time.Hour), time.Now().Add(-30*24*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 {
				t.Errorf("pruned %d events, want the 2 of the old message and the old post.new", n)
			}
			if left := count(`SELECT COUNT(*) FROM numeneon_event`); left != 3 {
				t.Errorf("%d events left, want the 2 of the fresh message and the like", left)
			}
			if read := count(`SELECT COUNT(*) FROM numeneon_notice_read`); read != 1 {
				t.Errorf("%d notifications marked read, want the like's", read)
			}
			// A month later the like goes too, with the record of its reading.
			if _, err := db.PruneEvents(ctx, time.Now().Add(-7*24*time.Hour), time.Now()); err != nil {
				t.Fatal(err)
			}
			if left := count(`SELECT COUNT(*) FROM numeneon_event WHERE kind = 'post.like'`); left != 0 {
				t.Errorf("%d likes left past the notifications' month", left)
			}
			if read := count(`SELECT COUNT(*) FROM numeneon_notice_read`); read != 0 {
				t.Errorf("%d read marks left of pruned notifications", read)
			}
		})
	}
}

// lastEvent is the newest event's id.
func lastEvent(t *testing.T, db *storage.DB) int64 {
	t.Helper()
	id, err := db.LastEventID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// eventTime is t as the database stores a trigger's timestamp.
func eventTime(db *storage.DB, t time.Time) any {
	if db.Dialect() == "sqlite" {
		return t.UTC().Format("2006-01-02 15:04:05.000")
	}
	return t
}
