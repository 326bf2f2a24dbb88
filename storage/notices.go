package storage

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/numeneon/numeneon/model"
)

// noticeKinds is the SQL list of the event kinds the notifications list
// holds, written exactly as in the partial index numeneon_event_notice
// (migration 00006), so that the planners use it.
var noticeKinds = sqlList(model.NoticeKinds)

// sqlList is event kinds as an SQL list: ('a', 'b').
func sqlList(kinds []model.EventKind) string {
	quoted := make([]string, len(kinds))
	for i, k := range kinds {
		quoted[i] = "'" + string(k) + "'"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// noticeOf is the condition "event e is a notification of user $1": one of
// the kinds, not something the user did themselves, and not from someone
// they mute or block or who blocks them (hiddenEvent).
var noticeOf = noticeOfUser("$1")

// noticeOfUser is noticeOf for the user whose id is the SQL expression u.
func noticeOfUser(u string) string {
	return `e.user_id = ` + u + ` AND COALESCE(e.actor_id, 0) <> ` + u + ` AND NOT ` + hiddenEvent + ` AND e.kind IN ` + noticeKinds
}

// unseenOf is the condition "event e is a notification of user u (an SQL
// expression) above their seen mark".
func unseenOf(u string) string {
	return noticeOfUser(u) + ` AND e.id > COALESCE((SELECT event_id FROM numeneon_notice_seen WHERE user_id = ` + u + `), 0)`
}

// Notifications lists a user's notifications, newest first.
func (s *DB) Notifications(ctx context.Context, userID, before int64, limit int, kinds ...model.EventKind) ([]model.Notification, error) {
	only := ""
	if len(kinds) > 0 {
		// Only known kinds reach the SQL, as constants.
		var known []model.EventKind
		for _, k := range kinds {
			if slices.Contains(model.NoticeKinds, k) {
				known = append(known, k)
			}
		}
		if len(known) == 0 {
			return nil, nil
		}
		only = " AND e.kind IN " + sqlList(known)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.user_id, e.kind, e.actor_id, e.post_id, e.message_id, e.request_id, e.created_at,
			u.id, u.username, u.first_name, u.last_name, p.content, p.id, p.parent_id,
			e.id <= COALESCE((SELECT event_id FROM numeneon_notice_seen WHERE user_id = $1), 0),
			EXISTS (SELECT 1 FROM numeneon_notice_read r WHERE r.user_id = $1 AND r.event_id = e.id)
		FROM numeneon_event e
		LEFT JOIN auth_user u ON u.id = e.actor_id
		LEFT JOIN posts_post p ON p.id = e.post_id
		WHERE `+noticeOf+only+` AND ($2 = 0 OR e.id < $2)
		ORDER BY e.id DESC LIMIT $3`, userID, before, limit)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, func(r scanner) (model.Notification, error) {
		var (
			n              model.Notification
			actor          optionalUser
			content        sql.NullString
			post, parent   sql.NullInt64
			kind           string
			actorID, pid   sql.NullInt64
			message, reqID sql.NullInt64
			at             dbTime
		)
		dest := []any{&n.ID, &n.UserID, &kind, &actorID, &pid, &message, &reqID, &at}
		dest = append(dest, actor.dest()...)
		dest = append(dest, &content, &post, &parent, &n.Seen, &n.Read)
		if err := r.Scan(dest...); err != nil {
			return n, err
		}
		n.Kind, n.At = model.EventKind(kind), at.t
		n.ActorID, n.PostID, n.MessageID, n.RequestID = actorID.Int64, pid.Int64, message.Int64, reqID.Int64
		if a := actor.summary(); a != nil {
			n.Actor = *a
		}
		n.Excerpt = content.String
		switch {
		case parent.Valid:
			n.ThreadID = parent.Int64
		case post.Valid:
			n.ThreadID = post.Int64
		}
		return n, nil
	})
}

// UnseenNotifications counts the notifications above the seen mark.
func (s *DB) UnseenNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM numeneon_event e WHERE `+unseenOf("$1"), userID).Scan(&n)
	return n, mapError(err)
}

// moveSeen moves user $1's seen mark up to event $2, never down.
const moveSeen = `INSERT INTO numeneon_notice_seen (user_id, event_id) VALUES ($1, $2)
	ON CONFLICT (user_id) DO UPDATE SET event_id = CASE
		WHEN excluded.event_id > numeneon_notice_seen.event_id THEN excluded.event_id
		ELSE numeneon_notice_seen.event_id END`

// MarkNotificationsSeen moves the seen mark up, never down.
func (s *DB) MarkNotificationsSeen(ctx context.Context, userID, eventID int64) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, moveSeen, userID, eventID)
		return err
	})
}

// MarkNotificationRead records an opened notification of the user's.
func (s *DB) MarkNotificationRead(ctx context.Context, userID, eventID int64) error {
	return s.write(ctx, func(t *tx) error {
		var id int64
		err := t.QueryRowContext(ctx, `SELECT id FROM numeneon_event WHERE id = $1 AND user_id = $2`, eventID, userID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Notification")
		}
		if err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `INSERT INTO numeneon_notice_read (user_id, event_id) VALUES ($1, $2)
			ON CONFLICT (user_id, event_id) DO NOTHING`, userID, eventID)
		return err
	})
}

// MarkAllNotificationsRead marks a user's notifications up to eventID (0:
// all) read, and moves the seen mark up to the newest of them.
func (s *DB) MarkAllNotificationsRead(ctx context.Context, userID, eventID int64) (int, error) {
	var n int
	err := s.write(ctx, func(t *tx) error {
		upTo := `($2 = 0 OR e.id <= $2)`
		res, err := t.ExecContext(ctx, `INSERT INTO numeneon_notice_read (user_id, event_id)
			SELECT $1, e.id FROM numeneon_event e
			WHERE `+noticeOf+` AND `+upTo+`
			  AND NOT EXISTS (SELECT 1 FROM numeneon_notice_read r WHERE r.user_id = $1 AND r.event_id = e.id)
			ON CONFLICT (user_id, event_id) DO NOTHING`, userID, eventID)
		if err != nil {
			return err
		}
		changed, err := res.RowsAffected()
		if err != nil {
			return err
		}
		n = int(changed)
		var newest sql.NullInt64
		if err := t.QueryRowContext(ctx, `SELECT MAX(e.id) FROM numeneon_event e WHERE `+noticeOf+` AND `+upTo,
			userID, eventID).Scan(&newest); err != nil {
			return err
		}
		if !newest.Valid {
			return nil
		}
		_, err = t.ExecContext(ctx, moveSeen, userID, newest.Int64)
		return err
	})
	return n, err
}
