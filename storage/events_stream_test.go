package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
)

// Delivery: catching up, slow and lagging subscribers, closing, and the
// seed's silence.

// evService opens a store on url with a Service over it.
func evService(t testing.TB, url string) (*storage.DB, *model.Service) {
	db := open(t, url)
	return db, model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
}

// sendMessages sends n messages from one user to another, their contents
// prefix0, prefix1, …, and returns their ids.
func sendMessages(t testing.TB, svc *model.Service, from, to int64, n int, prefix string) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = evMust(svc.SendMessage(context.Background(), from, to, fmt.Sprintf("%s%d", prefix, i))).of(t).ID
	}
	return ids
}

// checkMessages checks that evs are the message events of user for the
// messages ids, sent by actor, one each and in the order of ids.
func checkMessages(t testing.TB, evs []model.Event, user, actor int64, ids []int64) {
	t.Helper()
	want := make([]model.Event, len(ids))
	for i, id := range ids {
		want[i] = evMsg(model.EventMessage, user, actor, id)
	}
	if len(evs) != len(want) {
		t.Fatalf("user %d got %d message events, want %d", user, len(evs), len(want))
	}
	for i := range evs {
		if evKey(evs[i]) != evKey(want[i]) || i > 0 && evs[i].ID <= evs[i-1].ID {
			t.Fatalf("user %d's message event %d is #%d %s; want %s after #%d\n%s",
				user, i, evs[i].ID, evKey(evs[i]), evKey(want[i]), evs[max(i-1, 0)].ID, evList(evs[max(i-3, 0):min(i+3, len(evs))]))
		}
	}
}

// checkContents checks that the messages ids say prefix0, prefix1, … .
func checkContents(t testing.TB, db *sql.DB, ids []int64, prefix string) {
	t.Helper()
	for i, id := range ids {
		var content string
		if err := db.QueryRow(`SELECT content FROM messages_app_message WHERE id = $1`, id).Scan(&content); err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%s%d", prefix, i); content != want {
			t.Fatalf("message %d, the %d. delivered, says %q; want %q", id, i+1, content, want)
		}
	}
}

// TestEventCatchUp: a subscription from an older id first delivers exactly
// what was missed, in order; one from the newest id only what comes
// after it, however soon after a write it starts.
func TestEventCatchUp(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			url := b.url(t)
			db, svc := evService(t, url)
			a, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
			after := evMust(db.LastEventID(ctx)).of(t)
			evRecord(t, db, 0, after) // the hub runs

			sent := sendMessages(t, svc, a, bob, 10, "missed ")
			missed := evRecord(t, db, bob, after).exactly(t, 10)
			checkMessages(t, missed, bob, a, sent)
			checkMessages(t, evRecord(t, db, bob, missed[4].ID).exactly(t, 5), bob, a, sent[5:])
			everyone := evRecord(t, db, 0, after).exactly(t, 20)
			for _, user := range []int64{a, bob} {
				var theirs []model.Event
				for _, ev := range everyone {
					if ev.UserID == user {
						theirs = append(theirs, ev)
					}
				}
				checkMessages(t, theirs, user, a, sent)
			}
			checkMessages(t, evRecord(t, db, bob, missed[9].ID).exactly(t, 0), bob, a, nil)

			// Subscribe from LastEventID right after a write, the web app's
			// (which the hub may not have read yet) or this process's own:
			// only later events may come.
			web := webApp(t, b.name, url)
			const n = 20
			var (
				ids, afters []int64
				recs        []*evRecorder
			)
			for i := range n {
				var id int64
				if i%2 == 0 {
					err := web.QueryRowContext(ctx, `INSERT INTO messages_app_message (content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
						VALUES ('web', $1, $2, $3, $4, NULL) RETURNING id`, false, djangoTime(b.name, time.Now()), bob, a).Scan(&id)
					if err != nil {
						t.Fatal(err)
					}
				} else {
					id = evMust(svc.SendMessage(ctx, a, bob, "own")).of(t).ID
				}
				ids = append(ids, id)
				afters = append(afters, evMust(db.LastEventID(ctx)).of(t))
				recs = append(recs, evRecord(t, db, bob, afters[i]))
			}
			for i, r := range recs {
				r.await(t, n-1-i)
			}
			time.Sleep(evQuiet)
			for i, r := range recs {
				var early, later []model.Event
				for _, ev := range r.all() {
					if ev.ID <= afters[i] {
						early = append(early, ev)
					} else {
						later = append(later, ev)
					}
				}
				if len(early) > 0 {
					t.Errorf("Subscribe(bob, %d) right after %s message %d also delivered events at or below #%d:\n%s",
						afters[i], []string{"the web app's", "its own process's"}[i%2], ids[i], afters[i], evList(early))
				}
				checkMessages(t, later, bob, a, ids[i+1:])
			}
		})
	}
}

// drain returns what arrives on ch until nothing has for evQuiet.
func drain(ch <-chan model.Event) []model.Event {
	var evs []model.Event
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return evs
			}
			evs = append(evs, ev)
		case <-time.After(evQuiet):
			return evs
		}
	}
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// TestEventSlowSubscriber: while one subscriber reads nothing, 2,000
// messages are written and a second subscriber gets them all; neither the
// writer nor the second subscriber waits for the first, which afterwards
// still gets every one of its events exactly once, in order.
func TestEventSlowSubscriber(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db, svc := evService(t, b.url(t))
			a, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
			after := evMust(db.LastEventID(ctx)).of(t)
			subCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			slow := evMust(db.Subscribe(subCtx, bob, after)).of(t)
			fast := evRecord(t, db, bob, after)

			const n = 2000
			var sent []int64
			wrote := make(chan struct{})
			go func() {
				defer close(wrote)
				for i := range n {
					m, err := svc.SendMessage(ctx, a, bob, fmt.Sprint(i))
					if err != nil {
						t.Error(err)
						return
					}
					sent = append(sent, m.ID)
				}
			}()
			select {
			case <-wrote:
			case <-time.After(2 * time.Minute):
				t.Fatal("the writer is held up by a subscriber that does not read")
			}
			if t.Failed() {
				return
			}
			checkMessages(t, fast.exactly(t, n), bob, a, sent)

			got := make([]model.Event, 0, n)
			for len(got) < n {
				select {
				case ev := <-slow:
					got = append(got, ev)
				case <-time.After(evWait):
					t.Fatalf("the slow subscriber got %d of %d events", len(got), n)
				}
			}
			if more := drain(slow); len(more) > 0 {
				t.Errorf("after its %d events the slow subscriber got %d more:\n%s", n, len(more), evList(more[:min(len(more), 5)]))
			}
			checkMessages(t, got, bob, a, sent)
		})
	}
}

// TestEventLaggingSubscriber: a subscriber that reads all the time but
// stays far behind a busy writer catches up from the table again and
// again while new events keep coming; it gets each exactly once, in order.
func TestEventLaggingSubscriber(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db, svc := evService(t, b.url(t))
			a, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
			subCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			ch := evMust(db.Subscribe(subCtx, bob, evMust(db.LastEventID(ctx)).of(t))).of(t)

			// The subscriber reads event k only once message k+lag is written.
			const n, lag = 4000, 1500
			var (
				sent    = make([]int64, n)
				written atomic.Int64
				wrote   = make(chan struct{})
			)
			go func() {
				defer close(wrote)
				for i := range n {
					m, err := svc.SendMessage(ctx, a, bob, fmt.Sprint(i))
					if err != nil {
						t.Error(err)
						return
					}
					sent[i] = m.ID
					written.Add(1)
				}
			}()
			got := make([]model.Event, 0, n)
			for k := 0; k < n; k++ {
				for written.Load() < int64(k+lag) && !isClosed(wrote) {
					time.Sleep(time.Millisecond)
				}
				select {
				case ev := <-ch:
					got = append(got, ev)
				case <-time.After(evWait):
					t.Fatalf("the lagging subscriber got %d events; %d messages were written", len(got), written.Load())
				}
			}
			<-wrote
			if more := drain(ch); len(more) > 0 {
				t.Errorf("after its %d events the lagging subscriber got %d more, all delivered already (the first %d shown):\n%s",
					n, len(more), min(len(more), 5), evList(more[:min(len(more), 5)]))
			}
			checkMessages(t, got, bob, a, sent)
		})
	}
}

// TestEventClose: cancelling a subscription closes its channel, whether
// or not events wait in it; Close returns with subscriptions still open,
// one of them stuck on events it does not read.
func TestEventClose(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			url := b.url(t)
			db, svc := evService(t, url)
			a, bob := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob")
			after := evMust(db.LastEventID(ctx)).of(t)
			closed := func(what string, ch <-chan model.Event) {
				t.Helper()
				timeout := time.After(evWait)
				for {
					select {
					case _, ok := <-ch:
						if !ok {
							return
						}
					case <-timeout:
						t.Fatalf("%s: the channel did not close", what)
					}
				}
			}

			idle, cancelIdle := context.WithCancel(ctx)
			ch := evMust(db.Subscribe(idle, bob, after)).of(t)
			cancelIdle()
			closed("cancelled with nothing to deliver", ch)

			busy, cancelBusy := context.WithCancel(ctx)
			ch = evMust(db.Subscribe(busy, bob, after)).of(t)
			sendMessages(t, svc, a, bob, 5, "unread ")
			time.Sleep(evQuiet) // let the events queue up
			cancelBusy()
			closed("cancelled with events waiting", ch)

			// A second Open, closed while its subscriptions live.
			other, err := storage.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			subCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			stuck := evMust(other.Subscribe(subCtx, bob, after)).of(t)
			everyone := evMust(other.SubscribeAll(subCtx, after)).of(t)
			reading := evMust(other.Subscribe(subCtx, a, after)).of(t)
			go func() {
				for range reading {
				}
			}()
			sendMessages(t, svc, a, bob, 300, "more ")
			time.Sleep(evQuiet)
			done := make(chan error, 1)
			go func() { done <- other.Close() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Close: %v", err)
				}
			case <-time.After(evWait):
				t.Fatal("Close did not return while subscriptions were open")
			}
			cancel()
			closed("cancelled after Close", stuck)
			closed("cancelled after Close", everyone)
		})
	}
}

// TestEventSeedMakesNone: the seed's bulk load of a sample network (and
// its clearing) is history, not news; writes after it are news again.
func TestEventSeedMakesNone(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t, b.url(t))
			before := evMust(db.LastEventID(ctx)).of(t)
			everyone := evRecord(t, db, 0, before)
			opt := seed.Options{Hasher: model.Hasher{Iterations: 1000}}
			if sum := evMust(seed.Run(ctx, db, opt)).of(t); sum.Messages == 0 || sum.Likes == 0 || sum.Friendships == 0 {
				t.Fatalf("the seed wrote too little to tell: %v", sum)
			}
			opt.Clear = true
			evMust(seed.Run(ctx, db, opt)).of(t)
			var n int
			if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM numeneon_event`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("seeding recorded %d events", n)
			}
			everyone.exactly(t, 0)

			svc := model.NewService(db)
			users := evMust(model.NewOperator(db).Users(ctx, 0, 2)).of(t)
			msg := evMust(svc.SendMessage(ctx, users[0].ID, users[1].ID, "after the seed")).of(t)
			got := everyone.exactly(t, 2)
			want := []model.Event{evMsg(model.EventMessage, users[1].ID, users[0].ID, msg.ID), evMsg(model.EventMessage, users[0].ID, users[0].ID, msg.ID)}
			if !slices.Equal(evSorted(got), evSorted(want)) {
				t.Errorf("after the seed a message made\n%s", evList(got))
			}
		})
	}
}
