package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/storage/storetest"
)

// The tests of the event stream (docs/ARCHITECTURE.md, "The event stream") drive real
// parts: the Service, the triggers, the hub, other connections, other
// Opens and other processes. They wait generously for what must arrive
// and then for evQuiet, to see that nothing more does; they never assert
// how fast anything is.

const (
	evWait  = 10 * time.Second       // the longest wait for an event that must come
	evQuiet = 300 * time.Millisecond // how long nothing more may arrive
)

// evRecorder keeps, in order, what one subscription delivered.
type evRecorder struct {
	user   int64 // 0: everyone's events
	mu     sync.Mutex
	events []model.Event
	done   chan struct{} // closed when the subscription's channel closed
	taken  int           // events already checked by evWorld.step
}

// evRecord subscribes to user's events above after and records them until
// the test ends; the subscription's channel must close when it is
// cancelled.
func evRecord(t testing.TB, db *storage.DB, user, after int64) *evRecorder {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	subscribe := db.Subscribe
	if user == 0 {
		subscribe = func(ctx context.Context, _, after int64) (<-chan model.Event, error) {
			return db.SubscribeAll(ctx, after)
		}
	}
	ch, err := subscribe(ctx, user, after)
	if err != nil {
		cancel()
		t.Fatalf("Subscribe(%d, %d): %v", user, after, err)
	}
	r := &evRecorder{user: user, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for ev := range ch {
			r.mu.Lock()
			r.events = append(r.events, ev)
			r.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(evWait):
			t.Errorf("the subscription of user %d was cancelled but its channel stayed open", user)
		}
	})
	return r
}

// all returns a copy of what arrived so far.
func (r *evRecorder) all() []model.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// await waits until at least n events arrived and returns them all.
func (r *evRecorder) await(t testing.TB, n int) []model.Event {
	t.Helper()
	deadline := time.Now().Add(evWait)
	for {
		evs := r.all()
		if len(evs) >= n {
			return evs
		}
		if time.Now().After(deadline) {
			t.Fatalf("user %d's subscription: %d events arrived, want %d:\n%s", r.user, len(evs), n, evList(evs))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// exactly waits for n events, then for evQuiet, and returns the n events;
// it fails when more arrived.
func (r *evRecorder) exactly(t testing.TB, n int) []model.Event {
	t.Helper()
	r.await(t, n)
	time.Sleep(evQuiet)
	evs := r.all()
	if len(evs) != n {
		t.Fatalf("user %d's subscription: %d events arrived, want exactly %d:\n%s", r.user, len(evs), n, evList(evs))
	}
	return evs
}

// evKey is what an event says, without its id and time.
func evKey(ev model.Event) string {
	return fmt.Sprintf("%s user=%d actor=%d post=%d message=%d request=%d",
		ev.Kind, ev.UserID, ev.ActorID, ev.PostID, ev.MessageID, ev.RequestID)
}

func evList(evs []model.Event) string {
	if len(evs) == 0 {
		return "\t(nothing)\n"
	}
	var b strings.Builder
	for _, ev := range evs {
		fmt.Fprintf(&b, "\t#%d %s\n", ev.ID, evKey(ev))
	}
	return b.String()
}

// evWant lists evKeys for a failure message.
func evWant(keys []string) string {
	if len(keys) == 0 {
		return "\t(nothing)\n"
	}
	return "\t" + strings.Join(keys, "\n\t") + "\n"
}

// evSorted is the multiset of what evs say, for comparing events of one
// transaction, whose order among themselves is the database's business.
func evSorted(evs []model.Event) []string {
	keys := make([]string, len(evs))
	for i, ev := range evs {
		keys[i] = evKey(ev)
	}
	slices.Sort(keys)
	return keys
}

// checkStream checks what a subscription delivered as a whole: each event
// once, in ascending id order, for the subscriber, with a plausible time.
func checkStream(t testing.TB, r *evRecorder, since time.Time) {
	t.Helper()
	evs := r.all()
	for i, ev := range evs {
		if i > 0 && ev.ID <= evs[i-1].ID {
			t.Errorf("user %d's subscription: event #%d after #%d: the ids are not strictly increasing (a duplicate or out of order)",
				r.user, ev.ID, evs[i-1].ID)
		}
		if r.user != 0 && ev.UserID != r.user {
			t.Errorf("user %d's subscription delivered an event of user %d: %s", r.user, ev.UserID, evKey(ev))
		}
		if ev.At.Before(since.Add(-time.Minute)) || ev.At.After(time.Now().Add(time.Minute)) {
			t.Errorf("event #%d is dated %v; it was made after %v", ev.ID, ev.At, since)
		}
	}
}

// Constructors of expected events.
func evMsg(k model.EventKind, user, actor, msg int64) model.Event {
	return model.Event{Kind: k, UserID: user, ActorID: actor, MessageID: msg}
}
func evPost(k model.EventKind, user, actor, post int64) model.Event {
	return model.Event{Kind: k, UserID: user, ActorID: actor, PostID: post}
}
func evReq(k model.EventKind, user, actor, req int64) model.Event {
	return model.Event{Kind: k, UserID: user, ActorID: actor, RequestID: req}
}
func evUser(k model.EventKind, user, actor int64) model.Event {
	return model.Event{Kind: k, UserID: user, ActorID: actor}
}

// evWorld watches some users, each through a subscription of their own,
// and everyone through a subscription of user 0.
type evWorld struct {
	t    *testing.T
	recs []*evRecorder
}

func newEvWorld(t *testing.T, db *storage.DB, after int64, users ...int64) *evWorld {
	t.Helper()
	w := &evWorld{t: t, recs: []*evRecorder{evRecord(t, db, 0, after)}}
	for _, u := range users {
		w.recs = append(w.recs, evRecord(t, db, u, after))
	}
	return w
}

// step runs act, which returns the events it should make, and checks that
// exactly those arrive: at each user's subscription their share, at
// everyone's subscription all of them, and nothing else within evQuiet.
func (w *evWorld) step(name string, act func() []model.Event) {
	w.t.Helper()
	w.stepHiding(name, func() (shown, hidden []model.Event) { return act(), nil })
}

// stepHiding is step for an act that also makes events hidden from their
// user (a block or a mute): those reach everyone's subscription only.
func (w *evWorld) stepHiding(name string, act func() (shown, hidden []model.Event)) {
	t := w.t
	t.Helper()
	want, hidden := act()
	shares := make([][]model.Event, len(w.recs))
	for i, r := range w.recs {
		for _, ev := range want {
			if r.user == 0 || ev.UserID == r.user {
				shares[i] = append(shares[i], ev)
			}
		}
		if r.user == 0 {
			shares[i] = append(shares[i], hidden...)
		}
		r.await(t, r.taken+len(shares[i]))
	}
	time.Sleep(evQuiet)
	for i, r := range w.recs {
		got := r.all()[r.taken:]
		r.taken += len(got)
		if g, w := evSorted(got), evSorted(shares[i]); !slices.Equal(g, w) {
			t.Errorf("%s: user %d's subscription got\n%s want\n%s", name, r.user, evList(got), evWant(w))
		}
	}
}

// replay checks that catching up from after delivers to each subscriber
// what it got live: the same events, in the same order.
func (w *evWorld) replay(db *storage.DB, after int64, since time.Time) {
	t := w.t
	t.Helper()
	for _, r := range w.recs {
		checkStream(t, r, since)
		live := r.all()
		again := evRecord(t, db, r.user, after).exactly(t, len(live))
		for i := range live {
			if again[i].ID != live[i].ID || evKey(again[i]) != evKey(live[i]) {
				t.Errorf("user %d: catching up from %d delivered\n%s live it was\n%s", r.user, after, evList(again), evList(live))
				break
			}
		}
	}
}

// evMust(f()).of(t) is f's value, failing the test on f's error.
func evMust[T any](v T, err error) evResult[T] { return evResult[T]{v, err} }

type evResult[T any] struct {
	v   T
	err error
}

func (r evResult[T]) of(t testing.TB) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

func evSignUp(t testing.TB, svc *model.Service, name string) int64 {
	t.Helper()
	return evMust(svc.SignUp(context.Background(), model.SignUp{Username: name, Email: name + "@example.com", Password: storetest.Password})).of(t).ID
}

// requestID finds the pending request from one user to another.
func requestID(t testing.TB, svc *model.Service, from, to int64) int64 {
	t.Helper()
	for _, r := range evMust(svc.FriendRequests(context.Background(), to, true)).of(t) {
		if r.From.ID == from {
			return r.ID
		}
	}
	t.Fatalf("no request from %d to %d", from, to)
	return 0
}

// TestEventKinds makes every kind of event through the Service and checks
// who gets what: each user concerned exactly once, nobody else, everyone's
// subscription all of it; and that catching up from the start replays the
// same streams.
func TestEventKinds(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			start := time.Now()
			db := open(t, b.url(t))
			svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
			before := evMust(db.LastEventID(ctx)).of(t)
			a, bob, c, d := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob"), evSignUp(t, svc, "carol"), evSignUp(t, svc, "dave")
			evMust(svc.Login(ctx, "alice", storetest.Password)).of(t)
			w := newEvWorld(t, db, before, a, bob, c, d)
			ok := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			w.step("signing up and logging in", func() []model.Event { return nil })

			var req int64
			w.step("alice asks bob", func() []model.Event {
				if r := evMust(svc.SendFriendRequest(ctx, a, bob)).of(t); r != model.RequestSent {
					t.Fatalf("SendFriendRequest = %v", r)
				}
				req = requestID(t, svc, a, bob)
				return []model.Event{evReq(model.EventFriendRequest, bob, a, req), evReq(model.EventFriendRequest, a, a, req)}
			})
			w.step("bob accepts", func() []model.Event {
				ok(svc.AcceptFriendRequest(ctx, bob, req))
				// bob did it: his own event names him.
				return []model.Event{evUser(model.EventFriendAccepted, a, bob), evUser(model.EventFriendAccepted, bob, bob)}
			})
			w.step("carol asks alice", func() []model.Event {
				evMust(svc.SendFriendRequest(ctx, c, a)).of(t)
				req = requestID(t, svc, c, a)
				return []model.Event{evReq(model.EventFriendRequest, a, c, req), evReq(model.EventFriendRequest, c, c, req)}
			})
			w.step("alice asks carol back, which accepts", func() []model.Event {
				if r := evMust(svc.SendFriendRequest(ctx, a, c)).of(t); r != model.RequestAccepted {
					t.Fatalf("SendFriendRequest = %v, want accepted", r)
				}
				return []model.Event{evUser(model.EventFriendAccepted, a, a), evUser(model.EventFriendAccepted, c, a)}
			})
			w.step("dave asks bob", func() []model.Event {
				evMust(svc.SendFriendRequest(ctx, d, bob)).of(t)
				req = requestID(t, svc, d, bob)
				return []model.Event{evReq(model.EventFriendRequest, bob, d, req), evReq(model.EventFriendRequest, d, d, req)}
			})
			w.step("bob declines", func() []model.Event {
				ok(svc.DeclineFriendRequest(ctx, bob, req))
				return []model.Event{evReq(model.EventFriendDeclined, d, bob, req), evReq(model.EventFriendDeclined, bob, d, req)}
			})
			w.step("dave asks carol", func() []model.Event {
				evMust(svc.SendFriendRequest(ctx, d, c)).of(t)
				req = requestID(t, svc, d, c)
				return []model.Event{evReq(model.EventFriendRequest, c, d, req), evReq(model.EventFriendRequest, d, d, req)}
			})
			w.step("dave cancels", func() []model.Event {
				ok(svc.CancelFriendRequest(ctx, d, req))
				return []model.Event{evReq(model.EventFriendCancelled, d, c, req), evReq(model.EventFriendCancelled, c, d, req)}
			})

			// Messages and read receipts.
			var m [4]int64
			w.step("alice messages bob", func() []model.Event {
				m[0] = evMust(svc.SendMessage(ctx, a, bob, "hi bob")).of(t).ID
				return []model.Event{evMsg(model.EventMessage, bob, a, m[0]), evMsg(model.EventMessage, a, a, m[0])}
			})
			w.step("alice messages bob twice more", func() []model.Event {
				m[1] = evMust(svc.SendMessage(ctx, a, bob, "are you there?")).of(t).ID
				m[2] = evMust(svc.SendMessage(ctx, a, bob, "hello?")).of(t).ID
				return []model.Event{evMsg(model.EventMessage, bob, a, m[1]), evMsg(model.EventMessage, a, a, m[1]),
					evMsg(model.EventMessage, bob, a, m[2]), evMsg(model.EventMessage, a, a, m[2])}
			})
			w.step("bob answers", func() []model.Event {
				m[3] = evMust(svc.SendMessage(ctx, bob, a, "yes")).of(t).ID
				return []model.Event{evMsg(model.EventMessage, a, bob, m[3]), evMsg(model.EventMessage, bob, bob, m[3])}
			})
			w.step("bob reads the conversation", func() []model.Event {
				if n := evMust(svc.MarkConversationRead(ctx, bob, a)).of(t); n != 3 {
					t.Fatalf("MarkConversationRead = %d, want 3", n)
				}
				return []model.Event{evMsg(model.EventMessageRead, a, bob, m[0]), evMsg(model.EventMessageRead, a, bob, m[1]),
					evMsg(model.EventMessageRead, a, bob, m[2])}
			})
			w.step("bob reads it again", func() []model.Event {
				evMust(svc.MarkConversationRead(ctx, bob, a)).of(t)
				return nil
			})
			w.step("alice reads hers", func() []model.Event {
				evMust(svc.MarkConversationRead(ctx, a, bob)).of(t)
				return []model.Event{evMsg(model.EventMessageRead, bob, a, m[3])}
			})

			// Posts, likes, replies, mentions, walls.
			var p1, rb, rc int64
			w.step("alice posts", func() []model.Event {
				p1 = evMust(svc.CreatePost(ctx, a, model.NewPost{Content: "hello friends"})).of(t).ID
				return []model.Event{evPost(model.EventNewPost, a, a, p1), evPost(model.EventNewPost, bob, a, p1), evPost(model.EventNewPost, c, a, p1)}
			})
			w.step("bob likes it", func() []model.Event {
				ok(svc.Like(ctx, bob, p1))
				return []model.Event{evPost(model.EventLike, a, bob, p1)}
			})
			w.step("alice likes her own post", func() []model.Event {
				ok(svc.Like(ctx, a, p1))
				return nil
			})
			w.step("bob unlikes it", func() []model.Event {
				ok(svc.Unlike(ctx, bob, p1))
				return nil
			})
			w.step("bob toggles his like back on", func() []model.Event {
				if !evMust(svc.ToggleLike(ctx, bob, p1)).of(t) {
					t.Fatal("ToggleLike unliked")
				}
				return []model.Event{evPost(model.EventLike, a, bob, p1)}
			})
			w.step("bob replies", func() []model.Event {
				rb = evMust(svc.CreatePost(ctx, bob, model.NewPost{Content: "hi alice", ParentID: &p1})).of(t).ID
				return []model.Event{evPost(model.EventReply, a, bob, rb)}
			})
			w.step("carol answers bob's reply", func() []model.Event {
				rc = evMust(svc.CreatePost(ctx, c, model.NewPost{Content: "hi both", ParentID: &rb})).of(t).ID
				return []model.Event{evPost(model.EventReply, a, c, rc), evPost(model.EventReply, bob, c, rc)}
			})
			w.step("alice answers bob's reply in her own thread", func() []model.Event {
				ra := evMust(svc.CreatePost(ctx, a, model.NewPost{Content: "hi bob", ParentID: &rb})).of(t).ID
				return []model.Event{evPost(model.EventReply, bob, a, ra)}
			})
			w.step("alice replies to her own post", func() []model.Event {
				evMust(svc.CreatePost(ctx, a, model.NewPost{Content: "PS", ParentID: &p1})).of(t)
				return nil
			})
			w.step("carol mentions dave", func() []model.Event {
				pc := evMust(svc.CreatePost(ctx, c, model.NewPost{Content: "look, @dave", MentionedUserID: &d})).of(t).ID
				return []model.Event{evPost(model.EventMention, d, c, pc), evPost(model.EventNewPost, c, c, pc), evPost(model.EventNewPost, a, c, pc)}
			})
			w.step("bob writes on alice's wall", func() []model.Event {
				pw := evMust(svc.CreatePost(ctx, bob, model.NewPost{Content: "happy birthday", TargetUserID: &a})).of(t).ID
				return []model.Event{evPost(model.EventWallPost, a, bob, pw)}
			})
			w.step("edits, shares and deletes", func() []model.Event {
				content := "hello, friends"
				evMust(svc.EditPost(ctx, a, p1, model.PostUpdate{Content: &content})).of(t)
				ok(svc.SharePost(ctx, bob, p1))
				ok(svc.DeletePost(ctx, c, rc))
				return nil
			})

			// Profiles and unfriending.
			w.step("alice updates her profile", func() []model.Event {
				bio := "new here"
				ok(svc.UpdateProfile(ctx, a, model.ProfileUpdate{Bio: &bio}))
				return []model.Event{evUser(model.EventProfile, bob, a), evUser(model.EventProfile, c, a)}
			})
			w.step("bob changes only his name", func() []model.Event {
				name := "Robert"
				ok(svc.UpdateProfile(ctx, bob, model.ProfileUpdate{FirstName: &name}))
				return []model.Event{evUser(model.EventProfile, a, bob)}
			})
			w.step("dave, who has no friends, updates his profile", func() []model.Event {
				where := "nowhere"
				ok(svc.UpdateProfile(ctx, d, model.ProfileUpdate{Location: &where}))
				return nil
			})
			w.step("bob unfriends alice", func() []model.Event {
				ok(svc.Unfriend(ctx, bob, a))
				return []model.Event{evUser(model.EventUnfriended, a, bob), evUser(model.EventUnfriended, bob, a)}
			})
			w.step("bob posts; alice is not told any more", func() []model.Event {
				pb := evMust(svc.CreatePost(ctx, bob, model.NewPost{Content: "on my own"})).of(t).ID
				return []model.Event{evPost(model.EventNewPost, bob, bob, pb)}
			})

			w.replay(db, before, start)
		})
	}
}
