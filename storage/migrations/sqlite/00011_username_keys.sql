-- The look-alike keys of every username, so that a new name that passes
-- for an existing one (Alice beside alice, Cyrillic аlice) is refused
-- with one indexed look-up (model.UsernameKeys says what the keys are).
--
-- numeneon_username holds each account's keys and the username they were
-- made from. The keys are computed in Go, so whoever adds or renames an
-- account elsewhere (the web app, its admin) cannot fill them in; instead
-- triggers on auth_user queue the account in numeneon_username_todo, and
-- numeneon computes the keys of what is queued before each sign-up and
-- after each migration: the accounts to look at are found without reading
-- auth_user. This migration queues every account that exists.
--
-- The keys are not unique: a database may already hold two names that
-- look alike, and both stay. numeneon's own sign-ups are one at a time on
-- SQLite (IMMEDIATE transactions), so a check and the insert after it
-- cannot interleave with another's.

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_username (
  user_id integer NOT NULL PRIMARY KEY,
  username varchar(150) NOT NULL,
  skeleton text NOT NULL,
  folded text NOT NULL
);
CREATE INDEX IF NOT EXISTS numeneon_username_skeleton ON numeneon_username (skeleton);
CREATE INDEX IF NOT EXISTS numeneon_username_folded ON numeneon_username (folded);
CREATE TABLE IF NOT EXISTS numeneon_username_todo (
  user_id integer NOT NULL PRIMARY KEY
);

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_username_added AFTER INSERT ON auth_user
BEGIN
  INSERT OR IGNORE INTO numeneon_username_todo (user_id) VALUES (NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_username_renamed AFTER UPDATE OF username ON auth_user
WHEN OLD.username IS NOT NEW.username
BEGIN
  INSERT OR IGNORE INTO numeneon_username_todo (user_id) VALUES (NEW.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_username_gone AFTER DELETE ON auth_user
BEGIN
  DELETE FROM numeneon_username WHERE user_id = OLD.id;
  DELETE FROM numeneon_username_todo WHERE user_id = OLD.id;
END;
-- +goose StatementEnd

INSERT OR IGNORE INTO numeneon_username_todo (user_id) SELECT id FROM auth_user;

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_username_gone;
DROP TRIGGER IF EXISTS numeneon_username_renamed;
DROP TRIGGER IF EXISTS numeneon_username_added;
DROP TABLE IF EXISTS numeneon_username_todo;
DROP TABLE IF EXISTS numeneon_username;
