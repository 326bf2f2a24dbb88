// Package seed fills a database with a sample Numeneon network: a small,
// named, lively one for the demo, or a large generated one (thousands of
// users, a million posts) for benchmarks. It writes through storage's bulk
// Loader, the same rows the Service would write, with consistent counters,
// and with ids reserved as it goes, so that it runs beside the web app and
// other writers.
package seed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// Options says what to seed.
type Options struct {
	// Users and Posts size a generated network (Posts counts replies too);
	// both 0 seeds the named sample network of the demo. A generated
	// network has at least 2 users, so that there are friendships.
	Users, Posts int
	// Clear deletes every account and everything that goes with it first
	// (see storage.Loader.Clear), in the transaction that adds the users:
	// if that fails, nothing is deleted.
	Clear bool
	// Force adds to a database that has accounts already. Without it (or
	// Clear) Run refuses one, since anybody can log in to a seeded account
	// with Password.
	Force bool
	// Progress, if set, is told how far each stage is (StageUsers, …):
	// done < total while the stage is under way, done == total once what
	// it wrote is committed. total may grow as a stage goes.
	Progress func(stage string, done, total int64)
	// Now is the moment the sample's timestamps lead up to (default: now).
	Now time.Time
	// Hasher makes the one password hash all seeded users share.
	Hasher model.Hasher
}

// The stages of a seed, in order, as Progress names them.
const (
	StageUsers    = "users"
	StageFriends  = "friendships"
	StagePosts    = "posts and replies"
	StageMessages = "messages"
)

// MaxUsers is the most users a generated network can have. The generator
// keeps every user's friends in memory while it seeds, about half a
// kilobyte a user (43 MB of live heap for 100,000); posts are written as
// they are made and take no memory that grows with their number.
const MaxUsers = 1_000_000

// Password is the password of every seeded user.
const Password = "numeneon"

// emailDomain is the domain of every seeded user's e-mail address.
const emailDomain = "numeneon.example"

// Summary counts what a seed wrote.
type Summary struct {
	Users, Posts, Replies, Likes, Friendships, Requests, Messages int
}

// numbers formats counts in messages, with thousands separators.
var numbers = message.NewPrinter(language.English)

// Validate refuses counts that are negative or larger than a seed can
// hold in memory.
func (o Options) Validate() error {
	switch {
	case o.Users < 0:
		return model.Invalid("users", "The number of users cannot be negative.")
	case o.Posts < 0:
		return model.Invalid("posts", "The number of posts cannot be negative.")
	case o.Users > MaxUsers:
		return model.Invalid("users", "A generated network can have at most %s users.", numbers.Sprint(MaxUsers))
	}
	return nil
}

// Run seeds db. On an error it returns what was committed before it: a
// seed writes in one transaction per stage (users, friendships, posts with
// their likes and shares, messages), and the committed ones stay. Cancelling ctx stops it
// within moments, with an error that wraps ctx's.
func Run(ctx context.Context, db *storage.DB, opt Options) (Summary, error) {
	if err := opt.Validate(); err != nil {
		return Summary{}, err
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Progress == nil {
		opt.Progress = func(string, int64, int64) {}
	}
	g := &generator{
		db:      db,
		opt:     opt,
		rng:     rand.New(rand.NewPCG(42, uint64(opt.Users)<<32|uint64(opt.Posts))),
		hash:    opt.Hasher.Hash(Password),
		friends: map[int64][]int64{},
		linked:  map[[2]int64]bool{},
	}
	var err error
	if opt.Users == 0 && opt.Posts == 0 {
		err = g.sample(ctx)
	} else {
		err = g.generated(ctx, max(opt.Users, 2), opt.Posts)
	}
	if err == nil {
		err = db.Analyze(ctx)
	}
	return g.kept, err
}

// errRetried stops a transaction that the database asked to run again: the
// generator's state (its random numbers, who is whose friend) has moved on
// and cannot make the same rows twice.
var errRetried = errors.New("the database asked to run a transaction of the seed again, which the seed cannot; seed anew")

// load runs fn in one transaction; once that has committed, what fn wrote
// counts as kept.
func (g *generator) load(ctx context.Context, fn func(*storage.Loader) error) error {
	runs := 0
	err := g.db.Load(ctx, func(l *storage.Loader) error {
		if runs++; runs > 1 {
			return errRetried
		}
		return fn(l)
	})
	if err == nil {
		g.kept = g.sum
	}
	return err
}

// progress reports a stage under way; done == total is kept for stageDone.
func (g *generator) progress(stage string, done, total int64) {
	if done < total {
		g.opt.Progress(stage, done, total)
	}
}

// stageDone reports a stage whose n rows are committed.
func (g *generator) stageDone(stage string, n int) {
	g.opt.Progress(stage, int64(n), int64(n))
}

// prepare starts the first transaction of a seed. It waits for the first
// transaction of any other seed (so that two seeds do not both find the
// database empty), clears the database if asked, and refuses one that has
// accounts unless told to add to them; for the sample network, one that
// has it already or whose accounts have its usernames.
func (g *generator) prepare(l *storage.Loader, sample bool) error {
	if err := l.Lock("numeneon seed"); err != nil {
		return err
	}
	if g.opt.Clear {
		if err := l.Clear(); err != nil {
			return err
		}
	}
	var taken []string // the sample's usernames that accounts have
	if sample {
		ours := 0 // accounts that are the sample's people: their usernames and seed e-mails
		for _, p := range samplePeople {
			// 0: free; 1: another account's; 2: the sample's.
			n, err := l.QueryInt(`SELECT COALESCE(MAX(CASE WHEN email = $2 THEN 2 ELSE 1 END), 0)
				FROM auth_user WHERE username = $1`, p.username, email(p.username))
			if err != nil {
				return err
			}
			if n > 0 {
				taken = append(taken, p.username)
			}
			if n == 2 {
				ours++
			}
		}
		if ours == len(samplePeople) {
			return model.Errorf(model.ECONFLICT, "The sample network is there already; add --clear to seed it anew.")
		}
	}
	if !g.opt.Force {
		n, err := l.QueryInt(`SELECT COUNT(*) FROM auth_user`)
		if err != nil {
			return err
		}
		if n > 0 {
			accounts := numbers.Sprintf("%d accounts", n)
			if n == 1 {
				accounts = "an account"
			}
			return model.Errorf(model.ECONFLICT, "The database has %s already. Seeding adds accounts "+
				"that anyone can log in to with the password %q: add --force to add them anyway, or --clear to replace everything.",
				accounts, Password)
		}
	}
	if len(taken) > 0 {
		return model.Errorf(model.ECONFLICT, "The database has accounts with usernames of the sample network (%s); "+
			"add --clear to replace everything, or seed a generated network with --users and --posts.", strings.Join(taken, ", "))
	}
	return nil
}

func email(username string) string { return username + "@" + emailDomain }

// seedError names the stage of a failed seed.
func seedError(stage string, err error) error {
	return fmt.Errorf("seed %s: %w", stage, err)
}
