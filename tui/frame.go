package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/numeneon/numeneon/tui/widget"
)

// The frame around the pane: the tab bar above, the help line below, and
// the help screen.

// hit is a clickable span of the tab bar.
type hit struct {
	from, to int // columns, to exclusive
	tab      tab
}

// tabBar is the first line: the brand, the tabs with their badges, the
// signed-in user and the stream's state. Where it does not fit, the gaps
// narrow, then the brand goes, then the username is cut.
func (a *App) tabBar(w int) string {
	s := a.c.Styles
	var right []string
	if a.counts.Notices > 0 {
		right = append(right, s.Badge.Render("N "+count(a.counts.Notices)))
	}
	me := "● " + widget.SanitizeLine(a.c.User.Username)
	if a.live {
		right = append(right, s.Live.Render("◉ live"))
	} else {
		right = append(right, s.Offline.Render("◌ reconnecting"))
	}
	for _, gap := range []int{3, 2, 1} {
		for _, brand := range []bool{true, false} {
			left, hits := a.tabLabels(gap, brand)
			r := strings.Join(append([]string{s.Me.Render(me)}, right...), strings.Repeat(" ", gap)) + " "
			if room := w - widget.Width(left) - widget.Width(r); room >= 1 || gap == 1 && !brand {
				if room < 1 { // cut the username to fit
					r = strings.Join(append([]string{s.Me.Render(widget.Truncate(me, max(widget.Width(me)+room-1, 2)))}, right...), " ") + " "
					room = max(w-widget.Width(left)-widget.Width(r), 0)
				}
				a.tabHits = hits
				return widget.Truncate(left+strings.Repeat(" ", room)+r, w)
			}
		}
	}
	return ""
}

// tabLabels draws the left of the tab bar with gap spaces between the tabs, and
// says where each tab is.
func (a *App) tabLabels(gap int, brand bool) (string, []hit) {
	s := a.c.Styles
	sep := strings.Repeat(" ", gap)
	left := " "
	if brand {
		left += s.Brand.Render("NUMENEON") + sep
	}
	var hits []hit
	for t := range tabCount {
		st := s.Tab
		if t == a.active {
			st = s.TabActive
		}
		cell := st.Render(strconv.Itoa(int(t)+1) + " " + t.String())
		if n := a.badge(t); n > 0 {
			cell += " " + s.Badge.Render("("+count(n)+")")
		}
		x := widget.Width(left)
		hits = append(hits, hit{from: x, to: x + widget.Width(cell), tab: t})
		left += cell + sep
	}
	if len(a.stack) > 0 {
		left += s.Muted.Render("› "+a.front().Title()) + sep
	}
	return left, hits
}

// badge is the count beside a tab.
func (a *App) badge(t tab) int {
	switch t {
	case tabFriends:
		return a.counts.Requests
	case tabChat:
		return a.counts.Unread
	}
	return 0
}

// globalHelp are the app's own keys shown after the pane's, where there
// is room; the pane's own keys (/ where it searches) come with the pane.
func (a *App) globalHelp() []key.Binding {
	k := a.c.Keys
	return []key.Binding{k.NewPost, k.Notices}
}

// helpLine is the last line: the keys of the pane in front, then the
// app's, as many as fit (the last ones go first); : and ? stay at the
// right whatever the width, so that the way to every other key is always
// on the screen.
func (a *App) helpLine(w int) string {
	h := help.New()
	h.Styles = a.c.Styles.Help
	bindings := a.front().ShortHelp()
	right := ""
	if !a.front().Typing() {
		bindings = append(bindings, a.globalHelp()...)
		k := a.c.Keys
		right = "  " + h.ShortHelpView([]key.Binding{k.Command, k.Help}) + " "
	}
	room := w - widget.Width(right)
	left := ""
	for n := len(bindings); n >= 0; n-- {
		left = " " + h.ShortHelpView(bindings[:n])
		if n < len(bindings) {
			left += h.Styles.Ellipsis.Render(" …")
		}
		if widget.Width(left) <= room {
			break
		}
	}
	if right == "" {
		return widget.Truncate(left, w)
	}
	return widget.Truncate(widget.Pad(left, max(room, 0))+right, w)
}

// helpView is the help screen: every key of the pane in front, then the
// app's, in as many columns as fit.
func (a *App) helpView(w, h int) string {
	if a.helpTopic != "" {
		return a.commandsHelpView(w, h)
	}
	k, s := a.c.Keys, a.c.Styles
	groups := append(a.front().FullHelp(),
		[]key.Binding{k.Tab[0], k.Tab[1], k.Tab[2], k.Tab[3], k.NextTab, k.PrevTab},
		[]key.Binding{k.NewPost, k.Command, k.Notices, k.JumpUnread},
		[]key.Binding{k.Open, k.Back, k.Refresh, k.Redraw, k.Help, k.Quit},
	)
	var all []key.Binding
	seen := map[string]bool{}
	keyW, descW := 0, 0
	for _, g := range groups {
		for _, b := range g {
			hp := b.Help()
			if !b.Enabled() || hp.Key == "" || seen[hp.Key+hp.Desc] {
				continue
			}
			seen[hp.Key+hp.Desc] = true
			all = append(all, b)
			keyW, descW = max(keyW, widget.Width(hp.Key)), max(descW, widget.Width(hp.Desc))
		}
	}
	colW := keyW + 1 + descW + 3
	inner := w - 2 - s.Dialog.GetHorizontalFrameSize()
	cols := max(min(inner/colW, 4), 1)
	rows := (len(all) + cols - 1) / cols
	lines := make([]string, rows)
	for i, b := range all {
		hp := b.Help()
		lines[i%rows] += s.Key.Render(widget.Pad(hp.Key, keyW)) + " " + s.Muted.Render(widget.Pad(hp.Desc, descW)) + "   "
	}
	body := s.DialogTitle.Render("Keys") + "  " + s.Muted.Render("(? or esc to close)") + "\n\n" + strings.Join(lines, "\n")
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, s.Dialog.Render(body))
}

// mouse handles the mouse: a click on a tab switches to it, and anything
// in the pane goes to the pane, with its row counted from the pane's top.
func (a *App) mouse(msg tea.MouseMsg) tea.Cmd {
	if a.c.User.ID == 0 || a.help || a.cmdline != nil || a.tooSmallNow() {
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
