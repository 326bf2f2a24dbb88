package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// The root's own screens: the welcome forms with their errors, the help
// screen and the command line over a pane.

func TestWelcomeScreens(t *testing.T) {
	e := newTestEnv(t)
	t.Run("LogIn", func(t *testing.T) {
		goldenScreens(t, func(t *testing.T, c *Common) string {
			c.User = model.User{}
			w := newWelcome(c, c.Svc, "", "alice")
			w.SetSize(c.Width, c.Height)
			w.showError(model.Errorf(model.EUNAUTHORIZED, "Wrong username or password."))
			return w.View()
		}, e, model.User{})
	})
	t.Run("SignUpErrors", func(t *testing.T) {
		goldenScreens(t, func(t *testing.T, c *Common) string {
			w := newWelcome(c, c.Svc, "", "zoë")
			w.SetSize(c.Width, c.Height)
			w.setForm(true)
			w.fields()[1].in.SetValue("zoë@example.com")
			w.showError(model.Invalid("email", "%q is not a valid email address.", "zoë@example.com"))
			w.err = model.ErrorMessage(errors.New("the database is away"))
			return w.View()
		}, e, model.User{})
	})
	t.Run("SignUpAllErrors", func(t *testing.T) {
		goldenScreens(t, func(t *testing.T, c *Common) string {
			w := badSignUp(t, c)
			press(t, w, "enter")
			return w.View()
		}, e, model.User{})
	})
	t.Run("Closed", func(t *testing.T) {
		goldenScreens(t, func(t *testing.T, c *Common) string {
			w := newWelcome(c, c.Svc, model.SignUpClosed, "")
			w.SetSize(c.Width, c.Height)
			return w.View()
		}, e, model.User{})
	})
	t.Run("InviteError", func(t *testing.T) {
		goldenScreens(t, func(t *testing.T, c *Common) string {
			w := newWelcome(c, c.Svc, model.SignUpInvite, "zoë")
			w.SetSize(c.Width, c.Height)
			w.setForm(true)
			w.fields()[1].in.SetValue("zoe@example.com")
			w.fields()[3].in.SetValue("ABCD-EFGH")
			w.showError(model.ErrBadInvite())
			return w.View()
		}, e, model.User{})
	})
}

func TestOverlayScreens(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	draw := func(open func(a *App)) func(t *testing.T, c *Common) string {
		return func(t *testing.T, c *Common) string {
			p := newFriends(c)
			p.SetSize(c.Width, c.Height-chrome)
			settle(t, p, p.Init())
			a := &App{c: c, active: tabFriends, live: true, liveKnown: true}
			a.tabs[tabFriends] = p
			a.counts = model.Counts{Unread: 3, Requests: 2, Notices: 5}
			open(a)
			return a.view()
		}
	}
	t.Run("Help", func(t *testing.T) {
		goldenScreens(t, draw(func(a *App) { a.help = true }), e, alice)
	})
	t.Run("CommandLine", func(t *testing.T) {
		goldenScreens(t, draw(func(a *App) {
			a.cmdline = newCmdline(a.c)
			a.cmdline.in.SetValue("dm nobody")
			a.cmdline.err = "There is no user \"nobody\"."
		}), e, alice)
	})
	t.Run("Reconnecting", func(t *testing.T) {
		goldenScreens(t, draw(func(a *App) { a.live = false }), e, alice)
	})
}

// TestTitleCountsUnread: the terminal's title carries the unread count.
func TestTitleCountsUnread(t *testing.T) {
	e := newTestEnv(t)
	u := e.user("alice")
	a := New(e.ctx, Options{Service: e.svc})
	a.c.User = u
	a.tabs = [tabCount]pane{newFeed(a.c), newProfile(a.c, u.ID), newFriends(a.c), newChat(a.c)}
	if got := a.Frame().Title; got != "numeneon" {
		t.Errorf("title with nothing unread = %q", got)
	}
	a.counts.Unread = 1234
	if got := a.Frame().Title; got != "(1,234) numeneon" {
		t.Errorf("title with 1,234 unread = %q", got)
	}
}

// badSignUp is the sign-up form filled with a mistake in every field but
// the names: a space in the username, no @ in the e-mail, a password of
// digits.
func badSignUp(t *testing.T, c *Common) *welcome {
	t.Helper()
	w := newWelcome(c, c.Svc, "", "")
	w.SetSize(c.Width, c.Height)
	w.setForm(true)
	w.Focus()
	for i, v := range []string{"zoë the great", "zoe.example.com", "12345678", "Zoë"} {
		w.fields()[i].in.SetValue(v)
	}
	return w
}

// TestSignUpShowsEveryError: one enter shows the problem of every field,
// each whole under its field (the offending character in sight), with
// nothing typed lost and the form where it was; the first field at fault
// has the focus.
func TestSignUpShowsEveryError(t *testing.T) {
	e := newTestEnv(t)
	c := e.common(model.User{}, 80, 24, true)
	w := badSignUp(t, c)
	before := shown(w)
	press(t, w, "enter")
	after := shown(w)
	for _, want := range []string{`(not ' ')`, "is not a valid email address.", "Password cannot be entirely numeric."} {
		if !strings.Contains(strings.Join(strings.Fields(after), " "), want) {
			t.Errorf("the form does not say %q:\n%s", want, after)
		}
	}
	for _, typed := range []string{"zoë the great", "zoe.example.com", "Zoë"} {
		if !strings.Contains(after, typed) {
			t.Errorf("%q is gone from the form:\n%s", typed, after)
		}
	}
	// The form stays in place: its title and first field on the same cells.
	for _, text := range []string{"Sign up", "Username"} {
		if r0, c0 := cellOf(before, text); r0 < 0 {
			t.Fatalf("%q is not on the form:\n%s", text, before)
		} else if r1, c1 := cellOf(after, text); r1 != r0 || c1 != c0 {
			t.Errorf("%q moved from row %d column %d to row %d column %d:\n%s", text, r0, c0, r1, c1, after)
		}
	}
	if w.focus != 0 {
		t.Errorf("the focus is on field %d, want the username's", w.focus)
	}
	if len(strings.Split(after, "\n")) != 24 {
		t.Errorf("the form is %d lines, want 24", len(strings.Split(after, "\n")))
	}
}

// cellOf is the row and column of text's first cell on screen, -1 when
// it is not there.
func cellOf(screen, text string) (row, col int) {
	for i, l := range strings.Split(screen, "\n") {
		if j := strings.Index(l, text); j >= 0 {
			return i, widget.Width(l[:j])
		}
	}
	return -1, -1
}
