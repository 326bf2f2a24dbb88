package seed_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
)

func open(t *testing.T) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// checkCounters asserts that every cached counter equals the rows it counts.
func checkCounters(t *testing.T, db *storage.DB) {
	t.Helper()
	for _, q := range []string{
		`SELECT COUNT(*) FROM posts_post p WHERE p.likes_count <> (SELECT COUNT(*) FROM posts_like l WHERE l.post_id = p.id)`,
		`SELECT COUNT(*) FROM posts_post p WHERE p.comment_count <> (SELECT COUNT(*) FROM posts_post r WHERE r.parent_id = p.id)`,
		`SELECT COUNT(*) FROM friends_friendship f WHERE NOT EXISTS (SELECT 1 FROM friends_friendship g WHERE g.user_id = f.friend_id AND g.friend_id = f.user_id)`,
		`SELECT COUNT(*) FROM friends_friendrequest r WHERE EXISTS (SELECT 1 FROM friends_friendship f WHERE f.user_id = r.from_user_id AND f.friend_id = r.to_user_id)`,
		`SELECT COUNT(*) FROM auth_user u WHERE NOT EXISTS (SELECT 1 FROM users_profile p WHERE p.user_id = u.id)`,
		`SELECT COUNT(*) FROM posts_post WHERE created_at > '` + time.Now().UTC().Add(time.Minute).Format("2006-01-02 15:04:05") + `'`,
	} {
		var bad int
		if err := db.SQL().QueryRow(q).Scan(&bad); err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Errorf("%d rows break: %s", bad, q)
		}
	}
	// The search index is sound and holds one document per top-level post.
	if _, err := db.SQL().Exec(`INSERT INTO numeneon_post_search (numeneon_post_search) VALUES ('integrity-check')`); err != nil {
		t.Errorf("search index damaged: %v", err)
	}
	var docs, top int
	db.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM numeneon_post_search_docsize),
		(SELECT COUNT(*) FROM posts_post WHERE parent_id IS NULL)`).Scan(&docs, &top)
	if docs != top {
		t.Errorf("search index holds %d posts, want the %d top-level posts", docs, top)
	}
}

func TestSampleNetwork(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	opt := seed.Options{Hasher: model.Hasher{Iterations: 1000}}
	sum, err := seed.Run(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Users != 60 || sum.Posts == 0 || sum.Replies == 0 || sum.Likes == 0 || sum.Friendships == 0 || sum.Requests == 0 || sum.Messages == 0 {
		t.Errorf("summary %v: want every kind of row", sum)
	}
	checkCounters(t, db)

	svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
	alice, err := svc.Login(ctx, "alice", seed.Password)
	if err != nil {
		t.Fatalf("alice cannot log in with the seed password: %v", err)
	}
	if in, _ := svc.FriendRequests(ctx, alice.ID, true); len(in) != 2 {
		t.Errorf("alice has %d incoming requests, want 2", len(in))
	}
	if n, _ := svc.UnreadCount(ctx, alice.ID); n == 0 {
		t.Error("alice has no unread messages; the demo should show some")
	}
	if feed, _ := svc.Feed(ctx, alice.ID, model.FeedHome, model.Page{}); len(feed) != model.DefaultPageSize {
		t.Errorf("alice's home feed has %d posts, want a full page", len(feed))
	}

	found, err := svc.SearchPosts(ctx, alice.ID, "keyboard", model.Page{})
	if err != nil || len(found) == 0 {
		t.Fatalf("search for a seeded word: %d posts, %v", len(found), err)
	}
	if err := svc.DeletePost(ctx, found[0].Author.ID, found[0].ID); err != nil {
		t.Fatalf("delete a seeded post: %v", err)
	}
	checkCounters(t, db)

	if _, err := seed.Run(ctx, db, opt); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("seeding twice without --clear: %v, want ECONFLICT", err)
	}
	opt.Clear = true
	again, err := seed.Run(ctx, db, opt)
	if err != nil {
		t.Fatalf("seed --clear: %v", err)
	}
	var users int
	db.SQL().QueryRow(`SELECT COUNT(*) FROM auth_user`).Scan(&users)
	if users != again.Users {
		t.Errorf("after --clear: %d users, want %d", users, again.Users)
	}
	checkCounters(t, db)
}

func TestGeneratedNetwork(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	var stages []string
	sum, err := seed.Run(ctx, db, seed.Options{Users: 300, Posts: 5000, Hasher: model.Hasher{Iterations: 1000},
		Progress: func(stage string, done, total int64) {
			if done == total {
				stages = append(stages, stage)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	var users, posts int
	db.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM auth_user), (SELECT COUNT(*) FROM posts_post)`).Scan(&users, &posts)
	if users != 300 || posts != 5000 || sum.Posts+sum.Replies != 5000 {
		t.Errorf("got %d users and %d posts (summary %v), want 300 and 5000", users, posts, sum)
	}
	if len(stages) < 4 {
		t.Errorf("progress reported only %v", stages)
	}
	checkCounters(t, db)
}
