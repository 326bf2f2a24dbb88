-- The home feed and a profile's posts pick their page from an author's
-- slice of numeneon_post_author_feed: every top-level post of the viewer
-- and their friends, sorted, the newest fifty kept. SQLite reads the row of
-- each to check the index's own condition (parent_id IS NULL AND
-- target_profile_id IS NULL) unless the index holds those columns too:
-- hundreds of rows spread over the whole table, each a page read from disk
-- when the file is not in the cache. With them the index covers the
-- choice, and only the page's fifty rows are read.

-- +goose Up
DROP INDEX IF EXISTS numeneon_post_author_feed;
CREATE INDEX numeneon_post_author_feed ON posts_post (author_id, created_at, id, parent_id, target_profile_id)
  WHERE parent_id IS NULL AND target_profile_id IS NULL;

-- +goose Down
DROP INDEX IF EXISTS numeneon_post_author_feed;
CREATE INDEX numeneon_post_author_feed ON posts_post (author_id, created_at, id)
  WHERE parent_id IS NULL AND target_profile_id IS NULL;
