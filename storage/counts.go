package storage

import (
	"context"
	"maps"
	"slices"

	"github.com/numeneon/numeneon/model"
)

// The badges of a person's tab bar, counted in one query each time:
// for a session that asks (Counts), and by the hub for the users of the
// events it reads that change them (countsOf), so that an event carries
// them to every session of its user.

// unreadOf is the condition "message m is unread by user u" (an SQL
// expression), leaving out those across a block.
func unreadOf(u string) string {
	return `m.receiver_id = ` + u + ` AND NOT m.is_read AND m.sender_id NOT IN (` + blockedWith(u) + `)`
}

// requestTo is the condition "request r is to user u" (an SQL
// expression), leaving out those across a block.
func requestTo(u string) string {
	return `r.to_user_id = ` + u + ` AND r.from_user_id NOT IN (` + blockedWith(u) + `)`
}

// countColumns are the three counts of user u (an SQL expression), each
// read through an index of its table by u.
func countColumns(u string) string {
	return `(SELECT COUNT(*) FROM messages_app_message m WHERE ` + unreadOf(u) + `),
		(SELECT COUNT(*) FROM friends_friendrequest r WHERE ` + requestTo(u) + `),
		(SELECT COUNT(*) FROM numeneon_event e WHERE ` + unseenOf(u) + `)`
}

// Counts counts userID's badges in one query.
func (s *DB) Counts(ctx context.Context, userID int64) (model.Counts, error) {
	var c model.Counts
	err := s.db.QueryRowContext(ctx, `SELECT `+countColumns("$1"), userID).Scan(&c.Unread, &c.Requests, &c.Notices)
	return c, mapError(err)
}

// countsOf counts the badges of each of users in one query.
func (s *DB) countsOf(ctx context.Context, users []int64) (map[int64]model.Counts, error) {
	a := make(args, len(users))
	for i, id := range users {
		a[i] = id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, `+countColumns("u.id")+`
		FROM auth_user u WHERE u.id IN (`+placeholders(1, len(users))+`)`, a...)
	if err != nil {
		return nil, err
	}
	type userCounts struct {
		id int64
		c  model.Counts
	}
	counted, err := collect(rows, func(r scanner) (userCounts, error) {
		var uc userCounts
		return uc, r.Scan(&uc.id, &uc.c.Unread, &uc.c.Requests, &uc.c.Notices)
	})
	counts := make(map[int64]model.Counts, len(counted))
	for _, uc := range counted {
		counts[uc.id] = uc.c
	}
	return counts, err
}

// withCounts gives each of events that changes its user's counts
// (model.EventKind.ChangesCounts) the counts of that user now, in one
// query. When it fails they go without: each session reads its own.
func (s *DB) withCounts(ctx context.Context, events []*model.Event) {
	users := map[int64]bool{}
	for _, ev := range events {
		if ev.Kind.ChangesCounts() {
			users[ev.UserID] = true
		}
	}
	if len(users) == 0 {
		return
	}
	counts, err := s.countsOf(ctx, slices.Collect(maps.Keys(users)))
	if err != nil {
		if ctx.Err() == nil {
			s.log("counting the badges of new events failed", "err", err)
		}
		return
	}
	for _, ev := range events {
		if c, ok := counts[ev.UserID]; ok && ev.Kind.ChangesCounts() {
			ev.Counts = &c
		}
	}
}

// pointers points at each of events.
func pointers(events []model.Event) []*model.Event {
	ps := make([]*model.Event, len(events))
	for i := range events {
		ps[i] = &events[i]
	}
	return ps
}
