package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/numeneon/numeneon/tui/widget"
)

// q on a tab ends the session, but not by a slip: a session over SSH (the
// connection goes with it) or one holding something typed and not sent
// asks first, on the bottom line. y or q again quits; any other key keeps
// the session. ctrl+c always quits at once.

// quit quits, or asks first when the session is worth keeping.
func (a *App) quit() tea.Cmd {
	if a.opts.Remote || a.hasUnsent() {
		a.asking = true
		return nil
	}
	return tea.Quit
}

// hasUnsent reports whether something typed was not sent: a post's
// draft, or a message to someone.
func (a *App) hasUnsent() bool {
	for _, d := range a.c.Drafts {
		if strings.TrimSpace(d.Content) != "" || strings.TrimSpace(d.MediaURL) != "" {
			return true
		}
	}
	if ch, ok := a.tabs[tabChat].(*chat); ok && a.opened[tabChat] {
		return len(ch.unsent()) > 0
	}
	return false
}

// answerQuit takes the key pressed while "Quit?" is asked.
func (a *App) answerQuit(msg tea.KeyPressMsg) tea.Cmd {
	a.asking = false
	switch strings.ToLower(msg.String()) {
	case "y", "q":
		return tea.Quit
	}
	return nil
}

// quitLine is the bottom line while "Quit?" is asked: the answer keys
// first, so that a narrow terminal cuts the reason, not them.
func (a *App) quitLine(w int) string {
	s := a.c.Styles
	why := "This ends your SSH session."
	if a.hasUnsent() {
		why = "What you typed and did not send is kept as a draft."
	}
	return widget.Truncate(" "+s.Title.Render("Quit numeneon?")+" "+s.Muted.Render("y/q yes · any other key no")+"  "+s.Muted.Render(why), w)
}
