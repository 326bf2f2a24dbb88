package tui

// How the River draws: rows of three lanes side by side, each lane's
// header, the post it shows and its counts, or a collapsed strip.

import (
	"strconv"
	"strings"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// laneWidths are the widths of the three lanes of a row: collapsed ones
// narrow, the others sharing what is left.
func (r *river) laneWidths(row int) [3]int {
	inner := r.w - 2 - 2*widget.Width(laneSep)
	open := 0
	for i := range model.PostTypes {
		if !r.shut[r.key(row, i)] {
			open++
		}
	}
	var ws [3]int
	if open == 0 {
		return [3]int{collapsedLane, collapsedLane, collapsedLane}
	}
	rest := inner - (3-open)*collapsedLane
	for i := range model.PostTypes {
		switch {
		case r.shut[r.key(row, i)]:
			ws[i] = collapsedLane
		default:
			ws[i] = rest / open
		}
	}
	for i := 2; i >= 0; i-- { // the last open lane takes the remainder
		if !r.shut[r.key(row, i)] {
			ws[i] += rest - open*(rest/open)
			break
		}
	}
	return ws
}

// at is the row and lane drawn at (x, y), or row -1.
func (r *river) at(x, y int) (row, lane int) {
	row = r.cur.Top() + y/r.rowHeight()
	if row >= len(r.rows) {
		return -1, 0
	}
	ws := r.laneWidths(row)
	x -= 2
	for i, w := range ws {
		if x < w+widget.Width(laneSep) || i == 2 {
			return row, i
		}
		x -= w + widget.Width(laneSep)
	}
	return row, 2
}

// view draws the rows that fit.
func (r *river) view(focused bool) []string {
	var out []string
	for i := r.cur.Top(); i < len(r.rows) && len(out) < r.h; i++ {
		out = append(out, r.drawRow(i, focused)...)
	}
	if len(out) < r.h && r.loading && len(r.rows) > 0 {
		out = append(out, "  "+r.c.Styles.Muted.Render("Loading…"))
	}
	if len(out) > r.h {
		out = out[:r.h]
	}
	return out
}

// drawRow draws one author's row: their name, then the lanes.
func (r *river) drawRow(i int, focused bool) []string {
	s := r.c.Styles
	row := r.rows[i]
	sel := i == r.cur.Index()
	g := gutter(r.c, model.PostTypes[r.lane], sel, focused)
	author := s.Author.Render(name(row.Author)) + " " + s.Handle.Render(handle(row.Author)) +
		s.Muted.Render(" · ") + s.Timestamp.Render(ago(row.LatestAt, r.c.Now()))
	out := []string{g + widget.Truncate(author, r.w-2)}
	ws := r.laneWidths(i)
	lanes := make([][]string, 3)
	for li, t := range model.PostTypes {
		lanes[li] = r.drawLane(i, t, ws[li], sel && li == r.lane, focused)
	}
	sep := s.Rule.Render(laneSep)
	for k := range r.bodyLines() + 2 {
		cells := make([]string, 3)
		for li := range lanes {
			cell := ""
			if k < len(lanes[li]) {
				cell = lanes[li][k]
			}
			cells[li] = widget.Pad(cell, ws[li])
		}
		out = append(out, g+strings.Join(cells, sep))
	}
	return append(out, "")
}

// drawLane draws one lane of a row: its header, then the post it shows
// (content, counts), or a collapsed strip.
func (r *river) drawLane(row int, t model.PostType, w int, sel, focused bool) []string {
	s := r.c.Styles
	k := laneKey{author: r.rows[row].Author.ID, typ: t}
	posts := r.rows[row].Lane(t)
	accent := laneStyleOf(s, t)
	head := func(text string) string {
		switch {
		case sel && focused:
			return s.Selected.Render(widget.Pad(text, w))
		case sel:
			return s.SelectedBl.Render(widget.Pad(text, w))
		}
		return accent.Render(widget.Truncate(text, w))
	}
	if r.shut[k] {
		return []string{head("▸" + laneIcon(t)), s.Muted.Render(widget.Truncate(" "+count(len(posts)), w))}
	}
	if len(posts) == 0 {
		return []string{head(laneIcon(t) + " " + laneName(t)), s.Muted.Render(widget.Truncate("—", w))}
	}
	n := min(r.pos[k], len(posts)-1)
	p := posts[n]
	key := drawnLaneKey{postKeyOf(r.c, p), t, n, len(posts), w, r.bodyLines(), sel, focused}
	return r.c.cached(key, func() []string { return r.drawLanePost(p, t, n, len(posts), w, head) })
}

// drawnLaneKey is everything a lane's drawing of one of its posts depends
// on.
type drawnLaneKey struct {
	post         postKey
	typ          model.PostType
	n, of        int // the post's place in its lane
	w, body      int
	sel, focused bool
}

// drawLanePost draws the post at place n of a lane of total posts.
func (r *river) drawLanePost(p model.Post, t model.PostType, n, total, w int, head func(string) string) []string {
	s := r.c.Styles
	lines := []string{head(laneIcon(t) + " " + laneName(t) + " " + strconv.Itoa(n+1) + "/" + strconv.Itoa(total))}
	body := r.bodyLines()
	media := mediaLine(r.c, p, w)
	if media != "" {
		body--
	}
	if body > 0 {
		for _, l := range postBody(p, w, body) {
			lines = append(lines, s.Body.Render(l))
		}
	}
	if media != "" {
		lines = append(lines, media)
	}
	for len(lines) < r.bodyLines()+1 {
		lines = append(lines, "")
	}
	meta := s.Timestamp.Render(ago(p.CreatedAt, r.c.Now())) + "  " + postCountsShort(r.c, p)
	return append(lines, widget.Truncate(meta, w))
}

// gutter is the two cells left of a River row: a bar in the selected
// lane's accent on the selected row (muted when the River is not in
// front), else blank.
func gutter(c *Common, t model.PostType, selected, focused bool) string {
	switch {
	case !selected:
		return "  "
	case c.Plain:
		return "> "
	case !focused:
		return c.Styles.Muted.Render("▌") + " "
	}
	return laneStyleOf(c.Styles, t).Render("▌") + " "
}
