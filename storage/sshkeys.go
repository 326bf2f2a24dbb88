package storage

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/numeneon/numeneon/model"
)

const sshKeyColumns = `k.id, k.user_id, k.fingerprint, k.public_key, k.comment, k.created_at`

func scanSSHKey(r scanner) (model.SSHKey, error) {
	var (
		k  model.SSHKey
		at dbTime
	)
	err := r.Scan(&k.ID, &k.UserID, &k.Fingerprint, &k.PublicKey, &k.Comment, &at)
	k.CreatedAt = at.t
	k.Type, _, _ = strings.Cut(k.PublicKey, " ") // the first field of the line
	return k, err
}

// AddSSHKey stores a key unless userID has max keys or anyone has it.
func (s *DB) AddSSHKey(ctx context.Context, userID int64, k model.SSHKey, max int) (model.SSHKey, error) {
	k.ID, k.UserID = 0, userID
	err := s.write(ctx, func(t *tx) error {
		// One add at a time per account, so that two cannot both pass the
		// count (SQLite's transactions are one at a time already).
		if err := t.lockKey(ctx, "numeneon_ssh_key:"+strconv.FormatInt(userID, 10)); err != nil {
			return err
		}
		var n int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM numeneon_ssh_key WHERE user_id = $1`, userID).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return model.Invalid("key", "An account can have at most %d keys; remove one first.", max)
		}
		k.CreatedAt = t.now
		err := t.QueryRowContext(ctx, `INSERT INTO numeneon_ssh_key (user_id, fingerprint, public_key, comment, created_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (fingerprint) DO NOTHING RETURNING id`,
			userID, k.Fingerprint, k.PublicKey, k.Comment, t.ts()).Scan(&k.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return model.Errorf(model.ECONFLICT, "That key is already registered.")
		}
		return err
	})
	if err != nil {
		return model.SSHKey{}, err
	}
	return k, nil
}

// SSHKeys lists a user's keys, oldest first.
func (s *DB) SSHKeys(ctx context.Context, userID int64) ([]model.SSHKey, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sshKeyColumns+` FROM numeneon_ssh_key k
		WHERE k.user_id = $1 ORDER BY k.created_at, k.id`, userID)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanSSHKey)
}

// DeleteSSHKey removes one of a user's keys.
func (s *DB) DeleteSSHKey(ctx context.Context, userID int64, fingerprint string) error {
	return s.write(ctx, func(t *tx) error {
		return expectOne(t.ExecContext(ctx, `DELETE FROM numeneon_ssh_key WHERE user_id = $1 AND fingerprint = $2`, userID, fingerprint))
	})
}

// UserBySSHKey returns the owner of a key.
func (s *DB) UserBySSHKey(ctx context.Context, fingerprint string) (model.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM numeneon_ssh_key k
		JOIN auth_user u ON u.id = k.user_id WHERE k.fingerprint = $1`, fingerprint))
	if errors.Is(err, sql.ErrNoRows) {
		return model.User{}, notFound("Key")
	}
	return u, mapError(err)
}
