package tui

import (
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// river is the feed's River view: one row per author, newest authors
// first, each with three lanes side by side (thoughts, media,
// milestones). The selected lane shows one of its posts with its place
// ("2/5"); [ and ] move through them. A lane can be collapsed to a narrow
// strip, and reopens by itself when a new post arrives in it.
type river struct {
	c    *Common
	rows []model.RiverRow
	cur  widget.Cursor // rows all have one height, so the cursor scrolls them
	lane int           // the selected lane, an index of model.PostTypes
	pos  map[laneKey]int
	shut map[laneKey]bool // collapsed lanes
	w, h int

	after *model.RiverCursor // where the next page starts
	paging
}

// laneKey names one lane of one author's row.
type laneKey struct {
	author int64
	typ    model.PostType
}

// riverPageSize is how many rows a page brings.
const riverPageSize = 20

// Lane layout: the separator between lanes and the width of a collapsed
// one.
const (
	laneSep       = " │ "
	collapsedLane = 4
)

// newRiver is an empty River, waiting for its first page.
func newRiver(c *Common) *river {
	return &river{c: c, pos: map[laneKey]int{}, shut: map[laneKey]bool{}}
}

// bodyLines is how many lines of a post a lane shows: more on a tall
// screen.
func (r *river) bodyLines() int {
	if r.h >= 30 {
		return 3
	}
	return 2
}

// rowHeight is the lines a row takes: the author, the lane headers, the
// post, its counts and a blank line.
func (r *river) rowHeight() int { return r.bodyLines() + 4 }

// setSize gives the River its size; the cursor pages by rows.
func (r *river) setSize(w, h int) {
	r.w, r.h = w, h
	r.cur.SetHeight(max(h/r.rowHeight(), 1))
}

// reset empties the River before its first page loads again.
func (r *river) reset() {
	r.rows, r.after, r.done, r.err = nil, nil, false, nil
	r.cur.Reset()
}

// add appends a page of rows (or, first, sets them, keeping the selection
// on the author it was on).
func (r *river) add(rows []model.RiverRow, first bool) {
	var was int64 = -1
	if row, ok := r.selectedRow(); ok && first {
		was = row.Author.ID
	}
	if first {
		r.rows = nil
	}
	for _, row := range rows {
		if r.rowOf(row.Author.ID) < 0 {
			r.rows = append(r.rows, row)
		}
	}
	if n := len(rows); n > 0 {
		last := rows[n-1]
		r.after = &model.RiverCursor{LatestAt: last.LatestAt, AuthorID: last.Author.ID}
	}
	r.done = len(rows) < riverPageSize
	r.cur.SetLen(len(r.rows))
	if i := r.rowOf(was); i >= 0 {
		r.cur.To(i)
	}
}

// next is where the next page starts, or nil when none is needed now.
func (r *river) next() *model.RiverCursor {
	if r.loading || r.done || r.err != nil || r.after == nil || r.cur.Index() < r.cur.Len()-3 {
		return nil
	}
	return r.after
}

// rowOf is the index of an author's row, or -1.
func (r *river) rowOf(author int64) int {
	return slices.IndexFunc(r.rows, func(row model.RiverRow) bool { return row.Author.ID == author })
}

// key of lane i of row.
func (r *river) key(row int, i int) laneKey {
	return laneKey{author: r.rows[row].Author.ID, typ: model.PostTypes[i]}
}

// selected is the post the selected lane shows, if it shows one.
func (r *river) selected() (model.Post, bool) {
	if r.cur.Index() >= len(r.rows) {
		return model.Post{}, false
	}
	k := r.key(r.cur.Index(), r.lane)
	posts := r.rows[r.cur.Index()].Lane(k.typ)
	if r.shut[k] || len(posts) == 0 {
		return model.Post{}, false
	}
	return posts[min(r.pos[k], len(posts)-1)], true
}

// selectedRow is the row under the cursor.
func (r *river) selectedRow() (model.RiverRow, bool) {
	if r.cur.Index() < len(r.rows) {
		return r.rows[r.cur.Index()], true
	}
	return model.RiverRow{}, false
}

// handle moves through the River for a key and reports whether it was
// one of its keys.
func (r *river) handle(msg tea.KeyPressMsg) bool {
	k := r.c.Keys
	switch {
	case r.cur.Navigate(msg, k):
	case key.Matches(msg, k.Left):
		r.lane = max(r.lane-1, 0)
	case key.Matches(msg, k.Right):
		r.lane = min(r.lane+1, len(model.PostTypes)-1)
	case key.Matches(msg, k.NewerInLane):
		r.step(-1)
	case key.Matches(msg, k.OlderInLane):
		r.step(1)
	case key.Matches(msg, k.Collapse):
		r.toggle()
	default:
		return false
	}
	return true
}

// move moves the selection by d rows (the mouse wheel).
func (r *river) move(d int) { r.cur.Move(d) }

// step shows the next older (d=1) or newer (d=-1) post of the selected
// lane.
func (r *river) step(d int) {
	if r.cur.Index() >= len(r.rows) {
		return
	}
	k := r.key(r.cur.Index(), r.lane)
	n := len(r.rows[r.cur.Index()].Lane(k.typ))
	r.pos[k] = min(max(r.pos[k]+d, 0), max(n-1, 0))
}

// toggle collapses or reopens the selected lane.
func (r *river) toggle() {
	if r.cur.Index() >= len(r.rows) {
		return
	}
	k := r.key(r.cur.Index(), r.lane)
	if r.shut[k] {
		delete(r.shut, k)
	} else {
		r.shut[k] = true
	}
}

// collapsed reports whether the selected lane is collapsed.
func (r *river) collapsed() bool {
	return r.cur.Index() < len(r.rows) && r.shut[r.key(r.cur.Index(), r.lane)]
}

// arrived puts a new post in its author's row, if the row is loaded,
// without moving the rows: its lane shows it (unless the reader had
// stepped to an older post there, which stays in view), and reopens if it
// was collapsed. It reports whether the row was there.
func (r *river) arrived(p model.Post) bool {
	i := r.rowOf(p.Author.ID)
	if i < 0 {
		return false
	}
	row := &r.rows[i]
	if slices.ContainsFunc(row.Lane(p.Type), func(q model.Post) bool { return q.ID == p.ID }) {
		return true
	}
	lane := append([]model.Post{p}, row.Lane(p.Type)...)
	if len(lane) > model.RiverLaneSize {
		lane = lane[:model.RiverLaneSize]
	}
	setLane(row, p.Type, lane)
	if p.CreatedAt.After(row.LatestAt) {
		row.LatestAt = p.CreatedAt
	}
	k := laneKey{author: p.Author.ID, typ: p.Type}
	if r.shut[k] {
		delete(r.shut, k)
		r.pos[k] = 0
	} else if r.pos[k] > 0 {
		r.pos[k] = min(r.pos[k]+1, len(lane)-1)
	}
	return true
}

// mine puts the reader's own new post in at once: their row moves to the
// top. The selection stays on the row it was on, unless the reader was at
// the very top, where their post now shows.
func (r *river) mine(p model.Post) {
	atTop := r.cur.Index() == 0 && r.cur.Top() == 0
	var was int64
	if row, ok := r.selectedRow(); ok {
		was = row.Author.ID
	}
	row := model.RiverRow{Author: p.Author, LatestAt: p.CreatedAt}
	if i := r.rowOf(p.Author.ID); i >= 0 {
		row = r.rows[i]
		r.rows = slices.Delete(r.rows, i, i+1)
	}
	r.rows = slices.Insert(r.rows, 0, row)
	r.arrived(p)
	r.cur.SetLen(len(r.rows))
	if atTop {
		r.cur.To(0)
		r.lane = slices.Index(model.PostTypes, p.Type)
		r.pos[laneKey{author: p.Author.ID, typ: p.Type}] = 0
		return
	}
	if i := r.rowOf(was); i >= 0 {
		if i > r.cur.Index() {
			r.cur.Shift(1) // the rows above moved down one: so does the view
		}
		r.cur.To(i)
	}
}

// setLane replaces one lane of a row.
func setLane(row *model.RiverRow, t model.PostType, posts []model.Post) {
	switch t {
	case model.Media:
		row.Media = posts
	case model.Milestones:
		row.Milestones = posts
	default:
		row.Thoughts = posts
	}
}

// replace puts a changed post in place wherever it shows.
func (r *river) replace(p model.Post) {
	for i := range r.rows {
		lane := r.rows[i].Lane(p.Type)
		for k := range lane {
			if lane[k].ID == p.ID {
				lane[k] = p
			}
		}
	}
}

// remove takes a deleted post out of its lane, and its author's row out
// when nothing is left in it.
func (r *river) remove(id int64) {
	for i := 0; i < len(r.rows); i++ {
		row := &r.rows[i]
		for _, t := range model.PostTypes {
			setLane(row, t, slices.DeleteFunc(row.Lane(t), func(q model.Post) bool { return q.ID == id }))
		}
		if len(row.Thoughts)+len(row.Media)+len(row.Milestones) == 0 {
			r.rows = slices.Delete(r.rows, i, i+1)
			i--
			continue
		}
		// Each lane holds its type's newest posts, so the newest of the
		// lanes is the author's latest.
		row.LatestAt = time.Time{}
		for _, t := range model.PostTypes {
			if lane := row.Lane(t); len(lane) > 0 && lane[0].CreatedAt.After(row.LatestAt) {
				row.LatestAt = lane[0].CreatedAt
			}
		}
	}
	r.cur.SetLen(len(r.rows))
}
