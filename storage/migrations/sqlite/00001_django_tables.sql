-- The Numeneon web backend's tables, as Django 5.2 creates them on SQLite
-- (docs/ARCHITECTURE.md). IF NOT EXISTS leaves a database that Django already
-- made exactly as it is. Foreign keys are deferred and have no ON DELETE
-- action, as Django's; numeneon deletes dependent rows itself.

-- +goose Up
CREATE TABLE IF NOT EXISTS "auth_user" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "password" varchar(128) NOT NULL,
  "last_login" datetime NULL,
  "is_superuser" bool NOT NULL,
  "username" varchar(150) NOT NULL UNIQUE,
  "last_name" varchar(150) NOT NULL,
  "email" varchar(254) NOT NULL,
  "is_staff" bool NOT NULL,
  "is_active" bool NOT NULL,
  "date_joined" datetime NOT NULL,
  "first_name" varchar(150) NOT NULL
);

CREATE TABLE IF NOT EXISTS "users_profile" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "avatar" varchar(500) NOT NULL,
  "bio" text NOT NULL,
  "location" varchar(100) NOT NULL,
  "website" varchar(500) NOT NULL,
  "created_at" datetime NOT NULL,
  "updated_at" datetime NOT NULL,
  "user_id" integer NOT NULL UNIQUE REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE IF NOT EXISTS "posts_post" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "author_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
  "comment_count" integer NOT NULL,
  "content" text NOT NULL,
  "created_at" datetime NOT NULL,
  "likes_count" integer NOT NULL,
  "media_url" varchar(200) NULL,
  "shares_count" integer NOT NULL,
  "type" varchar(20) NOT NULL,
  "updated_at" datetime NOT NULL,
  "parent_id" bigint NULL REFERENCES "posts_post" ("id") DEFERRABLE INITIALLY DEFERRED,
  "target_profile_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
  "mentioned_user_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
  "reply_to_comment_id" bigint NULL REFERENCES "posts_post" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX IF NOT EXISTS "posts_post_author_id_fe5487bf" ON "posts_post" ("author_id");
CREATE INDEX IF NOT EXISTS "posts_post_target_profile_id_f6f45a0a" ON "posts_post" ("target_profile_id");
CREATE INDEX IF NOT EXISTS "posts_post_parent_id_2663a56b" ON "posts_post" ("parent_id");
CREATE INDEX IF NOT EXISTS "posts_post_reply_to_comment_id_8039f497" ON "posts_post" ("reply_to_comment_id");
CREATE INDEX IF NOT EXISTS "posts_post_mentioned_user_id_ffb1f445" ON "posts_post" ("mentioned_user_id");

CREATE TABLE IF NOT EXISTS "posts_like" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "created_at" datetime NOT NULL,
  "post_id" bigint NOT NULL REFERENCES "posts_post" ("id") DEFERRABLE INITIALLY DEFERRED,
  "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX IF NOT EXISTS "posts_like_user_id_post_id_89eee93c_uniq" ON "posts_like" ("user_id", "post_id");
CREATE INDEX IF NOT EXISTS "posts_like_post_id_127195b7" ON "posts_like" ("post_id");
CREATE INDEX IF NOT EXISTS "posts_like_user_id_1d505823" ON "posts_like" ("user_id");

CREATE TABLE IF NOT EXISTS "friends_friendship" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "created_at" datetime NOT NULL,
  "friend_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
  "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX IF NOT EXISTS "friends_friendship_user_id_friend_id_923d93b4_uniq" ON "friends_friendship" ("user_id", "friend_id");
CREATE INDEX IF NOT EXISTS "friends_friendship_user_id_2e487479" ON "friends_friendship" ("user_id");
CREATE INDEX IF NOT EXISTS "friends_friendship_friend_id_10c9394f" ON "friends_friendship" ("friend_id");

CREATE TABLE IF NOT EXISTS "friends_friendrequest" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "created_at" datetime NOT NULL,
  "from_user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
  "to_user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX IF NOT EXISTS "friends_friendrequest_from_user_id_to_user_id_789672c2_uniq" ON "friends_friendrequest" ("from_user_id", "to_user_id");
CREATE INDEX IF NOT EXISTS "friends_friendrequest_from_user_id_b066b836" ON "friends_friendrequest" ("from_user_id");
CREATE INDEX IF NOT EXISTS "friends_friendrequest_to_user_id_508ebdd7" ON "friends_friendrequest" ("to_user_id");

-- reply_to_story_id points at stories_story, a table of the web app's that
-- numeneon does not use; on a database numeneon creates it has no FK.
CREATE TABLE IF NOT EXISTS "messages_app_message" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "content" text NOT NULL,
  "is_read" bool NOT NULL,
  "created_at" datetime NOT NULL,
  "receiver_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
  "sender_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
  "reply_to_story_id" char(32) NULL
);
CREATE INDEX IF NOT EXISTS "messages_app_message_receiver_id_a4b973fc" ON "messages_app_message" ("receiver_id");
CREATE INDEX IF NOT EXISTS "messages_app_message_sender_id_1568a507" ON "messages_app_message" ("sender_id");
CREATE INDEX IF NOT EXISTS "messages_app_message_reply_to_story_id_d2e62826" ON "messages_app_message" ("reply_to_story_id");

-- +goose Down
-- The Django tables are shared with the web backend: never dropped.
