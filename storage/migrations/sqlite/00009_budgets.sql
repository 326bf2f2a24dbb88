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
CREATE TRIGGER IF NOT EXISTS numeneon_budget_user_gone AFTER DELETE ON auth_user
BEGIN
  DELETE FROM numeneon_budget WHERE user_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS numeneon_budget_user_gone;
DROP TABLE IF EXISTS numeneon_budget;
