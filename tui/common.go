// Package tui is numeneon's terminal interface: a Bubble Tea program of
// one root model (app.go) that owns the frame, the focus and the size, and
// one component per pane. It talks to numeneon only through Service, and
// keeps nothing in package variables: the SSH server runs hundreds of
// these in one process, each with its own Common.
package tui

import (
	"context"
	"log/slog"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/theme"
)

// callTimeout bounds one call to the Service, so that a database that
// stopped answering gives an error a person sees instead of a pane that
// waits for ever.
const callTimeout = 15 * time.Second

// Common is what every pane of one session shares. There is one per
// session, made by New; panes hold a pointer to it, so a change of theme
// or size is seen by all.
type Common struct {
	// Ctx ends with the session: every call to the Service runs under it.
	Ctx context.Context
	Svc Service
	// log gets the session's internal errors (report).
	log *slog.Logger
	// User is who is signed in; zero on the welcome screen.
	User   model.User
	Styles *theme.Styles
	Keys   *theme.KeyMap
	// Width and Height are the terminal's size.
	Width, Height int
	// Now is the clock for "5m ago" and the heatmap.
	Now func() time.Time
	// WebURL is the web app's address, for the links y copies; "" when
	// none is configured.
	WebURL string
	// Settings are the signed-in person's, kept with their account
	// (settings.go); nil reads as the defaults.
	Settings model.Settings
	// unsavedSettings are those changed and not kept yet, by name.
	unsavedSettings map[string]string
	// Plain is a terminal that shows no colours (NO_COLOR, TERM=dumb):
	// lists mark their selected row with ">" (selMark), as bold and
	// reverse may be all that is left to tell it, or nothing.
	Plain bool
	// ForgetHidden lets a hidden Feed let go of its posts after a while
	// (feed.go): a server's sessions (Options.Remote), thousands to a
	// process; one local session keeps them.
	ForgetHidden bool

	// drawn keeps what was drawn (a post, a River lane) by everything its
	// drawing depends on, for drawing it again: styling is most of what
	// drawing a list costs, and lists are drawn after every key.
	drawn map[any][]string
	// Drafts keeps what was typed in the composer and not sent, by what
	// it was for ("post", "wall:ID", "edit:ID"), until the session ends.
	Drafts map[string]Draft

	// calls counts the Service calls under way, so that a session that
	// ends lets them finish: a post sent just before quitting is kept.
	calls inflight
}

// inflight counts calls under way and tells when none is left.
type inflight struct {
	mu   sync.Mutex
	n    int
	none chan struct{} // closed when n falls to 0
}

func (f *inflight) start() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		f.none = make(chan struct{})
	}
	f.n++
}

func (f *inflight) end() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n--; f.n == 0 {
		close(f.none)
	}
}

// wait returns when no call is under way, or when ctx ends.
func (f *inflight) wait(ctx context.Context) {
	f.mu.Lock()
	none := f.none
	idle := f.n == 0
	f.mu.Unlock()
	if idle {
		return
	}
	select {
	case <-none:
	case <-ctx.Done():
	}
}

// Draft is a post or a message written and not sent.
type Draft = model.Draft

// call runs fn with the session's context (and a timeout) in a command,
// and turns what it returns into a message with done, for to: the pane
// that asked (an answer, which the root gives to that pane alone), or
// nil for the root itself. It is how every pane reaches the Service:
// Update never waits. An internal error is logged and shown with a
// reference (report).
func call[T any](c *Common, to pane, fn func(ctx context.Context) (T, error), done func(T, error) tea.Msg) tea.Cmd {
	return callFrom(c, to, caller(), fn, done)
}

// do is call for a function that returns only an error.
func do(c *Common, to pane, fn func(ctx context.Context) error, done func(error) tea.Msg) tea.Cmd {
	return callFrom(c, to, caller(), func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) },
		func(_ struct{}, err error) tea.Msg { return done(err) })
}

// callFrom is call on behalf of the code at op.
func callFrom[T any](c *Common, to pane, op uintptr, fn func(ctx context.Context) (T, error), done func(T, error) tea.Msg) tea.Cmd {
	ctx, user := c.Ctx, c.User
	return func() tea.Msg {
		c.calls.start()
		defer c.calls.end()
		ctx, cancel := context.WithTimeout(ctx, callTimeout)
		defer cancel()
		v, err := fn(ctx)
		return addressed(to, done(v, c.report(op, user, err)))
	}
}

// maxDrawn bounds a session's cache of drawn things; past it the cache
// starts over.
const maxDrawn = 500

// cached returns what draw draws, from the cache when something with the
// same key (a comparable value holding everything the drawing depends
// on) was drawn before.
func (c *Common) cached(key any, draw func() []string) []string {
	if lines, ok := c.drawn[key]; ok {
		return lines
	}
	lines := draw()
	if c.drawn == nil || len(c.drawn) >= maxDrawn {
		c.drawn = map[any][]string{}
	}
	c.drawn[key] = lines
	return lines
}

// emit returns a command that delivers msg.
func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
