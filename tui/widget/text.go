// Package widget is what panes draw with and do not depend on: text
// measured and fitted the way terminals draw it, the sanitizing of what
// people typed, boxes, a list's cursor and text fields in the session's
// theme.
package widget

import (
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/numeneon/numeneon/text"
)

// Widths are measured the way the terminal draws: one code point at a
// time (wcwidth), as xterm, tmux and the screen package do, so that CJK,
// flags and emoji line up.

// Width is the number of cells s takes.
func Width(s string) int { return ansi.StringWidthWc(s) }

// Truncate cuts s to w cells, ending it with … when it was longer.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) <= w {
		return s
	}
	return ansi.TruncateWc(s, w, "…")
}

// Pad fits s to exactly w cells: cut as Truncate does, or filled with
// spaces.
func Pad(s string, w int) string {
	s = Truncate(s, w)
	if n := w - Width(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// Wrap breaks s into lines of at most w cells, at spaces where it can.
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	return strings.Split(ansi.WrapWc(s, w, " -"), "\n")
}

// WrapIndented is s wrapped into w cells less a margin, one cell in, in
// one style.
func WrapIndented(st lipgloss.Style, s string, w int) []string {
	var out []string
	for _, l := range Wrap(s, max(w-2, 1)) {
		out = append(out, " "+st.Render(l))
	}
	return out
}

// Rect makes lines exactly w cells wide and h lines high, cutting or
// filling as needed: what every pane's View returns.
func Rect(lines []string, w, h int) string {
	out := make([]string, h)
	for i := range out {
		if i < len(lines) {
			out[i] = Pad(lines[i], w)
		} else {
			out[i] = strings.Repeat(" ", w)
		}
	}
	return strings.Join(out, "\n")
}

// Center puts s in the middle of w cells.
func Center(s string, w int) string {
	return strings.Repeat(" ", max((w-Width(s))/2, 0)) + s
}

// AlignRight puts s against the right edge of w cells.
func AlignRight(s string, w int) string {
	return strings.Repeat(" ", max(w-Width(s), 0)) + s
}

// Ruled is a rule across w cells, one cell in from each edge, with label
// in its middle.
func Ruled(label string, w int, rule lipgloss.Style) string {
	n := max(w-2-Width(label), 2)
	return " " + rule.Render(strings.Repeat("─", n/2)) + label + rule.Render(strings.Repeat("─", n-n/2))
}

// Beside puts right next to left, at column x of left's lines from line
// y on.
func Beside(left, right []string, x, y int) []string {
	out := slices.Clone(left)
	for len(out) < y+len(right) {
		out = append(out, "")
	}
	for i, r := range right {
		out[y+i] = Pad(out[y+i], x) + r
	}
	return out
}

// SanitizeLine is what a person typed, made safe to draw on one line:
// sanitized, its line breaks made spaces.
func SanitizeLine(s string) string { return narrowEmoji(text.CleanLine(s)) }

// SanitizeText is what a person typed, made safe to draw on several
// lines: sanitized, its line breaks kept.
func SanitizeText(s string) string { return narrowEmoji(text.Clean(s)) }

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
