package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/numeneon/numeneon/tui/theme"
	"github.com/numeneon/numeneon/tui/widget"
)

// Toasts are short notes in the top right corner for live events and
// errors that have no better place. They never take the focus, and each
// goes by itself after a few seconds: the only timer a session runs, and
// only while a toast shows.

// toastTime is how long a toast shows; maxToasts how many show at once,
// on a screen at least wideToasts columns wide (one on a narrower one, to
// leave the pane readable).
const (
	toastTime  = 4 * time.Second
	maxToasts  = 3
	wideToasts = 120
)

type toast struct {
	id    int
	text  string
	isErr bool
}

// toasts are the ones showing, oldest first.
type toasts struct {
	list []toast
	next int
}

// toastGoneMsg removes a toast whose time is up.
type toastGoneMsg struct{ id int }

// toast shows a note and schedules its removal.
func (a *App) toast(text string, isErr bool) tea.Cmd {
	t := &a.toasts
	t.next++
	id := t.next
	t.list = append(t.list, toast{id: id, text: text, isErr: isErr})
	if len(t.list) > maxToasts {
		t.list = t.list[len(t.list)-maxToasts:]
	}
	return a.toastTimer(id)
}

// toastTimer removes a toast in toastTime.
func (a *App) toastTimer(id int) tea.Cmd {
	return tea.Tick(toastTime, func(time.Time) tea.Msg { return toastGoneMsg{id: id} })
}

// asker is a pane that can be asking a yes/no question over itself.
type asker interface {
	Asking() bool
}

// overlayOpen reports whether something the person must read or answer is
// drawn over the pane or the bottom line (the help, the command line, a
// question): toasts do not cover it, and wait for it to close.
func (a *App) overlayOpen() bool {
	if a.help || a.cmdline != nil || a.asking || a.offer.line != "" {
		return true
	}
	q, ok := a.front().(asker)
	return ok && q.Asking()
}

func (t *toasts) remove(id int) {
	for i, x := range t.list {
		if x.id == id {
			t.list = append(t.list[:i], t.list[i+1:]...)
			return
		}
	}
}

// over draws the toasts over base (a whole frame), below the tab bar,
// against the right edge; on a narrow screen the newest only, on one line
// in place of the rule under the tab bar, so that it covers neither the
// tabs nor the status at their right nor what the pane shows.
func (t *toasts) over(base string, s *theme.Styles, w int) string {
	if len(t.list) == 0 {
		return base
	}
	shown := t.list
	if w < wideToasts {
		x := shown[len(shown)-1]
		st := s.Toast
		if x.isErr {
			st = s.ToastError
		}
		st = st.BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).Bold(true)
		box := st.Render(widget.Truncate(widget.SanitizeLine(x.text), w-2-st.GetHorizontalFrameSize()))
		layer := lipgloss.NewLayer(box).X(max(w-lipgloss.Width(box), 0)).Y(1).Z(1)
		return lipgloss.NewCompositor(lipgloss.NewLayer(base), layer).Render()
	}
	var boxes []string
	for _, x := range shown {
		st := s.Toast
		if x.isErr {
			st = s.ToastError
		}
		text := widget.SanitizeLine(x.text)
		// As wide as the text up to two fifths of the screen, so that most
		// toasts take one line, not two.
		inner := min(widget.Width(text), max(w*2/5, 30)-st.GetHorizontalFrameSize(), w-4-st.GetHorizontalFrameSize())
		boxes = append(boxes, st.Render(strings.Join(widget.Wrap(text, inner), "\n")))
	}
	stack := lipgloss.JoinVertical(lipgloss.Right, boxes...)
	layer := lipgloss.NewLayer(stack).X(max(w-lipgloss.Width(stack)-1, 0)).Y(2).Z(1)
	return lipgloss.NewCompositor(lipgloss.NewLayer(base), layer).Render()
}
