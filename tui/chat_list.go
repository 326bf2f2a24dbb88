package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// How the Chat tab is laid out and drawn: the conversation list on the
// left (two lines an item from 100 columns, else one: name and unread
// count), a rule, and the open conversation with its input on the right.

// wideChat is the width from which the list grows past its narrowest.
const wideChat = 100

// listWidth is the list's width, the rule not included.
func (p *chat) listWidth() int {
	if p.w < wideChat {
		return 22
	}
	return min(max(p.w*3/10, 28), 40)
}

// convWidth is the open conversation's width.
func (p *chat) convWidth() int { return max(p.w-p.listWidth()-1, 1) }

// itemHeight is the lines one conversation takes in the list: who and
// when, then the last line and the unread count.
const itemHeight = 2

// items are the list's conversations: the open one comes first when it
// has no message yet.
func (p *chat) items() []model.Conversation {
	items := p.convs
	if p.open != nil && indexOf(p.open.with.ID, p.convs) < 0 {
		items = append([]model.Conversation{{With: p.open.with}}, p.convs...)
	}
	if p.find != nil && !p.find.messages {
		var kept []model.Conversation
		for _, cv := range items {
			if p.matchesFind(cv) {
				kept = append(kept, cv)
			}
		}
		return kept
	}
	return items
}

// indexOf is where someone's conversation is in cs, -1 when it is not.
func indexOf(id int64, cs []model.Conversation) int {
	for i, cv := range cs {
		if cv.With.ID == id {
			return i
		}
	}
	return -1
}

// syncList puts the cursor back on the person it was on after the list
// changed.
func (p *chat) syncList() {
	items := p.items()
	p.list.SetLen(len(items))
	if i := indexOf(p.selID, items); i >= 0 {
		p.list.To(i)
	} else if len(items) > 0 {
		p.selID = items[p.list.Index()].With.ID
	}
}

// pick notes whose conversation the cursor is on, after it moved.
func (p *chat) pick() {
	if items := p.items(); len(items) > 0 {
		p.selID = items[p.list.Index()].With.ID
	}
}

// transcriptHeight is the lines the conversation's messages get.
func (p *chat) transcriptHeight() int {
	return max(p.h-2-p.inputRows(p.convWidth()), 1)
}

// View draws the list, a rule and the open conversation, side by side.
func (p *chat) View() string {
	if p.w <= 0 || p.h <= 0 {
		return ""
	}
	s := p.c.Styles
	lw, cw := p.listWidth(), p.convWidth()
	left, rightSide := p.listView(lw), p.convView(cw)
	out := make([]string, p.h)
	for i := range out {
		sep := s.Rule.Render("│")
		if i == 1 {
			sep = s.Rule.Render("┼")
		}
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(rightSide) {
			r = rightSide[i]
		}
		out[i] = widget.Pad(l, lw) + sep + r
	}
	return widget.Rect(out, p.w, p.h)
}

// listView draws the conversation list, lw cells wide.
func (p *chat) listView(lw int) []string {
	s := p.c.Styles
	out := []string{" " + s.Title.Render("Chats"), s.Rule.Render(strings.Repeat("─", lw))}
	if p.find != nil && !p.find.messages {
		out[0] = p.findView(lw)
	}
	items := p.items()
	switch {
	case p.loadErr != "" && !p.loaded:
		return append(out, widget.WrapIndented(s.Error, "Could not load your conversations: "+p.loadErr+" — ctrl+r to try again.", lw)...)
	case !p.loaded && p.open == nil:
		return append(out, " "+s.Muted.Render("Loading…"))
	case len(items) == 0 && p.find != nil && !p.find.messages:
		return append(out, " "+s.Muted.Render("No chat matches."))
	case len(items) == 0:
		return append(out, " "+s.Muted.Render("No conversations yet."))
	}
	end := min(p.list.Top()+p.list.Height(), len(items))
	for i := p.list.Top(); i < end; i++ {
		out = append(out, p.item(items[i], i == p.list.Index(), lw)...)
	}
	return out
}

// item draws one conversation of the list: who and when, then the last
// line and the unread count.
func (p *chat) item(cv model.Conversation, selected bool, lw int) []string {
	s := p.c.Styles
	sel := selStyle(s, selected, p.inFront && p.focus == focusList)
	mark := " "
	if p.open != nil && p.open.with.ID == cv.With.ID {
		mark = s.Key.Render("▌")
	}
	if selected && p.c.Plain {
		mark = ">"
	}
	who := seg{st: s.Author}
	var unread []seg
	if cv.Unread > 0 {
		who.st = s.Unread
		unread = []seg{{"●" + count(cv.Unread), s.Unread}}
	}
	last := seg{"new conversation", s.Muted}
	var when []seg
	if cv.LastMessage.ID != 0 {
		last.text = widget.SanitizeLine(cv.LastMessage.Content)
		if cv.LastMessage.SenderID == p.c.User.ID {
			last.text = "you: " + last.text
		}
		when = []seg{{ago(cv.LastMessage.CreatedAt, p.c.Now()), s.Timestamp}}
	}
	who.text = namedIn(cv.With, lw-2-widget.Width(plain(when))) // the @username stays in sight
	return []string{
		mark + spread(lw-1, []seg{who}, when, sel),
		mark + spread(lw-1, []seg{last}, unread, sel),
	}
}

// convView draws the open conversation, cw cells wide: who, the
// messages, the input.
func (p *chat) convView(cw int) []string {
	s := p.c.Styles
	v := p.open
	if v == nil {
		out := []string{"", s.Rule.Render(strings.Repeat("─", cw)), ""}
		hint := "Pick a conversation on the left and press enter."
		if p.loaded && len(p.convs) == 0 {
			hint = "Write to a friend with :dm NAME, or press m on their profile."
		}
		return append(out, widget.WrapIndented(s.Muted, hint, cw)...)
	}
	out := []string{" " + s.Author.Render(name(v.with)) + " " + s.Handle.Render(handle(v.with)),
		s.Rule.Render(strings.Repeat("─", cw))}
	in := p.inputView(cw)
	th := p.transcriptHeight()
	tr := p.transcript(cw, th)
	tr = append(tr[:min(len(tr), th)], make([]string, max(th-len(tr), 0))...) // the input stays at the bottom
	return append(append(out, tr...), in...)
}

// transcript is the h lines of messages in view, the newest at the
// bottom unless scrolled up.
func (p *chat) transcript(w, h int) []string {
	s := p.c.Styles
	v := p.open
	switch {
	case v.loading:
		return []string{"", " " + s.Muted.Render("Loading…")}
	case v.loadErr != "" && v.refused:
		return append([]string{""}, widget.WrapIndented(s.Error, v.loadErr, w)...)
	case v.loadErr != "":
		return append([]string{""}, widget.WrapIndented(s.Error, "Could not load the conversation: "+v.loadErr+" — ctrl+r to try again.", w)...)
	case len(v.msgs) == 0:
		out := make([]string, h)
		out[max(h-2, 0)] = widget.Center(s.Muted.Render("No messages yet. Say hello to "+name(v.with)+"!"), w)
		return out
	}
	lines := v.lines(p.c, w)
	scroll := min(v.scroll, max(len(lines)-h, 0))
	end := len(lines) - scroll
	view := lines[max(end-h, 0):end]
	out := append(make([]string, h-len(view)), view...)
	switch {
	case v.syncErr != "":
		out[h-1] = " " + s.Error.Render(widget.Truncate("Could not load messages: "+v.syncErr+" — ctrl+r to try again.", w-2))
	case scroll > 0 && v.newBelow > 0:
		out[h-1] = widget.Center(s.Marker.Render("↓ "+count(v.newBelow)+" new — pgdn"), w)
	}
	return out
}

// spread lays a row out w cells wide: left from the left edge (cut to what
// room is left), right against the right edge. A selected row is drawn in
// one style across, so that the highlight is not broken by its pieces.
func spread(w int, left, right []seg, sel *lipgloss.Style) string {
	plainR, styledR := plain(right), segs(right, nil)
	room := max(w-widget.Width(plainR)-1, 0)
	if plainR == "" {
		room = w
	}
	plainL, styledL := "", ""
	for _, sp := range left {
		t := widget.Truncate(sp.text, room-widget.Width(plainL))
		plainL += t
		styledL += sp.st.Render(t)
	}
	gap := strings.Repeat(" ", max(w-widget.Width(plainL)-widget.Width(plainR), 0))
	if sel != nil {
		return sel.Render(plainL + gap + plainR)
	}
	return styledL + gap + styledR
}

// wheel scrolls the list or the conversation, whichever is under the
// pointer.
func (p *chat) wheel(msg tea.MouseWheelMsg) tea.Cmd {
	d := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		d = -1
	case tea.MouseWheelDown:
		d = 1
	default:
		return nil
	}
	if msg.X < p.listWidth() {
		p.list.Move(d)
		p.pick()
		return nil
	}
	return p.scroll(-3 * d)
}

// click selects a conversation (and opens it when it was selected
// already), or puts the focus in the input when the click is on the
// conversation.
func (p *chat) click(msg tea.MouseClickMsg) tea.Cmd {
	if msg.Button != tea.MouseLeft || msg.Y < 2 {
		return nil
	}
	if msg.X >= p.listWidth() {
		if p.open == nil {
			return nil
		}
		p.focus = focusInput
		return p.in().Focus()
	}
	items := p.items()
	i := p.list.Top() + (msg.Y-2)/itemHeight
	if i >= len(items) || i >= p.list.Top()+p.list.Height() {
		return nil
	}
	if i == p.list.Index() {
		return p.openWith(items[i].With, true)
	}
	p.list.To(i)
	p.pick()
	return nil
}

// listKey handles a key while the list has the focus.
func (p *chat) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.ScrollUp):
		return p.scroll(p.transcriptHeight() - 2)
	case key.Matches(msg, k.ScrollDown):
		return p.scroll(-(p.transcriptHeight() - 2))
	case p.list.Navigate(msg, k):
		p.pick()
	case key.Matches(msg, k.Search):
		return p.startFind()
	case key.Matches(msg, k.NextTab) && p.open != nil:
		p.focus = focusInput
		return p.in().Focus()
	case key.Matches(msg, k.Open):
		items := p.items()
		if len(items) == 0 {
			return nil
		}
		return p.openWith(items[p.list.Index()].With, true)
	}
	return nil
}

// scroll moves the conversation up (d > 0) or down by d lines, and loads
// the page before when it goes past the top.
func (p *chat) scroll(d int) tea.Cmd {
	v := p.open
	if v == nil || v.loading {
		return nil
	}
	top := max(len(v.lines(p.c, p.convWidth()))-p.transcriptHeight(), 0)
	v.scroll = min(max(v.scroll+d, 0), top)
	if v.scroll == 0 {
		v.newBelow = 0
	}
	if d > 0 && v.scroll == top && v.more && !v.loadingOlder {
		return p.fetch(fetchOlder)
	}
	return nil
}

// jumpUnread opens the conversation whose last message is the oldest
// among those with unread messages (alt+a), passing over the open one
// when skipOpen; the list keeps the cursor on it.
func (p *chat) jumpUnread(skipOpen bool) tea.Cmd {
	var pick *model.Conversation
	for i := range p.convs {
		cv := &p.convs[i]
		if cv.Unread == 0 || skipOpen && p.open != nil && p.open.with.ID == cv.With.ID {
			continue
		}
		if pick == nil || byTime(cv.LastMessage, pick.LastMessage) < 0 {
			pick = cv
		}
	}
	if pick == nil {
		return nil
	}
	p.focus = focusList
	if p.input != nil {
		p.input.Blur()
	}
	return p.openWith(pick.With, false)
}
