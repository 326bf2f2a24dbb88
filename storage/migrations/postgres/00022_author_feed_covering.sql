-- On SQLite this migration makes numeneon_post_author_feed cover the
-- condition of its own WHERE (see migrations/sqlite). PostgreSQL needs no
-- such columns: an index-only scan knows that every entry of a partial
-- index meets its condition. The number stays the same on both databases.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
