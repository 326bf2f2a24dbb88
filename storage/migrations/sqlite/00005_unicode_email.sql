-- E-mail addresses with characters outside printable ASCII (an
-- internationalized domain), for the case-insensitive e-mail lookup: the
-- built-in lower() of numeneon_user_email lowers ASCII only, so these few
-- are compared with numeneon_lower (storage/fold.go). Only built-in
-- functions here: every program that writes auth_user keeps the index.

-- +goose Up
CREATE INDEX IF NOT EXISTS numeneon_user_email_unicode ON auth_user (email)
  WHERE email GLOB '*[^ -~]*';

-- +goose Down
DROP INDEX IF EXISTS numeneon_user_email_unicode;
