package storage

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// TestMapErrorKeepsTheDriverError: a unique or foreign key failure is
// ECONFLICT for the person, with the driver's own error kept as its cause
// for the log.
func TestMapErrorKeepsTheDriverError(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			db, _ := loggedDB(t, kind)
			ctx := context.Background()
			if _, err := db.db.ExecContext(ctx, `CREATE TABLE numeneon_test_unique (x integer UNIQUE)`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.db.ExecContext(ctx, `INSERT INTO numeneon_test_unique (x) VALUES (1)`); err != nil {
				t.Fatal(err)
			}
			_, raw := db.db.ExecContext(ctx, `INSERT INTO numeneon_test_unique (x) VALUES (1)`)
			if raw == nil {
				t.Fatal("a duplicate was inserted")
			}
			err := mapError(raw)
			if model.ErrorCode(err) != model.ECONFLICT || !errors.Is(err, raw) {
				t.Errorf("mapError(%v) = %v (code %q), want ECONFLICT wrapping the driver's error", raw, err, model.ErrorCode(err))
			}
			if msg := model.ErrorMessage(err); strings.Contains(msg, "numeneon_test_unique") || msg == "" {
				t.Errorf("a person reads %q", msg)
			}
		})
	}
}
