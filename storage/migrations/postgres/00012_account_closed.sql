-- An account closed (auth_user.is_active set false, by numeneon's
-- operator or the web app's admin) gets an account.closed event, which
-- ends its open sessions on every instance.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_event_account_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.is_active AND NOT NEW.is_active THEN
    INSERT INTO numeneon_event (user_id, kind) VALUES (NEW.id, 'account.closed');
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_event_account_closed ON auth_user;
CREATE TRIGGER numeneon_event_account_closed AFTER UPDATE OF is_active ON auth_user
  FOR EACH ROW EXECUTE FUNCTION numeneon_event_account_closed();

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_event_account_closed ON auth_user;
DROP FUNCTION IF EXISTS numeneon_event_account_closed();
