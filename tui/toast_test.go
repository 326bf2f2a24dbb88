package tui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/numeneon/numeneon/tui/theme"
)

// TestToastsFitTheScreen: a toast is as wide as its text allows, so a
// short one takes one line; a narrow screen shows only the newest, in the
// tab bar's line right of the tabs, a wide one the last three.
func TestToastsFitTheScreen(t *testing.T) {
	s := theme.New(true)
	t1 := toasts{list: []toast{{id: 1, text: "Carol Silva sent you a message"}, {id: 2, text: "Dave Larsen liked your post"}}}
	base := func(w int) string { return strings.TrimSuffix(strings.Repeat(strings.Repeat(".", w)+"\n", 24), "\n") }

	// At 80 columns the newest alone, on the rule's line: the tab bar
	// (line 0, its status at the right included) and the pane untouched,
	// a long text cut to the line rather than wrapped onto another.
	long := toasts{list: []toast{{id: 1, text: "Carol Silva sent you a message"}, {id: 2, text: "Erin Chen @erin: did you try the new build? " + strings.Repeat("and more ", 10)}}}
	narrow := long.over(base(80), s, 80)
	lines := strings.Split(ansi.Strip(narrow), "\n")
	if strings.Contains(narrow, "Carol") || !strings.Contains(lines[1], "Erin Chen @erin: did you try the new build?") || !strings.HasSuffix(strings.TrimSpace(lines[1]), "…") {
		t.Errorf("at 80 columns want only the newest toast, cut to the rule's line:\n%s", narrow)
	}
	for i, l := range lines {
		if i != 1 && l != strings.Repeat(".", 80) {
			t.Errorf("at 80 columns line %d is covered: %q", i, l)
		}
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

// TestToastsWaitForOverlays: a toast never covers the help, the command
// line or a question; it shows once they are closed, its time starting
// again.
func TestToastsWaitForOverlays(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	for _, tc := range []struct {
		name        string
		open, close func(a *App, f *friends)
	}{
		{"Help", func(a *App, _ *friends) { a.help = true }, func(a *App, _ *friends) { a.help = false }},
		{"CommandLine", func(a *App, _ *friends) { a.cmdline = newCmdline(a.c) }, func(a *App, _ *friends) { a.cmdline = nil }},
		{"Question", func(_ *App, f *friends) { f.asking = &f.lists[secFriends][0] }, func(_ *App, f *friends) { f.asking = nil }},
		{"Quit", func(a *App, _ *friends) { a.asking = true }, func(a *App, _ *friends) { a.asking = false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, c := open(t, e, alice, 160, 48, newFriends)
			f := p.(*friends)
			a := &App{c: c, active: tabFriends, live: true, liveKnown: true}
			a.tabs[tabFriends] = f
			tc.open(a, f)
			a.toast("Dave Larsen liked your post", false)
			if strings.Contains(ansi.Strip(a.view()), "Dave Larsen liked") {
				t.Fatalf("the toast covers the %s", tc.name)
			}
			if a.Update(toastGoneMsg{id: a.toasts.next}) == nil || len(a.toasts.list) != 1 {
				t.Fatal("the toast's time ran out unseen")
			}
			tc.close(a, f)
			if !strings.Contains(ansi.Strip(a.view()), "Dave Larsen liked") {
				t.Errorf("the toast does not show once the %s is closed", tc.name)
			}
		})
	}
}
