package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
)

// SeedCmd fills the database.
type SeedCmd struct {
	Users int  `placeholder:"N" help:"Generate N users (at least 2, at most 1,000,000) instead of the sample network."`
	Posts int  `placeholder:"N" help:"Generate N posts, replies included, instead of the sample network."`
	Clear bool `help:"First delete every account, post, like, friendship, request and message. Asks on the terminal; elsewhere needs --yes."`
	Yes   bool `help:"Do not ask before --clear deletes everything."`
	Force bool `help:"Seed a database that has accounts already (seeded accounts share a known password)."`
}

// Help is the detailed help of seed.
func (*SeedCmd) Help() string {
	return `Without --users and --posts, seed adds the small sample network of named
people, posts, friendships and messages that the demo uses. With them, it
generates a large data set (with replies, likes, friendships and messages in
proportion) for trying numeneon at scale and for benchmarks.

Every seeded account has the password "numeneon", so seed refuses a database
that has accounts unless --force (add to them) or --clear (replace them) says
otherwise. --clear, --yes and --force are taken from the command line only,
never from the configuration file. Seeding runs beside other writers (the
web app, numeneon serve); Ctrl-C stops it and keeps what it had committed.

Examples:
  numeneon seed --clear
  numeneon --db bench.db seed --clear --yes --users 10000 --posts 100000`
}

// options are the seed's options for the command line.
func (c *SeedCmd) options() seed.Options {
	return seed.Options{Users: c.Users, Posts: c.Posts, Clear: c.Clear, Force: c.Force}
}

// Validate refuses counts seed cannot take (kong calls it after parsing).
func (c *SeedCmd) Validate() error { return c.options().Validate() }

// Run seeds the database and prints what it made.
func (c *SeedCmd) Run(ctx context.Context, a *App, g *Globals) error {
	db, loc, err := a.open(ctx, g, true)
	if err != nil {
		return err
	}
	defer db.Close()
	if c.Clear && !c.Yes {
		if err := a.confirmClear(ctx, db, loc); err != nil {
			return err
		}
	}
	p := newSeedProgress(a.Stderr)
	start := time.Now()
	opt := c.options()
	opt.Progress, opt.Hasher = p.update, a.Hasher
	sum, err := seed.Run(ctx, db, opt)
	p.finish()
	switch {
	case err != nil && ctx.Err() != nil && sum == (seed.Summary{}):
		return fmt.Errorf("seed %w; nothing was changed.", errInterrupted)
	case err != nil && ctx.Err() != nil:
		return fmt.Errorf("seed %w; what it had committed stays: %s.", errInterrupted, seedSummary(sum))
	case err != nil && sum != (seed.Summary{}):
		// Not %w: the whole sentence is the message, a domain error's too.
		return fmt.Errorf("%s (what the seed had committed before stays: %s.)", err, seedSummary(sum))
	case err != nil:
		return err
	}
	fmt.Fprintf(a.Stdout, "Seeded %s in %s: %s.\n", loc, time.Since(start).Round(10*time.Millisecond), seedSummary(sum))
	fmt.Fprintf(a.Stdout, "Every seeded user's password is %q.\n", seed.Password)
	return nil
}

// seedSummary says what a seed wrote, in the words of its progress lines.
func seedSummary(s seed.Summary) string {
	return strings.Join([]string{
		count(s.Users, "user", "users"),
		count(s.Posts, "post", "posts") + " and " + count(s.Replies, "reply", "replies"),
		count(s.Likes, "like", "likes"),
		count(s.Friendships, "friendship", "friendships"),
		count(s.Requests, "pending request", "pending requests"),
		count(s.Messages, "message", "messages"),
	}, ", ")
}

// confirmClear asks on the terminal before seed --clear deletes
// everything; where there is no terminal to ask on, --yes must be given.
func (a *App) confirmClear(ctx context.Context, db *storage.DB, loc storage.Location) error {
	if _, ok := a.terminal(); !ok {
		return usageErr{errors.New("seed --clear deletes every account, post and message of the database; " +
			"add --yes to go ahead (standard input is no terminal to ask on)")}
	}
	s, err := model.NewOperator(db).Stats(ctx, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stderr, "seed --clear deletes every account, post, like, friendship, request and message of %s "+
		"(%s, %s and %s now). Type yes to go ahead: ", loc,
		count(s.Users, "account", "accounts"), count(s.Posts+s.Replies, "post", "posts"), count(s.Messages, "message", "messages"))
	answer, err := bufio.NewReader(a.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read the answer: %w", err)
	}
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "yes" && a != "y" {
		return errors.New("seed --clear cancelled; nothing was changed")
	}
	return nil
}

// seedProgress shows the seed's stages on w: a progress bar per stage when
// w is a terminal, else a line when each stage ends.
type seedProgress struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	stage string
	done  int64
	total int64
	start time.Time // when the current stage began
	bar   *progressbar.ProgressBar
}

func newSeedProgress(w io.Writer) *seedProgress {
	f, ok := w.(*os.File)
	return &seedProgress{w: w, tty: ok && term.IsTerminal(int(f.Fd())), start: time.Now()}
}

// update is the seed's Progress callback. It may be called from several
// goroutines.
func (p *seedProgress) update(stage string, done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if stage != p.stage {
		p.endStage()
		p.stage = stage
		if p.tty {
			p.bar = progressbar.NewOptions64(total,
				progressbar.OptionSetWriter(p.w),
				progressbar.OptionSetDescription(fmt.Sprintf("%-12s", stage)),
				progressbar.OptionSetWidth(30),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
			)
		}
	}
	if done < p.done && stage == p.stage { // a late report from another goroutine
		done = p.done
	}
	p.done, p.total = done, total
	if p.bar != nil {
		if total != p.bar.GetMax64() {
			p.bar.ChangeMax64(total)
		}
		_ = p.bar.Set64(done)
	}
}

// endStage closes the current stage's bar or prints its line. Callers
// hold mu.
func (p *seedProgress) endStage() {
	if p.stage == "" {
		return
	}
	elapsed := time.Since(p.start).Round(time.Millisecond)
	if p.bar != nil {
		if p.total > 0 && p.done >= p.total {
			_ = p.bar.Finish()
		} else {
			_ = p.bar.Exit()
		}
		fmt.Fprintf(p.w, " in %s\n", elapsed)
		p.bar = nil
	} else {
		fmt.Fprintf(p.w, "%s: %s of %s in %s\n", p.stage, thousands(p.done), thousands(p.total), elapsed)
	}
	// A stage's time runs from the end of the one before, since the seed
	// may first report a stage when part of it is done.
	p.stage, p.done, p.total, p.start = "", 0, 0, time.Now()
}

func (p *seedProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endStage()
}
