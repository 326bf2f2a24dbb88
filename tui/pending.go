package tui

// Scaffolding while the panes are built: each constructor below moves to
// its pane's file. This file must be gone before the TUI is done.

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

type pendingPane struct {
	c     *Common
	title string
	w, h  int
}

func (p *pendingPane) Init() tea.Cmd          { return nil }
func (p *pendingPane) Update(tea.Msg) tea.Cmd { return nil }
func (p *pendingPane) View() string {
	return block([]string{"", "  " + p.title + " (being built)"}, p.w, p.h)
}
func (p *pendingPane) SetSize(w, h int)          { p.w, p.h = w, h }
func (p *pendingPane) Focus() tea.Cmd            { return nil }
func (p *pendingPane) Blur()                     {}
func (p *pendingPane) Typing() bool              { return false }
func (p *pendingPane) Title() string             { return p.title }
func (p *pendingPane) ShortHelp() []key.Binding  { return nil }
func (p *pendingPane) FullHelp() [][]key.Binding { return nil }

func newChat(c *Common) pane    { return &pendingPane{c: c, title: "Chat"} }
func newNotices(c *Common) pane { return &pendingPane{c: c, title: "Notifications"} }
