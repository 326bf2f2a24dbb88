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
  latest_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS numeneon_river_author_latest ON numeneon_river_author (latest_at, author_id);
INSERT INTO numeneon_river_author (author_id, latest_at)
  SELECT author_id, MAX(created_at) FROM posts_post
  WHERE parent_id IS NULL AND target_profile_id IS NULL GROUP BY author_id
  ON CONFLICT (author_id) DO NOTHING;

-- New posts raise their authors' rows; in author order, so that two
-- statements that add posts of the same authors lock their rows in the
-- same order.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_river_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM numeneon_bulk) THEN RETURN NULL; END IF;
  INSERT INTO numeneon_river_author AS r (author_id, latest_at)
    SELECT author_id, MAX(created_at) FROM added
    WHERE parent_id IS NULL AND target_profile_id IS NULL
    GROUP BY author_id ORDER BY author_id
  ON CONFLICT (author_id) DO UPDATE SET latest_at = GREATEST(r.latest_at, excluded.latest_at);
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_river_added ON posts_post;
CREATE TRIGGER numeneon_river_added AFTER INSERT ON posts_post
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION numeneon_river_added();

-- numeneon_river_refresh reads the rows of authors again from
-- numeneon_post_author_feed. The DELETE waits for a transaction that
-- raised one of the rows meanwhile, and the INSERT, a statement of its
-- own, then sees that transaction's post; a transaction that adds a post
-- after the DELETE waits for this one and raises the row it leaves.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_river_refresh(authors integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM numeneon_river_author WHERE author_id = ANY (authors);
  INSERT INTO numeneon_river_author AS r (author_id, latest_at)
    SELECT id, latest FROM (
      SELECT a.id, (SELECT MAX(p.created_at) FROM posts_post p
        WHERE p.author_id = a.id AND p.parent_id IS NULL AND p.target_profile_id IS NULL) AS latest
      FROM (SELECT DISTINCT unnest(authors) AS id) a
    ) x WHERE latest IS NOT NULL ORDER BY id
  ON CONFLICT (author_id) DO UPDATE SET latest_at = GREATEST(r.latest_at, excluded.latest_at);
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_river_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM numeneon_bulk) THEN RETURN NULL; END IF;
  PERFORM numeneon_river_refresh(ARRAY(SELECT DISTINCT author_id FROM gone
    WHERE parent_id IS NULL AND target_profile_id IS NULL ORDER BY author_id));
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_river_gone ON posts_post;
CREATE TRIGGER numeneon_river_gone AFTER DELETE ON posts_post
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION numeneon_river_gone();

-- A post whose author, time or place changed (not the counters a like
-- or reply changes, which never call it).
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_river_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM numeneon_river_refresh(ARRAY[OLD.author_id, NEW.author_id]);
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_river_moved ON posts_post;
CREATE TRIGGER numeneon_river_moved AFTER UPDATE OF author_id, created_at, parent_id, target_profile_id ON posts_post
  FOR EACH ROW WHEN (OLD.author_id IS DISTINCT FROM NEW.author_id OR OLD.created_at IS DISTINCT FROM NEW.created_at
    OR (OLD.parent_id IS NULL) <> (NEW.parent_id IS NULL) OR (OLD.target_profile_id IS NULL) <> (NEW.target_profile_id IS NULL))
  EXECUTE FUNCTION numeneon_river_moved();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_user_gone_river() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM numeneon_river_author WHERE author_id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_user_gone_river ON auth_user;
CREATE TRIGGER numeneon_user_gone_river AFTER DELETE ON auth_user
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION numeneon_user_gone_river();

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_user_gone_river ON auth_user;
DROP FUNCTION IF EXISTS numeneon_user_gone_river();
DROP TRIGGER IF EXISTS numeneon_river_moved ON posts_post;
DROP FUNCTION IF EXISTS numeneon_river_moved();
DROP TRIGGER IF EXISTS numeneon_river_gone ON posts_post;
DROP FUNCTION IF EXISTS numeneon_river_gone();
DROP FUNCTION IF EXISTS numeneon_river_refresh(integer[]);
DROP TRIGGER IF EXISTS numeneon_river_added ON posts_post;
DROP FUNCTION IF EXISTS numeneon_river_added();
DROP TABLE IF EXISTS numeneon_river_author;
DROP INDEX IF EXISTS numeneon_post_author_lane;
