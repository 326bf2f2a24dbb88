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
-- look alike, and both stay. numeneon's sign-ups take an advisory lock
-- per key, so that of two look-alikes signing up at once one waits for
-- the other and is then refused.

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
CREATE OR REPLACE FUNCTION numeneon_username_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO numeneon_username_todo (user_id) SELECT id FROM added ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_username_added ON auth_user;
CREATE TRIGGER numeneon_username_added AFTER INSERT ON auth_user
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION numeneon_username_added();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_username_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO numeneon_username_todo (user_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_username_renamed ON auth_user;
CREATE TRIGGER numeneon_username_renamed AFTER UPDATE OF username ON auth_user
  FOR EACH ROW WHEN (OLD.username IS DISTINCT FROM NEW.username) EXECUTE FUNCTION numeneon_username_renamed();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_username_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM numeneon_username WHERE user_id IN (SELECT id FROM gone);
  DELETE FROM numeneon_username_todo WHERE user_id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_username_gone ON auth_user;
CREATE TRIGGER numeneon_username_gone AFTER DELETE ON auth_user
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION numeneon_username_gone();

INSERT INTO numeneon_username_todo (user_id) SELECT id FROM auth_user ON CONFLICT DO NOTHING;

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_username_gone ON auth_user;
DROP TRIGGER IF EXISTS numeneon_username_renamed ON auth_user;
DROP TRIGGER IF EXISTS numeneon_username_added ON auth_user;
DROP FUNCTION IF EXISTS numeneon_username_gone();
DROP FUNCTION IF EXISTS numeneon_username_renamed();
DROP FUNCTION IF EXISTS numeneon_username_added();
DROP TABLE IF EXISTS numeneon_username_todo;
DROP TABLE IF EXISTS numeneon_username;
