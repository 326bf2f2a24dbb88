package storage

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/numeneon/numeneon/model"
)

// Tuning of the event stream.
const (
	// pollEvery is how often a SQLite process looks at PRAGMA data_version
	// for other processes' commits where it cannot watch the file, and
	// idlePoll where it can (it looks at each write too).
	pollEvery = 10 * time.Millisecond
	idlePoll  = time.Second
	// busyWatch is how long after a write to the file the watcher keeps
	// looking every pollEvery.
	busyWatch = 250 * time.Millisecond
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
	// gapBatch is how many missing ids one read looks for again; maxGap
	// the widest run of missing ids it waits for.
	gapBatch = 500
	maxGap   = 10_000
	// catchUpRetry is the pause before a subscription reads the table
	// again after a failed read.
	catchUpRetry = 100 * time.Millisecond
	// eventRetention is how long events are kept for catching up;
	// noticeRetention how long those the notifications list shows.
	eventRetention  = 7 * 24 * time.Hour
	noticeRetention = 30 * 24 * time.Hour
	pruneEvery      = 10 * time.Minute
)

var _ model.OperatorStore = (*DB)(nil)

// hub reads new events from numeneon_event, once per process, and hands
// each to the subscriptions of its user. It starts with the first
// subscription; commands that never subscribe never run it.
//
// On Postgres, transactions commit in another order than they take ids,
// so the hub cannot just read "after the last id". It keeps three marks:
// every id up to settled is delivered or given up; ids up to high have
// been read, except the gaps, which it looks for again until they turn up
// or gapGrace passes (a rolled-back transaction leaves its ids unused).
type hub struct {
	s       *DB
	safety  time.Duration // safetyPoll, but in tests
	wakeCh  chan struct{}
	done    sync.WaitGroup
	live    atomic.Bool
	started atomic.Bool
	settled atomic.Int64

	// startMu guards starting and closing. ctx is set once the hub has
	// started; it ends when the database closes.
	startMu sync.Mutex
	ctx     context.Context
	stop    context.CancelFunc
	closed  bool

	mu           sync.Mutex
	byUser       map[int64]map[*subscription]struct{}
	everyone     map[*subscription]struct{} // the operator's SubscribeAll
	liveWatchers map[chan bool]struct{}     // WatchLive's channels

	// Owned by the run goroutine.
	high        int64
	delivered   map[int64]bool      // ids in (settled, high] delivered
	gaps        map[int64]time.Time // ids in (settled, high] not seen yet, and since when
	readFailing bool                // the last read failed (and was logged)
}

func newHub(s *DB) *hub {
	return &hub{s: s, safety: safetyPoll, wakeCh: make(chan struct{}, 1), byUser: map[int64]map[*subscription]struct{}{},
		everyone: map[*subscription]struct{}{}, liveWatchers: map[chan bool]struct{}{}, delivered: map[int64]bool{}, gaps: map[int64]time.Time{}}
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

// errClosed answers a subscription to a closed database.
var errClosed = errors.New("storage: the database is closed")

// start starts the hub unless it runs, and returns the context that ends
// when the database closes. A start that fails (a file not migrated yet, a
// database down for a moment) is tried again by the next subscription.
func (h *hub) start() (context.Context, error) {
	h.startMu.Lock()
	defer h.startMu.Unlock()
	switch {
	case h.closed:
		return nil, errClosed
	case h.ctx != nil:
		return h.ctx, nil
	}
	if err := h.s.db.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM numeneon_event`).Scan(&h.high); err != nil {
		return nil, err
	}
	h.settled.Store(h.high)
	ctx, cancel := context.WithCancel(context.Background())
	h.ctx, h.stop = ctx, cancel
	h.started.Store(true) // live once the watcher has connected
	h.done.Add(2)
	go func() { defer h.done.Done(); h.run(ctx) }()
	go func() { defer h.done.Done(); h.s.d.watch(ctx, h) }()
	return ctx, nil
}

func (h *hub) close() {
	h.startMu.Lock()
	h.closed = true
	stop := h.stop
	h.startMu.Unlock()
	if stop != nil {
		stop()
		h.done.Wait()
	}
}

func (h *hub) run(ctx context.Context) {
	safety := time.NewTicker(h.safety)
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
			now := time.Now()
			if _, err := h.s.PruneEvents(ctx, now.Add(-eventRetention), now.Add(-noticeRetention)); err != nil {
				h.s.log("pruning old events failed", "err", err)
			}
			continue
		}
		for h.read(ctx) {
		}
	}
}

// read delivers new events and any gap that turned up, moves the marks,
// and reports whether there may be more to read at once.
func (h *hub) read(ctx context.Context) (more bool) {
	a := args{h.high}
	where := `e.id > $1`
	if ids := h.gapIDs(); len(ids) > 0 {
		where += ` OR e.id IN (` + placeholders(2, len(ids)) + `)`
		a = append(a, ids...)
	}
	rows, err := h.s.db.QueryContext(ctx, `SELECT `+eventColumns+`, `+hiddenEvent+eventFrom+`
		WHERE `+where+` ORDER BY e.id LIMIT `+a.add(eventBatch), a...)
	var events []hubEvent
	if err == nil {
		events, err = collect(rows, scanHubEvent)
	}
	if !h.readWorked(ctx, err) {
		return false
	}
	h.count(ctx, events)
	now := time.Now()
	for _, ev := range events {
		if ev.ID <= h.settled.Load() || h.delivered[ev.ID] {
			continue
		}
		h.dispatch(ev)
		h.delivered[ev.ID] = true
		delete(h.gaps, ev.ID)
		if ev.ID-h.high <= maxGap { // a larger jump is a reset sequence, not transactions in flight
			for id := h.high + 1; id < ev.ID; id++ {
				h.gaps[id] = now
			}
		}
		h.high = max(h.high, ev.ID)
	}
	h.settle(now)
	return len(events) == eventBatch
}

// readWorked reports whether a read of the events succeeded. It logs the
// first failure of a run of them and the success that ends it, not every
// wake-up in between: the next wake-up (at the latest the safety poll)
// simply reads again.
func (h *hub) readWorked(ctx context.Context, err error) bool {
	switch {
	case err != nil && ctx.Err() == nil && !h.readFailing:
		h.readFailing = true
		h.s.log("reading new events failed; retrying", "err", err)
	case err == nil && h.readFailing:
		h.readFailing = false
		h.s.Logger.Info("reading new events works again")
	}
	return err == nil
}

// gapIDs returns the lowest ids still missing, to look for again.
func (h *hub) gapIDs() []any {
	if len(h.gaps) == 0 {
		return nil
	}
	missing := make([]int64, 0, len(h.gaps))
	for id := range h.gaps {
		missing = append(missing, id)
	}
	slices.Sort(missing)
	ids := make([]any, 0, min(len(missing), gapBatch))
	for _, id := range missing[:min(len(missing), gapBatch)] {
		ids = append(ids, id)
	}
	return ids
}

// settle moves settled up over ids delivered and gaps too old to fill.
func (h *hub) settle(now time.Time) {
	settled := h.settled.Load()
	for next := settled + 1; next <= h.high; next++ {
		if since, ok := h.gaps[next]; ok && now.Sub(since) <= gapGrace {
			break
		}
		delete(h.gaps, next)
		delete(h.delivered, next)
		settled = next
	}
	h.settled.Store(settled)
}

// dispatch hands an event to its user's subscriptions, unless it is
// hidden from them (hiddenEvent), and to everyone's.
func (h *hub) dispatch(ev hubEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !ev.hidden {
		for sub := range h.byUser[ev.UserID] {
			sub.push(ev.Event, h.settled.Load())
		}
	}
	for sub := range h.everyone {
		sub.push(ev.Event, h.settled.Load())
	}
}

// count gives the events that change their user's counts those counts,
// for the users with subscriptions here (everyone's stream has no use for
// them), in one query for the whole read.
func (h *hub) count(ctx context.Context, events []hubEvent) {
	var want []*model.Event
	h.mu.Lock()
	for i := range events {
		if !events[i].hidden && len(h.byUser[events[i].UserID]) > 0 {
			want = append(want, &events[i].Event)
		}
	}
	h.mu.Unlock()
	h.s.withCounts(ctx, want)
}

func (h *hub) add(sub *subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if sub.all {
		h.everyone[sub] = struct{}{}
		return
	}
	if h.byUser[sub.userID] == nil {
		h.byUser[sub.userID] = map[*subscription]struct{}{}
	}
	h.byUser[sub.userID][sub] = struct{}{}
}

func (h *hub) remove(sub *subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if sub.all {
		delete(h.everyone, sub)
		return
	}
	delete(h.byUser[sub.userID], sub)
	if len(h.byUser[sub.userID]) == 0 {
		delete(h.byUser, sub.userID)
	}
}

// eventColumns are what an event is read with from eventFrom: its row
// (e), its actor (a) and the text of a new message (m), so that a session
// needs no query of its own to show it.
const (
	eventColumns = `e.id, e.user_id, e.kind, e.actor_id, e.post_id, e.message_id, e.request_id, e.created_at,
		a.id, a.username, a.first_name, a.last_name, m.content`
	eventFrom = ` FROM numeneon_event e
		LEFT JOIN auth_user a ON a.id = e.actor_id
		LEFT JOIN messages_app_message m ON m.id = e.message_id AND e.kind = '` + string(model.EventMessage) + `'`
)

func scanEvent(row scanner) (model.Event, error) { return scanEventAnd(row) }

// hubEvent is an event as the hub reads it: with whether its user is not
// to be told of it.
type hubEvent struct {
	model.Event
	hidden bool
}

func scanHubEvent(row scanner) (hubEvent, error) {
	var ev hubEvent
	var err error
	ev.Event, err = scanEventAnd(row, &ev.hidden)
	return ev, err
}

// scanEventAnd scans eventColumns and then more.
func scanEventAnd(row scanner, more ...any) (model.Event, error) {
	var (
		ev                          model.Event
		kind                        string
		actor, post, message, reqID sql.NullInt64
		at                          dbTime
		who                         optionalUser
		text                        sql.NullString
	)
	dest := append([]any{&ev.ID, &ev.UserID, &kind, &actor, &post, &message, &reqID, &at}, who.dest()...)
	err := row.Scan(append(append(dest, &text), more...)...)
	ev.Kind, ev.At, ev.Text = model.EventKind(kind), at.t, text.String
	ev.ActorID, ev.PostID, ev.MessageID, ev.RequestID = actor.Int64, post.Int64, message.Int64, reqID.Int64
	if a := who.summary(); a != nil {
		ev.Actor = *a
	}
	return ev, err
}

// PruneEvents deletes the events recorded before the given time, except
// notifications, which go when they are older than noticesBefore, with
// the record of their reading. The hub of every process keeps a week of
// events and a month of notifications.
func (s *DB) PruneEvents(ctx context.Context, before, noticesBefore time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(t *tx) error {
		res, err := t.ExecContext(ctx, `DELETE FROM numeneon_event WHERE created_at < $1
			AND (kind NOT IN `+noticeKinds+` OR created_at < $2)`, s.d.time(before), s.d.time(noticesBefore))
		if n, err = affected(res, err); err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `DELETE FROM numeneon_notice_read
			WHERE event_id < (SELECT COALESCE(MIN(id), 0) FROM numeneon_event)`)
		return err
	})
	return n, err
}

// LastEventID returns the newest event's id.
func (s *DB) LastEventID(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM numeneon_event`).Scan(&id)
	return id, mapError(err)
}

// Live reports whether the stream is connected to the database.
func (s *DB) Live() bool { return s.hub.live.Load() }
