-- Edited and deleted direct messages. numeneon_message_edit has a row per
-- message whose content changed since it was sent, whoever changed it
-- (numeneon or the web app): the chat shows such a message as "edited".
-- A change of content and a deleted message make the events
-- message.edited and message.deleted for both people, so that their
-- screens change at once. The rows of a deleted message go with it, by a
-- trigger (the web app deletes messages, and accounts with their
-- messages, in its own SQL).

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_message_edit (
  message_id bigint NOT NULL PRIMARY KEY,
  edited_at datetime NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_message_edited AFTER UPDATE OF content ON messages_app_message
WHEN NEW.content IS NOT OLD.content AND NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_message_edit (message_id, edited_at)
  VALUES (NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now'))
  ON CONFLICT (message_id) DO UPDATE SET edited_at = excluded.edited_at;
  INSERT INTO numeneon_event (user_id, kind, actor_id, message_id, created_at)
  SELECT NEW.receiver_id, 'message.edited', NEW.sender_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  UNION ALL
  SELECT NEW.sender_id, 'message.edited', NEW.sender_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  WHERE NEW.sender_id <> NEW.receiver_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_message_deleted AFTER DELETE ON messages_app_message
BEGIN
  DELETE FROM numeneon_message_edit WHERE message_id = OLD.id;
  INSERT INTO numeneon_event (user_id, kind, actor_id, message_id, created_at)
  SELECT OLD.receiver_id, 'message.deleted', OLD.sender_id, OLD.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  WHERE NOT EXISTS (SELECT 1 FROM numeneon_bulk)
  UNION ALL
  SELECT OLD.sender_id, 'message.deleted', OLD.sender_id, OLD.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  WHERE OLD.sender_id <> OLD.receiver_id AND NOT EXISTS (SELECT 1 FROM numeneon_bulk);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_message_deleted;
DROP TRIGGER IF EXISTS numeneon_message_edited;
DROP TABLE IF EXISTS numeneon_message_edit;
