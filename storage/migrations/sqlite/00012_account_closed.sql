-- An account closed (auth_user.is_active set false, by numeneon's
-- operator or the web app's admin) gets an account.closed event, which
-- ends its open sessions on every instance.

-- +goose Up
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_account_closed AFTER UPDATE OF is_active ON auth_user
WHEN OLD.is_active AND NOT NEW.is_active
BEGIN
  INSERT INTO numeneon_event (user_id, kind, created_at)
  VALUES (NEW.id, 'account.closed', strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_event_account_closed;
