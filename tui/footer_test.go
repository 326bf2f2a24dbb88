package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// footerCase is one pane in one state, made afresh for each check.
type footerCase struct {
	name string
	make func(t *testing.T, c *Common) pane
}

// footerCases are the panes, in the states whose keys differ.
func footerCases(t *testing.T, e *testEnv, alice, bob model.User) []footerCase {
	posts, err := e.svc.UserPosts(e.ctx, alice.ID, alice.ID, model.Page{})
	if err != nil || len(posts) == 0 {
		t.Fatalf("alice's posts: %d, %v", len(posts), err)
	}
	opened := func(mk func(c *Common) pane, keys ...string) func(t *testing.T, c *Common) pane {
		return func(t *testing.T, c *Common) pane {
			p := mk(c)
			p.SetSize(c.Width, c.Height-chrome)
			settle(t, p, p.Init())
			settle(t, p, p.Focus())
			press(t, p, keys...)
			return p
		}
	}
	return []footerCase{
		{"River", opened(newFeed)},
		{"Column", opened(newFeed, "v")},
		{"FeedSearchResults", opened(newFeed, "/", "k", "e", "y", "enter")},
		{"OwnProfile", opened(func(c *Common) pane { return newProfile(c, alice.ID) })},
		{"Profile", opened(func(c *Common) pane { return newProfile(c, bob.ID) })},
		{"Friends", opened(newFriends)},
		{"Requests", opened(newFriends, "l")},
		{"FriendsSearch", opened(newFriends, "/", "b", "o", "enter")},
		{"Chat", opened(newChat)},
		{"Thread", opened(func(c *Common) pane { return newPostView(c, posts[0].ID) })},
		{"Notifications", opened(newNotices)},
		{"Blocks", opened(newBlocks)},
	}
}

// shows reports whether bindings offer the key k.
func shows(bindings []key.Binding, k string) bool {
	for _, b := range bindings {
		if b.Enabled() && b.Help().Key == k {
			return true
		}
	}
	return false
}

// TestSlashOnlyWhereItSearches: / is in a pane's footer and help exactly
// where pressing it opens a search field.
func TestSlashOnlyWhereItSearches(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	for _, tc := range footerCases(t, e, alice, bob) {
		t.Run(tc.name, func(t *testing.T) {
			c := e.common(alice, 120, 40, true)
			p := tc.make(t, c)
			offered := shows(p.ShortHelp(), "/")
			for _, g := range p.FullHelp() {
				offered = offered || shows(g, "/")
			}
			a := &App{c: c, active: tabFeed, stack: []pane{p}}
			offered = offered || strings.Contains(ansi.Strip(a.helpLine(c.Width)+a.helpView(c.Width, 30)), "/ ")
			press(t, p, "/")
			if works := p.Typing(); offered != works {
				t.Errorf("/ offered: %v, opens a search: %v", offered, works)
			}
		})
	}
}

// TestFooterKeepsHelpAndCommand: however narrow, the help line ends with
// ": command" and "? help", and fits.
func TestFooterKeepsHelpAndCommand(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	for _, tc := range footerCases(t, e, alice, bob) {
		for _, w := range []int{80, 60} {
			t.Run(tc.name+"-"+count(w), func(t *testing.T) {
				c := e.common(alice, w, 24, true)
				p := tc.make(t, c)
				a := &App{c: c, active: tabFeed, stack: []pane{p}}
				got := strings.TrimRight(ansi.Strip(a.helpLine(w)), " ")
				if widget.Width(got) > w {
					t.Errorf("the help line is %d cells wide, more than %d: %q", widget.Width(got), w, got)
				}
				if p.Typing() {
					return // : and ? are text then
				}
				if !strings.HasSuffix(got, ": command • ? help") {
					t.Errorf("the help line does not end with : and ?: %q", got)
				}
				if keys := p.ShortHelp(); len(keys) > 0 && !strings.Contains(got, keys[0].Help().Desc) {
					t.Errorf("the pane's first key %q is not shown: %q", keys[0].Help().Desc, got)
				}
			})
		}
	}
}

// TestFriendsUseTheWidth: at 80 columns a friend's row is whole (the
// name and handle columns as wide as the names, not a fixed share), and
// at 200 the card takes the room the list does not need.
func TestFriendsUseTheWidth(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	p, _ := open(t, e, alice, 80, 24, newFriends)
	f := p.(*friends)
	press(t, f, "h") // from Requests to Friends
	if f.sec != secFriends {
		t.Fatalf("the section is %v", f.sec)
	}
	for _, l := range strings.Split(ansi.Strip(f.View()), "\n")[2:] {
		if strings.Contains(l, "friends since") && !strings.Contains(l, " 20") {
			t.Errorf("at 80 columns a row is cut: %q", l)
		}
	}
	f.SetSize(200, 56)
	if cw, want := f.cardWidth(), 200-f.listWant()-1; cw < 80 || cw > want {
		t.Errorf("at 200 columns the card is %d cells wide; the list wants %d, leaving %d", cw, f.listWant(), want)
	}
}
