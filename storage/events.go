package storage

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"

	"github.com/numeneon/numeneon/model"
)

// Tuning of the event stream.
const (
	// pollEvery is how often a SQLite process looks at PRAGMA data_version
	// for other processes' commits.
	pollEvery = 10 * time.Millisecond
	// safetyPoll reads the table even when nothing woke the hub, in case a
	// notification was lost.
	safetyPoll = 2 * time.Second
	// gapGrace is how long an id missing below newer ones may still turn
	// up: on Postgres, transactions commit in another order than they take
	// ids, and a rolled-back one leaves its ids unused for ever.
	gapGrace = 10 * time.Second
	// eventBatch is how many events one read takes.
	eventBatch = 1000
	// subscriberBuffer events wait for a slow subscriber before the hub
	// stops queueing for it and it catches up from the table instead.
	subscriberBuffer = 256
	// eventRetention is how long events are kept for catching up.
	eventRetention = 7 * 24 * time.Hour
	pruneEvery     = 10 * time.Minute
)

var _ model.Events = (*DB)(nil)

// hub reads new events from numeneon_event, once per process, and hands
// each to the subscriptions of its user. It starts with the first
// subscription; commands that never subscribe never run it.
type hub struct {
	s       *DB
	once    sync.Once
	wakeCh  chan struct{}
	stop    context.CancelFunc
	done    sync.WaitGroup
	live    atomic.Bool
	started atomic.Bool

	mu     sync.Mutex
	byUser map[int64]map[*subscription]struct{} // user 0: everyone's events

	// Reader state, owned by the run goroutine.
	last      int64               // every id up to here is delivered or given up
	delivered map[int64]bool      // ids above last already delivered
	gaps      map[int64]time.Time // ids above last not seen yet, and since when
}

func newHub(s *DB) *hub {
	return &hub{s: s, wakeCh: make(chan struct{}, 1), byUser: map[int64]map[*subscription]struct{}{},
		delivered: map[int64]bool{}, gaps: map[int64]time.Time{}}
}

// wake makes the hub read the table soon; it never blocks.
func (h *hub) wake() {
	if !h.started.Load() {
		return
	}
	select {
	case h.wakeCh <- struct{}{}:
	default:
	}
}

func (h *hub) start() error {
	var err error
	h.once.Do(func() {
		if err = h.s.db.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM numeneon_event`).Scan(&h.last); err != nil {
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		h.stop = cancel
		h.live.Store(true)
		h.started.Store(true)
		h.done.Add(2)
		go func() { defer h.done.Done(); h.run(ctx) }()
		go func() { defer h.done.Done(); h.s.d.watch(ctx, h) }()
	})
	return err
}

func (h *hub) close() {
	if h.stop != nil {
		h.stop()
		h.done.Wait()
	}
}

func (h *hub) run(ctx context.Context) {
	safety := time.NewTicker(safetyPoll)
	prune := time.NewTicker(pruneEvery)
	defer safety.Stop()
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.wakeCh:
		case <-safety.C:
		case <-prune.C:
			if _, err := h.s.PruneEvents(ctx, time.Now().Add(-eventRetention)); err != nil {
				h.s.log("pruning old events failed", "err", err)
			}
			continue
		}
		for h.read(ctx) == eventBatch {
		}
	}
}

// read delivers the events above h.last not delivered yet and returns how
// many rows it read.
func (h *hub) read(ctx context.Context) int {
	rows, err := h.s.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM numeneon_event
		WHERE id > $1 ORDER BY id LIMIT $2`, h.last, eventBatch)
	if err != nil {
		return 0
	}
	events, err := collect(rows, scanEvent)
	if err != nil {
		return 0
	}
	now := time.Now()
	for _, ev := range events {
		if !h.delivered[ev.ID] {
			h.dispatch(ev)
			h.delivered[ev.ID] = true
		}
	}
	if n := len(events); n > 0 {
		for id := h.last + 1; id < events[n-1].ID; id++ {
			if _, ok := h.gaps[id]; !ok && !h.delivered[id] {
				h.gaps[id] = now
			}
		}
	}
	// Move last up over what is delivered and over gaps too old to fill.
	for {
		next := h.last + 1
		if h.delivered[next] {
			delete(h.delivered, next)
		} else if since, ok := h.gaps[next]; ok && now.Sub(since) > gapGrace {
			delete(h.gaps, next)
		} else {
			break
		}
		delete(h.gaps, next)
		h.last = next
	}
	return len(events)
}

func (h *hub) dispatch(ev model.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.byUser[ev.UserID] {
		sub.push(ev)
	}
	for sub := range h.byUser[0] {
		sub.push(ev)
	}
}

func (h *hub) add(sub *subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.byUser[sub.userID] == nil {
		h.byUser[sub.userID] = map[*subscription]struct{}{}
	}
	h.byUser[sub.userID][sub] = struct{}{}
}

func (h *hub) remove(sub *subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.byUser[sub.userID], sub)
	if len(h.byUser[sub.userID]) == 0 {
		delete(h.byUser, sub.userID)
	}
}

const eventColumns = `id, user_id, kind, actor_id, post_id, message_id, request_id, created_at`

func scanEvent(row interface{ Scan(...any) error }) (model.Event, error) {
	var (
		ev                          model.Event
		kind                        string
		actor, post, message, reqID sql.NullInt64
		at                          dbTime
	)
	err := row.Scan(&ev.ID, &ev.UserID, &kind, &actor, &post, &message, &reqID, &at)
	ev.Kind, ev.At = model.EventKind(kind), at.t
	ev.ActorID, ev.PostID, ev.MessageID, ev.RequestID = actor.Int64, post.Int64, message.Int64, reqID.Int64
	return ev, err
}

// Subscribe streams the events of userID (0: everyone's) above after.
func (s *DB) Subscribe(ctx context.Context, userID, after int64) (<-chan model.Event, error) {
	if err := s.hub.start(); err != nil {
		return nil, mapError(err)
	}
	sub := &subscription{s: s, userID: userID, last: after,
		in: make(chan model.Event, subscriberBuffer), out: make(chan model.Event), seen: map[int64]bool{}}
	s.hub.add(sub)
	go sub.run(ctx)
	return sub.out, nil
}

// PruneEvents deletes the events recorded before the given time; the hub
// of every process keeps a week's worth.
func (s *DB) PruneEvents(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM numeneon_event WHERE created_at < $1`, s.d.time(before))
	n, err := affected(res, err)
	return n, mapError(err)
}

// LastEventID returns the newest event's id.
func (s *DB) LastEventID(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM numeneon_event`).Scan(&id)
	return id, mapError(err)
}

// Live reports whether the stream is connected to the database.
func (s *DB) Live() bool { return s.hub.live.Load() }

// subscription hands one subscriber its events in order. The hub pushes
// into in without ever waiting; when in is full it stops pushing and sets
// behind, and the subscription catches up from the table.
type subscription struct {
	s      *DB
	userID int64
	in     chan model.Event
	out    chan model.Event
	behind atomic.Bool

	// Owned by run.
	last int64
	seen map[int64]bool // recently delivered ids, against duplicates
	fifo []int64
}

func (sub *subscription) push(ev model.Event) {
	if sub.behind.Load() {
		return
	}
	select {
	case sub.in <- ev:
	default:
		sub.behind.Store(true)
	}
}

func (sub *subscription) run(ctx context.Context) {
	defer close(sub.out)
	defer sub.s.hub.remove(sub)
	if !sub.catchUp(ctx) {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-sub.in:
			if !sub.deliver(ctx, ev) {
				return
			}
		}
		if sub.behind.Load() {
			// Deliver what was queued (it is older than what was dropped),
			// then read the rest from the table. Pushing resumes before the
			// read, so nothing falls between; duplicates are skipped.
			for len(sub.in) > 0 {
				if !sub.deliver(ctx, <-sub.in) {
					return
				}
			}
			sub.behind.Store(false)
			if !sub.catchUp(ctx) {
				return
			}
		}
	}
}

// catchUp delivers the subscriber's events above last from the table.
func (sub *subscription) catchUp(ctx context.Context) bool {
	for {
		where, a := `id > $1`, args{sub.last}
		if sub.userID != 0 {
			where += ` AND user_id = ` + a.add(sub.userID)
		}
		rows, err := sub.s.db.QueryContext(ctx, `SELECT `+eventColumns+` FROM numeneon_event WHERE `+where+
			` ORDER BY id LIMIT `+a.add(eventBatch), a...)
		if err != nil {
			return ctx.Err() == nil
		}
		events, err := collect(rows, scanEvent)
		if err != nil {
			return ctx.Err() == nil
		}
		for _, ev := range events {
			if !sub.deliver(ctx, ev) {
				return false
			}
		}
		if len(events) < eventBatch {
			return true
		}
	}
}

// deliver sends ev unless it was sent already; false when ctx ended.
func (sub *subscription) deliver(ctx context.Context, ev model.Event) bool {
	if sub.seen[ev.ID] {
		return true
	}
	select {
	case sub.out <- ev:
	case <-ctx.Done():
		return false
	}
	sub.seen[ev.ID] = true
	sub.fifo = append(sub.fifo, ev.ID)
	if len(sub.fifo) > 4*subscriberBuffer {
		delete(sub.seen, sub.fifo[0])
		sub.fifo = sub.fifo[1:]
	}
	sub.last = max(sub.last, ev.ID)
	return true
}
