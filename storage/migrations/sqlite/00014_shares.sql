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
-- posts in Python, does not know it).

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_share (
  user_id integer NOT NULL,
  post_id bigint NOT NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY (user_id, post_id)
);
CREATE INDEX IF NOT EXISTS numeneon_share_user_time ON numeneon_share (user_id, created_at, post_id);
CREATE INDEX IF NOT EXISTS numeneon_share_post ON numeneon_share (post_id, created_at);

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_user_gone_shares AFTER DELETE ON auth_user
BEGIN
  UPDATE posts_post SET shares_count = shares_count - 1
    WHERE id IN (SELECT post_id FROM numeneon_share WHERE user_id = OLD.id) AND shares_count > 0;
  DELETE FROM numeneon_share WHERE user_id = OLD.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_post_gone_shares AFTER DELETE ON posts_post
BEGIN
  DELETE FROM numeneon_share WHERE post_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_post_gone_shares;
DROP TRIGGER IF EXISTS numeneon_user_gone_shares;
DROP TABLE IF EXISTS numeneon_share;
