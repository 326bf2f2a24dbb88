package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/numeneon/numeneon/model"
)

// friendState reads how a stands with b; q is the transaction or the pool.
func friendState(ctx context.Context, q queryRower, a, b int64) (model.FriendState, error) {
	if a == b {
		return model.FriendSelf, nil
	}
	var friends, outgoing, incoming bool
	err := q.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM friends_friendship WHERE user_id = $1 AND friend_id = $2),
		EXISTS (SELECT 1 FROM friends_friendrequest WHERE from_user_id = $1 AND to_user_id = $2),
		EXISTS (SELECT 1 FROM friends_friendrequest WHERE from_user_id = $2 AND to_user_id = $1)`, a, b).
		Scan(&friends, &outgoing, &incoming)
	switch {
	case err != nil:
		return model.FriendNone, err
	case friends:
		return model.FriendFriends, nil
	case outgoing:
		return model.FriendOutgoing, nil
	case incoming:
		return model.FriendIncoming, nil
	}
	return model.FriendNone, nil
}

// FriendState tells how viewer stands with other.
func (s *DB) FriendState(ctx context.Context, viewer, other int64) (model.FriendState, error) {
	st, err := friendState(ctx, s.db, viewer, other)
	return st, mapError(err)
}

// SendFriendRequest asks, or accepts the other's request, serialized with
// every other transaction about the same pair, so that two people asking
// each other at once end up friends exactly once.
func (s *DB) SendFriendRequest(ctx context.Context, from, to int64) (model.SendResult, error) {
	var result model.SendResult
	err := s.write(ctx, func(t *tx) error {
		if err := t.lockPair(ctx, from, to); err != nil {
			return err
		}
		st, err := friendState(ctx, t, from, to)
		if err != nil {
			return err
		}
		switch st {
		case model.FriendFriends:
			return model.Errorf(model.ECONFLICT, "You are friends already.")
		case model.FriendOutgoing:
			return model.Errorf(model.ECONFLICT, "You have asked already; the request is pending.")
		case model.FriendIncoming:
			result = model.RequestAccepted
			return befriend(ctx, t, from, to, from)
		}
		result = model.RequestSent
		_, err = t.ExecContext(ctx, `INSERT INTO friends_friendrequest (created_at, from_user_id, to_user_id)
			VALUES ($1, $2, $3)`, t.ts(), from, to)
		return err
	})
	return result, err
}

// befriend makes the two friendship rows and then removes any request
// between the two, in the caller's transaction. The order is Django's, and
// the event triggers rely on it: a request deleted between friends was
// accepted, not declined. The triggers name the other as the actor of each
// one's friend.accepted event; the acceptor's own is theirs (they did it):
// no toast or notification tells a person what they just did.
func befriend(ctx context.Context, t *tx, a, b, acceptor int64) error {
	var mark int64
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM numeneon_event`).Scan(&mark); err != nil {
		return err
	}
	for _, pair := range [][2]int64{{a, b}, {b, a}} {
		if _, err := t.ExecContext(ctx, `INSERT INTO friends_friendship (created_at, user_id, friend_id)
			VALUES ($1, $2, $3) ON CONFLICT (user_id, friend_id) DO NOTHING`, t.ts(), pair[0], pair[1]); err != nil {
			return err
		}
	}
	other := a + b - acceptor
	if _, err := t.ExecContext(ctx, `UPDATE numeneon_event SET actor_id = $1
		WHERE id > $2 AND user_id = $1 AND actor_id = $3 AND kind = $4`, acceptor, mark, other, model.EventFriendAccepted); err != nil {
		return err
	}
	_, err := t.ExecContext(ctx, `DELETE FROM friends_friendrequest
		WHERE (from_user_id = $1 AND to_user_id = $2) OR (from_user_id = $2 AND to_user_id = $1)`, a, b)
	return err
}

const requestSelect = `SELECT r.id, r.created_at,
	f.id, f.username, f.first_name, f.last_name,
	t.id, t.username, t.first_name, t.last_name
FROM friends_friendrequest r
JOIN auth_user f ON f.id = r.from_user_id
JOIN auth_user t ON t.id = r.to_user_id `

func scanRequest(row scanner) (model.FriendRequest, error) {
	var (
		r       model.FriendRequest
		created dbTime
	)
	err := row.Scan(&r.ID, &created, &r.From.ID, &r.From.Username, &r.From.FirstName, &r.From.LastName,
		&r.To.ID, &r.To.Username, &r.To.FirstName, &r.To.LastName)
	r.CreatedAt = created.t
	return r, err
}

// FriendRequest returns a pending request.
func (s *DB) FriendRequest(ctx context.Context, id int64) (model.FriendRequest, error) {
	r, err := scanRequest(s.db.QueryRowContext(ctx, requestSelect+`WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("Friend request")
	}
	return r, mapError(err)
}

// AcceptFriendRequest turns a request into a friendship.
func (s *DB) AcceptFriendRequest(ctx context.Context, id int64) error {
	return s.answerRequest(ctx, 0, id, true)
}

// DeleteFriendRequest removes a request; actor is who removes it (the
// receiver declines, the sender cancels).
func (s *DB) DeleteFriendRequest(ctx context.Context, actor, id int64) error {
	return s.answerRequest(ctx, actor, id, false)
}

func (s *DB) answerRequest(ctx context.Context, actor, id int64, accept bool) error {
	return s.write(ctx, func(t *tx) error {
		var from, to int64
		err := t.QueryRowContext(ctx, `SELECT from_user_id, to_user_id FROM friends_friendrequest WHERE id = $1`, id).Scan(&from, &to)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Friend request")
		} else if err != nil {
			return err
		}
		if err := t.lockPair(ctx, from, to); err != nil {
			return err
		}
		// Under the lock: another transaction may have answered it meanwhile.
		var n int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM friends_friendrequest WHERE id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("Friend request")
		}
		if accept {
			return befriend(ctx, t, from, to, to)
		}
		return t.actAs(ctx, actor, func() error {
			_, err := t.ExecContext(ctx, `DELETE FROM friends_friendrequest WHERE id = $1`, id)
			return err
		})
	})
}

// Unfriend removes both friendship rows.
func (s *DB) Unfriend(ctx context.Context, a, b int64) error {
	return s.write(ctx, func(t *tx) error {
		if err := t.lockPair(ctx, a, b); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `DELETE FROM friends_friendship
			WHERE (user_id = $1 AND friend_id = $2) OR (user_id = $2 AND friend_id = $1)`, a, b)
		if n, err := affected(res, err); err != nil {
			return err
		} else if n == 0 {
			return model.Errorf(model.ENOTFOUND, "You are not friends.")
		}
		return nil
	})
}

// Friends lists a user's friends, newest first.
func (s *DB) Friends(ctx context.Context, userID int64) ([]model.Friend, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+`, f.created_at FROM friends_friendship f
		JOIN auth_user u ON u.id = f.friend_id WHERE f.user_id = $1
		ORDER BY f.created_at DESC, f.id DESC`, userID)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, func(r scanner) (model.Friend, error) {
		var (
			f     model.Friend
			since dbTime
		)
		err := r.Scan(&f.User.ID, &f.User.Username, &f.User.FirstName, &f.User.LastName, &since)
		f.Since = since.t
		return f, err
	})
}

// FriendRequests lists pending requests to or from a user, newest first,
// but for those across a block (which the web app may have let through).
func (s *DB) FriendRequests(ctx context.Context, userID int64, incoming bool) ([]model.FriendRequest, error) {
	where := `WHERE r.from_user_id = $1 AND r.to_user_id NOT IN (` + blockedWith("$1") + `)`
	if incoming {
		where = `WHERE ` + requestTo("$1")
	}
	rows, err := s.db.QueryContext(ctx, requestSelect+where+` ORDER BY r.created_at DESC, r.id DESC`, userID)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanRequest)
}

// strangers is true for users u who are not $1, not $1's friends, in no
// pending request with $1, and not hidden from $1.
var strangers = ` u.id <> $1 AND u.is_active AND u.id NOT IN (` + hiddenFrom("$1") + `)
	AND NOT EXISTS (SELECT 1 FROM friends_friendship x WHERE x.user_id = $1 AND x.friend_id = u.id)
	AND NOT EXISTS (SELECT 1 FROM friends_friendrequest x
		WHERE (x.from_user_id = $1 AND x.to_user_id = u.id) OR (x.from_user_id = u.id AND x.to_user_id = $1))`

// FriendSuggestions lists friends of friends by mutual friends, then the
// newest other users.
func (s *DB) FriendSuggestions(ctx context.Context, userID int64, limit int) ([]model.UserSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM (
			SELECT f2.friend_id AS id, COUNT(*) AS mutual
			FROM friends_friendship f1 JOIN friends_friendship f2 ON f2.user_id = f1.friend_id
			WHERE f1.user_id = $1 GROUP BY f2.friend_id
		) m JOIN auth_user u ON u.id = m.id
		WHERE`+strangers+`
		ORDER BY m.mutual DESC, u.id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, mapError(err)
	}
	out, err := collect(rows, scanSummary)
	if err != nil || len(out) >= limit {
		return out, err
	}
	seen := make(map[int64]bool, len(out))
	for _, u := range out {
		seen[u.ID] = true
	}
	rows, err = s.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM auth_user u WHERE`+strangers+`
		ORDER BY u.date_joined DESC, u.id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, mapError(err)
	}
	more, err := collect(rows, scanSummary)
	for _, u := range more {
		if !seen[u.ID] && len(out) < limit {
			out = append(out, u)
		}
	}
	return out, err
}
