-- Post search needs no index of its own on SQLite: it walks
-- numeneon_post_recent newest first and stops at a page of matches. This
-- file keeps the two dialects' version numbers in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
