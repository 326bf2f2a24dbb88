package storage_test

import (
	"context"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// BenchmarkSendMessageBudget is one DM sent, without a write budget and
// with one (whose bucket never empties): the difference is what the
// budget costs each write.
func BenchmarkSendMessageBudget(b *testing.B) {
	for _, c := range []struct {
		name string
		opts []model.Option
	}{
		{"unlimited", nil},
		{"budgeted", []model.Option{model.WithBudgets(map[model.WriteKind]model.Budget{
			model.WriteMessage: {PerMinute: 1e9, Burst: 1e9}})}},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			db := open(b, sqliteURL(b))
			svc := model.NewService(db, append(c.opts, model.WithHasher(model.Hasher{Iterations: 1000}))...)
			var users [2]model.User
			for i, name := range []string{"alice", "bob"} {
				u, err := svc.SignUp(ctx, model.SignUp{Username: name, Email: name + "@example.com", Password: "password-1"})
				if err != nil {
					b.Fatal(err)
				}
				users[i] = u
			}
			for b.Loop() {
				if _, err := svc.SendMessage(ctx, users[0].ID, users[1].ID, "hello"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
