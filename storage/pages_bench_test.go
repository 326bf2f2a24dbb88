package storage_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// page is what one screen reads when it opens, as the TUI asks for it:
// read it as viewer, the i-th time.
type page struct {
	name string
	read func(ctx context.Context, svc *model.Service, s *pageSample, i int) error
}

// pageSample holds what the pages read: viewers with friends, a post
// with replies of each, and a conversation of each.
type pageSample struct {
	users   []int64
	threads []int64    // top-level posts with replies
	convs   [][2]int64 // two people who wrote to each other
}

func (s *pageSample) user(i int) int64 { return s.users[i%len(s.users)] }

// pages are the screens of the app that read the network: the feeds, the
// River, a profile (its header with counts and a year of activity, and
// its first 30 posts), a post with its thread of replies, a conversation's
// newest 50 messages and the list of conversations.
var pages = []page{
	{"home-feed", func(ctx context.Context, svc *model.Service, s *pageSample, i int) error {
		return nonEmpty(svc.Feed(ctx, s.user(i), model.FeedHome, model.Page{Limit: 50}))
	}},
	{"everyone-feed", func(ctx context.Context, svc *model.Service, s *pageSample, i int) error {
		return nonEmpty(svc.Feed(ctx, s.user(i), model.FeedEveryone, model.Page{Limit: 50}))
	}},
	{"river-home", func(ctx context.Context, svc *model.Service, s *pageSample, i int) error {
		return nonEmpty(svc.River(ctx, s.user(i), model.FeedHome, 10, nil))
	}},
	{"river-everyone", func(ctx context.Context, svc *model.Service, s *pageSample, i int) error {
		return nonEmpty(svc.River(ctx, s.user(i), model.FeedEveryone, 10, nil))
	}},
	{"profile", func(ctx context.Context, svc *model.Service, s *pageSample, i int) error {
		viewer, owner := s.user(0), s.user(i+1)
		if _, err := svc.Profile(ctx, viewer, owner); err != nil {
			return err
		}
		return nonEmpty(svc.UserPosts(ctx, viewer, owner, model.Page{Limit: 30}))
	}},
	{"thread", func(ctx context.Context, svc *model.Service, s *pageSample, i int) error {
		post := s.threads[i%len(s.threads)]
		if _, err := svc.Post(ctx, s.user(0), post); err != nil {
			return err
		}
		return nonEmpty(svc.Thread(ctx, s.user(0), post, model.Page{Limit: 100}))
	}},
	{"conversation", func(ctx context.Context, svc *model.Service, s *pageSample, i int) error {
		c := s.convs[i%len(s.convs)]
		return nonEmpty(svc.Messages(ctx, c[0], c[1], model.Page{Limit: 50}))
	}},
	{"conversations", func(ctx context.Context, svc *model.Service, s *pageSample, i int) error {
		return nonEmpty(svc.Conversations(ctx, s.convs[i%len(s.convs)][0]))
	}},
}

func nonEmpty[T any](xs []T, err error) error {
	if err == nil && len(xs) == 0 {
		return fmt.Errorf("nothing read")
	}
	return err
}

// BenchmarkPages opens each page of the app on the benchmark network
// (NUMENEON_BENCH_POSTS sets its size, see benchScale): warm, with the
// database in the operating system's cache, and then, on SQLite, cold,
// with the file's pages dropped from that cache and the database opened
// anew before each read (the opening itself is not timed).
func BenchmarkPages(b *testing.B) {
	ctx := context.Background()
	forEachBackend(b, func(b *testing.B, db *storage.DB, svc *model.Service) {
		s := samplePages(b, db)
		for _, p := range pages {
			b.Run(p.name+"/warm", func(b *testing.B) {
				var cpu time.Duration
				for i := 0; b.Loop(); i++ {
					start := cpuTime()
					if err := p.read(ctx, svc, s, i); err != nil {
						b.Fatal(err)
					}
					cpu += cpuTime() - start
				}
				reportCPU(b, cpu)
			})
		}
		if db.Dialect() != "sqlite" {
			return
		}
		for _, p := range pages {
			b.Run(p.name+"/cold", func(b *testing.B) {
				var cpu time.Duration
				for i := 0; b.Loop(); i++ {
					b.StopTimer()
					cold := coldOpen(b, benchSQLiteURL())
					b.StartTimer()
					start := cpuTime()
					err := p.read(ctx, model.NewService(cold), s, i)
					cpu += cpuTime() - start
					b.StopTimer()
					cold.Close()
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				reportCPU(b, cpu)
			})
		}
	})
}

// reportCPU adds the processor time per read (cpu-ms/op) beside the wall
// time: on a busy machine the wall time grows with the others' work, the
// processor time much less.
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// samplePages picks what the pages read: the first 100 people with
// friends, the newest post with replies of each, and a conversation of
// each who has one.
func samplePages(b *testing.B, db *storage.DB) *pageSample {
	s := &pageSample{users: sampleUsers(b, db, 100)}
	for _, u := range s.users {
		var post int64
		err := db.SQL().QueryRow(`SELECT id FROM posts_post
			WHERE author_id = $1 AND parent_id IS NULL AND target_profile_id IS NULL AND comment_count > 0
			ORDER BY created_at DESC LIMIT 1`, u).Scan(&post)
		if err == nil {
			s.threads = append(s.threads, post)
		}
		var other int64
		err = db.SQL().QueryRow(`SELECT receiver_id FROM messages_app_message WHERE sender_id = $1 LIMIT 1`, u).Scan(&other)
		if err == nil {
			s.convs = append(s.convs, [2]int64{u, other})
		}
	}
	if len(s.threads) == 0 || len(s.convs) == 0 {
		b.Fatalf("%d threads and %d conversations among the sampled people", len(s.threads), len(s.convs))
	}
	return s
}

// coldOpen drops the SQLite file at path (and its write-ahead log) from
// the operating system's cache and opens it anew: what a read finds after
// a restart, or once the rest of a large network pushed its pages out.
func coldOpen(b *testing.B, path string) *storage.DB {
	for _, name := range []string{path, path + "-wal"} {
		switch err := dropFromCache(name); {
		case errors.Is(err, errors.ErrUnsupported):
			b.Skip("cold reads are measured on Linux only")
		case err != nil && !os.IsNotExist(err):
			b.Fatal(err)
		}
	}
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	return db
}
