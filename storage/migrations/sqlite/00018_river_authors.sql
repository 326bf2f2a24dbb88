-- The River's reads, kept flat however the posts are spread over their
-- authors (storage/river.go):
--
-- numeneon_river_author holds each author's latest top-level non-wall
-- post time, the River's order, so that a page of authors is read from
-- numeneon_river_author_latest (Everyone) or by key (a viewer's friends)
-- instead of from the posts. Triggers keep it right whoever writes the
-- posts; bulk loads (the seed) skip them and add their posts in one
-- statement at the end (storage/bulk.go). Like the other per-account
-- tables it refers to auth_user without a foreign key, and a trigger
-- removes an account's row with it.
--
-- numeneon_post_author_lane reads one lane of a River row (an author's
-- newest posts of one type) as a dozen index entries, even when the
-- author has thousands of posts of the other types.

-- +goose Up
CREATE INDEX IF NOT EXISTS numeneon_post_author_lane ON posts_post (author_id, type, created_at, id)
  WHERE parent_id IS NULL AND target_profile_id IS NULL;

CREATE TABLE IF NOT EXISTS numeneon_river_author (
  author_id integer NOT NULL PRIMARY KEY,
  latest_at datetime NOT NULL
);
CREATE INDEX IF NOT EXISTS numeneon_river_author_latest ON numeneon_river_author (latest_at, author_id);
INSERT INTO numeneon_river_author (author_id, latest_at)
  SELECT author_id, MAX(created_at) FROM posts_post
  WHERE parent_id IS NULL AND target_profile_id IS NULL GROUP BY author_id
  ON CONFLICT (author_id) DO NOTHING;

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_river_added AFTER INSERT ON posts_post
WHEN NEW.parent_id IS NULL AND NEW.target_profile_id IS NULL AND NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_river_author (author_id, latest_at) VALUES (NEW.author_id, NEW.created_at)
    ON CONFLICT (author_id) DO UPDATE SET latest_at = max(latest_at, excluded.latest_at);
END;
-- +goose StatementEnd

-- A deleted post, or one whose author, time or place changed: the
-- authors' rows are read again from numeneon_post_author_feed.
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_river_gone AFTER DELETE ON posts_post
WHEN OLD.parent_id IS NULL AND OLD.target_profile_id IS NULL AND NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  DELETE FROM numeneon_river_author WHERE author_id = OLD.author_id;
  INSERT INTO numeneon_river_author (author_id, latest_at)
    SELECT author_id, created_at FROM posts_post
    WHERE author_id = OLD.author_id AND parent_id IS NULL AND target_profile_id IS NULL
    ORDER BY created_at DESC LIMIT 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_river_moved AFTER UPDATE OF author_id, created_at, parent_id, target_profile_id ON posts_post
WHEN OLD.author_id IS NOT NEW.author_id OR OLD.created_at IS NOT NEW.created_at
  OR (OLD.parent_id IS NULL) <> (NEW.parent_id IS NULL) OR (OLD.target_profile_id IS NULL) <> (NEW.target_profile_id IS NULL)
BEGIN
  DELETE FROM numeneon_river_author WHERE author_id IN (OLD.author_id, NEW.author_id);
  INSERT INTO numeneon_river_author (author_id, latest_at)
    SELECT id, latest FROM (
      SELECT a.id, (SELECT MAX(p.created_at) FROM posts_post p
        WHERE p.author_id = a.id AND p.parent_id IS NULL AND p.target_profile_id IS NULL) AS latest
      FROM (SELECT OLD.author_id AS id UNION SELECT NEW.author_id) a
    ) WHERE latest IS NOT NULL;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_user_gone_river AFTER DELETE ON auth_user
BEGIN
  DELETE FROM numeneon_river_author WHERE author_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_user_gone_river;
DROP TRIGGER IF EXISTS numeneon_river_moved;
DROP TRIGGER IF EXISTS numeneon_river_gone;
DROP TRIGGER IF EXISTS numeneon_river_added;
DROP TABLE IF EXISTS numeneon_river_author;
DROP INDEX IF EXISTS numeneon_post_author_lane;
