package storage

import (
	"context"

	"github.com/numeneon/numeneon/model"
)

// SetShare adds or removes a share and moves shares_count with it.
func (s *DB) SetShare(ctx context.Context, userID, postID int64, share bool) (bool, error) {
	var changed bool
	err := s.write(ctx, func(t *tx) (err error) {
		if err := lockPost(ctx, t, postID); err != nil {
			return err
		}
		if share {
			changed, err = addShare(ctx, t, userID, postID)
		} else {
			changed, err = removeShare(ctx, t, userID, postID)
		}
		return err
	})
	return changed, err
}

// ToggleShare flips a share.
func (s *DB) ToggleShare(ctx context.Context, userID, postID int64) (bool, error) {
	var shared bool
	err := s.write(ctx, func(t *tx) error {
		if err := lockPost(ctx, t, postID); err != nil {
			return err
		}
		removed, err := removeShare(ctx, t, userID, postID)
		if err != nil || removed {
			return err
		}
		shared, err = addShare(ctx, t, userID, postID)
		return err
	})
	return shared, err
}

// addShare inserts a share row and, only when one was inserted, raises
// the count in the same transaction, so the count always equals the rows
// (the triggers of migration 00014 lower it when the web app deletes a
// sharer).
func addShare(ctx context.Context, t *tx, userID, postID int64) (bool, error) {
	res, err := t.ExecContext(ctx, `INSERT INTO numeneon_share (user_id, post_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, post_id) DO NOTHING`, userID, postID, t.ts())
	if n, err := affected(res, err); err != nil || n == 0 {
		return false, err
	}
	_, err = t.ExecContext(ctx, `UPDATE posts_post SET shares_count = shares_count + 1, updated_at = $1 WHERE id = $2`, t.ts(), postID)
	return err == nil, err
}

// removeShare deletes a share row and, only when one was deleted, lowers
// the count.
func removeShare(ctx context.Context, t *tx, userID, postID int64) (bool, error) {
	res, err := t.ExecContext(ctx, `DELETE FROM numeneon_share WHERE user_id = $1 AND post_id = $2`, userID, postID)
	if n, err := affected(res, err); err != nil || n == 0 {
		return false, err
	}
	_, err = t.ExecContext(ctx, `UPDATE posts_post SET shares_count = shares_count - 1, updated_at = $1
		WHERE id = $2 AND shares_count > 0`, t.ts(), postID)
	return err == nil, err
}

// homeFeed is the viewer's home feed: the top-level posts of the viewer
// and their friends, and those the viewer and their friends shared. Each
// post stands once, at its newest share by one of them, else when it was
// written, so a page of the feed is the merge of two newest-first pages
// cut at the same cursor: the posts written by home people that none of
// them shared (numeneon_post_author_feed, then numeneon_share_post per
// post), and the newest share of each post shared by a home person
// (numeneon_share_user_time, then numeneon_share_post per share).
func (s *DB) homeFeed(ctx context.Context, viewerID int64, page model.Page) ([]model.Post, error) {
	a := args{viewerID}
	var ownAfter, sharedAfter string
	if c := page.Before; c != nil {
		at, id := a.add(s.d.time(c.CreatedAt)), a.add(c.ID)
		ownAfter = " AND (p.created_at, p.id) < (" + at + ", " + id + ")"
		sharedAfter = " AND (s.created_at, s.post_id) < (" + at + ", " + id + ")"
	}
	limit := " LIMIT " + a.add(page.Limit)
	q := `SELECT ` + postColumns + `, su.id, su.username, su.first_name, su.last_name, f.at
FROM (
	SELECT id, at, sharer FROM (
		SELECT p.id AS id, p.created_at AS at, CAST(NULL AS integer) AS sharer FROM posts_post p
		WHERE` + topLevel + ` AND` + homeAuthors + `
			AND NOT EXISTS (SELECT 1 FROM numeneon_share s WHERE s.post_id = p.id AND` + homeOf("s.user_id") + `)` +
		ownAfter + newestFirst + limit + `) own
	UNION ALL
	SELECT id, at, sharer FROM (
		SELECT s.post_id AS id, s.created_at AS at, s.user_id AS sharer
		FROM numeneon_share s JOIN posts_post p ON p.id = s.post_id
		WHERE` + homeOf("s.user_id") + ` AND` + topLevel + notHidden + `
			AND NOT EXISTS (SELECT 1 FROM numeneon_share s2 WHERE s2.post_id = s.post_id
				AND (s2.created_at > s.created_at OR s2.created_at = s.created_at AND s2.user_id > s.user_id)
				AND` + homeOf("s2.user_id") + `)` +
		sharedAfter + ` ORDER BY s.created_at DESC, s.post_id DESC` + limit + `) shared
) f
JOIN posts_post p ON p.id = f.id` + postJoins + `LEFT JOIN auth_user su ON su.id = f.sharer
ORDER BY f.at DESC, f.id DESC` + limit
	rows, err := s.db.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, func(row scanner) (model.Post, error) {
		var (
			sharer optionalUser
			at     dbTime
		)
		p, err := scanPostWith(row, append(sharer.dest(), &at)...)
		if p.SharedBy = sharer.summary(); p.SharedBy != nil {
			p.SharedAt = at.t
		}
		return p, err
	})
}
