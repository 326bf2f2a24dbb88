-- Post search's second step (storage/posts.go, SearchPosts) walks the
-- top-level posts, wall posts included, newest first from the cursor,
-- until the time its first step found.

-- +goose Up
CREATE INDEX IF NOT EXISTS numeneon_post_search_time ON posts_post (created_at, id) WHERE parent_id IS NULL;

-- +goose Down
DROP INDEX IF EXISTS numeneon_post_search_time;
