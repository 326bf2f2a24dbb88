-- Shares: numeneon_share holds one row per person and post they shared
-- (a second share is refused by the unique key; sharing again takes it
-- back). posts_post.shares_count counts these rows: numeneon raises and
-- lowers it in the transaction that inserts or deletes a row, and the
-- triggers below keep it right when the web app deletes an account or a
-- post. The home feed reads a friend's shares by sharer and time, and
-- "did anyone of mine share it later" by post.
--
-- Like the other per-account tables it refers to auth_user and
-- posts_post without a foreign key (Django, which deletes accounts and
-- posts in Python, does not know it); the triggers run once per
-- statement, so that clearing a large network stays one pass.

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_share (
  user_id integer NOT NULL,
  post_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, post_id)
);
CREATE INDEX IF NOT EXISTS numeneon_share_user_time ON numeneon_share (user_id, created_at, post_id);
CREATE INDEX IF NOT EXISTS numeneon_share_post ON numeneon_share (post_id, created_at);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_user_gone_shares() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE posts_post p SET shares_count = GREATEST(p.shares_count - c.n, 0)
    FROM (SELECT post_id, count(*) AS n FROM numeneon_share
          WHERE user_id IN (SELECT id FROM gone) GROUP BY post_id) c
    WHERE p.id = c.post_id;
  DELETE FROM numeneon_share WHERE user_id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_user_gone_shares ON auth_user;
CREATE TRIGGER numeneon_user_gone_shares AFTER DELETE ON auth_user
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION numeneon_user_gone_shares();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_post_gone_shares() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM numeneon_share WHERE post_id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_post_gone_shares ON posts_post;
CREATE TRIGGER numeneon_post_gone_shares AFTER DELETE ON posts_post
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION numeneon_post_gone_shares();

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_post_gone_shares ON posts_post;
DROP FUNCTION IF EXISTS numeneon_post_gone_shares();
DROP TRIGGER IF EXISTS numeneon_user_gone_shares ON auth_user;
DROP FUNCTION IF EXISTS numeneon_user_gone_shares();
DROP TABLE IF EXISTS numeneon_share;
