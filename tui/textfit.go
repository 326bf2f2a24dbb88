package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// Widths are measured the way the terminal draws: one code point at a
// time (wcwidth), as xterm, tmux and the screen package do, so that CJK,
// flags and emoji line up.

// width is the number of cells s takes.
func width(s string) int { return ansi.StringWidthWc(s) }

// fit cuts s to w cells, ending it with … when it was longer.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	return ansi.TruncateWc(s, w, "…")
}

// pad fits s to exactly w cells, filling with spaces.
func pad(s string, w int) string {
	s = fit(s, w)
	if n := w - width(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// wrap breaks s into lines of at most w cells, at spaces where it can.
func wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	return strings.Split(ansi.WrapWc(s, w, " -"), "\n")
}

// block makes lines exactly w cells wide and h lines high, cutting or
// filling as needed: what every pane's View returns.
func block(lines []string, w, h int) string {
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = pad(lines[i], w)
		} else {
			out[i] = strings.Repeat(" ", w)
		}
	}
	return strings.Join(out, "\n")
}

// line is user text for one line: sanitized, its line breaks made spaces.
func line(s string) string { return narrowEmoji(text.CleanLine(s)) }

// para is user text for several lines: sanitized, its line breaks kept.
func para(s string) string { return narrowEmoji(text.Clean(s)) }

// narrowEmoji drops the emoji presentation selector (U+FE0F). A symbol
// such as ⌨ is one cell by wcwidth, but followed by U+FE0F many terminals
// draw it in two, so the rest of its line would shift by one cell; without
// the selector, terminals and the layout agree. The symbol stays.
func narrowEmoji(s string) string {
	if !strings.Contains(s, "\uFE0F") {
		return s
	}
	return strings.ReplaceAll(s, "\uFE0F", "")
}

// maxNameWidth is the most cells a display name takes, so that no name,
// however long, pushes the @username drawn after it out of sight.
const maxNameWidth = 30

// name is how a person is shown: their display name, sanitized, cut to
// maxNameWidth.
func name(u model.UserSummary) string { return fit(line(u.DisplayName()), maxNameWidth) }

// named names a person where nothing else on the screen says who they are
// (a notification, a toast, the chat list, a wall's owner): their display
// name, and their @username after it when the two differ ("Alice Liddell
// @alice"), since anyone may call themselves Alice Liddell but only one
// account is @alice.
func named(u model.UserSummary) string {
	if n := line(u.Username); line(u.DisplayName()) == n {
		return n
	}
	return name(u) + " " + handle(u)
}

// namedIn is named(u) in at most w cells: a long display name is cut before the
// @username after it is.
func namedIn(u model.UserSummary, w int) string {
	h := " " + handle(u)
	if n := named(u); width(n) <= w || !strings.HasSuffix(n, h) || w-width(h) < 2 {
		return fit(n, w)
	}
	return fit(name(u), w-width(h)) + h
}

// handle is @username, sanitized.
func handle(u model.UserSummary) string { return "@" + line(u.Username) }

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
