package widget

import (
	"runtime"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/tui/theme"
)

// TestTextareaHoldsLittle: a text area, new or emptied, holds a few
// kilobytes, not bubbles' room for 10,000 lines (a quarter of a megabyte):
// a server keeps one in every session with a chat open.
func TestTextareaHoldsLittle(t *testing.T) {
	s := theme.New(true)
	const n = 100
	held := make([]Textarea, n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range held {
		held[i] = NewTextarea(s, "say something", 1000)
		held[i].SetValue("a line\nand another")
		held[i].Reset()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n; per > 32<<10 {
		t.Errorf("a text area holds %d KB", per>>10)
	}
	runtime.KeepAlive(held)
}

// TestTextareaGrowsAgain: lines typed, pasted and broken past the room a
// compacted text area has all stay, in order.
func TestTextareaGrowsAgain(t *testing.T) {
	ta := NewTextarea(theme.New(true), "", 0)
	ta.MaxHeight, ta.MaxContentHeight = 0, 0
	ta.Focus()
	ta.SetValue("one\ntwo")
	ta.InsertString("\nthree\nfour")
	ta.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	ta.InsertString("five")
	if got, want := ta.Value(), "one\ntwo\nthree\nfour\nfive"; got != want {
		t.Errorf("the text area holds %q, want %q", got, want)
	}
	ta.Reset()
	ta.InsertString("again\nand again")
	if got, want := ta.Value(), "again\nand again"; got != want {
		t.Errorf("after a reset the text area holds %q, want %q", got, want)
	}
}
