-- Post search (lower(content) LIKE '%…%') served by a trigram index. pg_trgm
-- ships with PostgreSQL and is a trusted extension, but a database where we
-- may not create it still works: search then scans the posts.

-- +goose Up
-- +goose StatementBegin
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
  CREATE INDEX IF NOT EXISTS numeneon_post_content_trgm ON posts_post
    USING gin (lower(content) public.gin_trgm_ops) WHERE parent_id IS NULL;
EXCEPTION WHEN insufficient_privilege OR undefined_file THEN
  RAISE NOTICE 'pg_trgm is not available (%): post search will scan the table', SQLERRM;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX IF EXISTS numeneon_post_content_trgm;
