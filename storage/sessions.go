package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/numeneon/numeneon/model"
)

// CreateSession records a sign-in by the hash of its token.
func (s *DB) CreateSession(ctx context.Context, userID int64, tokenHash string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO numeneon_session (user_id, token_hash, created_at, last_used_at)
			VALUES ($1, $2, $3, $3)`, userID, tokenHash, t.ts())
		return err
	})
}

// SessionUser returns the user of a session and notes its use.
func (s *DB) SessionUser(ctx context.Context, tokenHash string) (model.User, error) {
	var u model.User
	err := s.write(ctx, func(t *tx) error {
		var err error
		u, err = scanUser(t.QueryRowContext(ctx, `SELECT `+userColumns+` FROM numeneon_session x
			JOIN auth_user u ON u.id = x.user_id WHERE x.token_hash = $1`, tokenHash))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Session")
		}
		if err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `UPDATE numeneon_session SET last_used_at = $1 WHERE token_hash = $2`, t.ts(), tokenHash)
		return err
	})
	return u, err
}

// DeleteSession forgets a session.
func (s *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `DELETE FROM numeneon_session WHERE token_hash = $1`, tokenHash)
		return err
	})
}
