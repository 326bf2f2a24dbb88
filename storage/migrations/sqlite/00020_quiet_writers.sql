-- Nothing on SQLite: its watchers notice commits through PRAGMA
-- data_version, and no transaction notifies. (On PostgreSQL this
-- migration lets numeneon's own transactions skip the NOTIFY.)

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
