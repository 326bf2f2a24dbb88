package storage

import (
	"context"
	"time"
)

// SetPresence makes or renews a session's presence row at the store's time.
func (s *DB) SetPresence(ctx context.Context, userID int64, sessionID, instance string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO numeneon_presence (session_id, user_id, instance, seen_at)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (session_id) DO UPDATE SET user_id = excluded.user_id, instance = excluded.instance,
				seen_at = excluded.seen_at`, sessionID, userID, instance, t.ts())
		return err
	})
}

// RenewPresence renews every session row of an instance at once.
func (s *DB) RenewPresence(ctx context.Context, instance string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `UPDATE numeneon_presence SET seen_at = $1 WHERE instance = $2`, t.ts(), instance)
		return err
	})
}

// DeletePresence forgets a session's presence.
func (s *DB) DeletePresence(ctx context.Context, sessionID string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `DELETE FROM numeneon_presence WHERE session_id = $1`, sessionID)
		return err
	})
}

// OnlineFriends lists a user's friends with a session seen within ttl.
func (s *DB) OnlineFriends(ctx context.Context, userID int64, ttl time.Duration) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.friend_id FROM friends_friendship f
		WHERE f.user_id = $1 AND EXISTS (SELECT 1 FROM numeneon_presence p
			WHERE p.user_id = f.friend_id AND p.seen_at >= $2)`, userID, s.d.time(s.now().Add(-ttl)))
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanInt64)
}

// PrunePresence deletes the sessions last seen before before.
func (s *DB) PrunePresence(ctx context.Context, before time.Time) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `DELETE FROM numeneon_presence WHERE seen_at < $1`, t.d.time(before.Truncate(time.Microsecond)))
		return err
	})
}
