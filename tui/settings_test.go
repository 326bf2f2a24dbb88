package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// fgAt is the colour of the text at x, y, as the terminal shows it.
func (lt *liveTerm) fgAt(x, y int) string {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	c := lt.emu.CellAt(x, y)
	if c == nil {
		return ""
	}
	return fmt.Sprint(c.Style.Fg)
}

// TestFeedNarrowOpensTheColumn: someone who chose no view gets the Column
// below 120 columns and the River from 120 on; someone who chose the River
// gets it at 80; v and s keep the person's choice with their account.
func TestFeedNarrowOpensTheColumn(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	p, _ := open(t, e, alice, 80, 24, newFeed)
	if f := p.(*feed); !f.column || len(f.list.posts) == 0 {
		t.Errorf("at 80 columns the feed opens as the Column with its posts: column %v, %d posts", f.column, len(f.list.posts))
	}
	mustShow(t, p, "Column")
	p, _ = open(t, e, alice, 160, 48, newFeed)
	if f := p.(*feed); f.column || len(f.river.rows) == 0 {
		t.Errorf("at 160 columns the feed opens as the River with its rows: column %v, %d rows", f.column, len(f.river.rows))
	}
	f := openFeed(t, e, alice) // chose the River
	if f.column || len(f.river.rows) == 0 {
		t.Errorf("someone who chose the River gets it at 80: column %v, %d rows", f.column, len(f.river.rows))
	}

	p, c := open(t, e, alice, 80, 24, newFeed)
	press(t, p, "v", "s")
	if f := p.(*feed); f.column || f.scope != model.FeedEveryone {
		t.Errorf("v s: column %v, scope %v; want the River of everyone", f.column, f.scope)
	}
	want := model.DefaultSettings()
	want[model.SettingView], want[model.SettingScope] = "river", "everyone"
	wantSettings(t, e, alice, want, "after v s")
	if c.setting(model.SettingView) != "river" {
		t.Errorf("the session's view setting is %q after v", c.setting(model.SettingView))
	}
	p, _ = open(t, e, alice, 80, 24, func(c *Common) pane {
		c.Settings, _ = e.svc.Settings(e.ctx, alice.ID) // as a session reads them when it signs in
		return newFeed(c)
	})
	if f := p.(*feed); f.column || f.scope != model.FeedEveryone {
		t.Errorf("a new feed after v s: column %v, scope %v; want the River of everyone", f.column, f.scope)
	}
}

// wantSettings checks u's settings as the Service has them.
func wantSettings(t *testing.T, e *testEnv, u model.User, want model.Settings, what string) {
	t.Helper()
	got, err := e.svc.Settings(e.ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range want {
		if got[name] != v {
			t.Errorf("%s: setting %s is %q, want %q (all: %v)", what, name, got[name], v, got)
		}
	}
}

// TestSettingsFollowTheAccount: what a person sets in one session (the
// theme with :theme, the Column and Everyone with v and s, previews with
// :set) is how the next session opens, after the program was started
// again on the same SQLite file.
func TestSettingsFollowTheAccount(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	opts := func(svc Service) Options {
		return Options{Service: svc, User: &alice, Now: func() time.Time { return testNow }}
	}
	lt := startTerm(t, opts(e.svc), 160, 40)
	lt.waitFor("the River of home", func(s string) bool { return feedHeader(s, "River", "s everyone") })
	dark := lt.fgAt(1, 0)
	lt.keys(":")
	lt.typeText("theme light")
	lt.keys("enter")
	lt.waitFor("the light theme", func(string) bool { return lt.fgAt(1, 0) != dark })
	light := lt.fgAt(1, 0)
	lt.keys("v", "s")
	lt.waitFor("the Column of everyone", func(s string) bool { return feedHeader(s, "Column", "s home") })
	lt.keys(":")
	lt.typeText("set previews off")
	lt.keys("enter")
	lt.waitText("Set previews to off.")
	want := model.Settings{"theme": "light", "view": "column", "scope": "everyone", "previews": "off"}
	lt.waitFor("the settings kept", func(string) bool {
		got, err := e.svc.Settings(e.ctx, alice.ID)
		return err == nil && got["theme"] == "light" && got["view"] == "column" && got["scope"] == "everyone"
	})
	wantSettings(t, e, alice, want, "after the first session")
	lt.stop()
	e.db.Close()

	again := openTestEnv(t, e.path) // the program started again
	lt = startTerm(t, opts(again.svc), 160, 40)
	lt.waitFor("the Column of everyone", func(s string) bool { return feedHeader(s, "Column", "s home") })
	lt.waitFor("the light theme in the second session", func(string) bool { return lt.fgAt(1, 0) == light })
	lt.keys(":")
	lt.typeText("set")
	lt.keys("enter")
	lt.waitText("previews off")
}

// TestSetCommandRefusesAtTheLine: :set with a setting or value that does
// not exist says so on the command line, keeping what was typed; tab
// completes names and values.
func TestSetCommandRefusesAtTheLine(t *testing.T) {
	e := newTestEnv(t)
	alice := e.user("alice")
	a := New(e.ctx, Options{Service: e.svc})
	a.c.User = alice // signed in without the live stream, which a test that settles would wait on
	a.tabs = [tabCount]pane{newFeed(a.c), newProfile(a.c, alice.ID), newFriends(a.c), newChat(a.c)}
	send(t, a, keyPress(":"))
	typeText(t, a, "set vi")
	press(t, a, "tab")
	if v := a.cmdline.in.Value(); v != "set view " {
		t.Errorf("tab after set vi: %q", v)
	}
	typeText(t, a, "co")
	press(t, a, "tab")
	if v := a.cmdline.in.Value(); v != "set view column " {
		t.Errorf("tab after set view co: %q", v)
	}
	a.cmdline.in.SetValue("set view sideways")
	press(t, a, "enter")
	if a.cmdline == nil || !strings.Contains(a.cmdline.err, "view takes auto, river, column") {
		t.Fatalf("a bad value should be refused at the line, got %+v", a.cmdline)
	}
	wantSettings(t, e, alice, model.DefaultSettings(), "after a refused :set")
}

// TestSettingKeptWhenTheSessionEndsAtOnce: v and then the end of the
// session at once still keeps the choice: the session saves what it did
// not keep yet as it ends.
func TestSettingKeptWhenTheSessionEndsAtOnce(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	lt := startTerm(t, Options{Service: e.svc, User: &alice, Now: func() time.Time { return testNow }}, 100, 30)
	lt.waitFor("the Column", func(s string) bool { return feedHeader(s, "Column", "s everyone") })
	lt.keys("v", "s")
	lt.waitFor("the River of everyone", func(s string) bool { return feedHeader(s, "River", "s home") })
	lt.stop()
	wantSettings(t, e, alice, model.Settings{"view": "river", "scope": "everyone"}, "after v s and the end")
}

// feedHeader reports whether the feed's sub-header (the screen's third
// line; posts may hold the same words) starts with view and shows hint.
func feedHeader(screen, view, hint string) bool {
	lines := strings.Split(screen, "\n")
	return len(lines) > 2 && strings.HasPrefix(strings.TrimSpace(lines[2]), view+"  ·") && strings.Contains(lines[2], hint)
}
