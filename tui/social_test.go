package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/numeneon/numeneon/model"
)

// Helpers of the profile and friends tests.

// follow subscribes to u's live events from now on.
func (e *testEnv) follow(u model.User) <-chan model.Event {
	e.t.Helper()
	ctx, cancel := context.WithCancel(e.ctx)
	e.t.Cleanup(cancel)
	after, err := e.svc.LastEventID(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	ch, err := e.svc.Subscribe(ctx, u.ID, after)
	if err != nil {
		e.t.Fatal(err)
	}
	return ch
}

// nextEvent waits for the next event of a kind on ch, skipping others.
func nextEvent(t testing.TB, ch <-chan model.Event, kind model.EventKind) model.Event {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev := <-ch:
			if ev.Kind == kind {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %s event", kind)
			return model.Event{}
		}
	}
}

// shown is a pane's view without colours, for looking for text in it.
func shown(p interface{ View() string }) string { return ansi.Strip(p.View()) }

// mustShow fails unless the pane shows every one of texts.
func mustShow(t testing.TB, p interface{ View() string }, texts ...string) {
	t.Helper()
	v := shown(p)
	for _, s := range texts {
		if !strings.Contains(v, s) {
			t.Errorf("the screen does not show %q:\n%s", s, v)
		}
	}
}

// mustNotShow fails if the pane shows one of texts.
func mustNotShow(t testing.TB, p interface{ View() string }, texts ...string) {
	t.Helper()
	v := shown(p)
	for _, s := range texts {
		if strings.Contains(v, s) {
			t.Errorf("the screen shows %q:\n%s", s, v)
		}
	}
}

// only returns the one message of type M among out, failing unless there
// is exactly one.
func only[M tea.Msg](t testing.TB, out []tea.Msg) M {
	t.Helper()
	var found []M
	for _, m := range out {
		if x, ok := m.(M); ok {
			found = append(found, x)
		}
	}
	if len(found) != 1 {
		var zero M
		t.Fatalf("want one %T among %#v", zero, out)
	}
	return found[0]
}

// state is how a stands with b in the database.
func (e *testEnv) state(a, b model.User) model.FriendState {
	e.t.Helper()
	v, err := e.svc.Profile(e.ctx, a.ID, b.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return v.Friendship
}

// requestBetween is the id of from's pending request to to, 0 for none.
func (e *testEnv) requestBetween(from, to model.User) int64 {
	e.t.Helper()
	reqs, err := e.svc.FriendRequests(e.ctx, from.ID, false)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range reqs {
		if r.To.ID == to.ID {
			return r.ID
		}
	}
	return 0
}

func TestOverlay(t *testing.T) {
	base := []string{"0123456789abcdefghij", "日本語テキストと文字です", "short"}
	box := "┌───┐\n│ok │\n└───┘"
	for _, c := range []struct {
		w    int
		want []string
	}{
		// The box is 5 cells wide at cell 7: it cuts テ, whose half
		// left of it becomes a space.
		{20, []string{"0123456┌───┐cdefghij", "日本語 │ok │トと文… ", "short  └───┘        "}},
		// At cell 8 it ends inside ト, whose half right of it becomes a
		// space.
		{21, []string{"01234567┌───┐defghij ", "日本語テ│ok │ と文字…", "short   └───┘        "}},
	} {
		got := overlay(base, box, c.w, 3)
		for i := range c.want {
			if ansi.Strip(got[i]) != c.want[i] {
				t.Errorf("%d cells, line %d: %q, want %q", c.w, i, ansi.Strip(got[i]), c.want[i])
			}
		}
	}
}
