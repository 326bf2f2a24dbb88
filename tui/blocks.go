package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// blocks is the list of the people one blocks or mutes (:blocks), newest
// first, one line each: d or x lifts the selected block or mute at once
// (lifting harms no one), enter opens their profile, esc goes back.
type blocks struct {
	c    *Common
	w, h int

	items   []model.Block
	loaded  bool
	loadErr string
	list    widget.Cursor
	status  outcome
	busy    bool // a lift is out
}

// blocksMsg carries the list; to is the list that asked.
type blocksMsg struct {
	items []model.Block
	err   error
}

// openBlocksMsg opens the list.
type openBlocksMsg struct{}

// newBlocks is the list; Init loads it.
func newBlocks(c *Common) pane { return &blocks{c: c} }

// Init loads the list.
func (p *blocks) Init() tea.Cmd {
	svc, me := p.c.Svc, p.c.User.ID
	return call(p.c, p, func(ctx context.Context) ([]model.Block, error) { return svc.Blocks(ctx, me) },
		func(items []model.Block, err error) tea.Msg { return blocksMsg{items: items, err: err} })
}

// Update handles the list, the outcome of a lift, keys and the mouse.
func (p *blocks) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case blocksMsg:
		if msg.err != nil {
			p.loadErr = widget.SanitizeLine(model.ErrorMessage(msg.err))
			return nil
		}
		p.items, p.loaded, p.loadErr = msg.items, true, ""
		p.list.SetLen(len(p.items))
	case socialDoneMsg:
		p.busy = false
		shown := p.status.set(msg.text, msg.err)
		if msg.err == nil {
			return tea.Batch(shown, emit(refreshMsg{})) // this list too
		}
		return tea.Batch(shown, p.Init())
	case refreshMsg:
		return p.Init()
	case tea.KeyPressMsg:
		return p.key(msg)
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			p.list.Move(-1)
		case tea.MouseWheelDown:
			p.list.Move(1)
		}
	case tea.MouseClickMsg:
		i := p.list.Top() + msg.Y - 3
		if msg.Button != tea.MouseLeft || msg.Y < 3 || i >= len(p.items) || i >= p.list.Top()+p.list.Height() {
			return nil
		}
		if i == p.list.Index() {
			return emit(openProfileMsg{userID: p.items[i].User.ID})
		}
		p.list.To(i)
	}
	return nil
}

// key moves through the list, opens a profile or lifts a block or mute.
func (p *blocks) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.Keys
	if p.list.Navigate(msg, k) || len(p.items) == 0 {
		return nil
	}
	b := p.items[p.list.Index()]
	switch {
	case key.Matches(msg, k.Open):
		return emit(openProfileMsg{userID: b.User.ID})
	case key.Matches(msg, k.Lift) && !p.busy:
		p.busy = true
		act := doUnmute
		if b.Kind == model.Blocked {
			act = doUnblock
		}
		return shieldCmd(p.c, p, b.User, act)
	}
	return nil
}

// SetSize sets how many rows show: below the heading, its rule and the
// status line.
func (p *blocks) SetSize(w, h int) {
	p.w, p.h = w, h
	p.list.SetHeight(max(h-3, 1))
}

// Focus and Blur change nothing: the list has no text field.
func (p *blocks) Focus() tea.Cmd { return nil }
func (p *blocks) Blur()          {}

// Typing is false: the list has no text field.
func (p *blocks) Typing() bool { return false }

// Title names the view in the tab bar.
func (p *blocks) Title() string { return "Blocked and muted" }

// ShortHelp are the list's keys; esc and q go back (the root's).
func (p *blocks) ShortHelp() []key.Binding {
	k := p.c.Keys
	return []key.Binding{k.Up, k.Down, k.Lift, k.Open}
}

// FullHelp are the list's keys.
func (p *blocks) FullHelp() [][]key.Binding {
	k := p.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, {k.Lift, k.Open, k.Back}}
}

// View draws the heading, the outcome of the last lift, and one line per
// person.
func (p *blocks) View() string {
	if p.w <= 0 || p.h <= 0 {
		return ""
	}
	s := p.c.Styles
	out := []string{" " + s.Title.Render("Blocked and muted"), s.Rule.Render(strings.Repeat("─", p.w)),
		" " + p.status.view(s, p.w-2)}
	switch {
	case p.loadErr != "":
		return widget.Rect(append(out, widget.WrapIndented(s.Error, "Could not load the list: "+p.loadErr+" — ctrl+r to try again.", p.w)...), p.w, p.h)
	case !p.loaded:
		return widget.Rect(append(out, " "+s.Muted.Render("Loading…")), p.w, p.h)
	case len(p.items) == 0:
		return widget.Rect(append(out, widget.WrapIndented(s.Muted, "You block and mute no one. On someone's profile "+p.c.Keys.Block.Help().Key+
			" blocks them and "+p.c.Keys.Mute.Help().Key+" mutes them; or type :block NAME, :mute NAME.", p.w)...), p.w, p.h)
	}
	end := min(p.list.Top()+p.list.Height(), len(p.items))
	for i := p.list.Top(); i < end; i++ {
		out = append(out, p.row(p.items[i], i == p.list.Index()))
	}
	return widget.Rect(out, p.w, p.h)
}

// row draws one person: who, and whether blocked or muted since when.
func (p *blocks) row(b model.Block, selected bool) string {
	s := p.c.Styles
	kind := seg{"⊘ blocked", s.Error}
	if b.Kind == model.Muted {
		kind = seg{"◌ muted", s.Muted}
	}
	left := []seg{{selMark(p.c, selected), s.Muted}, {name(b.User), s.Author}, {" " + handle(b.User), s.Handle}}
	var sel *lipgloss.Style
	if selected {
		sel = &s.Selected
	}
	return spread(p.w-1, left, []seg{kind, {"  " + ago(b.Since, p.c.Now()), s.Timestamp}}, sel)
}
