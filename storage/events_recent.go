package storage

import (
	"context"
	"slices"

	"github.com/numeneon/numeneon/model"
)

// RecentEvents returns the newest n events of userID (above 0), oldest
// first: what an operator's `numeneon events --user` shows before it
// follows the stream from the last of them.
func (s *DB) RecentEvents(ctx context.Context, userID int64, n int) ([]model.Event, error) {
	if userID <= 0 {
		return nil, model.Invalid("user", "RecentEvents needs a user; RecentEventsAll lists everyone's.")
	}
	return s.recentEvents(ctx, userID, n)
}

// RecentEventsAll returns the newest n events of everyone, oldest first.
func (s *DB) RecentEventsAll(ctx context.Context, n int) ([]model.Event, error) {
	return s.recentEvents(ctx, 0, n)
}

// recentEvents reads the newest n events of userID, or of everyone for 0.
func (s *DB) recentEvents(ctx context.Context, userID int64, n int) ([]model.Event, error) {
	if n <= 0 {
		return nil, nil
	}
	where, a := ``, args{}
	if userID != 0 {
		where = ` WHERE e.user_id = ` + a.add(userID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+eventColumns+eventFrom+where+
		` ORDER BY e.id DESC LIMIT `+a.add(n), a...)
	if err != nil {
		return nil, mapError(err)
	}
	events, err := collect(rows, scanEvent)
	if err != nil {
		return nil, err
	}
	slices.Reverse(events)
	return events, nil
}
