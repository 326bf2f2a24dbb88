package storage

import "context"

// SetActive opens or closes an account (auth_user.is_active, which the
// web app honours too). Closing one records an account.closed event for
// it (a trigger, so that a close by the web app's admin does too), which
// ends its open sessions wherever they run.
func (s *DB) SetActive(ctx context.Context, userID int64, active bool) (changed bool, err error) {
	err = s.write(ctx, func(t *tx) error {
		var n int64
		n, err = affected(t.ExecContext(ctx, `UPDATE auth_user SET is_active = $1 WHERE id = $2 AND is_active <> $1`, active, userID))
		changed = n > 0
		return err
	})
	return changed, err
}
