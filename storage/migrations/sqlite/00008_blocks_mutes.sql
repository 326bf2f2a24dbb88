-- Blocks and mutes: how a person shields themselves from another.
--
-- numeneon_block (user_id blocks blocked_id): the two cannot reach each
-- other (messages, friend requests, replies, likes, shares, wall posts,
-- mentions) and neither sees the other's posts. numeneon_mute (user_id
-- mutes muted_id): muted_id's posts and notifications disappear for
-- user_id only. The rules live in model.Service and in the reads of
-- storage/ (docs/ARCHITECTURE.md, "Blocks and mutes").
--
-- Each read asks "whom does this viewer block or mute, and who blocks
-- them" once, through the primary keys and the reverse indexes below,
-- and the event stream asks "does this user hide that actor" per event
-- through the primary keys.
--
-- Like the other per-account tables they refer to auth_user without a
-- foreign key (Django, which deletes accounts in Python, does not know
-- them); a trigger removes their rows with either account.

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_block (
  user_id integer NOT NULL,
  blocked_id integer NOT NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY (user_id, blocked_id)
);
CREATE INDEX IF NOT EXISTS numeneon_block_blocked ON numeneon_block (blocked_id, user_id);
CREATE TABLE IF NOT EXISTS numeneon_mute (
  user_id integer NOT NULL,
  muted_id integer NOT NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY (user_id, muted_id)
);
CREATE INDEX IF NOT EXISTS numeneon_mute_muted ON numeneon_mute (muted_id);

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_user_gone_blocks AFTER DELETE ON auth_user
BEGIN
  DELETE FROM numeneon_block WHERE user_id = OLD.id;
  DELETE FROM numeneon_block WHERE blocked_id = OLD.id;
  DELETE FROM numeneon_mute WHERE user_id = OLD.id;
  DELETE FROM numeneon_mute WHERE muted_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_user_gone_blocks;
DROP TABLE IF EXISTS numeneon_mute;
DROP TABLE IF EXISTS numeneon_block;
