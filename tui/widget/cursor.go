package widget

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/tui/theme"
)

// Cursor is the selection of a list and its scroll position: the row
// under the cursor is always between Top and Top+Height.
type Cursor struct {
	idx, top int
	n        int // rows in the list
	height   int // rows shown
}

// Index is the selected row.
func (c *Cursor) Index() int { return c.idx }

// Top is the first row shown.
func (c *Cursor) Top() int { return c.top }

// Len is the number of rows.
func (c *Cursor) Len() int { return c.n }

// Height is how many rows show.
func (c *Cursor) Height() int { return c.height }

// Reset selects the first row of an empty list, keeping the height.
func (c *Cursor) Reset() { *c = Cursor{height: c.height} }

// SetLen sets the number of rows, keeping the selection in range.
func (c *Cursor) SetLen(n int) {
	c.n = n
	c.clamp()
}

// SetHeight sets how many rows show.
func (c *Cursor) SetHeight(h int) {
	c.height = max(h, 1)
	c.clamp()
}

// Move moves the selection by d rows.
func (c *Cursor) Move(d int) {
	c.idx += d
	c.clamp()
}

// To selects row i.
func (c *Cursor) To(i int) {
	c.idx = i
	c.clamp()
}

// Shift moves the selection and the view d rows down together: rows came
// in above them (counted by SetLen first), and both stay on what they
// were on.
func (c *Cursor) Shift(d int) {
	c.idx += d
	c.top += d
	c.clamp()
}

func (c *Cursor) clamp() {
	c.idx = min(max(c.idx, 0), max(c.n-1, 0))
	if c.idx < c.top {
		c.top = c.idx
	}
	if c.idx >= c.top+c.height {
		c.top = c.idx - c.height + 1
	}
	c.top = max(min(c.top, c.n-c.height), 0)
}

// AtEnd reports whether the selection is on one of the last few rows: the
// moment to load the next page of an endless list.
func (c *Cursor) AtEnd() bool { return c.n > 0 && c.idx >= c.n-5 }

// Navigate moves the selection for a list key, and reports whether the
// key was one.
func (c *Cursor) Navigate(msg tea.KeyPressMsg, k *theme.KeyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		c.Move(-1)
	case key.Matches(msg, k.Down):
		c.Move(1)
	case key.Matches(msg, k.Top):
		c.To(0)
	case key.Matches(msg, k.Bottom):
		c.To(c.n - 1)
	case key.Matches(msg, k.PageUp):
		c.Move(-max(c.height/2, 1))
	case key.Matches(msg, k.PageDown):
		c.Move(max(c.height/2, 1))
	default:
		return false
	}
	return true
}

// ScrollTop is the first of a list's rows of varying heights to draw in h
// lines so that row sel shows, moving from top as little as it can.
func ScrollTop(top, sel, h int, height func(int) int) int {
	if sel < top {
		return max(sel, 0)
	}
	used := 0
	for i := top; i <= sel; i++ {
		used += height(i)
	}
	for used > h && top < sel {
		used -= height(top)
		top++
	}
	return top
}
