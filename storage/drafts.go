package storage

import (
	"context"
	"strconv"

	"github.com/numeneon/numeneon/model"
)

// SaveDraft makes or replaces a user's draft under key.
func (s *DB) SaveDraft(ctx context.Context, userID int64, key string, d model.Draft, max int) error {
	return s.write(ctx, func(t *tx) error {
		// One save at a time per account, so that two cannot both pass the
		// count (SQLite's transactions are one at a time already).
		if err := t.lockKey(ctx, "numeneon_draft:"+strconv.FormatInt(userID, 10)); err != nil {
			return err
		}
		var exists, n int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN draft_key = $2 THEN 1 END)
			FROM numeneon_draft WHERE user_id = $1`, userID, key).Scan(&n, &exists); err != nil {
			return err
		}
		if exists == 0 && n >= max {
			return model.Invalid("key", "You have %d drafts already; send or clear some first.", n)
		}
		_, err := t.ExecContext(ctx, `INSERT INTO numeneon_draft (user_id, draft_key, post_type, content, media_url, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (user_id, draft_key) DO UPDATE SET post_type = excluded.post_type, content = excluded.content,
				media_url = excluded.media_url, updated_at = excluded.updated_at`,
			userID, key, string(d.Type), d.Content, d.MediaURL, t.ts())
		return err
	})
}

// Drafts returns a user's drafts by key.
func (s *DB) Drafts(ctx context.Context, userID int64) (map[string]model.Draft, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT draft_key, post_type, content, media_url FROM numeneon_draft
		WHERE user_id = $1`, userID)
	if err != nil {
		return nil, mapError(err)
	}
	type keyed struct {
		key string
		d   model.Draft
	}
	list, err := collect(rows, func(r scanner) (keyed, error) {
		var (
			k  keyed
			pt string
		)
		err := r.Scan(&k.key, &pt, &k.d.Content, &k.d.MediaURL)
		k.d.Type = model.PostType(pt)
		return k, err
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]model.Draft, len(list))
	for _, k := range list {
		out[k.key] = k.d
	}
	return out, nil
}

// DeleteDraft forgets a user's draft under key.
func (s *DB) DeleteDraft(ctx context.Context, userID int64, key string) error {
	return s.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `DELETE FROM numeneon_draft WHERE user_id = $1 AND draft_key = $2`, userID, key)
		return err
	})
}
