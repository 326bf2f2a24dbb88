package widget

import "testing"

// TestCursorShiftKeepsRows: rows that come in above keep the selection
// and the view on the rows they were on, within the list.
func TestCursorShiftKeepsRows(t *testing.T) {
	var c Cursor
	c.SetHeight(5)
	c.SetLen(20)
	c.To(8) // the view follows: rows 4 to 8
	if c.Top() != 4 {
		t.Fatalf("top %d after selecting row 8 in 5 rows, want 4", c.Top())
	}
	c.SetLen(23)
	c.Shift(3)
	if c.Index() != 11 || c.Top() != 7 {
		t.Errorf("after 3 rows came in above: index %d top %d, want 11 and 7", c.Index(), c.Top())
	}
	c.SetLen(12)
	c.Shift(5)
	if c.Index() != 11 || c.Top() != 7 {
		t.Errorf("a shift past the end: index %d top %d, want the last row (11) and top 7", c.Index(), c.Top())
	}
	c.Reset()
	if c.Index() != 0 || c.Len() != 0 || c.Height() != 5 {
		t.Errorf("reset: index %d len %d height %d, want 0 0 5", c.Index(), c.Len(), c.Height())
	}
}
