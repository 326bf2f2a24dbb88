package storage

import (
	"context"
	"fmt"

	"github.com/numeneon/numeneon/model"
)

// statCounts are the queries behind Stats, one per figure.
var statCounts = []struct {
	what  string
	query string
	field func(*model.Stats) *int64
}{
	{"users", `SELECT COUNT(*) FROM auth_user`, func(s *model.Stats) *int64 { return &s.Users }},
	{"posts", `SELECT COUNT(*) FROM posts_post WHERE parent_id IS NULL`, func(s *model.Stats) *int64 { return &s.Posts }},
	{"replies", `SELECT COUNT(*) FROM posts_post WHERE parent_id IS NOT NULL`, func(s *model.Stats) *int64 { return &s.Replies }},
	{"likes", `SELECT COUNT(*) FROM posts_like`, func(s *model.Stats) *int64 { return &s.Likes }},
	// A friendship is two rows, one each way.
	{"friendships", `SELECT COUNT(*) / 2 FROM friends_friendship`, func(s *model.Stats) *int64 { return &s.Friendships }},
	{"requests", `SELECT COUNT(*) FROM friends_friendrequest`, func(s *model.Stats) *int64 { return &s.Requests }},
	{"messages", `SELECT COUNT(*) FROM messages_app_message`, func(s *model.Stats) *int64 { return &s.Messages }},
}

// Stats counts the rows of the shared tables and picks sample usernames
// (the first ones by id).
func (s *DB) Stats(ctx context.Context, sample int) (model.Stats, error) {
	var st model.Stats
	for _, c := range statCounts {
		if err := s.db.QueryRowContext(ctx, c.query).Scan(c.field(&st)); err != nil {
			return st, fmt.Errorf("count %s: %w", c.what, mapError(err))
		}
	}
	if sample <= 0 {
		return st, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT username FROM auth_user ORDER BY id LIMIT $1`, sample)
	if err != nil {
		return st, fmt.Errorf("sample users: %w", mapError(err))
	}
	st.Sample, err = collect(rows, func(r scanner) (string, error) {
		var u string
		return u, r.Scan(&u)
	})
	return st, err
}

// Tables lists the tables of the database's current schema, by name.
func (s *DB) Tables(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if s.d.name == "postgres" {
		q = `SELECT table_name FROM information_schema.tables
		     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", mapError(err))
	}
	return collect(rows, func(r scanner) (string, error) {
		var n string
		return n, r.Scan(&n)
	})
}
