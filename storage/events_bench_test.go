package storage_test

import (
	"context"

	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The event benchmarks measure from the moment a writer starts a write
// (SendMessage) until the event reaches a subscriber, so the figures
// include the write's own commit; they report p50 and p99 over the run.

// latencyDB opens a fresh database of one kind with two users, alice
// writing to bob.
func latencyDB(b *testing.B, kind string) (url string, db *storage.DB, svc *model.Service, alice, bob int64) {
	b.Helper()
	url = sqliteURL(b)
	if kind == "postgres" {
		url = postgresURL(b)
	}
	db, svc = evService(b, url)
	a, err := svc.SignUp(context.Background(), model.SignUp{Username: "alice", Email: "alice@bench.example", Password: "bench-password"})
	if err != nil {
		b.Fatal(err)
	}
	bb, err := svc.SignUp(context.Background(), model.SignUp{Username: "bob", Email: "bob@bench.example", Password: "bench-password"})
	if err != nil {
		b.Fatal(err)
	}
	return url, db, svc, a.ID, bb.ID
}

func subscribe(b *testing.B, db *storage.DB, user int64) <-chan model.Event {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	last, err := db.LastEventID(ctx)
	if err != nil {
		b.Fatal(err)
	}
	ch, err := db.Subscribe(ctx, user, last)
	if err != nil {
		b.Fatal(err)
	}
	return ch
}

func reportLatencies(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	ms := func(q float64) float64 {
		return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// awaitMessage waits for the event of message id on ch.
func awaitMessage(b *testing.B, ch <-chan model.Event, id int64) {
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev := <-ch:
			if ev.MessageID == id {
				return
			}
		case <-timeout:
			b.Fatalf("no event for message %d", id)
		}
	}
}

// BenchmarkEventLatency: in-process (one DB: the write wakes its own
// process's hub), and across instances (two Opens: the event crosses the
// database, by PRAGMA data_version on SQLite and LISTEN/NOTIFY on
// Postgres). Targets: p99 < 20 ms in-process on SQLite; < 50 ms across
// instances on Postgres.
func BenchmarkEventLatency(b *testing.B) {
	ctx := context.Background()
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			url, db, svc, alice, bob := latencyDB(b, kind)
			other, _ := evService(b, url)
			for _, c := range []struct {
				name string
				sub  *storage.DB
			}{{"in-process", db}, {"across-instances", other}} {
				b.Run(c.name, func(b *testing.B) {
					ch := subscribe(b, c.sub, bob)
					var lat []time.Duration
					for b.Loop() {
						start := time.Now()
						m, err := svc.SendMessage(ctx, alice, bob, "ping")
						if err != nil {
							b.Fatal(err)
						}
						awaitMessage(b, ch, m.ID)
						lat = append(lat, time.Since(start))
					}
					reportLatencies(b, lat)
				})
			}
		})
	}
}

// writerProcessEnv, when set, makes TestBenchWriterProcess the writer of
// BenchmarkEventLatencyAcrossProcesses: it sends its messages and exits.
const writerProcessEnv = "NUMENEON_BENCH_WRITER"

// TestBenchWriterProcess is not a test: run as a child process by the
// cross-process benchmark, it writes messages whose content is the time
// the write started, spaced so that each lands at a random point of the
// reader's poll.
func TestBenchWriterProcess(t *testing.T) {
	url := os.Getenv(writerProcessEnv)
	if url == "" {
		t.Skip("only run by BenchmarkEventLatencyAcrossProcesses")
	}
	n, _ := strconv.Atoi(os.Getenv("NUMENEON_BENCH_WRITES"))
	ctx := context.Background()
	db, err := storage.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(db)
	op := model.NewOperator(db)
	alice, _ := op.UserByUsername(ctx, "alice")
	bob, _ := op.UserByUsername(ctx, "bob")
	for range n {
		if _, err := svc.SendMessage(ctx, alice.ID, bob.ID, strconv.FormatInt(time.Now().UnixNano(), 10)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(5+time.Now().UnixNano()%15) * time.Millisecond)
	}
}

// BenchmarkEventLatencyAcrossProcesses: a second process writes to the
// same database (target on SQLite: p99 < 300 ms).
func BenchmarkEventLatencyAcrossProcesses(b *testing.B) {
	ctx := context.Background()
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			url, db, svc, _, bob := latencyDB(b, kind)
			ch := subscribe(b, db, bob)
			var lat []time.Duration
			for b.Loop() {
				const writes = 100
				cmd := exec.Command(os.Args[0], "-test.run=^TestBenchWriterProcess$", "-test.count=1")
				cmd.Env = append(os.Environ(), writerProcessEnv+"="+url, "NUMENEON_BENCH_WRITES="+strconv.Itoa(writes))
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				for range writes {
					select {
					case ev := <-ch:
						m, err := svc.Messages(ctx, bob, ev.ActorID, model.Page{Limit: 1})
						if err != nil || len(m) == 0 {
							b.Fatalf("message of event %d: %v", ev.ID, err)
						}
						sent, _ := strconv.ParseInt(m[0].Content, 10, 64)
						lat = append(lat, time.Since(time.Unix(0, sent)))
					case <-time.After(30 * time.Second):
						b.Fatal("the writer's messages stopped arriving")
					}
				}
				if err := cmd.Wait(); err != nil {
					b.Fatalf("writer process: %v", err)
				}
			}
			reportLatencies(b, lat)
		})
	}
}

// BenchmarkEventFanOut delivers one event to 1,000 subscriptions of the
// same user (one per open session): ns/op is until the last one has it.
func BenchmarkEventFanOut(b *testing.B) {
	ctx := context.Background()
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			_, db, svc, alice, bob := latencyDB(b, kind)
			const subscribers = 1000
			chans := make([]<-chan model.Event, subscribers)
			for i := range chans {
				chans[i] = subscribe(b, db, bob)
			}
			done := make(chan int64, subscribers)
			for _, ch := range chans {
				go func() {
					for ev := range ch {
						done <- ev.MessageID
					}
				}()
			}
			for b.Loop() {
				m, err := svc.SendMessage(ctx, alice, bob, "to everyone")
				if err != nil {
					b.Fatal(err)
				}
				for range subscribers {
					if id := <-done; id != m.ID {
						b.Fatalf("got message %d, want %d", id, m.ID)
					}
				}
			}
			b.ReportMetric(float64(subscribers), "subscribers")
		})
	}
}
