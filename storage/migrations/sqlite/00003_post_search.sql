-- Post search (a word anywhere in a top-level post) served by an FTS5
-- trigram index, which answers LIKE '%…%' for three characters or more.
-- It holds the content of top-level posts only, kept in step by triggers
-- and filled here from what a database already holds. Bulk loads (the
-- seed) index their posts in one statement at the end instead, which is
-- four times faster than row by row (storage/bulk.go).

-- +goose Up
-- (numeneon_bulk is described in 00004_events.sql, which it serves too.)
CREATE TABLE IF NOT EXISTS numeneon_bulk (started_at datetime NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS numeneon_post_search USING fts5(
  content, content='posts_post', content_rowid='id', tokenize='trigram'
);
INSERT INTO numeneon_post_search (rowid, content)
  SELECT id, content FROM posts_post WHERE parent_id IS NULL;

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_post_search_insert AFTER INSERT ON posts_post
WHEN NEW.parent_id IS NULL AND NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_post_search (rowid, content) VALUES (NEW.id, NEW.content);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_post_search_delete AFTER DELETE ON posts_post
WHEN OLD.parent_id IS NULL AND NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_post_search (numeneon_post_search, rowid, content) VALUES ('delete', OLD.id, OLD.content);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_post_search_update AFTER UPDATE OF content ON posts_post
WHEN OLD.parent_id IS NULL AND NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_post_search (numeneon_post_search, rowid, content) VALUES ('delete', OLD.id, OLD.content);
  INSERT INTO numeneon_post_search (rowid, content) VALUES (NEW.id, NEW.content);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_post_search_insert;
DROP TRIGGER IF EXISTS numeneon_post_search_delete;
DROP TRIGGER IF EXISTS numeneon_post_search_update;
DROP TABLE IF EXISTS numeneon_post_search;
