package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/numeneon/numeneon/seed"
)

// SeedCmd fills the database.
type SeedCmd struct {
	Users int  `placeholder:"N" help:"Generate N users instead of the sample network."`
	Posts int  `placeholder:"N" help:"Generate N posts, replies included, instead of the sample network."`
	Clear bool `help:"Delete the existing users, posts, likes, friendships, requests and messages first."`
}

// Help is the detailed help of seed.
func (*SeedCmd) Help() string {
	return `Without --users and --posts, seed adds the small sample network of named
people, posts, friendships and messages that the demo uses. With them, it
generates a large data set (with replies, likes, friendships and messages in
proportion) for trying numeneon at scale and for benchmarks.

Examples:
  numeneon seed --clear
  numeneon --db bench.db seed --clear --users 10000 --posts 100000`
}

// Validate refuses negative counts (kong calls it after parsing).
func (c *SeedCmd) Validate() error {
	if c.Users < 0 || c.Posts < 0 {
		return fmt.Errorf("--users and --posts cannot be negative")
	}
	return nil
}

// Run seeds the database and prints what it made.
func (c *SeedCmd) Run(ctx context.Context, a *App, g *Globals) error {
	db, loc, err := a.open(ctx, g, true)
	if err != nil {
		return err
	}
	defer db.Close()
	p := newSeedProgress(a.Stderr)
	start := time.Now()
	sum, err := seed.Run(ctx, db, seed.Options{
		Users:    c.Users,
		Posts:    c.Posts,
		Clear:    c.Clear,
		Progress: p.update,
	})
	p.finish()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintln(a.Stdout, sum.String())
	fmt.Fprintf(a.Stdout, "Every seeded user's password is %q.\n", seed.Password)
	fmt.Fprintf(a.Stdout, "Seeded %s in %s.\n", loc, time.Since(start).Round(10*time.Millisecond))
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
