package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// TestSQLiteConcurrentWriterProcesses: three other processes and eight
// goroutines of this one write to one SQLite file at once. Nobody is told
// "database is locked": writers queue (IMMEDIATE transactions, a busy
// timeout) and every write lands.
func TestSQLiteConcurrentWriterProcesses(t *testing.T) {
	ctx := context.Background()
	url := sqliteURL(t)
	db, svc := evService(t, url)
	var users []int64
	for i := range 4 {
		u, err := svc.SignUp(ctx, model.SignUp{Username: fmt.Sprintf("w%d", i), Email: fmt.Sprintf("w%d@example.com", i), Password: "password-1"})
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u.ID)
	}
	post, err := svc.CreatePost(ctx, users[0], model.NewPost{Content: "like me"})
	if err != nil {
		t.Fatal(err)
	}

	const perProcess, perGoroutine = 300, 50
	var writers []*evWriter
	for i := 1; i < 4; i++ {
		writers = append(writers, startWriter(t, url, users[i], users[0], perProcess))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*perGoroutine)
	for g := range 8 {
		wg.Go(func() {
			for range perGoroutine {
				if _, err := svc.ToggleLike(ctx, users[g%4], post.ID); err != nil {
					errs <- err
				}
				if _, err := svc.SendMessage(ctx, users[0], users[1+g%3], "from the parent"); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a write in this process failed: %v", err)
	}
	for i, w := range writers {
		if err := w.cmd.Wait(); err != nil {
			t.Errorf("writer process %d failed: %v\n%s", i+1, err, w.out.String())
		}
	}
	var messages, likes, count int
	db.SQL().QueryRow(`SELECT COUNT(*) FROM messages_app_message`).Scan(&messages)
	db.SQL().QueryRow(`SELECT COUNT(*) FROM posts_like WHERE post_id = $1`, post.ID).Scan(&likes)
	db.SQL().QueryRow(`SELECT likes_count FROM posts_post WHERE id = $1`, post.ID).Scan(&count)
	if want := 3*perProcess + 8*perGoroutine; messages != want {
		t.Errorf("%d messages stored, want %d", messages, want)
	}
	if likes != count {
		t.Errorf("likes_count %d, but %d like rows", count, likes)
	}
}
