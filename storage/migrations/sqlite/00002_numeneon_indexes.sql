-- numeneon's own indexes on the shared tables (adding an index is allowed;
-- every name is prefixed numeneon_). Each serves a query in storage/.

-- +goose Up
-- Home and profile feeds: one author's top-level non-wall posts, newest first.
CREATE INDEX IF NOT EXISTS numeneon_post_author_feed ON posts_post (author_id, created_at, id)
  WHERE parent_id IS NULL AND target_profile_id IS NULL;
-- Everyone's feed and the River's author order.
CREATE INDEX IF NOT EXISTS numeneon_post_recent ON posts_post (created_at, id)
  WHERE parent_id IS NULL AND target_profile_id IS NULL;
-- A profile's wall.
CREATE INDEX IF NOT EXISTS numeneon_post_wall ON posts_post (target_profile_id, created_at, id)
  WHERE parent_id IS NULL;
-- A post's thread of replies.
CREATE INDEX IF NOT EXISTS numeneon_post_thread ON posts_post (parent_id, created_at, id);
-- A conversation in either direction, and the conversation list.
CREATE INDEX IF NOT EXISTS numeneon_message_pair ON messages_app_message (sender_id, receiver_id, created_at, id);
CREATE INDEX IF NOT EXISTS numeneon_message_inbox ON messages_app_message (receiver_id, sender_id, created_at, id, is_read);
-- Unread counts.
CREATE INDEX IF NOT EXISTS numeneon_message_unread ON messages_app_message (receiver_id, sender_id)
  WHERE NOT is_read;
-- E-mail login is case-insensitive.
CREATE INDEX IF NOT EXISTS numeneon_user_email ON auth_user (lower(email));

-- +goose Down
DROP INDEX IF EXISTS numeneon_post_author_feed;
DROP INDEX IF EXISTS numeneon_post_recent;
DROP INDEX IF EXISTS numeneon_post_wall;
DROP INDEX IF EXISTS numeneon_post_thread;
DROP INDEX IF EXISTS numeneon_message_pair;
DROP INDEX IF EXISTS numeneon_message_inbox;
DROP INDEX IF EXISTS numeneon_message_unread;
DROP INDEX IF EXISTS numeneon_user_email;
