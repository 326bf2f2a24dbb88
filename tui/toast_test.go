package tui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/numeneon/numeneon/tui/theme"
)

// TestToastsFitTheScreen: a toast is as wide as its text allows, so a
// short one takes one line; a narrow screen shows only the newest, a wide
// one the last three.
func TestToastsFitTheScreen(t *testing.T) {
	s := theme.New(true)
	t1 := toasts{list: []toast{{id: 1, text: "Carol Silva sent you a message"}, {id: 2, text: "Dave Larsen liked your post"}}}
	base := func(w int) string { return strings.TrimSuffix(strings.Repeat(strings.Repeat(".", w)+"\n", 24), "\n") }

	narrow := t1.over(base(80), s, 80)
	if strings.Contains(narrow, "Carol") || !strings.Contains(narrow, "Dave Larsen liked your post") {
		t.Errorf("at 80 columns want only the newest toast, on one line:\n%s", narrow)
	}
	if n := strings.Count(narrow, "╭"); n != 1 {
		t.Errorf("at 80 columns %d toasts show, want 1", n)
	}
	if lipgloss.Height(narrow) != 24 || lipgloss.Width(narrow) != 80 {
		t.Errorf("the frame is %dx%d, want 80x24", lipgloss.Width(narrow), lipgloss.Height(narrow))
	}

	wide := t1.over(base(160), s, 160)
	for _, text := range []string{"Carol Silva sent you a message", "Dave Larsen liked your post"} {
		if !strings.Contains(wide, text) {
			t.Errorf("at 160 columns %q is missing or cut:\n%s", text, wide)
		}
	}
}
