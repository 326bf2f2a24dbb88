package storage

import (
	"context"

	"github.com/numeneon/numeneon/model"
)

// Blocks and mutes (migration 00008): the rows, and the fragments of SQL
// with which every read leaves out what they hide.

// blockedWith is the people who block the viewer (the placeholder v) or
// whom the viewer blocks, for "x NOT IN (…)": both planners read it once
// per query through the primary key and numeneon_block_blocked, then
// probe it per row.
func blockedWith(v string) string {
	return `SELECT blocked_id FROM numeneon_block WHERE user_id = ` + v +
		` UNION ALL SELECT user_id FROM numeneon_block WHERE blocked_id = ` + v
}

// hiddenFrom is whose posts the viewer does not see: blockedWith and the
// people the viewer mutes.
func hiddenFrom(v string) string {
	return blockedWith(v) + ` UNION ALL SELECT muted_id FROM numeneon_mute WHERE user_id = ` + v
}

// hiddenEvent is true for an event (alias e) that its user is not told of:
// news (a like, a reply, a mention, a wall post, a friend request or
// acceptance, a new post) from someone they mute, block or are blocked
// by, and a DM (sent, edited, deleted) across a block. Answered per event through the primary
// keys; never NULL, so that NOT hiddenEvent keeps every other event.
var hiddenEvent = `(e.actor_id IS NOT NULL AND e.actor_id <> e.user_id AND (
	(e.kind IN ` + hidableKinds + ` AND EXISTS (SELECT 1 FROM numeneon_mute x WHERE x.user_id = e.user_id AND x.muted_id = e.actor_id))
	OR (e.kind IN ` + hidableKinds + ` OR e.kind IN ` + messageKinds + `) AND (
		EXISTS (SELECT 1 FROM numeneon_block x WHERE x.user_id = e.user_id AND x.blocked_id = e.actor_id)
		OR EXISTS (SELECT 1 FROM numeneon_block x WHERE x.user_id = e.actor_id AND x.blocked_id = e.user_id))))`

// messageKinds is the SQL list of the kinds of a DM's events that a
// block hides: the message, its edits and its deletion.
var messageKinds = sqlList([]model.EventKind{model.EventMessage, model.EventMessageEdited, model.EventMessageDeleted})

// hidableKinds is the SQL list of the kinds a mute hides: the
// notifications and new posts.
var hidableKinds = sqlList(append([]model.EventKind{model.EventNewPost}, model.NoticeKinds...))

// Block records a block and, in the same transaction, ends the friendship
// and withdraws the requests between the two, under Unfriend's pair lock.
// The events of those deletions (friend.removed, .declined, .cancelled)
// are not of the kinds a block hides: both people's sessions hear of them.
func (s *DB) Block(ctx context.Context, userID, other int64) error {
	return s.write(ctx, func(t *tx) error {
		if err := t.lockPair(ctx, userID, other); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM friends_friendship
			WHERE (user_id = $1 AND friend_id = $2) OR (user_id = $2 AND friend_id = $1)`, userID, other); err != nil {
			return err
		}
		err := t.actAs(ctx, userID, func() error {
			_, err := t.ExecContext(ctx, `DELETE FROM friends_friendrequest
				WHERE (from_user_id = $1 AND to_user_id = $2) OR (from_user_id = $2 AND to_user_id = $1)`, userID, other)
			return err
		})
		if err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `INSERT INTO numeneon_block (user_id, blocked_id, created_at) VALUES ($1, $2, $3)`,
			userID, other, t.ts())
		return err
	})
}

// Unblock deletes a block.
func (s *DB) Unblock(ctx context.Context, userID, other int64) error {
	return s.write(ctx, func(t *tx) error {
		return expectOne(t.ExecContext(ctx, `DELETE FROM numeneon_block WHERE user_id = $1 AND blocked_id = $2`, userID, other))
	})
}

// Mute records a mute.
func (s *DB) Mute(ctx context.Context, userID, other int64) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO numeneon_mute (user_id, muted_id, created_at) VALUES ($1, $2, $3)`,
			userID, other, t.ts())
		return err
	})
}

// Unmute deletes a mute.
func (s *DB) Unmute(ctx context.Context, userID, other int64) error {
	return s.write(ctx, func(t *tx) error {
		return expectOne(t.ExecContext(ctx, `DELETE FROM numeneon_mute WHERE user_id = $1 AND muted_id = $2`, userID, other))
	})
}

// Blocks lists a user's blocks and mutes, newest first.
func (s *DB) Blocks(ctx context.Context, userID int64) ([]model.Block, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+`, b.kind, b.created_at FROM (
			SELECT blocked_id AS id, '`+string(model.Blocked)+`' AS kind, created_at FROM numeneon_block WHERE user_id = $1
			UNION ALL
			SELECT muted_id, '`+string(model.Muted)+`', created_at FROM numeneon_mute WHERE user_id = $1
		) b JOIN auth_user u ON u.id = b.id
		ORDER BY b.created_at DESC, u.id DESC, b.kind`, userID)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, func(r scanner) (model.Block, error) {
		var (
			b     model.Block
			kind  string
			since dbTime
		)
		err := r.Scan(&b.User.ID, &b.User.Username, &b.User.FirstName, &b.User.LastName, &kind, &since)
		b.Kind, b.Since = model.BlockKind(kind), since.t
		return b, err
	})
}

// Blocking tells how viewer and other shield themselves from each other.
func (s *DB) Blocking(ctx context.Context, viewer, other int64) (model.Blocking, error) {
	var b model.Blocking
	err := s.db.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM numeneon_block WHERE user_id = $1 AND blocked_id = $2),
		EXISTS (SELECT 1 FROM numeneon_block WHERE user_id = $2 AND blocked_id = $1),
		EXISTS (SELECT 1 FROM numeneon_mute WHERE user_id = $1 AND muted_id = $2)`, viewer, other).
		Scan(&b.Blocks, &b.BlockedBy, &b.Mutes)
	return b, mapError(err)
}
