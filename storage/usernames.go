package storage

import (
	"context"
	"strings"

	"github.com/numeneon/numeneon/model"
)

// The look-alike keys of usernames live in numeneon_username, one row per
// account, filled from the backlog numeneon_username_todo that triggers on
// auth_user keep (migrations/*/00011_username_keys.sql): whoever made or
// renamed the account, numeneon computes its keys before the next sign-up
// compares a name with them.

// usernameBatch is how many queued accounts one transaction covers: a
// backlog of a million (a web app's users, at the first migration) goes
// in short transactions that never hold the database for long.
const usernameBatch = 1000

// CatchUpUsernames computes the keys of every queued account, in short
// transactions; Migrate calls it, so that a migrated database has its
// backlog done, and every sign-up calls it before its own transaction.
func (s *DB) CatchUpUsernames(ctx context.Context) error {
	var after int64
	for batches := 0; ; batches++ {
		var n int
		if err := s.write(ctx, func(t *tx) (err error) {
			n, after, err = catchUpUsernames(ctx, t, after, usernameBatch)
			return err
		}); err != nil {
			return err
		}
		if n < usernameBatch {
			if batches > 0 && s.d.name == "postgres" {
				// A backlog leaves the queue's index full of dead rows
				// that every sign-up would walk until autovacuum came, and
				// the keys' table without statistics.
				_, err := s.db.ExecContext(ctx, `VACUUM ANALYZE numeneon_username_todo, numeneon_username`)
				return err
			}
			return nil
		}
	}
}

// catchUpUsernames covers up to limit queued accounts above the id
// after in t, in the order of their ids, and returns how many it looked
// at and the last one's id. Each batch starts where the last ended: the
// queue's head is full of rows just deleted, which Postgres would walk
// again and again until it vacuums.
func catchUpUsernames(ctx context.Context, t *tx, after int64, limit int) (int, int64, error) {
	rows, err := t.QueryContext(ctx, `SELECT q.user_id, (SELECT u.username FROM auth_user u WHERE u.id = q.user_id)
		FROM numeneon_username_todo q WHERE q.user_id > $1 ORDER BY q.user_id LIMIT $2`, after, limit)
	if err != nil {
		return 0, after, err
	}
	type queued struct {
		id   int64
		name *string // nil: the account is gone
	}
	todo, err := collect(rows, func(r scanner) (queued, error) {
		var q queued
		return q, r.Scan(&q.id, &q.name)
	})
	if err != nil || len(todo) == 0 {
		return 0, after, err
	}
	var live []queued // a gone account's keys went with it (trigger)
	ids := make([]any, len(todo))
	for i, q := range todo {
		ids[i] = q.id
		if q.name != nil {
			live = append(live, q)
		}
	}
	step := bulkRows(t.d)
	for from := 0; from < len(live); from += step {
		part := live[from:min(from+step, len(live))]
		var (
			a    args
			rows []string
		)
		for _, q := range part {
			sk, fo := model.UsernameKeys(*q.name)
			rows = append(rows, "("+a.add(q.id)+", "+a.add(*q.name)+", "+a.add(sk)+", "+a.add(fo)+")")
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO numeneon_username (user_id, username, skeleton, folded)
			VALUES `+strings.Join(rows, ", ")+`
			ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, skeleton = excluded.skeleton, folded = excluded.folded`,
			a...); err != nil {
			return 0, after, err
		}
	}
	for from := 0; from < len(ids); from += step {
		part := ids[from:min(from+step, len(ids))]
		// An account renamed since it was read stays queued: on Postgres
		// this statement sees the rename's commit even though the SELECT
		// above did not, and the rename's trigger found the row queued
		// already.
		if _, err := t.ExecContext(ctx, `DELETE FROM numeneon_username_todo
			WHERE user_id IN (`+placeholders(1, len(part))+`)
			  AND NOT EXISTS (SELECT 1 FROM auth_user u WHERE u.id = numeneon_username_todo.user_id
				AND NOT EXISTS (SELECT 1 FROM numeneon_username n WHERE n.user_id = u.id AND n.username = u.username))`,
			part...); err != nil {
			return 0, after, err
		}
	}
	return len(todo), todo[len(todo)-1].id, nil
}

// claimUsername refuses a new account's name when another account's looks
// like it, and else records the new account's keys; t has inserted the
// account (id) already. The keys are locked first, so that of two
// look-alikes signing up at once on Postgres one waits and is refused.
func claimUsername(ctx context.Context, t *tx, id int64, username string) error {
	sk, fo := model.UsernameKeys(username)
	for _, k := range []string{"numeneon.skeleton:" + sk, "numeneon.folded:" + fo} {
		if err := t.lockKey(ctx, k); err != nil {
			return err
		}
	}
	if err := catchUpAll(ctx, t); err != nil {
		return err
	}
	// Joined with auth_user: keys left by an account deleted while they
	// were being made block nothing.
	var n int
	if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM numeneon_username n JOIN auth_user u ON u.id = n.user_id
		WHERE (n.skeleton = $1 OR n.folded = $2) AND n.user_id <> $3`, sk, fo, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &model.Error{Code: model.ECONFLICT, Field: "username",
			Message: "That username looks too much like an existing one (letters that look alike, or only another case); choose another."}
	}
	_, err := t.ExecContext(ctx, `INSERT INTO numeneon_username (user_id, username, skeleton, folded) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, skeleton = excluded.skeleton, folded = excluded.folded`,
		id, username, sk, fo)
	if err == nil {
		_, err = t.ExecContext(ctx, `DELETE FROM numeneon_username_todo WHERE user_id = $1`, id)
	}
	return err
}

// catchUpAll covers every queued account in t.
func catchUpAll(ctx context.Context, t *tx) error {
	var after int64
	for {
		n, last, err := catchUpUsernames(ctx, t, after, usernameBatch)
		if err != nil || n < usernameBatch {
			return err
		}
		after = last
	}
}

// emailIsUsername refuses an e-mail address that is, or looks like,
// another account's username: logging in with it would be ambiguous.
// t has inserted the account (id) and caught up with the backlog.
func emailIsUsername(ctx context.Context, t *tx, id int64, email string) error {
	_, fo := model.UsernameKeys(email)
	var n int
	if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM numeneon_username n JOIN auth_user u ON u.id = n.user_id
		WHERE n.folded = $1 AND n.user_id <> $2`, fo, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &model.Error{Code: model.ECONFLICT, Field: "email", Message: "That email is another account's username."}
	}
	return nil
}
