-- Settings: what a person chose about how numeneon looks and behaves
-- (theme, River or Column, Home or Everyone, toast previews, the
-- notifications filter), one row per account and name, so that a choice
-- follows the account across local runs, SSH sessions and instances.
-- model/setting.go knows the names and the values each may take.
--
-- Like the other per-account tables it refers to auth_user without a
-- foreign key (Django, which deletes accounts in Python, does not know
-- it); a trigger removes its rows with the account (once per statement,
-- so that clearing a large network stays one pass).

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_setting (
  user_id integer NOT NULL,
  name varchar(50) NOT NULL,
  value varchar(50) NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, name)
);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_user_gone_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM numeneon_setting WHERE user_id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_user_gone_settings ON auth_user;
CREATE TRIGGER numeneon_user_gone_settings AFTER DELETE ON auth_user
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION numeneon_user_gone_settings();

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_user_gone_settings ON auth_user;
DROP FUNCTION IF EXISTS numeneon_user_gone_settings();
DROP TABLE IF EXISTS numeneon_setting;
