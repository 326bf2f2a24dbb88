package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// pane is one component of the app: a tab (feed, profile, friends, chat)
// or a view the root puts on top of one (a post, someone's profile, the
// notifications). The root hands keys only to the pane in front, and every
// other message to every pane.
type pane interface {
	// Init starts loading what the pane shows.
	Init() tea.Cmd
	// Update handles a message; it never waits for IO (that is what
	// commands are for).
	Update(msg tea.Msg) tea.Cmd
	// View draws the pane in exactly the size it was given.
	View() string
	// SetSize gives the pane its size.
	SetSize(width, height int)
	// Focus and Blur tell the pane whether it is in front.
	Focus() tea.Cmd
	Blur()
	// Typing reports whether a text field of the pane has the focus: keys
	// the root would otherwise take (1-4, q, n, ?, …) then go to the pane.
	Typing() bool
	// Title names the pane in the tab bar when it is on top of a tab.
	Title() string
	// ShortHelp and FullHelp are the pane's keys, for the help line and
	// the help screen.
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

// hider is a pane that lets go of what it holds once it has been hidden
// for a while (a server keeps thousands of sessions, most of them looking
// at one pane): Hidden is called when it goes behind another, and its
// command comes back to it after the while; coming to the front again
// reloads what was let go.
type hider interface {
	Hidden() tea.Cmd
}

// tabTaker is a pane that sometimes uses tab itself, to move between its
// parts; the root then does not take tab to mean the next pane.
type tabTaker interface {
	TakesTab() bool
}

// backer is a pane that can have something open inside it (a search's
// results): esc and q close that first, one level at a time, before the
// pane itself goes (or, on a tab, q quits).
type backer interface {
	// Back closes what is open inside the pane and reports whether
	// there was something.
	Back() bool
}

// tab is one of the four panes of the tab bar.
type tab int

// The tabs, in the tab bar's order.
const (
	tabFeed tab = iota
	tabProfile
	tabFriends
	tabChat
	tabCount
)

func (t tab) String() string {
	return [...]string{"Feed", "Profile", "Friends", "Chat"}[t]
}
