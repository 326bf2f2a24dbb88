package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
)

// The benchmarks run on a network of benchPosts posts by benchUsers users,
// seeded once and kept between runs: a SQLite file in
// $NUMENEON_BENCH_DIR (default: the temp dir) and a schema numeneon_bench
// on the NUMENEON_TEST_POSTGRES server. NUMENEON_BENCH_POSTS sets another
// number of posts (10000000 for the network of ten million), with a
// hundredth as many users, so that each person has as many posts and
// friends as in the million: what grows is only the network around them.
var benchPosts, benchUsers = benchScale()

// defaultBenchPosts is the network of `make bench`.
const defaultBenchPosts = 1_000_000

// chattyConversations is the conversation list the chat benchmark reads.
const chattyConversations = 200

func benchScale() (posts, users int) {
	posts = defaultBenchPosts
	if v := os.Getenv("NUMENEON_BENCH_POSTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10_000 {
			panic("NUMENEON_BENCH_POSTS must be a number of posts, at least 10000: " + v)
		}
		posts = n
	}
	return posts, posts / 100
}

func benchSQLiteURL() string {
	dir := os.Getenv("NUMENEON_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, fmt.Sprintf("numeneon-bench-%d-%d.db", benchUsers, benchPosts))
}

// benchSchema is the PostgreSQL schema of the benchmark network.
func benchSchema() string {
	if benchPosts == defaultBenchPosts {
		return "numeneon_bench"
	}
	return fmt.Sprintf("numeneon_bench_%d", benchPosts)
}

func benchPostgresURL(b *testing.B) string { return benchSchemaURL(b, benchSchema()) }

// benchSchemaURL is the NUMENEON_TEST_POSTGRES server with its search
// path on schema, which it creates if need be.
func benchSchemaURL(b *testing.B, schema string) string {
	if postgresDSN == "" {
		b.Skip("NUMENEON_TEST_POSTGRES is not set")
	}
	admin, err := sql.Open("pgx", postgresDSN)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA IF NOT EXISTS ` + schema); err != nil {
		b.Fatal(err)
	}
	u, _ := url.Parse(postgresDSN)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// benchDB opens the seeded benchmark database of one kind, seeding it
// first when it does not hold the full network yet.
func benchDB(b *testing.B, kind string) (*storage.DB, *model.Service) {
	b.Helper()
	ctx := context.Background()
	rawURL := benchSQLiteURL()
	if kind == "postgres" {
		rawURL = benchPostgresURL(b)
	}
	db := open(b, rawURL)
	var users, posts int
	if err := db.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM auth_user), (SELECT COUNT(*) FROM posts_post)`).Scan(&users, &posts); err != nil {
		b.Fatal(err)
	}
	svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
	if users < benchUsers || posts < benchPosts {
		start := time.Now()
		sum, err := seed.Run(ctx, db, seed.Options{Users: benchUsers, Posts: benchPosts, Clear: true,
			Hasher: model.Hasher{Iterations: 1000}})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %s in %v: %v", kind, time.Since(start).Round(time.Millisecond), sum)
	}
	op := model.NewOperator(db, model.WithHasher(model.Hasher{Iterations: 1000}))
	_, err := op.UserByUsername(ctx, "chatty")
	if model.ErrorCode(err) == model.ENOTFOUND {
		err = addChattyUser(ctx, svc, op)
	}
	if err != nil {
		b.Fatal(err)
	}
	var shields int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM numeneon_block`).Scan(&shields); err != nil {
		b.Fatal(err)
	}
	if shields == 0 {
		if err := addShields(ctx, db, svc); err != nil {
			b.Fatal(err)
		}
	}
	return db, svc
}

// addChattyUser gives the user "chatty" chattyConversations conversations
// of a few messages each, some unread.
func addChattyUser(ctx context.Context, svc *model.Service, op *model.Operator) error {
	me, err := svc.SignUp(ctx, model.SignUp{Username: "chatty", Email: "chatty@bench.example", Password: "bench-password"})
	if err != nil {
		return err
	}
	others, err := op.Users(ctx, 0, chattyConversations)
	if err != nil {
		return err
	}
	for i, o := range others {
		for k := range 5 {
			from, to := me.ID, o.ID
			if (i+k)%2 == 0 {
				from, to = o.ID, me.ID
			}
			if _, err := svc.SendMessage(ctx, from, to, fmt.Sprintf("message %d of conversation %d", k, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// shieldedUsers is how many of the first accounts block and mute others.
const shieldedUsers = 300

// addShields has each of the first shieldedUsers accounts (those the
// benchmarks read as) mute three of their friends, block ten strangers and
// be blocked by ten more, so that every feed is read through blocks and
// mutes, as for a person who uses them.
func addShields(ctx context.Context, db *storage.DB, svc *model.Service) error {
	rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM auth_user ORDER BY id LIMIT $1`, benchUsers)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i, u := range ids[:min(shieldedUsers, len(ids))] {
		friends, err := svc.Friends(ctx, u, u)
		if err != nil {
			return err
		}
		for _, f := range friends[:min(3, len(friends))] {
			if err := svc.Mute(ctx, u, f.User.ID); err != nil {
				return err
			}
		}
		other := func(k int) int64 { return ids[(i+k)%len(ids)] }
		for k := 1; k <= 10; k++ {
			if err := svc.Block(ctx, u, other(900*k)); err != nil {
				return err
			}
			if err := svc.Block(ctx, other(900*k+450), u); err != nil {
				return err
			}
		}
	}
	return nil
}

// firstUser is the account with the lowest id: the seed's first.
func firstUser(b *testing.B, db *storage.DB) int64 {
	var id int64
	if err := db.SQL().QueryRow(`SELECT MIN(id) FROM auth_user`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	return id
}

// sampleUsers returns up to n user ids with friends, spread over the table.
func sampleUsers(b *testing.B, db *storage.DB, n int) []int64 {
	rows, err := db.SQL().Query(`SELECT DISTINCT user_id FROM friends_friendship ORDER BY user_id LIMIT $1`, n)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		b.Fatal("no users with friends")
	}
	return ids
}

func forEachBackend(b *testing.B, fn func(b *testing.B, db *storage.DB, svc *model.Service)) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			db, svc := benchDB(b, kind)
			b.ResetTimer()
			fn(b, db, svc)
		})
	}
}

// BenchmarkHomeFeed reads the first page of 50 posts of a user's home feed
// (target: under 5 ms), then the page after it.
func BenchmarkHomeFeed(b *testing.B) {
	ctx := context.Background()
	forEachBackend(b, func(b *testing.B, db *storage.DB, svc *model.Service) {
		users := sampleUsers(b, db, 100)
		b.Run("first-page", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				posts, err := svc.Feed(ctx, users[i%len(users)], model.FeedHome, model.Page{Limit: 50})
				if err != nil || len(posts) == 0 {
					b.Fatalf("feed: %d posts, %v", len(posts), err)
				}
			}
		})
		b.Run("next-page", func(b *testing.B) {
			cursors := make([]*model.Cursor, len(users))
			for i, u := range users {
				posts, _ := svc.Feed(ctx, u, model.FeedHome, model.Page{Limit: 50})
				if len(posts) > 0 {
					cursors[i] = posts[len(posts)-1].Cursor()
				}
			}
			for i := 0; b.Loop(); i++ {
				if _, err := svc.Feed(ctx, users[i%len(users)], model.FeedHome, model.Page{Limit: 50, Before: cursors[i%len(users)]}); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkEveryoneFeed reads the first page of everyone's feed.
func BenchmarkEveryoneFeed(b *testing.B) {
	ctx := context.Background()
	forEachBackend(b, func(b *testing.B, db *storage.DB, svc *model.Service) {
		me := firstUser(b, db)
		for b.Loop() {
			if posts, err := svc.Feed(ctx, me, model.FeedEveryone, model.Page{Limit: 50}); err != nil || len(posts) != 50 {
				b.Fatalf("feed: %d posts, %v", len(posts), err)
			}
		}
	})
}

// BenchmarkConversations lists the conversations of a user who has 200
// (target: under 5 ms).
func BenchmarkConversations(b *testing.B) {
	ctx := context.Background()
	forEachBackend(b, func(b *testing.B, db *storage.DB, svc *model.Service) {
		me, err := model.NewOperator(db).UserByUsername(ctx, "chatty")
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			convs, err := svc.Conversations(ctx, me.ID)
			if err != nil || len(convs) != chattyConversations {
				b.Fatalf("conversations: %d, %v", len(convs), err)
			}
		}
	})
}

// BenchmarkRiver reads a home River page of 10 rows.
func BenchmarkRiver(b *testing.B) {
	ctx := context.Background()
	forEachBackend(b, func(b *testing.B, db *storage.DB, svc *model.Service) {
		users := sampleUsers(b, db, 100)
		for _, scope := range []struct {
			name  string
			scope model.FeedScope
		}{{"home", model.FeedHome}, {"everyone", model.FeedEveryone}} {
			b.Run(scope.name, func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					if _, err := svc.River(ctx, users[i%len(users)], scope.scope, 10, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

// BenchmarkProfile reads a profile with its counts and a year of activity.
func BenchmarkProfile(b *testing.B) {
	ctx := context.Background()
	forEachBackend(b, func(b *testing.B, db *storage.DB, svc *model.Service) {
		users := sampleUsers(b, db, 100)
		for i := 0; b.Loop(); i++ {
			if _, err := svc.Profile(ctx, users[0], users[i%len(users)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSeed seeds benchUsers users and benchPosts posts into a fresh
// SQLite file (target: under 60 s; ten million in under 10 minutes).
func BenchmarkSeed(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "seed.db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		sum, err := seed.Run(ctx, db, seed.Options{Users: benchUsers, Posts: benchPosts, Hasher: model.Hasher{Iterations: 1000}})
		if err != nil {
			b.Fatal(err)
		}
		if got := sum.Posts + sum.Replies; got != benchPosts {
			b.Fatalf("seeded %d posts, want %d", got, benchPosts)
		}
		db.Close()
	}
}

// BenchmarkSearchPosts finds the newest 50 posts containing a word that
// is in 32,000 of them (target: under 20 ms), then the page after those,
// and a word found nowhere.
func BenchmarkSearchPosts(b *testing.B) {
	ctx := context.Background()
	forEachBackend(b, func(b *testing.B, db *storage.DB, svc *model.Service) {
		me := firstUser(b, db)
		first, err := svc.SearchPosts(ctx, me, "keyboard", model.Page{Limit: 50})
		if err != nil || len(first) != 50 {
			b.Fatalf("search: %d posts, %v", len(first), err)
		}
		for _, search := range []struct {
			name, word string
			before     *model.Cursor
			want       int
		}{
			{"first-page", "keyboard", nil, 50},
			{"next-page", "keyboard", first[49].Cursor(), 50},
			{"nowhere", "xylophonic", nil, 0},
		} {
			b.Run(search.name, func(b *testing.B) {
				for b.Loop() {
					posts, err := svc.SearchPosts(ctx, me, search.word, model.Page{Limit: 50, Before: search.before})
					if err != nil || len(posts) != search.want {
						b.Fatalf("search: %d posts, %v", len(posts), err)
					}
				}
			})
		}
	})
}
