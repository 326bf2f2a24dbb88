package storage

import (
	"context"
	"time"

	"github.com/numeneon/numeneon/model"
)

// SpendBudget takes one write from a token bucket kept in
// numeneon_budget: tokens left as of at_us (microseconds since 1970, a
// plain number, so that both databases do the same arithmetic, in Go).
// The row is locked (SQLite's write transactions run one at a time), so
// that instances spending from one bucket at once take turns.
func (s *DB) SpendBudget(ctx context.Context, userID int64, kind model.WriteKind, b model.Budget, now time.Time) (ok bool, wait time.Duration, err error) {
	nowUS := now.UnixMicro()
	err = s.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO numeneon_budget (user_id, kind, tokens, at_us) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id, kind) DO NOTHING`, userID, string(kind), b.Burst, nowUS); err != nil {
			return err
		}
		var (
			tokens float64
			atUS   int64
		)
		if err := t.QueryRowContext(ctx, `SELECT tokens, at_us FROM numeneon_budget WHERE user_id = $1 AND kind = $2`+s.d.forUpdate,
			userID, string(kind)).Scan(&tokens, &atUS); err != nil {
			return err
		}
		perUS := b.PerMinute / float64(time.Minute/time.Microsecond)
		if nowUS > atUS { // another instance's clock may run ahead
			tokens = min(b.Burst, tokens+float64(nowUS-atUS)*perUS)
			atUS = nowUS
		}
		if tokens < 1 {
			wait = time.Duration((1-tokens)/perUS) * time.Microsecond
			return nil
		}
		ok = true
		_, err := t.ExecContext(ctx, `UPDATE numeneon_budget SET tokens = $1, at_us = $2 WHERE user_id = $3 AND kind = $4`,
			tokens-1, atUS, userID, string(kind))
		return err
	})
	return ok, wait, err
}
