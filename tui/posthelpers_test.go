package tui

import (
	"reflect"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// Helpers of the feed, post and compose tests.

// open makes a pane of u's session at w×h (the terminal's size: the pane
// gets it less the frame), loads it and focuses it.
func open(t *testing.T, e *testEnv, u model.User, w, h int, mk func(c *Common) pane) (pane, *Common) {
	t.Helper()
	c := e.common(u, w, h, true)
	p := mk(c)
	p.SetSize(c.Width, c.Height-chrome)
	settle(t, p, p.Init())
	settle(t, p, p.Focus())
	return p, c
}

// find returns the messages of type T among msgs.
func find[T any](msgs []tea.Msg) []T {
	var out []T
	for _, m := range msgs {
		if v, ok := m.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// unroll runs cmd and what it batches or sequences, and returns every
// message it makes, in order (Bubble Tea's sequences are opaque to
// settle).
func unroll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, unroll(c)...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, unroll(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// post writes a post as u through the Service.
func (e *testEnv) post(u model.User, np model.NewPost) model.Post {
	e.t.Helper()
	p, err := e.svc.CreatePost(e.ctx, u.ID, np)
	if err != nil {
		e.t.Fatalf("post as %s: %v", u.Username, err)
	}
	return p
}

// reread is a post as u sees it now.
func (e *testEnv) reread(u model.User, id int64) model.Post {
	e.t.Helper()
	p, err := e.svc.Post(e.ctx, u.ID, id)
	if err != nil {
		e.t.Fatalf("read post %d: %v", id, err)
	}
	return p
}

// newPostEvent is the live event of a new post, as its author's friends
// get it.
func newPostEvent(to model.User, p model.Post) eventMsg {
	return eventMsg{ev: model.Event{UserID: to.ID, Kind: model.EventNewPost, ActorID: p.Author.ID, PostID: p.ID}}
}

// paneGolden checks a pane's goldens (goldenScreens) on the whole
// screen (framed): on the Feed tab, or over it. setup brings the loaded,
// focused pane to the state to check.
func paneGolden(t *testing.T, e *testEnv, u model.User, over bool, mk func(c *Common) pane, setup func(t *testing.T, p pane)) {
	t.Helper()
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := mk(c)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		settle(t, p, p.Focus())
		if setup != nil {
			setup(t, p)
		}
		return framed(c, tabFeed, p, over)
	}, e, u)
}
