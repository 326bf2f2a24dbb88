-- Local sign-ins and the notification list's state.
--
-- numeneon_session keeps a sign-in that lasts until log out: the SHA-256
-- of a random token, whose only copy is in the signed-in person's state
-- directory. numeneon_notice_seen is how far a person has looked down
-- their notifications (the badge counts those above it); numeneon_notice_read
-- holds the ones they opened. Both refer to numeneon_event, whose
-- notification kinds are kept longer than the rest (storage/events.go).

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_session (
  id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  user_id integer NOT NULL,
  token_hash varchar(64) NOT NULL UNIQUE,
  created_at datetime NOT NULL,
  last_used_at datetime NOT NULL
);
CREATE INDEX IF NOT EXISTS numeneon_session_user ON numeneon_session (user_id);
CREATE TABLE IF NOT EXISTS numeneon_notice_seen (
  user_id integer NOT NULL PRIMARY KEY,
  event_id bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS numeneon_notice_read (
  user_id integer NOT NULL,
  event_id bigint NOT NULL,
  PRIMARY KEY (user_id, event_id)
);
CREATE INDEX IF NOT EXISTS numeneon_event_notice ON numeneon_event (user_id, id)
  WHERE kind IN ('post.like', 'post.reply', 'post.mention', 'post.wall', 'friend.request', 'friend.accepted');

-- +goose Down
DROP INDEX IF EXISTS numeneon_event_notice;
DROP TABLE IF EXISTS numeneon_notice_read;
DROP TABLE IF EXISTS numeneon_notice_seen;
DROP TABLE IF EXISTS numeneon_session;
