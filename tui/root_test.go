package tui

import (
	"errors"
	"testing"

	"github.com/numeneon/numeneon/model"
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
			a.counts = countsMsg{unread: 3, requests: 2, notices: 5}
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
	a.counts.unread = 1234
	if got := a.Frame().Title; got != "(1,234) numeneon" {
		t.Errorf("title with 1,234 unread = %q", got)
	}
}
