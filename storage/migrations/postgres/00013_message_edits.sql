-- Edited and deleted direct messages. numeneon_message_edit has a row per
-- message whose content changed since it was sent, whoever changed it
-- (numeneon or the web app): the chat shows such a message as "edited".
-- A change of content and a deleted message make the events
-- message.edited and message.deleted for both people, so that their
-- screens change at once. The rows of a deleted message go with it, by a
-- trigger (the web app deletes messages, and accounts with their
-- messages, in its own SQL); deletions are handled once per statement,
-- so that an account's thousands of messages go in one pass.

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_message_edit (
  message_id bigint NOT NULL PRIMARY KEY,
  edited_at timestamptz NOT NULL
);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_message_edited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM numeneon_bulk) THEN RETURN NULL; END IF;
  INSERT INTO numeneon_message_edit (message_id, edited_at) VALUES (NEW.id, now())
  ON CONFLICT (message_id) DO UPDATE SET edited_at = excluded.edited_at;
  INSERT INTO numeneon_event (user_id, kind, actor_id, message_id)
  VALUES (NEW.receiver_id, 'message.edited', NEW.sender_id, NEW.id);
  IF NEW.sender_id <> NEW.receiver_id THEN
    INSERT INTO numeneon_event (user_id, kind, actor_id, message_id)
    VALUES (NEW.sender_id, 'message.edited', NEW.sender_id, NEW.id);
  END IF;
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_message_edited ON messages_app_message;
CREATE TRIGGER numeneon_message_edited AFTER UPDATE OF content ON messages_app_message
  FOR EACH ROW WHEN (NEW.content IS DISTINCT FROM OLD.content) EXECUTE FUNCTION numeneon_message_edited();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_message_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM numeneon_message_edit WHERE message_id IN (SELECT id FROM gone);
  IF EXISTS (SELECT 1 FROM numeneon_bulk) THEN RETURN NULL; END IF;
  INSERT INTO numeneon_event (user_id, kind, actor_id, message_id)
  SELECT receiver_id, 'message.deleted', sender_id, id FROM gone
  UNION ALL
  SELECT sender_id, 'message.deleted', sender_id, id FROM gone WHERE sender_id <> receiver_id;
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_message_deleted ON messages_app_message;
CREATE TRIGGER numeneon_message_deleted AFTER DELETE ON messages_app_message
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION numeneon_message_deleted();

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_message_deleted ON messages_app_message;
DROP FUNCTION IF EXISTS numeneon_message_deleted();
DROP TRIGGER IF EXISTS numeneon_message_edited ON messages_app_message;
DROP FUNCTION IF EXISTS numeneon_message_edited();
DROP TABLE IF EXISTS numeneon_message_edit;
