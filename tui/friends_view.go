package tui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// Drawing the Friends tab: the bar of sections, the search field in
// Search, a status line, then the shown section's list, one person a row.

// View draws the bar, the search field in Search, the status line, the
// list and, where there is room, the card beside it.
func (f *friends) View() string {
	s := f.c.Styles
	cw := f.cardWidth()
	lw := f.w
	if cw > 0 {
		lw = f.w - cw - 1
	}
	w := max(lw-2, 1)
	lines := []string{f.bar()}
	if f.sec == secSearch {
		label := s.Label
		if f.typing {
			label = s.Title
		}
		lines = append(lines, " "+label.Render("Find people ")+f.search.View())
	}
	lines = append(lines, " "+f.status.view(s, w))
	lines = append(lines, f.list(w)...)
	if cw > 0 {
		card := f.cardView(cw - 2)
		for len(card) < f.h-1 {
			card = append(card, "")
		}
		for i := range card {
			card[i] = s.Rule.Render("│") + " " + card[i]
		}
		lines = widget.Beside(lines, card, lw, 1)
	}
	if f.asking != nil {
		lines = question(f.c, lines, f.w, f.h, "Unfriend "+name(f.asking.user)+"?",
			"You can ask again later; they will have to accept.")
	}
	return widget.Rect(lines, f.w, f.h)
}

// cardView is the selected person's card, w cells wide.
func (f *friends) cardView(w int) []string {
	s := f.c.Styles
	switch {
	case f.cardFor == 0:
		return nil
	case f.card == nil && f.cardErr != "":
		return loadFailed(f.c, "load this profile", f.cardErr, w)
	case f.card == nil:
		return []string{s.Muted.Render("Loading…")}
	}
	out := profileHeader(f.c, f.card, w)
	return append(append(out, ""), f.cardHeat.section(f.c, f.card, w)...)
}

// bar is the sections' line, the shown one marked, with counts.
func (f *friends) bar() string {
	s := f.c.Styles
	var b strings.Builder
	b.WriteString(" ")
	for sec := range sectionCount {
		st := s.Tab
		if sec == f.sec {
			st = s.TabActive
		}
		b.WriteString(" " + st.Render(sec.String()))
		if n := f.barCount(sec); n != "" {
			badge := s.Muted
			if sec == secIncoming {
				badge = s.Badge
			}
			b.WriteString(" " + badge.Render(n))
		}
		b.WriteString("  ")
	}
	return b.String()
}

// barCount is the count beside a section's name, "" for none.
func (f *friends) barCount(sec friendSection) string {
	n := len(f.lists[sec])
	switch {
	case !f.loaded || sec == secSuggestions:
		return ""
	case sec == secSearch:
		if f.query == "" {
			return ""
		}
	case n == 0 && sec != secFriends:
		return ""
	}
	return count(n)
}

// barHits are the columns each section takes on the bar, for clicks.
func (f *friends) barHits() [sectionCount][2]int {
	var hits [sectionCount][2]int
	x := 1
	for sec := range sectionCount {
		cell := " " + sec.String()
		if n := f.barCount(sec); n != "" {
			cell += " " + n
		}
		cell += "  "
		hits[sec] = [2]int{x, x + widget.Width(cell)}
		x += widget.Width(cell)
	}
	return hits
}

// list is the shown section's rows, or what stands in for them.
func (f *friends) list(w int) []string {
	s := f.c.Styles
	rows, c := f.lists[f.sec], f.cur[f.sec]
	note := func(text string) []string { return []string{" " + s.Muted.Render(widget.Truncate(text, w))} }
	switch {
	case f.loadErr != "" && f.sec != secSearch:
		l := loadFailed(f.c, "load your friends", f.loadErr, w)
		return []string{" " + l[0], " " + l[1]}
	case !f.loaded && f.sec != secSearch:
		return note("Loading…")
	case f.sec == secSearch && f.searchErr != "":
		return []string{" " + s.Error.Render(widget.Truncate(widget.SanitizeLine(f.searchErr), w))}
	case f.sec == secSearch && len(rows) == 0:
		switch {
		case f.searching:
			return note("Searching…")
		case f.query != "":
			return note("Nobody matches “" + widget.SanitizeLine(f.query) + "”.")
		}
		return note("Type at least " + plural(model.MinSearch, "character", "characters") +
			" of a name or @username; / starts a search.")
	case len(rows) == 0:
		return note([...]string{
			"No friends yet: l shows people you may know, / finds anyone.",
			"No one is waiting for an answer from you.",
			"You have no requests waiting for an answer.",
			"No suggestions right now: / finds anyone.",
		}[f.sec])
	}
	nw, hw := f.columns(rows, w)
	var out []string
	for i := c.Top(); i < len(rows) && i < c.Top()+c.Height(); i++ {
		sel := selStyle(s, i == c.Index(), f.focused)
		out = append(out, selMark(f.c, i == c.Index())+f.row(rows[i], w, nw, hw, sel))
	}
	return out
}

// columns are the widths of the name and handle columns of rows in w
// cells: as wide as the section's widest (up to 32 and 28 cells, or a
// share of a narrow pane), so that the note after them is cut only when
// it must be, whatever the width.
func (f *friends) columns(rows []personRow, w int) (nw, hw int) {
	for _, p := range rows {
		nw, hw = max(nw, widget.Width(name(p.user))+2), max(hw, widget.Width(handle(p.user))+2)
	}
	notes := 0
	for _, p := range rows {
		notes = max(notes, widget.Width(f.note(p))+1)
	}
	nw, hw = min(nw, 32), min(hw, 28)
	if over := 2 + nw + hw + notes - w; over > 0 {
		// Too narrow for all of it: the name and the handle give up to
		// half of their room beyond 16 and 14 cells before the note is cut.
		nw -= min(over/2, max(nw-16, 0))
		hw -= min(over-over/2, max(hw-14, 0))
	}
	return nw, hw
}

// listWant is the widest the shown section's list needs to be.
func (f *friends) listWant() int {
	rows := f.lists[f.sec]
	nw, hw := f.columns(rows, 1<<20)
	notes := 0
	for _, p := range rows {
		notes = max(notes, widget.Width(f.note(p)))
	}
	return 1 + 2 + nw + hw + notes + 2
}

// row is one person in w cells, in columns: the presence mark, the name
// (nw cells), the handle (hw), and what is known of them here.
func (f *friends) row(p personRow, w, nw, hw int, sel *lipgloss.Style) string {
	s := f.c.Styles
	mark := seg{"  ", s.Muted}
	if f.online[p.user.ID] {
		mark = seg{"● ", s.Live}
	}
	return fitSegs([]seg{mark}, 2, sel) + fitSegs([]seg{{name(p.user), s.Author}}, nw, sel) +
		fitSegs([]seg{{handle(p.user), s.Handle}}, hw, sel) +
		fitSegs([]seg{{f.note(p), s.Muted}}, max(w-2-nw-hw, 1), sel)
}

// note is what a row says on its right.
func (f *friends) note(p personRow) string {
	now := f.c.Now()
	switch f.sec {
	case secFriends:
		return "friends since " + p.at.UTC().Format("Jan 2006")
	case secIncoming, secOutgoing:
		return "asked " + ago(p.at, now)
	case secSearch:
		switch st, _ := f.relation(p.user); st {
		case model.FriendFriends:
			return "friend"
		case model.FriendIncoming:
			return "asks you"
		case model.FriendOutgoing:
			return "asked"
		}
	}
	return ""
}
