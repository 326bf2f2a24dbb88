package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// Text fields never blink: a blinking cursor is a timer that redraws the
// screen twice a second for ever, in every idle session.

// newInput is a one-line text field in the session's style.
func newInput(c *Common, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Placeholder = placeholder
	in.CharLimit = limit
	st := textinput.DefaultStyles(c.Styles.Dark)
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}

// newTextarea is a multi-line text field in the session's style.
func newTextarea(c *Common, placeholder string, limit int) textarea.Model {
	ta := textarea.New()
	ta.Placeholder = placeholder
	ta.CharLimit = limit
	ta.ShowLineNumbers = false
	st := textarea.DefaultStyles(c.Styles.Dark)
	st.Cursor.Blink = false
	ta.SetStyles(st)
	return ta
}

// cursor is the selection of a list and its scroll position: the row
// under the cursor is always between top and top+height.
type cursor struct {
	idx, top int
	n        int // rows in the list
	height   int // rows shown
}

// setLen sets the number of rows, keeping the selection in range.
func (c *cursor) setLen(n int) {
	c.n = n
	c.clamp()
}

// setHeight sets how many rows show.
func (c *cursor) setHeight(h int) {
	c.height = max(h, 1)
	c.clamp()
}

// move moves the selection by d rows.
func (c *cursor) move(d int) {
	c.idx += d
	c.clamp()
}

// to selects row i.
func (c *cursor) to(i int) {
	c.idx = i
	c.clamp()
}

func (c *cursor) clamp() {
	c.idx = min(max(c.idx, 0), max(c.n-1, 0))
	if c.idx < c.top {
		c.top = c.idx
	}
	if c.idx >= c.top+c.height {
		c.top = c.idx - c.height + 1
	}
	c.top = max(min(c.top, c.n-c.height), 0)
}

// atEnd reports whether the selection is on one of the last few rows: the
// moment to load the next page of an endless list.
func (c *cursor) atEnd() bool { return c.n > 0 && c.idx >= c.n-5 }

// navigate moves the selection for a list key, and reports whether the key
// was one.
func (c *cursor) navigate(msg tea.KeyPressMsg, k *KeyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		c.move(-1)
	case key.Matches(msg, k.Down):
		c.move(1)
	case key.Matches(msg, k.Top):
		c.to(0)
	case key.Matches(msg, k.Bottom):
		c.to(c.n - 1)
	case key.Matches(msg, k.PageUp):
		c.move(-max(c.height/2, 1))
	case key.Matches(msg, k.PageDown):
		c.move(max(c.height/2, 1))
	default:
		return false
	}
	return true
}
