package storage

import (
	"context"

	"github.com/numeneon/numeneon/model"
)

// messageColumns are a message's columns (m) with its last edit (e),
// from messageFrom.
const messageColumns = `m.id, m.sender_id, m.receiver_id, m.content, m.is_read, m.created_at, e.edited_at`

// messageFrom is the messages table with the record of their edits.
const messageFrom = `messages_app_message m LEFT JOIN numeneon_message_edit e ON e.message_id = m.id`

func scanMessage(row scanner) (model.Message, error) {
	var m model.Message
	return m, scanMessageInto(row, &m)
}

// scanMessageInto scans messageColumns, after any columns in before.
func scanMessageInto(row scanner, m *model.Message, before ...any) error {
	var created, edited dbTime
	err := row.Scan(append(before, &m.ID, &m.SenderID, &m.ReceiverID, &m.Content, &m.IsRead, &created, &edited)...)
	m.CreatedAt, m.EditedAt = created.t, edited.t
	return err
}

// SendMessage stores an unread message.
func (s *DB) SendMessage(ctx context.Context, from, to int64, content string) (model.Message, error) {
	m := model.Message{SenderID: from, ReceiverID: to, Content: content}
	err := s.write(ctx, func(t *tx) error {
		m.CreatedAt = t.now
		return t.QueryRowContext(ctx, `INSERT INTO messages_app_message
			(content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
			VALUES ($1, $2, $3, $4, $5, NULL) RETURNING id`, content, false, t.ts(), to, from).Scan(&m.ID)
	})
	return m, err
}

// Messages lists the messages between a and b, newest first.
func (s *DB) Messages(ctx context.Context, a, b int64, page model.Page) ([]model.Message, error) {
	q := args{a, b}
	cursor := ""
	if c := page.Before; c != nil {
		cursor = " AND (m.created_at, m.id) < (" + q.add(s.d.time(c.CreatedAt)) + ", " + q.add(c.ID) + ")"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+messageColumns+` FROM `+messageFrom+`
		WHERE ((m.sender_id = $1 AND m.receiver_id = $2) OR (m.sender_id = $2 AND m.receiver_id = $1))`+cursor+`
		ORDER BY m.created_at DESC, m.id DESC LIMIT `+q.add(page.Limit), q...)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanMessage)
}

// Message returns one message.
func (s *DB) Message(ctx context.Context, id int64) (model.Message, error) {
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM `+messageFrom+` WHERE m.id = $1`, id))
	return m, mapError(err)
}

// EditMessage replaces a message's content; the trigger of migration
// 00013 records the edit and tells both people.
func (s *DB) EditMessage(ctx context.Context, id int64, content string) (model.Message, error) {
	var m model.Message
	err := s.write(ctx, func(t *tx) error {
		if err := expectOne(t.ExecContext(ctx, `UPDATE messages_app_message SET content = $1 WHERE id = $2`, content, id)); err != nil {
			return err
		}
		var err error
		m, err = scanMessage(t.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM `+messageFrom+` WHERE m.id = $1`, id))
		return err
	})
	return m, err
}

// DeleteMessage deletes a message; the trigger of migration 00013 takes
// its record of edits with it and tells both people.
func (s *DB) DeleteMessage(ctx context.Context, id int64) error {
	return s.write(ctx, func(t *tx) error {
		return expectOne(t.ExecContext(ctx, `DELETE FROM messages_app_message WHERE id = $1`, id))
	})
}

// SearchMessages finds the messages between a and b that contain q,
// whatever the case, newest first. A conversation is read through the
// sender and receiver indexes; the text is checked per message.
func (s *DB) SearchMessages(ctx context.Context, a, b int64, q string, limit int) ([]model.Message, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+messageColumns+` FROM `+messageFrom+`
		WHERE ((m.sender_id = $1 AND m.receiver_id = $2) OR (m.sender_id = $2 AND m.receiver_id = $1))
		  AND `+s.d.lowerLike("m.content", "$3")+`
		ORDER BY m.created_at DESC, m.id DESC LIMIT $4`, a, b, likePattern(q), limit)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanMessage)
}

// Conversations lists a user's conversations with the last message and the
// unread count of each, in one query. While either of two people blocks
// the other, they have no conversation.
func (s *DB) Conversations(ctx context.Context, userID int64) ([]model.Conversation, error) {
	rows, err := s.db.QueryContext(ctx, `WITH mine AS (
			SELECT receiver_id AS other, id, 0 AS unread FROM messages_app_message WHERE sender_id = $1
			UNION ALL
			SELECT sender_id, id, CASE WHEN is_read THEN 0 ELSE 1 END FROM messages_app_message WHERE receiver_id = $1
		), conv AS (
			SELECT other, MAX(id) AS last_id, SUM(unread) AS unread FROM mine
			WHERE other NOT IN (`+blockedWith("$1")+`) GROUP BY other
		)
		SELECT `+summaryColumns+`, c.unread, `+messageColumns+`
		FROM conv c
		JOIN messages_app_message m ON m.id = c.last_id
		LEFT JOIN numeneon_message_edit e ON e.message_id = m.id
		JOIN auth_user u ON u.id = c.other
		ORDER BY m.created_at DESC, m.id DESC`, userID)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, func(r scanner) (model.Conversation, error) {
		var c model.Conversation
		err := scanMessageInto(r, &c.LastMessage, &c.With.ID, &c.With.Username, &c.With.FirstName, &c.With.LastName, &c.Unread)
		return c, err
	})
}

// MarkRead marks other's messages to reader read.
func (s *DB) MarkRead(ctx context.Context, reader, other int64) (int, error) {
	var n int64
	err := s.write(ctx, func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE messages_app_message SET is_read = $1
			WHERE receiver_id = $2 AND sender_id = $3 AND NOT is_read`, true, reader, other)
		n, err = affected(res, err)
		return err
	})
	return int(n), err
}

// UnreadCount counts a user's unread messages, but for those across a
// block (which the web app may have let through).
func (s *DB) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages_app_message m WHERE `+unreadOf("$1"), userID).Scan(&n)
	return n, mapError(err)
}
