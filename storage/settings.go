package storage

import (
	"context"

	"github.com/numeneon/numeneon/model"
)

// Settings returns the settings a user chose, by name.
func (s *DB) Settings(ctx context.Context, userID int64) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, value FROM numeneon_setting WHERE user_id = $1`, userID)
	if err != nil {
		return nil, mapError(err)
	}
	type pair struct{ name, value string }
	list, err := collect(rows, func(r scanner) (pair, error) {
		var p pair
		return p, r.Scan(&p.name, &p.value)
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(list))
	for _, p := range list {
		out[p.name] = p.value
	}
	return out, nil
}

// SetSetting makes or replaces a user's setting.
func (s *DB) SetSetting(ctx context.Context, userID int64, name, value string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO numeneon_setting (user_id, name, value, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			userID, name, value, t.ts())
		return err
	})
}

var _ model.SettingStore = (*DB)(nil)
