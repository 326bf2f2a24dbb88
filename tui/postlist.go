package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// postList is an endless list of posts drawn one under the other (the
// feed's single column, search results): a selection, the first post
// shown, and where its keyset paging stands. Posts have different
// heights, so it scrolls by post, keeping the selected one whole on
// screen.
type postList struct {
	c     *Common
	posts []model.Post
	cur   widget.Cursor // the selection; its own scroll position is not used
	top   int           // the first post drawn
	w, h  int
	paging
}

// paging is where the loading of an endless list stands.
type paging struct {
	loading  bool  // a page is on its way
	done     bool  // the last page came: nothing older
	err      error // the last page's error
	errFirst bool  // that page was a first one (a reload), not the next
}

// finished records that a page came, or why it did not.
func (p *paging) finished(err error, first bool) {
	p.loading, p.err, p.errFirst = false, err, first
}

// listMaxLines is how many lines of a post's content a list shows; the
// post's own view shows all.
const listMaxLines = 8

// listPageSize is how many posts a page brings.
const listPageSize = 30

// setSize gives the list its size and keeps the selection on screen.
func (l *postList) setSize(w, h int) {
	l.w, l.h = w, h
	// A page key moves about half a screen of average posts.
	l.cur.SetHeight(max(h/4, 1))
	l.scroll()
}

// reset empties the list before its first page loads again.
func (l *postList) reset() {
	l.posts, l.top, l.done, l.err = nil, 0, false, nil
	l.cur.Reset()
}

// add appends a page (or, first, sets the list, keeping the selection on
// the post it was on) and records whether it was the last.
func (l *postList) add(page []model.Post, first bool) {
	var was int64
	if first {
		if p, ok := l.selected(); ok {
			was = p.ID
		}
		l.posts = nil
	}
	seen := make(map[int64]bool, len(l.posts))
	for _, p := range l.posts {
		seen[p.ID] = true
	}
	for _, p := range page {
		if !seen[p.ID] {
			l.posts = append(l.posts, p)
		}
	}
	l.done = len(page) < listPageSize
	l.cur.SetLen(len(l.posts))
	if i := l.index(was); first && i >= 0 {
		l.cur.To(i)
	}
	l.scroll()
}

// next is the page after the last post, or nil when none is needed now.
func (l *postList) next() *model.Page {
	if l.loading || l.done || l.err != nil || len(l.posts) == 0 || !l.cur.AtEnd() {
		return nil
	}
	return &model.Page{Limit: listPageSize, Before: l.posts[len(l.posts)-1].Cursor()}
}

// selected is the post under the cursor.
func (l *postList) selected() (model.Post, bool) {
	if l.cur.Index() < len(l.posts) {
		return l.posts[l.cur.Index()], true
	}
	return model.Post{}, false
}

// index is where the post with id is, or -1.
func (l *postList) index(id int64) int {
	for i, p := range l.posts {
		if p.ID == id {
			return i
		}
	}
	return -1
}

// replace puts a changed post in place; it reports whether it was there.
func (l *postList) replace(p model.Post) bool {
	if i := l.index(p.ID); i >= 0 {
		// The share that put it in this feed stays, whoever changed it.
		p.SharedBy, p.SharedAt = l.posts[i].SharedBy, l.posts[i].SharedAt
		l.posts[i] = p
		l.scroll()
		return true
	}
	return false
}

// prepend puts a new post first without moving what the reader looks at:
// the selection and the first post shown stay on the same posts, unless
// the reader was at the very top, where the new post shows.
func (l *postList) prepend(p model.Post) {
	if l.index(p.ID) >= 0 {
		return
	}
	l.posts = append([]model.Post{p}, l.posts...)
	l.cur.SetLen(len(l.posts))
	if l.cur.Index() > 0 || l.top > 0 {
		l.cur.Shift(1)
		l.top++
	}
	l.scroll()
}

// remove takes a deleted post out, keeping the selection near it.
func (l *postList) remove(id int64) {
	i := l.index(id)
	if i < 0 {
		return
	}
	l.posts = append(l.posts[:i], l.posts[i+1:]...)
	if l.top > i {
		l.top--
	}
	l.cur.SetLen(len(l.posts))
	l.scroll()
}

// key moves the selection for a list key and reports whether it was one.
func (l *postList) key(msg tea.KeyPressMsg) bool {
	if !l.cur.Navigate(msg, l.c.Keys) {
		return false
	}
	l.scroll()
	return true
}

// move moves the selection by d posts (the mouse wheel).
func (l *postList) move(d int) {
	l.cur.Move(d)
	l.scroll()
}

// postWidth is the width of a post in the list, inside its margins.
func (l *postList) postWidth() int { return max(l.w-2*widget.Width(margin), 1) }

// height is the lines post i takes, its blank line after it included.
func (l *postList) height(i int) int {
	return postHeight(l.posts[i], l.postWidth(), listMaxLines) + 1
}

// scroll moves the first post shown so that the selected one is whole on
// screen (or starts it, when it is taller than the screen).
func (l *postList) scroll() {
	if len(l.posts) == 0 {
		l.top = 0
		return
	}
	l.top = widget.ScrollTop(l.top, l.cur.Index(), l.h, l.height)
}

// at is the post drawn at row y of the list, or -1.
func (l *postList) at(y int) int {
	row := 0
	for i := l.top; i < len(l.posts) && row < l.h; i++ {
		row += l.height(i)
		if y < row {
			return i
		}
	}
	return -1
}

// view draws the list in its size; the selected post's header is in the
// selection's style.
func (l *postList) view(focused bool) []string {
	var out []string
	for i := l.top; i < len(l.posts) && len(out) < l.h; i++ {
		sel := selStyle(l.c.Styles, i == l.cur.Index(), focused)
		for j, ln := range postLines(l.c, l.posts[i], l.postWidth(), listMaxLines, sel) {
			out = append(out, selMark(l.c, j == 0 && i == l.cur.Index())+ln)
		}
		out = append(out, "")
	}
	if len(out) < l.h && l.loading && len(l.posts) > 0 {
		out = append(out, margin+l.c.Styles.Muted.Render("Loading more…"))
	}
	if len(out) > l.h {
		out = out[:l.h]
	}
	return out
}
