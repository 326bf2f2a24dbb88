package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// The frame around the pane: the tab bar above, the help line below, and
// the help screen.

// hit is a clickable span of the tab bar.
type hit struct {
	from, to int // columns, to exclusive
	tab      tab
}

// tabBar is the first line: the brand, the tabs with their badges, the
// signed-in user and the stream's state.
func (a *App) tabBar(w int) string {
	s := a.c.Styles
	a.tabHits = a.tabHits[:0]
	left := " " + s.Brand.Render("NUMENEON") + "  "
	x := width(left)
	for t := range tabCount {
		label := strconv.Itoa(int(t)+1) + " " + t.String()
		st := s.Tab
		if t == a.active {
			st = s.TabActive
		}
		cell := " " + st.Render(label)
		if n := a.badge(t); n > 0 {
			cell += " " + s.Badge.Render("("+count(n)+")")
		}
		cell += "  "
		a.tabHits = append(a.tabHits, hit{from: x, to: x + width(cell), tab: t})
		x += width(cell)
		left += cell
	}
	if len(a.stack) > 0 {
		left += s.Muted.Render("› " + a.front().Title())
	}
	var right []string
	if a.counts.notices > 0 {
		right = append(right, s.Badge.Render("N "+count(a.counts.notices)))
	}
	right = append(right, s.Me.Render("● "+line(a.c.User.Username)))
	if a.live {
		right = append(right, s.Live.Render("◉ live"))
	} else {
		right = append(right, s.Offline.Render("◌ reconnecting"))
	}
	r := strings.Join(right, "   ") + " "
	gap := w - width(left) - width(r)
	if gap < 1 {
		return fit(left, w-width(r)-1) + " " + r
	}
	return left + strings.Repeat(" ", gap) + r
}

// badge is the count beside a tab.
func (a *App) badge(t tab) int {
	switch t {
	case tabFriends:
		return a.counts.requests
	case tabChat:
		return a.counts.unread
	}
	return 0
}

// globalHelp are the app's own keys, shown after the pane's.
func (a *App) globalHelp() []key.Binding {
	k := a.c.Keys
	return []key.Binding{k.NewPost, k.Search, k.Command, k.Notices, k.Help}
}

// helpLine is the last line: the keys of the pane in front.
func (a *App) helpLine(w int) string {
	h := help.New()
	h.Styles = a.c.Styles.Help
	h.SetWidth(w - 1)
	bindings := a.front().ShortHelp()
	if !a.front().Typing() {
		bindings = append(bindings, a.globalHelp()...)
	}
	// bubbles' help stops cutting when not even its "…" fits, and then
	// runs past the width: cut it here.
	return fit(" "+h.ShortHelpView(bindings), w)
}

// helpView is the help screen: every key of the pane in front, then the
// app's.
func (a *App) helpView(w, h int) string {
	k := a.c.Keys
	hm := help.New()
	hm.Styles = a.c.Styles.Help
	hm.SetWidth(w - 4)
	groups := append(a.front().FullHelp(),
		[]key.Binding{k.Tab[0], k.Tab[1], k.Tab[2], k.Tab[3], k.NextTab, k.PrevTab},
		[]key.Binding{k.NewPost, k.Search, k.Command, k.Notices, k.JumpUnread},
		[]key.Binding{k.Open, k.Back, k.Refresh, k.Redraw, k.Help, k.Quit},
	)
	s := a.c.Styles
	body := s.DialogTitle.Render("Keys") + "  " + s.Muted.Render("(? or esc to close)") + "\n\n" + hm.FullHelpView(groups)
	box := s.Dialog.Render(body)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// mouse handles the mouse: a click on a tab switches to it, and anything
// in the pane goes to the pane, with its row counted from the pane's top.
func (a *App) mouse(msg tea.MouseMsg) tea.Cmd {
	if a.c.User.ID == 0 || a.help || a.cmdline != nil {
		return nil
	}
	m := msg.Mouse()
	if click, ok := msg.(tea.MouseClickMsg); ok && m.Y == 0 && click.Button == tea.MouseLeft {
		for _, h := range a.tabHits {
			if m.X >= h.from && m.X < h.to {
				return a.switchTab(h.tab)
			}
		}
		return nil
	}
	_, bh := a.bodySize()
	if m.Y < 2 || m.Y >= 2+bh {
		return nil
	}
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		msg.Y -= 2
		return a.front().Update(msg)
	case tea.MouseWheelMsg:
		msg.Y -= 2
		return a.front().Update(msg)
	}
	return nil
}

// count formats n with a comma between thousands.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
