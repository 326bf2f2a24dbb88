-- Writers that wake the listeners themselves. A transaction with a
-- pending NOTIFY takes PostgreSQL's one notify lock at commit and holds it
-- until the commit is flushed, so every writing transaction that notified
-- waited for every other one's flush, across the whole server. numeneon's
-- own transactions now say so (SET LOCAL numeneon.notify = 'off') and
-- skip the NOTIFY; each process sends one NOTIFY of its own after its
-- commits, outside them, for many commits at once (storage/notify.go).
-- Every other writer (the web app, psql) sets nothing and notifies as
-- before.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF COALESCE(current_setting('numeneon.notify', true), '') <> 'off' THEN
    PERFORM pg_notify('numeneon_event', '');
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('numeneon_event', '');
  RETURN NULL;
END $$;
-- +goose StatementEnd
