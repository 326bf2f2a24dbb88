package storage

import (
	"context"
	"sync"
	"time"

	"github.com/numeneon/numeneon/model"
)

// Subscriptions: each subscriber's stream of events, fed by the hub
// (events.go) and caught up from the table when it fell behind.

// Subscribe streams the events of userID (above 0) above after, until ctx
// ends or the database is closed.
func (s *DB) Subscribe(ctx context.Context, userID, after int64) (<-chan model.Event, error) {
	if userID <= 0 {
		return nil, model.Invalid("user", "Subscribe needs a user; SubscribeAll follows everyone.")
	}
	return s.subscribe(ctx, &subscription{userID: userID, after: after})
}

// SubscribeAll streams every user's events above after, for the operator.
func (s *DB) SubscribeAll(ctx context.Context, after int64) (<-chan model.Event, error) {
	return s.subscribe(ctx, &subscription{all: true, after: after})
}

func (s *DB) subscribe(ctx context.Context, sub *subscription) (<-chan model.Event, error) {
	closed, err := s.hub.start()
	if err != nil {
		return nil, mapError(err)
	}
	sub.s, sub.ready, sub.out, sub.sent = s, make(chan struct{}, 1), make(chan model.Event), map[int64]bool{}
	s.hub.add(sub)
	// The subscription also ends when the database is closed.
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(closed, cancel)
	go func() {
		defer cancel()
		defer stop()
		sub.run(ctx)
	}()
	return sub.out, nil
}

// subscription hands one subscriber its events. The hub queues into it
// without ever waiting; past subscriberBuffer queued events it stops
// queueing, and the subscription reads what it missed from the table,
// from the hub's settled mark of that moment, below which nothing can
// arrive any more.
type subscription struct {
	s      *DB
	userID int64
	all    bool  // everyone's events (userID is 0)
	after  int64 // the subscriber has seen everything up to here
	ready  chan struct{}
	out    chan model.Event

	mu         sync.Mutex
	queue      []model.Event
	behind     bool
	behindFrom int64 // the hub's settled mark when it fell behind

	// Owned by run: the ids delivered above the hub's settled mark of the
	// last prune, so that none is delivered twice.
	sent map[int64]bool
}

// push queues ev; called by the hub, with the hub's settled mark.
func (sub *subscription) push(ev model.Event, settled int64) {
	sub.mu.Lock()
	switch {
	case sub.behind:
	case len(sub.queue) >= subscriberBuffer:
		sub.behind, sub.behindFrom = true, settled // keep the queue: it may hold ids below the mark
	default:
		sub.queue = append(sub.queue, ev)
	}
	sub.mu.Unlock()
	select {
	case sub.ready <- struct{}{}:
	default:
	}
}

func (sub *subscription) run(ctx context.Context) {
	defer close(sub.out)
	defer sub.s.hub.remove(sub)
	if !sub.catchUp(ctx, sub.after) {
		return
	}
	for {
		sub.mu.Lock()
		queue, behind, from := sub.queue, sub.behind, sub.behindFrom
		sub.queue, sub.behind = nil, false
		sub.mu.Unlock()
		for _, ev := range queue {
			if !sub.deliver(ctx, ev) {
				return
			}
		}
		// Queueing resumed above, so whatever the table read below misses
		// is queued; what both bring is delivered once.
		if behind && !sub.catchUp(ctx, from) {
			return
		}
		if !behind {
			sub.forget()
		}
		select {
		case <-ctx.Done():
			return
		case <-sub.ready:
		}
	}
}

// catchUp delivers the subscriber's events above from out of the table.
// A read that fails is tried again until it works or ctx ends: giving up
// would skip the events above from for good, since the hub hands on only
// newer ones. Meanwhile the hub queues for the subscription, and past
// subscriberBuffer marks it behind.
func (sub *subscription) catchUp(ctx context.Context, from int64) bool {
	failing := false
	for {
		where, a := `e.id > $1`, args{from}
		if !sub.all {
			where += ` AND e.user_id = ` + a.add(sub.userID) + ` AND NOT ` + hiddenEvent
		}
		rows, err := sub.s.db.QueryContext(ctx, `SELECT `+eventColumns+eventFrom+` WHERE `+where+
			` ORDER BY e.id LIMIT `+a.add(eventBatch), a...)
		var events []model.Event
		if err == nil {
			events, err = collect(rows, scanEvent)
		}
		if err == nil && !sub.all {
			sub.s.withCounts(ctx, pointers(events))
		}
		if err != nil {
			if ctx.Err() != nil {
				return false
			}
			if !failing {
				failing = true
				sub.s.log("catching up on events failed; retrying", "err", err)
			}
			select {
			case <-ctx.Done():
				return false
			case <-time.After(catchUpRetry):
			}
			continue
		}
		for _, ev := range events {
			if !sub.deliver(ctx, ev) {
				return false
			}
			from = ev.ID
		}
		if len(events) < eventBatch {
			return true
		}
	}
}

// deliver sends ev unless the subscriber has it; false when ctx ended.
func (sub *subscription) deliver(ctx context.Context, ev model.Event) bool {
	if ev.ID <= sub.after || sub.sent[ev.ID] {
		return true
	}
	select {
	case sub.out <- ev:
	case <-ctx.Done():
		return false
	}
	sub.sent[ev.ID] = true
	return true
}

// forget drops the delivered ids at or below the hub's settled mark: no
// read of the table will bring them again, since a catch-up starts above
// the mark of its moment, which is at least this one.
func (sub *subscription) forget() {
	if len(sub.sent) < 2*subscriberBuffer {
		return
	}
	settled := sub.s.hub.settled.Load()
	for id := range sub.sent {
		if id <= settled {
			delete(sub.sent, id)
		}
	}
}
