-- SSH keys, presence and drafts: numeneon's own state for the SSH server.
--
-- numeneon_ssh_key holds the public keys that sign a person in over SSH:
-- the authorized_keys form (type and base64, no options) and its SHA-256
-- fingerprint as ssh-keygen prints it (SHA256:…), unique across everyone.
-- numeneon_presence has one row per open session, its seen_at renewed by
-- the session's heartbeat; a row older than model.PresenceTTL counts as
-- offline, so the people of an instance that died go offline by themselves.
-- numeneon_draft keeps what a person was writing, per place (post, wall:ID,
-- edit:ID, dm:ID), across sessions and instances.
--
-- Like numeneon_session they refer to auth_user without a foreign key
-- (Django, which deletes accounts in Python, does not know them); a
-- trigger removes their rows with the account, whoever deletes it.

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_ssh_key (
  id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  user_id integer NOT NULL,
  fingerprint varchar(100) NOT NULL UNIQUE,
  public_key text NOT NULL,
  comment varchar(100) NOT NULL,
  created_at datetime NOT NULL
);
CREATE INDEX IF NOT EXISTS numeneon_ssh_key_user ON numeneon_ssh_key (user_id);
CREATE TABLE IF NOT EXISTS numeneon_presence (
  session_id varchar(64) NOT NULL PRIMARY KEY,
  user_id integer NOT NULL,
  instance varchar(64) NOT NULL,
  seen_at datetime NOT NULL
);
CREATE INDEX IF NOT EXISTS numeneon_presence_user ON numeneon_presence (user_id, seen_at);
CREATE INDEX IF NOT EXISTS numeneon_presence_seen ON numeneon_presence (seen_at);
CREATE TABLE IF NOT EXISTS numeneon_draft (
  user_id integer NOT NULL,
  draft_key varchar(100) NOT NULL,
  post_type varchar(20) NOT NULL,
  content text NOT NULL,
  media_url text NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY (user_id, draft_key)
);

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_user_gone AFTER DELETE ON auth_user
BEGIN
  DELETE FROM numeneon_ssh_key WHERE user_id = OLD.id;
  DELETE FROM numeneon_presence WHERE user_id = OLD.id;
  DELETE FROM numeneon_draft WHERE user_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_user_gone;
DROP TABLE IF EXISTS numeneon_draft;
DROP TABLE IF EXISTS numeneon_presence;
DROP TABLE IF EXISTS numeneon_ssh_key;
