package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// How writes wake the other instances on PostgreSQL: numeneon's own
// transactions leave the notify lock alone and each process sends one
// NOTIFY after its commits; every other writer's transaction notifies
// from the trigger. The subscribers here read the table only when woken
// (WithoutSafetyPoll), so an event that arrives came by a NOTIFY.

// listener LISTENs on the events' channel with a plain connection.
func listener(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, `LISTEN numeneon_event`); err != nil {
		t.Fatal(err)
	}
	return conn
}

// nextPayload waits for the listener's next NOTIFY and returns its payload.
func nextPayload(t *testing.T, conn *pgx.Conn, waitingFor string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n, err := conn.WaitForNotification(ctx)
	if err != nil {
		t.Fatalf("no NOTIFY came for %s: %v", waitingFor, err)
	}
	return n.Payload
}

// TestNumeneonCommitsNotifyOutsideTransactions: a numeneon write's
// transaction sends no NOTIFY (it would take the server's notify lock at
// commit); its process sends one of its own after the commit, carrying
// its token. The web app's writes still notify from the trigger.
func TestNumeneonCommitsNotifyOutsideTransactions(t *testing.T) {
	ctx := context.Background()
	url := postgresURL(t)
	writer, svc := evService(t, url)
	alice, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
	conn := listener(t, url) // after the sign-ups: only what comes next
	for i := range 3 {
		evMust(svc.SendMessage(ctx, alice, bob, fmt.Sprint("hello ", i))).of(t)
		// A NOTIFY owed by the sign-ups may come first; the trigger's
		// (an empty payload) must never.
		for p := ""; p != storage.NotifyToken(writer); {
			if p = nextPayload(t, conn, "numeneon's message"); p == "" {
				t.Fatalf("message %d: its transaction notified (the trigger's empty payload), not its process", i)
			}
		}
	}
	web := webApp(t, "postgres", url)
	if _, err := web.ExecContext(ctx, `INSERT INTO messages_app_message (content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
		VALUES ('from the web', false, now(), $1, $2, NULL)`, alice, bob); err != nil {
		t.Fatal(err)
	}
	for p := storage.NotifyToken(writer); p != ""; {
		p = nextPayload(t, conn, "the web app's message")
	}
}

// TestEventsReachOtherInstancesByNotify: events written by numeneon in
// one Open, and by the web app with plain SQL, reach subscribers of
// other Opens (other instances) that only a NOTIFY wakes.
func TestEventsReachOtherInstancesByNotify(t *testing.T) {
	ctx := context.Background()
	url := postgresURL(t)
	_, svc := evService(t, url)
	alice, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
	other := open(t, url)
	storage.WithoutSafetyPoll(other)
	events := evMust(other.Subscribe(ctx, bob, evMust(other.LastEventID(ctx)).of(t))).of(t)
	await := func(what string, id int64) {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			select {
			case ev := <-events:
				if ev.Kind == model.EventMessage && ev.MessageID == id {
					return
				}
			case <-timeout:
				t.Fatalf("%s (message %d) never reached the other instance", what, id)
			}
		}
	}
	for i := range 3 {
		m := evMust(svc.SendMessage(ctx, alice, bob, fmt.Sprint("hello ", i))).of(t)
		await("numeneon's message", m.ID)
	}
	var id int64
	if err := webApp(t, "postgres", url).QueryRowContext(ctx, `INSERT INTO messages_app_message
		(content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
		VALUES ('from the web', false, now(), $1, $2, NULL) RETURNING id`, bob, alice).Scan(&id); err != nil {
		t.Fatal(err)
	}
	await("the web app's message", id)
}

// TestManyWritersLoseNothing: 32 writers of one instance commit messages
// at once; two other instances, woken only by NOTIFY, each get every
// message's events exactly once.
func TestManyWritersLoseNothing(t *testing.T) {
	ctx := context.Background()
	url := postgresURL(t)
	db, svc := evService(t, url)
	const writers, each = 32, 10
	users := make([]int64, 2*writers)
	for i := range users {
		users[i] = evSignUp(t, svc, fmt.Sprint("user", i))
	}
	last := evMust(db.LastEventID(ctx)).of(t)
	var streams []<-chan model.Event
	for range 2 {
		other := open(t, url)
		storage.WithoutSafetyPoll(other)
		streams = append(streams, evMust(other.SubscribeAll(ctx, last)).of(t))
	}
	var mu sync.Mutex
	sent := map[int64]bool{}
	if _, err := allAtOnce(writers, func(i int) error {
		for range each {
			m, err := svc.SendMessage(ctx, users[2*i], users[2*i+1], "at once")
			if err != nil {
				return err
			}
			mu.Lock()
			sent[m.ID] = true
			mu.Unlock()
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for n, events := range streams {
		got := map[int64]int{} // message id -> its events (receiver's and sender's)
		timeout := time.After(20 * time.Second)
		for len(got) < len(sent) || !allTwo(got) {
			select {
			case ev := <-events:
				if !sent[ev.MessageID] {
					t.Fatalf("instance %d: an event of a message nobody sent: %+v", n, ev)
				}
				if got[ev.MessageID]++; got[ev.MessageID] > 2 {
					t.Fatalf("instance %d: message %d's events came more than twice", n, ev.MessageID)
				}
			case <-timeout:
				t.Fatalf("instance %d: events of %d of %d messages came, not all of them twice", n, len(got), len(sent))
			}
		}
	}
}

func allTwo(got map[int64]int) bool {
	for _, n := range got {
		if n != 2 {
			return false
		}
	}
	return true
}
