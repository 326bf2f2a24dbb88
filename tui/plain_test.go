package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// TestPlainMarksSelection: on a terminal without colours every list marks
// its selected row with ">" at the left edge, one row only; with colours
// nothing does.
func TestPlainMarksSelection(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	someNotices(t, e)
	for _, tc := range footerCases(t, e, alice, bob) {
		if tc.name == "Blocks" || tc.name == "FriendsSearch" {
			continue // empty lists
		}
		for _, plain := range []bool{true, false} {
			name := tc.name + "-color"
			if plain {
				name = tc.name + "-plain"
			}
			t.Run(name, func(t *testing.T) {
				c := e.common(alice, 120, 40, true)
				c.Plain = plain
				p := tc.make(t, c)
				// The marked lines are one row's: one run of lines.
				marked, prev := 0, false
				for _, l := range strings.Split(ansi.Strip(p.View()), "\n") {
					now := strings.HasPrefix(l, ">")
					if now && !prev {
						marked++
					}
					prev = now
				}
				want := 0
				if plain {
					want = 1
				}
				if marked != want {
					t.Errorf("%d rows marked >, want %d:\n%s", marked, want, ansi.Strip(p.View()))
				}
			})
		}
	}
}

// TestNoColorTerminal: a session whose terminal shows no colours marks
// the selection with ">" on the screen itself.
func TestNoColorTerminal(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	lt := startTermProfile(t, Options{Service: e.svc, User: &alice}, 100, 30, colorprofile.Ascii)
	lt.waitText("1 Feed", "live")
	lt.keys("v") // the column
	lt.waitFor("a row marked >", func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, ">") {
				return true
			}
		}
		return false
	})
}
