-- E-mail addresses beyond ASCII (see the SQLite migration of the same
-- number). Postgres's lower() on a UTF-8 database already lowers every
-- letter, so numeneon_user_email serves them all: nothing to add. The file
-- keeps the two dialects' migrations numbered alike.

-- +goose Up

-- +goose Down
