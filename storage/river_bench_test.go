package storage_test

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
)

// BenchmarkRiverAuthors reads River pages of riverBenchPage rows on networks
// of riverBenchPosts posts spread over few or many authors (from 40,000
// posts each to two), each seeded once and kept: a SQLite file in
// $NUMENEON_BENCH_DIR and a schema numeneon_river_<authors> on the
// NUMENEON_TEST_POSTGRES server. For each River, Home and Everyone, it
// reads the first page, the page after it and the last page (the page
// after the cursor of the last row but riverBenchPage/2), as the seed's
// first user, who mutes a friend and blocks a stranger. Target: every
// page under 20 ms.
func BenchmarkRiverAuthors(b *testing.B) {
	ctx := context.Background()
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			for _, authors := range []int{5, 100, 10_000, 100_000} {
				b.Run(fmt.Sprintf("authors=%d", authors), func(b *testing.B) {
					db, svc := riverNetwork(b, kind, authors)
					viewer := firstUser(b, db)
					for _, scope := range []struct {
						name  string
						scope model.FeedScope
					}{{"home", model.FeedHome}, {"everyone", model.FeedEveryone}} {
						b.Run(scope.name, func(b *testing.B) {
							order := riverOrder(b, db, viewer, scope.scope)
							pages := []struct {
								name  string
								after *model.RiverCursor
							}{
								{"first", nil},
								{"next", riverCursor(order, min(riverBenchPage, len(order))-1)},
								{"last", riverCursor(order, len(order)-1-riverBenchPage/2)},
							}
							for _, page := range pages {
								b.Run(page.name, func(b *testing.B) {
									for b.Loop() {
										if _, err := svc.River(ctx, viewer, scope.scope, riverBenchPage, page.after); err != nil {
											b.Fatal(err)
										}
									}
								})
							}
						})
					}
				})
			}
		})
	}
}

const (
	riverBenchPosts = 200_000
	// riverBenchPage is the TUI's River page.
	riverBenchPage = 20
)

// riverNetwork opens the benchmark network of authors users, seeding it
// when it does not hold them and riverBenchPosts posts yet.
func riverNetwork(b *testing.B, kind string, authors int) (*storage.DB, *model.Service) {
	b.Helper()
	ctx := context.Background()
	var rawURL string
	if kind == "postgres" {
		rawURL = benchSchemaURL(b, fmt.Sprintf("numeneon_river_%d", authors))
	} else {
		dir := os.Getenv("NUMENEON_BENCH_DIR")
		if dir == "" {
			dir = os.TempDir()
		}
		rawURL = filepath.Join(dir, fmt.Sprintf("numeneon-river-%d.db", authors))
	}
	db := open(b, rawURL)
	hasher := model.Hasher{Iterations: 1000}
	svc := model.NewService(db, model.WithHasher(hasher))
	var users, posts, mutes int
	if err := db.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM auth_user), (SELECT COUNT(*) FROM posts_post),
		(SELECT COUNT(*) FROM numeneon_mute)`).Scan(&users, &posts, &mutes); err != nil {
		b.Fatal(err)
	}
	if users >= authors && posts >= riverBenchPosts && mutes > 0 {
		return db, svc
	}
	start := time.Now()
	sum, err := seed.Run(ctx, db, seed.Options{Users: authors, Posts: riverBenchPosts, Clear: true, Hasher: hasher})
	if err != nil {
		b.Fatal(err)
	}
	// The viewer mutes a friend and blocks someone else, so that the
	// Rivers are read through both.
	viewer := firstUser(b, db)
	friends, err := svc.Friends(ctx, viewer, viewer)
	if err != nil || len(friends) < 2 {
		b.Fatalf("the viewer has %d friends (%v)", len(friends), err)
	}
	if err := svc.Mute(ctx, viewer, friends[0].User.ID); err != nil {
		b.Fatal(err)
	}
	if err := svc.Block(ctx, viewer, friends[1].User.ID); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %s with %d authors in %v: %v", kind, authors, time.Since(start).Round(time.Millisecond), sum)
	return db, svc
}

// riverOrder is the viewer's whole River, author and latest post time,
// computed from the posts themselves.
func riverOrder(b *testing.B, db *storage.DB, viewer int64, scope model.FeedScope) []model.RiverCursor {
	b.Helper()
	home := ""
	if scope == model.FeedHome {
		home = ` AND author_id IN (SELECT CAST($1 AS integer) UNION SELECT friend_id FROM friends_friendship WHERE user_id = $1)`
	}
	rows, err := db.SQL().Query(`SELECT author_id, MAX(created_at) FROM posts_post
		WHERE parent_id IS NULL AND target_profile_id IS NULL`+home+`
		AND author_id NOT IN (SELECT muted_id FROM numeneon_mute WHERE user_id = $1
			UNION SELECT blocked_id FROM numeneon_block WHERE user_id = $1
			UNION SELECT user_id FROM numeneon_block WHERE blocked_id = $1)
		GROUP BY author_id`, viewer)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var order []model.RiverCursor
	for rows.Next() {
		var (
			c      model.RiverCursor
			latest any
		)
		if err := rows.Scan(&c.AuthorID, &latest); err != nil {
			b.Fatal(err)
		}
		switch t := latest.(type) {
		case time.Time:
			c.LatestAt = t.UTC()
		case string:
			if c.LatestAt, err = time.Parse("2006-01-02 15:04:05.999999", t); err != nil {
				b.Fatal(err)
			}
		default:
			b.Fatalf("latest post time %T", latest)
		}
		order = append(order, c)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	slices.SortFunc(order, func(x, y model.RiverCursor) int {
		if c := y.LatestAt.Compare(x.LatestAt); c != 0 {
			return c
		}
		return cmp.Compare(y.AuthorID, x.AuthorID)
	})
	return order
}

// riverCursor is the cursor after the i-th row of order; nil for the
// first page when i is before it.
func riverCursor(order []model.RiverCursor, i int) *model.RiverCursor {
	if i < 0 {
		return nil
	}
	return &order[i]
}
