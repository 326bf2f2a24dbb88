package tui

import (
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/theme"
)

// TestTextFieldsFollowTheme: after the theme changes (`:theme`, or the
// terminal's background), every text field is drawn in the new one, not
// only the chat's input: no colour of the dark palette stays on a screen
// drawn in the light one.
func TestTextFieldsFollowTheme(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	darkText := []string{"38;2;230;232;255m", "38;2;138;143;184m"} // cyberpunk's text and muted colours
	panes := map[string]func(t *testing.T, c *Common) interface{ View() string }{
		"compose": func(t *testing.T, c *Common) interface{ View() string } {
			p := newCompose(c, composeMsg{})
			p.SetSize(c.Width, c.Height-chrome)
			typeText(t, p, "neon")
			return p
		},
		"friends search": func(t *testing.T, c *Common) interface{ View() string } {
			p := newFriends(c)
			p.SetSize(c.Width, c.Height-chrome)
			settle(t, p, p.Init())
			p.Focus()
			press(t, p, "/")
			typeText(t, p, "an")
			return p
		},
		"command line": func(t *testing.T, c *Common) interface{ View() string } {
			p := newCmdline(c)
			typeText(t, p, "theme")
			return p
		},
		"welcome": func(t *testing.T, c *Common) interface{ View() string } {
			p := newWelcome(c, c.Svc, model.SignUpOpen, "")
			p.SetSize(c.Width, c.Height)
			typeText(t, p, "alice")
			return p
		},
		"profile edit": func(t *testing.T, c *Common) interface{ View() string } {
			p := newProfile(c, c.User.ID)
			p.SetSize(c.Width, c.Height-chrome)
			settle(t, p, p.Init())
			p.Focus()
			press(t, p, "e")
			return p
		},
	}
	for name, open := range panes {
		t.Run(name, func(t *testing.T) {
			c := e.common(alice, 120, 40, true)
			p := open(t, c)
			before := p.View()
			if !containsAny(before, darkText) {
				t.Fatalf("the dark screen has none of the dark theme's text colours:\n%s", before)
			}
			*c.Styles = *theme.New(false) // as App.setTheme does
			after := p.View()
			for _, sgr := range darkText {
				if i := strings.Index(after, sgr); i >= 0 {
					t.Errorf("a dark colour (%q) stays in the light theme, at %q", sgr, after[max(i-80, 0):min(i+40, len(after))])
				}
			}
		})
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
