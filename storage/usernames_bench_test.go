package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// backlogUsers is how many accounts the backlog benchmark has a web app
// make before numeneon first sees the database.
const backlogUsers = 1_000_000

// webAppUsers inserts n accounts the way another program would, in one
// statement: the triggers queue each one.
var webAppUsers = map[string]string{
	"sqlite": `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
		INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
		SELECT '!', NULL, 0, 'user' || i, '', '', 'user' || i || '@example.com', 0, 1, '2026-01-01 00:00:00' FROM n`,
	"postgres": `INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
		SELECT '!', NULL, false, 'user' || i, '', '', 'user' || i || '@example.com', false, true, now() FROM generate_series(1, $1) i`,
}

// BenchmarkUsernameBacklog: numeneon meets a database whose web app made
// a million accounts; the keys of all of them are computed once (at
// migration), then a sign-up compares its name with them. Reported: the
// time per account of the backlog, and of the sign-up after it.
func BenchmarkUsernameBacklog(b *testing.B) {
	for _, be := range backends(&testing.T{}) {
		b.Run(be.name, func(b *testing.B) {
			ctx := context.Background()
			db, svc := evService(b, be.url(b))
			if _, err := db.SQL().ExecContext(ctx, webAppUsers[db.Dialect()], backlogUsers); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				start := time.Now()
				if err := db.CatchUpUsernames(ctx); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(time.Since(start).Nanoseconds())/backlogUsers, "ns/account")
				b.StopTimer()
				if _, err := db.SQL().ExecContext(ctx, `INSERT INTO numeneon_username_todo (user_id) SELECT id FROM auth_user`); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.StopTimer()
			if err := db.CatchUpUsernames(ctx); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			const signUps = 20
			for i := range signUps {
				_, err := svc.SignUp(ctx, model.SignUp{Username: fmt.Sprintf("newcomer%d", i), Email: fmt.Sprintf("n%d@example.com", i), Password: "password-1"})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/signUps, "µs/sign-up")
		})
	}
}
