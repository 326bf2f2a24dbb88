-- The event stream (docs/ARCHITECTURE.md, "The event stream"). Triggers on the shared
-- tables record every change that concerns someone, in the transaction of
-- the change, whoever wrote it: numeneon, another numeneon process, or the
-- web app. Processes read numeneon_event after the id they saw last.
--
-- numeneon_bulk holds a row only inside the seed's bulk-load transactions,
-- whose million historical rows are not news. numeneon_actor holds the
-- acting user only inside numeneon's own transactions, for the one case a
-- row cannot tell: who deleted a friend request (declined or cancelled).

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_event (
  id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  user_id integer NOT NULL,
  kind varchar(32) NOT NULL,
  actor_id integer NULL,
  post_id bigint NULL,
  message_id bigint NULL,
  request_id bigint NULL,
  created_at datetime NOT NULL
);
CREATE INDEX IF NOT EXISTS numeneon_event_user ON numeneon_event (user_id, id);
CREATE INDEX IF NOT EXISTS numeneon_event_time ON numeneon_event (created_at);
CREATE TABLE IF NOT EXISTS numeneon_bulk (started_at datetime NOT NULL);
CREATE TABLE IF NOT EXISTS numeneon_actor (user_id integer NOT NULL);

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_message AFTER INSERT ON messages_app_message
WHEN NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_event (user_id, kind, actor_id, message_id, created_at)
  SELECT NEW.receiver_id, 'message', NEW.sender_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  UNION ALL
  SELECT NEW.sender_id, 'message', NEW.sender_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  WHERE NEW.sender_id <> NEW.receiver_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_message_read AFTER UPDATE OF is_read ON messages_app_message
WHEN NEW.is_read AND NOT OLD.is_read AND NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_event (user_id, kind, actor_id, message_id, created_at)
  VALUES (NEW.sender_id, 'message.read', NEW.receiver_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_request AFTER INSERT ON friends_friendrequest
WHEN NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_event (user_id, kind, actor_id, request_id, created_at)
  VALUES (NEW.to_user_id, 'friend.request', NEW.from_user_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now')),
         (NEW.from_user_id, 'friend.request', NEW.from_user_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
-- +goose StatementEnd

-- A request deleted while the two are friends was accepted: the friendship
-- rows tell that. Otherwise the requester withdrew it or the other declined.
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_request_gone AFTER DELETE ON friends_friendrequest
WHEN NOT EXISTS (SELECT 1 FROM numeneon_bulk)
  AND NOT EXISTS (SELECT 1 FROM friends_friendship WHERE user_id = OLD.from_user_id AND friend_id = OLD.to_user_id)
BEGIN
  INSERT INTO numeneon_event (user_id, kind, actor_id, request_id, created_at)
  SELECT u.id,
         CASE WHEN (SELECT user_id FROM numeneon_actor LIMIT 1) = OLD.from_user_id THEN 'friend.cancelled' ELSE 'friend.declined' END,
         CASE WHEN u.id = OLD.from_user_id THEN OLD.to_user_id ELSE OLD.from_user_id END,
         OLD.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  FROM (SELECT OLD.from_user_id AS id UNION ALL SELECT OLD.to_user_id) u;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_friend AFTER INSERT ON friends_friendship
WHEN NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_event (user_id, kind, actor_id, created_at)
  VALUES (NEW.user_id, 'friend.accepted', NEW.friend_id, strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_unfriend AFTER DELETE ON friends_friendship
WHEN NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_event (user_id, kind, actor_id, created_at)
  VALUES (OLD.user_id, 'friend.removed', OLD.friend_id, strftime('%Y-%m-%d %H:%M:%f', 'now'));
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_like AFTER INSERT ON posts_like
WHEN NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_event (user_id, kind, actor_id, post_id, created_at)
  SELECT p.author_id, 'post.like', NEW.user_id, NEW.post_id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  FROM posts_post p WHERE p.id = NEW.post_id AND p.author_id <> NEW.user_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_post AFTER INSERT ON posts_post
WHEN NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  -- a reply: to the author of the post, and of the comment it answers
  INSERT INTO numeneon_event (user_id, kind, actor_id, post_id, created_at)
  SELECT DISTINCT p.author_id, 'post.reply', NEW.author_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  FROM posts_post p
  WHERE p.id IN (NEW.parent_id, NEW.reply_to_comment_id) AND p.author_id <> NEW.author_id;
  -- a mention
  INSERT INTO numeneon_event (user_id, kind, actor_id, post_id, created_at)
  SELECT NEW.mentioned_user_id, 'post.mention', NEW.author_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  WHERE NEW.mentioned_user_id IS NOT NULL AND NEW.mentioned_user_id <> NEW.author_id;
  -- a post on someone's wall
  INSERT INTO numeneon_event (user_id, kind, actor_id, post_id, created_at)
  SELECT NEW.target_profile_id, 'post.wall', NEW.author_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  WHERE NEW.target_profile_id IS NOT NULL AND NEW.target_profile_id <> NEW.author_id;
  -- a new post in the home feeds of the author and their friends
  INSERT INTO numeneon_event (user_id, kind, actor_id, post_id, created_at)
  SELECT u.id, 'post.new', NEW.author_id, NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  FROM (SELECT NEW.author_id AS id UNION ALL SELECT friend_id FROM friends_friendship WHERE user_id = NEW.author_id) u
  WHERE NEW.parent_id IS NULL AND NEW.target_profile_id IS NULL;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS numeneon_event_profile AFTER UPDATE ON users_profile
WHEN NOT EXISTS (SELECT 1 FROM numeneon_bulk)
BEGIN
  INSERT INTO numeneon_event (user_id, kind, actor_id, created_at)
  SELECT friend_id, 'profile.update', NEW.user_id, strftime('%Y-%m-%d %H:%M:%f', 'now')
  FROM friends_friendship WHERE user_id = NEW.user_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_event_message;
DROP TRIGGER IF EXISTS numeneon_event_message_read;
DROP TRIGGER IF EXISTS numeneon_event_request;
DROP TRIGGER IF EXISTS numeneon_event_request_gone;
DROP TRIGGER IF EXISTS numeneon_event_friend;
DROP TRIGGER IF EXISTS numeneon_event_unfriend;
DROP TRIGGER IF EXISTS numeneon_event_like;
DROP TRIGGER IF EXISTS numeneon_event_post;
DROP TRIGGER IF EXISTS numeneon_event_profile;
DROP TABLE IF EXISTS numeneon_actor;
DROP TABLE IF EXISTS numeneon_bulk;
DROP TABLE IF EXISTS numeneon_event;
