-- Write budgets (model.WithBudgets): one token bucket per account and kind
-- of write, in the database so that every instance spends from the same
-- one. at_us is the moment tokens was counted, in microseconds since 1970.

-- +goose Up
CREATE TABLE IF NOT EXISTS numeneon_budget (
  user_id integer NOT NULL,
  kind varchar(32) NOT NULL,
  tokens double precision NOT NULL,
  at_us bigint NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION numeneon_budget_user_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM numeneon_budget WHERE user_id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS numeneon_budget_user_gone ON auth_user;
CREATE TRIGGER numeneon_budget_user_gone AFTER DELETE ON auth_user
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION numeneon_budget_user_gone();

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_budget_user_gone ON auth_user;
DROP FUNCTION IF EXISTS numeneon_budget_user_gone();
DROP TABLE IF EXISTS numeneon_budget;
