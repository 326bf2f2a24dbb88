// Package seed fills a database with a sample Numeneon network: a small,
// named, lively one for the demo, or a large generated one (thousands of
// users, a million posts) for benchmarks. It writes through storage's bulk
// Loader, the same rows the Service would write, with consistent counters.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// Options says what to seed.
type Options struct {
	// Users and Posts size a generated network; both 0 seeds the named
	// sample network of the demo.
	Users, Posts int
	// Clear deletes every user, post, like, friendship, request and
	// message first.
	Clear bool
	// Progress, if set, is told how far each stage is.
	Progress func(stage string, done, total int64)
	// Now is the moment the sample's timestamps lead up to (default: now).
	Now time.Time
	// Hasher makes the one password hash all seeded users share.
	Hasher model.Hasher
}

// Password is the password of every seeded user.
const Password = "numeneon"

// Summary counts what a seed wrote.
type Summary struct {
	Users, Posts, Replies, Likes, Friendships, Requests, Messages int
}

func (s Summary) String() string {
	return fmt.Sprintf("%d users, %d posts, %d replies, %d likes, %d friendships, %d pending requests, %d messages",
		s.Users, s.Posts, s.Replies, s.Likes, s.Friendships, s.Requests, s.Messages)
}

// Run seeds db.
func Run(ctx context.Context, db *storage.DB, opt Options) (Summary, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Progress == nil {
		opt.Progress = func(string, int64, int64) {}
	}
	if opt.Users < 0 || opt.Posts < 0 {
		return Summary{}, model.Invalid("users", "--users and --posts cannot be negative.")
	}
	if opt.Clear {
		if err := db.Clear(ctx); err != nil {
			return Summary{}, err
		}
	}
	g := &generator{
		db:   db,
		opt:  opt,
		rng:  rand.New(rand.NewPCG(42, uint64(opt.Users)<<32|uint64(opt.Posts))),
		hash: opt.Hasher.Hash(Password),
	}
	var err error
	if opt.Users == 0 && opt.Posts == 0 {
		err = g.sample(ctx)
	} else {
		err = g.generated(ctx, max(opt.Users, 2), opt.Posts)
	}
	if err != nil {
		return g.sum, err
	}
	return g.sum, db.Analyze(ctx)
}
