package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The write benchmarks run on PostgreSQL, where many instances write one
// database at once: likes that meet on one post's row, and writers that
// meet at commit (the notify lock). Each works on a fresh schema.

// writeUsers makes n accounts the way the web app would and returns
// their ids.
func writeUsers(b *testing.B, db *storage.DB, n int) []int64 {
	b.Helper()
	ctx := context.Background()
	if _, err := db.SQL().ExecContext(ctx, webAppUsers[db.Dialect()], n); err != nil {
		b.Fatal(err)
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM auth_user ORDER BY id`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// allAtOnce runs f(i) for i in [0, n) on n goroutines released together,
// and returns how long they took and the first error.
func allAtOnce(n int, f func(i int) error) (time.Duration, error) {
	start := make(chan struct{})
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			if err := f(i); err != nil {
				errs <- err
			}
		})
	}
	t := time.Now()
	close(start)
	wg.Wait()
	close(errs)
	return time.Since(t), <-errs
}

// BenchmarkConcurrentLikes: 1,000 people like one post at once through
// the Service (one-post), or each a post of their own (many-posts); an
// op is the 1,000 likes, until the last returned (target for one post:
// < 2 s). Afterwards every post's likes_count must equal its rows.
func BenchmarkConcurrentLikes(b *testing.B) {
	const likers = 1000
	for _, shape := range []string{"one-post", "many-posts"} {
		b.Run(shape, func(b *testing.B) {
			ctx := context.Background()
			db, svc := evService(b, postgresURL(b))
			users := writeUsers(b, db, likers+1)
			author, fans := users[0], users[1:]
			for b.Loop() {
				b.StopTimer()
				posts := make([]int64, likers)
				for i := range posts {
					if i == 0 || shape == "many-posts" {
						p, err := svc.CreatePost(ctx, author, model.NewPost{Type: model.Thoughts, Content: "like me"})
						if err != nil {
							b.Fatal(err)
						}
						posts[i] = p.ID
					} else {
						posts[i] = posts[0]
					}
				}
				b.StartTimer()
				took, err := allAtOnce(likers, func(i int) error { return svc.Like(ctx, fans[i], posts[i]) })
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(likers/took.Seconds(), "likes/s")
				b.StopTimer()
				var wrong int
				if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM posts_post p
					WHERE p.likes_count <> (SELECT COUNT(*) FROM posts_like l WHERE l.post_id = p.id)`).Scan(&wrong); err != nil || wrong > 0 {
					b.Fatalf("%d posts whose likes_count is not their rows (%v)", wrong, err)
				}
				b.StartTimer()
			}
		})
	}
}

// BenchmarkWriteThroughput: writers send DMs through the Service of one
// instance as fast as they can for a second, first alone (DMs/s: what
// the commits cost), then for another second while two other instances
// (Opens of their own) follow everyone's events (followed-DMs/s, and the
// time from a DM's commit, its SendMessage returned, to its event in the
// other instances, p50 and p99; an event there before the writer's
// goroutine ran again counts as 0). Targets: at 32 and 128 writers, ≥ 90 %
// of the throughput without any NOTIFY, and delivery p99 < 100 ms. Three
// ways: notify (numeneon's own NOTIFY after its commits, as shipped),
// trigger (every transaction notifies from the trigger, as before) and
// none (no NOTIFY at all: the other instances find the events at their
// safety poll, so its latencies are the poll's).
func BenchmarkWriteThroughput(b *testing.B) {
	for _, writers := range []int{8, 32, 128} {
		for _, way := range []string{"none", "trigger", "notify"} {
			b.Run(fmt.Sprintf("writers=%d/%s", writers, way), func(b *testing.B) {
				benchWrites(b, writers, way)
			})
		}
	}
}

// arrival is when an instance first had the event of a message.
type arrival struct {
	message int64
	at      time.Time
}

func benchWrites(b *testing.B, writers int, way string) {
	ctx := context.Background()
	url := postgresURL(b)
	db, svc := evService(b, url)
	users := writeUsers(b, db, 2*writers)
	switch way {
	case "none":
		if _, err := db.SQL().ExecContext(ctx, `ALTER TABLE numeneon_event DISABLE TRIGGER numeneon_event_notify`); err != nil {
			b.Fatal(err)
		}
		fallthrough
	case "trigger":
		storage.NotifyInTransactions(db)
	}
	// write sends DMs for a second and returns when each was committed.
	write := func() (map[int64]time.Time, float64) {
		var mu sync.Mutex
		committed := map[int64]time.Time{}
		deadline := time.Now().Add(time.Second)
		took, err := allAtOnce(writers, func(i int) error {
			for time.Now().Before(deadline) {
				m, err := svc.SendMessage(ctx, users[2*i], users[2*i+1], "hello")
				if err != nil {
					return err
				}
				mu.Lock()
				committed[m.ID] = time.Now()
				mu.Unlock()
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		return committed, float64(len(committed)) / took.Seconds()
	}
	arrived := make(chan arrival, 1<<16)
	followed := false
	for b.Loop() {
		_, rate := write()
		b.ReportMetric(rate, "DMs/s")
		if !followed {
			for range 2 {
				followEveryone(b, url, arrived)
			}
			followed = true
		}
		committed, rate := write()
		b.ReportMetric(rate, "followed-DMs/s")
		var lat []time.Duration
		timeout := time.After(30 * time.Second)
		for len(lat) < 2*len(committed) { // each DM reaches both other instances
			select {
			case a := <-arrived:
				if at, ok := committed[a.message]; ok {
					lat = append(lat, max(0, a.at.Sub(at)))
				}
			case <-timeout:
				b.Fatalf("%d of %d deliveries arrived", len(lat), 2*len(committed))
			}
		}
		reportLatencies(b, lat)
	}
}

// followEveryone opens another instance of the database at url and sends
// to arrived when each message's first event reaches it.
func followEveryone(b *testing.B, url string, arrived chan<- arrival) {
	other, _ := evService(b, url)
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	events, err := other.SubscribeAll(ctx, 0)
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		seen := map[int64]bool{}
		for ev := range events {
			if ev.Kind == model.EventMessage && !seen[ev.MessageID] {
				seen[ev.MessageID] = true
				arrived <- arrival{ev.MessageID, time.Now()}
			}
		}
	}()
}
