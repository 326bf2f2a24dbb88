-- Invite codes and the record of sign-ups, for a server open to strangers.
--
-- numeneon_invite holds the codes the operator made (numeneon user
-- invite): only each code's SHA-256 (whoever reads the database cannot
-- sign up with it), its first characters to tell codes apart, how many
-- sign-ups it lets in and has let in, and when it expires (NULL: never).
-- A sign-up uses one use in the transaction that makes the account, with
-- used = used + 1 WHERE used < uses, so that of two sign-ups racing for
-- the last use one wins.
--
-- numeneon_signup has a row per account made by sign-up: the account, the
-- address it came from ('' when made locally or by the operator) and the
-- address's block (an IPv6 address's /64), by which the sign-ups per hour
-- are counted on every instance, the invite used, and when. Its rows stay
-- when the account goes, so that deleting accounts does not reset the
-- count; like the other numeneon_ tables it refers to auth_user without a
-- foreign key.

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_invite (
  id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  code_hash varchar(64) NOT NULL UNIQUE,
  hint varchar(8) NOT NULL,
  uses integer NOT NULL,
  used integer NOT NULL,
  expires_at datetime NULL,
  created_at datetime NOT NULL
);
CREATE TABLE IF NOT EXISTS numeneon_signup (
  id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  user_id integer NOT NULL,
  address varchar(100) NOT NULL,
  source varchar(100) NOT NULL,
  invite_id integer NULL,
  created_at datetime NOT NULL
);
CREATE INDEX IF NOT EXISTS numeneon_signup_source ON numeneon_signup (source, created_at);

-- +goose Down
DROP TABLE IF EXISTS numeneon_signup;
DROP TABLE IF EXISTS numeneon_invite;
