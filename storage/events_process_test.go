package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// Events of writers other than the subscriber's own store: the web app's
// plain SQL, a second Open (another server instance), another process, a
// process killed while it writes, and Postgres transactions that commit
// out of id order.

// djangoTime is a timestamp as Django writes it: a timestamptz on
// Postgres, "YYYY-MM-DD HH:MM:SS[.ffffff]" text on SQLite.
func djangoTime(dialect string, tm time.Time) any {
	tm = tm.UTC().Truncate(time.Microsecond)
	if dialect == "postgres" {
		return tm
	}
	s := tm.Format("2006-01-02 15:04:05")
	if us := tm.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s
}

// webApp opens the database with plain database/sql, as another program
// (the Django web app) would: a writer numeneon's store knows nothing of.
func webApp(t testing.TB, dialect, url string) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", url
	if dialect == "sqlite" {
		driver, dsn = "sqlite", "file:"+url+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// TestEventWebAppWrites writes rows with plain SQL the way the web app
// does and checks that each makes the right events, exactly once; and
// that a rolled-back write makes none.
func TestEventWebAppWrites(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			url := b.url(t)
			db, svc := evService(t, url)
			a, bob, c, d := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob"), evSignUp(t, svc, "carol"), evSignUp(t, svc, "dave")
			evMust(svc.SendFriendRequest(ctx, a, bob)).of(t)
			evMust(svc.SendFriendRequest(ctx, bob, a)).of(t)
			w := newEvWorld(t, db, evMust(db.LastEventID(ctx)).of(t), a, bob, c, d)
			web := webApp(t, b.name, url)
			now := func() any { return djangoTime(b.name, time.Now()) }
			id := func(query string, args ...any) int64 {
				t.Helper()
				var n int64
				if err := web.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&n); err != nil {
					t.Fatalf("%s: %v", query, err)
				}
				return n
			}
			exec := func(query string, args ...any) {
				t.Helper()
				if _, err := web.ExecContext(ctx, query, args...); err != nil {
					t.Fatalf("%s: %v", query, err)
				}
			}
			const message = `INSERT INTO messages_app_message (content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
				VALUES ($1, $2, $3, $4, $5, NULL)`
			const request = `INSERT INTO friends_friendrequest (created_at, from_user_id, to_user_id) VALUES ($1, $2, $3)`
			const post = `INSERT INTO posts_post (author_id, target_profile_id, type, content, media_url, parent_id,
				reply_to_comment_id, mentioned_user_id, created_at, updated_at, likes_count, comment_count, shares_count)
				VALUES ($1, NULL, 'thoughts', $2, NULL, $3, NULL, NULL, $4, $4, 0, 0, 0)`

			var m, req, p int64
			w.step("the web app sends a message", func() []model.Event {
				m = id(message, "from the web", false, now(), bob, a)
				return []model.Event{evMsg(model.EventMessage, bob, a, m), evMsg(model.EventMessage, a, a, m)}
			})
			w.step("the web app marks it read", func() []model.Event {
				exec(`UPDATE messages_app_message SET is_read = $1 WHERE id = $2`, true, m)
				return []model.Event{evMsg(model.EventMessageRead, a, bob, m)}
			})
			w.step("the web app rolls a message back", func() []model.Event {
				tx, err := web.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tx.ExecContext(ctx, message, "never sent", false, now(), bob, a); err != nil {
					t.Fatal(err)
				}
				if err := tx.Rollback(); err != nil {
					t.Fatal(err)
				}
				return nil
			})
			w.step("the web app sends another", func() []model.Event {
				m = id(message, "sent", false, now(), a, bob)
				return []model.Event{evMsg(model.EventMessage, a, bob, m), evMsg(model.EventMessage, bob, bob, m)}
			})
			w.step("carol asks alice on the web", func() []model.Event {
				req = id(request, now(), c, a)
				return []model.Event{evReq(model.EventFriendRequest, a, c, req), evReq(model.EventFriendRequest, c, c, req)}
			})
			w.step("alice accepts on the web", func() []model.Event {
				tx, err := web.BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range []string{
					`INSERT INTO friends_friendship (created_at, user_id, friend_id) VALUES ($1, $2, $3)`,
					`INSERT INTO friends_friendship (created_at, user_id, friend_id) VALUES ($1, $3, $2)`,
				} {
					if _, err := tx.ExecContext(ctx, q, now(), a, c); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM friends_friendrequest WHERE id = $1`, req); err != nil {
					t.Fatal(err)
				}
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
				return []model.Event{evUser(model.EventFriendAccepted, a, c), evUser(model.EventFriendAccepted, c, a)}
			})
			w.step("dave asks alice on the web", func() []model.Event {
				req = id(request, now(), d, a)
				return []model.Event{evReq(model.EventFriendRequest, a, d, req), evReq(model.EventFriendRequest, d, d, req)}
			})
			w.step("alice declines on the web", func() []model.Event {
				exec(`DELETE FROM friends_friendrequest WHERE id = $1`, req)
				return []model.Event{evReq(model.EventFriendDeclined, a, d, req), evReq(model.EventFriendDeclined, d, a, req)}
			})
			w.step("alice posts on the web", func() []model.Event {
				p = id(post, a, "posted on the web", nil, now())
				return []model.Event{evPost(model.EventNewPost, a, a, p), evPost(model.EventNewPost, bob, a, p), evPost(model.EventNewPost, c, a, p)}
			})
			w.step("bob likes it on the web", func() []model.Event {
				id(`INSERT INTO posts_like (created_at, post_id, user_id) VALUES ($1, $2, $3)`, now(), p, bob)
				exec(`UPDATE posts_post SET likes_count = likes_count + 1 WHERE id = $1`, p)
				return []model.Event{evPost(model.EventLike, a, bob, p)}
			})
			w.step("carol replies on the web", func() []model.Event {
				r := id(post, c, "a reply from the web", p, now())
				exec(`UPDATE posts_post SET comment_count = comment_count + 1 WHERE id = $1`, p)
				return []model.Event{evPost(model.EventReply, a, c, r)}
			})
			w.step("alice edits her profile on the web", func() []model.Event {
				exec(`UPDATE users_profile SET bio = $1, updated_at = $2 WHERE user_id = $3`, "edited on the web", now(), a)
				return []model.Event{evUser(model.EventProfile, bob, a), evUser(model.EventProfile, c, a)}
			})
			w.step("carol unfriends alice on the web", func() []model.Event {
				exec(`DELETE FROM friends_friendship WHERE (user_id = $1 AND friend_id = $2) OR (user_id = $2 AND friend_id = $1)`, a, c)
				return []model.Event{evUser(model.EventUnfriended, a, c), evUser(model.EventUnfriended, c, a)}
			})
			for _, r := range w.recs {
				checkStream(t, r, time.Now().Add(-time.Hour))
			}
		})
	}
}

// TestEventTwoOpens: two Opens of one database stand for two server
// instances; what one writes reaches the other's subscribers exactly once,
// in order.
func TestEventTwoOpens(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			url := b.url(t)
			dbA, svcA := evService(t, url)
			dbB, svcB := evService(t, url)
			a, bob := evSignUp(t, svcA, "alice"), evSignUp(t, svcA, "bob")
			after := evMust(dbA.LastEventID(ctx)).of(t)
			bobOnB, aliceOnB, aliceOnA := evRecord(t, dbB, bob, after), evRecord(t, dbB, a, after), evRecord(t, dbA, a, after)

			sent := sendMessages(t, svcA, a, bob, 50, "from A ")
			checkMessages(t, bobOnB.exactly(t, 50), bob, a, sent)
			checkMessages(t, aliceOnB.exactly(t, 50), a, a, sent) // the sender's other sessions
			checkContents(t, dbB.SQL(), sent, "from A ")

			replies := sendMessages(t, svcB, bob, a, 10, "from B ")
			got := aliceOnA.exactly(t, 60)
			checkMessages(t, got[:50], a, a, sent)
			checkMessages(t, got[50:], a, bob, replies)
		})
	}
}

// evWriterEnv, set to "URL FROM TO N", makes TestHelperWriterProcess a
// writer process: it sends N messages (N = 0: until it is killed) from
// user FROM to user TO in the database at URL, and prints "ack ID" on
// stdout for each message the store said it stored.
const evWriterEnv = "NUMENEON_EVENTS_TEST_WRITER"

// TestHelperWriterProcess is not a test: TestEventOtherProcess and
// TestEventKilledWriter run the test binary again as a separate process
// that writes through a Service of its own.
func TestHelperWriterProcess(t *testing.T) {
	spec := os.Getenv(evWriterEnv)
	if spec == "" {
		t.Skip("a writer process for the event tests; not a test by itself")
	}
	var (
		url      string
		from, to int64
		n        int
	)
	if _, err := fmt.Sscan(spec, &url, &from, &to, &n); err != nil {
		t.Fatalf("%s=%q: %v", evWriterEnv, spec, err)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(db)
	stop := time.Now().Add(time.Minute) // outlive no parent that failed to kill it
	for i := 0; n == 0 || i < n; i++ {
		if time.Now().After(stop) {
			t.Fatal("the writer was not stopped within a minute")
		}
		m, err := svc.SendMessage(ctx, from, to, fmt.Sprintf("child %d", i))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%s%d\n", ackPrefix, m.ID) // unbuffered: the line is out before the next write
	}
}

// ackPrefix starts a writer process's line about a message it stored.
const ackPrefix = "ack "

// acked returns the ids of the messages the writer was told were stored:
// its whole "ack" lines (a kill may cut the last one short).
func (w *evWriter) acked(t testing.TB) []int64 {
	t.Helper()
	var ids []int64
	for line := range strings.Lines(w.out.String()) {
		rest, ok := strings.CutPrefix(line, ackPrefix)
		if !ok || !strings.HasSuffix(rest, "\n") {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimSuffix(rest, "\n"), 10, 64)
		if err != nil {
			t.Fatalf("writer's line %q: %v", line, err)
		}
		ids = append(ids, id)
	}
	return ids
}

// evWriter starts a writer process; see TestHelperWriterProcess.
type evWriter struct {
	cmd *exec.Cmd
	out bytes.Buffer
}

func startWriter(t testing.TB, url string, from, to int64, n int) *evWriter {
	t.Helper()
	w := &evWriter{cmd: exec.Command(os.Args[0], "-test.run=^TestHelperWriterProcess$", "-test.count=1")}
	w.cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d %d %d", evWriterEnv, url, from, to, n))
	w.cmd.Stdout, w.cmd.Stderr = &w.out, &w.out
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			w.cmd.Process.Kill()
			w.cmd.Wait()
		}
	})
	return w
}

// committedMessages lists the ids of the messages from one user to
// another in the database, oldest first.
func committedMessages(t testing.TB, db *storage.DB, from, to int64) []int64 {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT id FROM messages_app_message WHERE sender_id = $1 AND receiver_id = $2 ORDER BY id`, from, to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestEventOtherProcess: another process writes to the same database
// (the same SQLite file; on Postgres, the same schema); this process's
// subscriber gets each of its messages exactly once, in order.
func TestEventOtherProcess(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			url := b.url(t)
			db, svc := evService(t, url)
			a, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
			after := evMust(db.LastEventID(ctx)).of(t)
			received, sent := evRecord(t, db, bob, after), evRecord(t, db, a, after)

			const n = 50
			w := startWriter(t, url, a, bob, n)
			if err := w.cmd.Wait(); err != nil {
				t.Fatalf("the writer process: %v\n%s", err, w.out.String())
			}
			ids := committedMessages(t, db, a, bob)
			if len(ids) != n {
				t.Fatalf("the writer process committed %d messages, want %d", len(ids), n)
			}
			checkMessages(t, received.exactly(t, n), bob, a, ids)
			checkMessages(t, sent.exactly(t, n), a, a, ids)
			checkContents(t, db.SQL(), ids, "child ")
		})
	}
}

// TestEventKilledWriter kills (SIGKILL) a process that writes messages
// without pause, three times over: every message the writer was told it
// had stored is in the database, a SQLite file passes its integrity check
// after each kill, and every message committed reached the subscriber
// exactly once, in order, and nothing else did.
func TestEventKilledWriter(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			url := b.url(t)
			db, svc := evService(t, url)
			a, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
			received := evRecord(t, db, bob, evMust(db.LastEventID(ctx)).of(t))

			acked := 0
			for round := range 3 {
				seen := len(received.all())
				w := startWriter(t, url, a, bob, 0)
				received.await(t, seen+20+10*round)
				if err := w.cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				err := w.cmd.Wait()
				if ws, ok := w.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
					t.Fatalf("round %d: the writer was not killed but ended with %v\n%s", round, err, w.out.String())
				}
				ids := w.acked(t)
				if len(ids) == 0 {
					t.Fatalf("round %d: the writer acknowledged no message:\n%s", round, w.out.String())
				}
				committed := committedMessages(t, db, a, bob)
				for _, id := range ids {
					if !slices.Contains(committed, id) {
						t.Errorf("round %d: message %d was acknowledged to the killed writer but is not in the database", round, id)
					}
				}
				acked += len(ids)
				if b.name == "sqlite" {
					checkIntegrity(t, webApp(t, b.name, url)) // a new connection reads the file, not a cache
				}
			}
			// A commit the server had received from a writer may finish
			// after the writer died: count what is committed once the
			// stream has settled.
			received.await(t, len(committedMessages(t, db, a, bob)))
			time.Sleep(evQuiet)
			ids := committedMessages(t, db, a, bob)
			checkMessages(t, received.all(), bob, a, ids)
			t.Logf("%d messages committed by writers killed between (or in) writes (%d acknowledged), all delivered once", len(ids), acked)
		})
	}
}

// checkIntegrity runs SQLite's integrity check, which must answer "ok".
func checkIntegrity(t testing.TB, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var report []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		report = append(report, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(report) != 1 || report[0] != "ok" {
		t.Errorf("integrity check after a kill: %v", report)
	}
}

// TestEventLateCommit (Postgres): ids are taken at insert, and
// transactions commit in another order, so a web app transaction that
// began before a burst of messages commits events with ids below those the
// subscriber already has. It must still get them, exactly once: while it
// reads along, and also when the burst left it behind and it catches up
// from the table.
func TestEventLateCommit(t *testing.T) {
	if postgresDSN == "" {
		t.Skip("NUMENEON_TEST_POSTGRES is not set: only Postgres commits ids out of order")
	}
	for _, c := range []struct {
		name    string
		n       int // the burst
		reading bool
	}{
		{"reading", 20, true},
		{"behind", 300, false}, // more than a subscription queues for a subscriber that does not read
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			url := postgresURL(t)
			db, svc := evService(t, url)
			a, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
			after := evMust(db.LastEventID(ctx)).of(t)
			var (
				rec *evRecorder
				ch  <-chan model.Event
			)
			if c.reading {
				rec = evRecord(t, db, bob, after)
			} else {
				subCtx, cancel := context.WithCancel(ctx)
				defer cancel()
				ch = evMust(db.Subscribe(subCtx, bob, after)).of(t)
			}

			tx, err := webApp(t, "postgres", url).BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			var late int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO messages_app_message (content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
				VALUES ('slow web request', false, now(), $1, $2, NULL) RETURNING id`, bob, a).Scan(&late); err != nil {
				t.Fatal(err)
			}
			sent := sendMessages(t, svc, a, bob, c.n, "burst ")
			if c.reading {
				rec.await(t, c.n)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}

			var got []model.Event
			if c.reading {
				for deadline := time.Now().Add(evWait); len(rec.all()) <= c.n && time.Now().Before(deadline); {
					time.Sleep(2 * time.Millisecond)
				}
				time.Sleep(evQuiet)
				got = rec.all()
			} else {
				time.Sleep(evQuiet) // the hub hears of the commit before the subscriber reads again
				got = drain(ch)
			}
			count := map[int64]int{}
			for _, ev := range got {
				count[ev.MessageID]++
			}
			for _, id := range append(sent, late) {
				if count[id] != 1 {
					what := "a burst message"
					if id == late {
						what = "the message committed late"
					}
					t.Errorf("%s (%d) was delivered %d times", what, id, count[id])
				}
			}
			if len(got) != c.n+1 {
				t.Errorf("the subscriber got %d events, want %d", len(got), c.n+1)
			}
		})
	}
}
