-- The Numeneon tables as Django 5.2 leaves them on SQLite after the
-- backend's 29 migrations (docs/ARCHITECTURE.md): the same names, column order,
-- types, constraints and index names. stories_story is included only because
-- messages_app_message.reply_to_story_id references it.
-- Statements are separated by a line holding only "-- ;".
CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL, "first_name" varchar(150) NOT NULL);
-- ;
CREATE TABLE "users_profile" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "avatar" varchar(500) NOT NULL, "bio" text NOT NULL, "location" varchar(100) NOT NULL, "website" varchar(500) NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
-- ;
CREATE TABLE "posts_post" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "author_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "comment_count" integer NOT NULL, "content" text NOT NULL, "created_at" datetime NOT NULL, "likes_count" integer NOT NULL, "media_url" varchar(200) NULL, "shares_count" integer NOT NULL, "type" varchar(20) NOT NULL, "updated_at" datetime NOT NULL, "parent_id" bigint NULL REFERENCES "posts_post" ("id") DEFERRABLE INITIALLY DEFERRED, "target_profile_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "mentioned_user_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "reply_to_comment_id" bigint NULL REFERENCES "posts_post" ("id") DEFERRABLE INITIALLY DEFERRED);
-- ;
CREATE INDEX "posts_post_author_id_fe5487bf" ON "posts_post" ("author_id");
-- ;
CREATE INDEX "posts_post_target_profile_id_f6f45a0a" ON "posts_post" ("target_profile_id");
-- ;
CREATE INDEX "posts_post_parent_id_2663a56b" ON "posts_post" ("parent_id");
-- ;
CREATE INDEX "posts_post_reply_to_comment_id_8039f497" ON "posts_post" ("reply_to_comment_id");
-- ;
CREATE INDEX "posts_post_mentioned_user_id_ffb1f445" ON "posts_post" ("mentioned_user_id");
-- ;
CREATE TABLE "posts_like" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "created_at" datetime NOT NULL, "post_id" bigint NOT NULL REFERENCES "posts_post" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
-- ;
CREATE UNIQUE INDEX "posts_like_user_id_post_id_89eee93c_uniq" ON "posts_like" ("user_id", "post_id");
-- ;
CREATE INDEX "posts_like_post_id_127195b7" ON "posts_like" ("post_id");
-- ;
CREATE INDEX "posts_like_user_id_1d505823" ON "posts_like" ("user_id");
-- ;
CREATE TABLE "friends_friendship" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "created_at" datetime NOT NULL, "friend_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
-- ;
CREATE UNIQUE INDEX "friends_friendship_user_id_friend_id_923d93b4_uniq" ON "friends_friendship" ("user_id", "friend_id");
-- ;
CREATE INDEX "friends_friendship_friend_id_10c9394f" ON "friends_friendship" ("friend_id");
-- ;
CREATE INDEX "friends_friendship_user_id_2e487479" ON "friends_friendship" ("user_id");
-- ;
CREATE TABLE "friends_friendrequest" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "created_at" datetime NOT NULL, "from_user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "to_user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
-- ;
CREATE UNIQUE INDEX "friends_friendrequest_from_user_id_to_user_id_789672c2_uniq" ON "friends_friendrequest" ("from_user_id", "to_user_id");
-- ;
CREATE INDEX "friends_friendrequest_from_user_id_b066b836" ON "friends_friendrequest" ("from_user_id");
-- ;
CREATE INDEX "friends_friendrequest_to_user_id_508ebdd7" ON "friends_friendrequest" ("to_user_id");
-- ;
CREATE TABLE "stories_story" ("id" char(32) NOT NULL PRIMARY KEY, "media_url" varchar(500) NOT NULL, "media_type" varchar(10) NOT NULL, "caption" text NULL, "created_at" datetime NOT NULL, "expires_at" datetime NOT NULL, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
-- ;
CREATE INDEX "stories_story_user_id_855e2a92" ON "stories_story" ("user_id");
-- ;
CREATE TABLE "messages_app_message" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "content" text NOT NULL, "is_read" bool NOT NULL, "created_at" datetime NOT NULL, "receiver_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "sender_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "reply_to_story_id" char(32) NULL REFERENCES "stories_story" ("id") DEFERRABLE INITIALLY DEFERRED);
-- ;
CREATE INDEX "messages_app_message_receiver_id_a4b973fc" ON "messages_app_message" ("receiver_id");
-- ;
CREATE INDEX "messages_app_message_sender_id_1568a507" ON "messages_app_message" ("sender_id");
-- ;
CREATE INDEX "messages_app_message_reply_to_story_id_d2e62826" ON "messages_app_message" ("reply_to_story_id");
