package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// maxNameWidth is the most cells a display name takes, so that no name,
// however long, pushes the @username drawn after it out of sight.
const maxNameWidth = 30

// name is how a person is shown: their display name, sanitized, cut to
// maxNameWidth.
func name(u model.UserSummary) string {
	return widget.Truncate(widget.SanitizeLine(u.DisplayName()), maxNameWidth)
}

// named names a person where nothing else on the screen says who they are
// (a notification, a toast, the chat list, a wall's owner): their display
// name, and their @username after it when the two differ ("Alice Liddell
// @alice"), since anyone may call themselves Alice Liddell but only one
// account is @alice.
func named(u model.UserSummary) string {
	if n := widget.SanitizeLine(u.Username); widget.SanitizeLine(u.DisplayName()) == n {
		return n
	}
	return name(u) + " " + handle(u)
}

// namedIn is named(u) in at most w cells: a long display name is cut before the
// @username after it is.
func namedIn(u model.UserSummary, w int) string {
	h := " " + handle(u)
	if n := named(u); widget.Width(n) <= w || !strings.HasSuffix(n, h) || w-widget.Width(h) < 2 {
		return widget.Truncate(n, w)
	}
	return widget.Truncate(name(u), w-widget.Width(h)) + h
}

// handle is @username, sanitized.
func handle(u model.UserSummary) string { return "@" + widget.SanitizeLine(u.Username) }

// ago says how long ago t was, briefly: "now", "5m", "3h", "2d", then the
// date.
func ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d < 7*24*time.Hour:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	case t.Year() == now.Year():
		return t.Local().Format("Jan 2")
	}
	return t.Local().Format("Jan 2 2006")
}
