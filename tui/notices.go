package tui

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// notices is the notifications list (N): likes, replies, mentions, wall
// posts, friend requests and new friends, newest first, one line each.
// Seen and read are apart: looking at the list marks what it shows seen
// (the badge in the tab bar), opening one marks that one read (its line
// stops standing out); those not seen before the list was opened carry a
// dot. New ones arrive on top while it is open.
type notices struct {
	c       *Common
	w, h    int
	inFront bool

	items   []model.Notification // newest first
	loaded  bool
	loading bool   // a page is on its way
	more    bool   // older ones may exist
	loadErr string // the first page could not be loaded
	pageErr string // a later page could not be loaded
	list    widget.Cursor
	seen    int64 // the newest id marked seen
	filter  model.NoticeFilter
	status  outcome // the last R's
}

// noticePage is how many notifications one call loads.
const noticePage = 50

// newNotices is the notifications list; Init loads its first page.
// It shows what the person's notifications filter lets through.
func newNotices(c *Common) pane {
	return &notices{c: c, loading: true, filter: model.NoticeFilter(c.setting(model.SettingNotifications))}
}

// noticePlace is which page a load asks for.
type noticePlace int

const (
	noticesFirst noticePlace = iota // from the newest, replacing what is shown
	noticesNewer                    // from the newest, adding what is new on top
	noticesOlder                    // below the oldest shown
)

type (
	// noticesMsg carries a page of notifications.
	noticesMsg struct {
		filter model.NoticeFilter // the page's: one of an older filter is dropped
		place  noticePlace
		items  []model.Notification
		err    error
	}
	// noticesAllReadMsg is the outcome of R: how many were unread.
	noticesAllReadMsg struct {
		n      int
		reload bool // nothing was shown: load what is now read
		err    error
	}
)

// Init loads the newest notifications.
func (p *notices) Init() tea.Cmd { return p.load(noticesFirst) }

// load reads a page of notifications.
func (p *notices) load(place noticePlace) tea.Cmd {
	var before int64
	limit := noticePage
	switch place {
	case noticesOlder:
		before = p.items[len(p.items)-1].ID
	case noticesNewer:
		limit = 20
	}
	p.loading = true
	svc, me, filter := p.c.Svc, p.c.User.ID, p.filter
	return call(p.c, p, func(ctx context.Context) ([]model.Notification, error) {
		return svc.Notifications(ctx, me, before, limit, filter)
	}, func(items []model.Notification, err error) tea.Msg {
		return noticesMsg{filter: filter, place: place, items: items, err: err}
	})
}

// markSeen marks the list seen up to the newest shown, when it is in
// front and something new is there; the root then counts again.
func (p *notices) markSeen() tea.Cmd {
	if !p.inFront || len(p.items) == 0 || p.items[0].ID <= p.seen {
		return nil
	}
	p.seen = p.items[0].ID
	svc, me, id := p.c.Svc, p.c.User.ID, p.seen
	return do(p.c, nil, func(ctx context.Context) error { return svc.MarkNotificationsSeen(ctx, me, id) }, marked)
}

// marked is what the root hears of a mark, even when the list has closed
// meanwhile: the counts to read again, or why it failed.
func marked(err error) tea.Msg {
	if err != nil {
		return toastMsg{text: "Could not mark the notifications: " + model.ErrorMessage(err), isErr: true}
	}
	return countsChangedMsg{}
}

// Update handles pages, live events, keys and the mouse.
func (p *notices) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case noticesMsg:
		if msg.filter != p.filter {
			return nil
		}
		return p.got(msg)
	case noticesAllReadMsg:
		p.status.set("Marked "+count(msg.n)+" read.", msg.err)
		if msg.reload {
			return tea.Batch(emit(countsChangedMsg{}), p.load(noticesFirst))
		}
		return emit(countsChangedMsg{})
	case settingChangedMsg:
		if msg.name == model.SettingNotifications {
			return p.showFilter(model.NoticeFilter(msg.value))
		}
	case eventMsg:
		ev := msg.ev
		if isNotice(ev.Kind) && ev.ActorID != p.c.User.ID && p.loaded {
			return p.load(noticesNewer)
		}
	case refreshMsg:
		return p.load(noticesFirst)
	case tea.KeyPressMsg:
		k := p.c.Keys
		switch {
		case p.list.Navigate(msg, k):
			return p.loadMore()
		case key.Matches(msg, k.Open):
			return p.openSelected()
		case key.Matches(msg, k.MarkAllRead):
			return p.markAllRead()
		case key.Matches(msg, k.NoticeFilter):
			next := model.NoticeFilters[(slices.Index(model.NoticeFilters, p.filter)+1)%len(model.NoticeFilters)]
			return tea.Batch(saveSetting(p.c, model.SettingNotifications, string(next)), p.showFilter(next))
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			p.list.Move(-1)
		case tea.MouseWheelDown:
			p.list.Move(1)
			return p.loadMore()
		}
	case tea.MouseClickMsg:
		i := p.list.Top() + msg.Y - 2
		if msg.Button != tea.MouseLeft || msg.Y < 2 || i >= len(p.items) || i >= p.list.Top()+p.list.Height() {
			return nil
		}
		if i == p.list.Index() {
			return p.openSelected()
		}
		p.list.To(i)
	}
	return nil
}

// got takes a page in.
func (p *notices) got(r noticesMsg) tea.Cmd {
	p.loading = false
	if r.err != nil {
		if r.place == noticesFirst && !p.loaded {
			p.loadErr = widget.SanitizeLine(model.ErrorMessage(r.err))
		} else {
			p.pageErr = widget.SanitizeLine(model.ErrorMessage(r.err))
		}
		return nil
	}
	p.loadErr, p.pageErr = "", ""
	switch r.place {
	case noticesFirst:
		p.items, p.loaded, p.more = r.items, true, len(r.items) == noticePage
		p.list.Reset()
	case noticesNewer:
		var fresh []model.Notification
		for _, n := range r.items {
			if len(p.items) == 0 || n.ID > p.items[0].ID {
				fresh = append(fresh, n)
			}
		}
		p.items = append(fresh, p.items...)
		// The cursor stays on what it was on, even at the top: enter
		// must open what the person chose, not what just came.
		p.list.SetLen(len(p.items))
		p.list.Shift(len(fresh))
	case noticesOlder:
		p.items = append(p.items, r.items...)
		p.more = len(r.items) == noticePage
	}
	p.list.SetLen(len(p.items))
	return p.markSeen()
}

// markAllRead marks every notification up to the newest shown read and
// seen (R): those that come meanwhile stay unread. Pressed while the
// list loads (just after F), it marks them all, and the list loads again.
func (p *notices) markAllRead() tea.Cmd {
	if p.loaded && len(p.items) == 0 && p.filter == model.NoticesAll {
		return nil
	}
	var upTo int64
	if len(p.items) > 0 {
		upTo = p.items[0].ID
	}
	for i := range p.items {
		p.items[i].Read, p.items[i].Seen = true, true
	}
	p.seen = max(p.seen, upTo)
	svc, me := p.c.Svc, p.c.User.ID
	return call(p.c, p, func(ctx context.Context) (int, error) { return svc.MarkAllNotificationsRead(ctx, me, upTo) },
		func(n int, err error) tea.Msg { return noticesAllReadMsg{n: n, reload: upTo == 0, err: err} })
}

// showFilter shows the notifications a filter lets through, from the
// newest.
func (p *notices) showFilter(f model.NoticeFilter) tea.Cmd {
	if f == p.filter {
		return nil
	}
	p.filter, p.loaded, p.items, p.status = f, false, nil, outcome{}
	p.list.Reset()
	return p.load(noticesFirst)
}

// loadMore loads the next page when the cursor nears the end.
func (p *notices) loadMore() tea.Cmd {
	if p.list.AtEnd() && p.more && !p.loading && p.pageErr == "" {
		return p.load(noticesOlder)
	}
	return nil
}

// openSelected marks the notification under the cursor read and goes to
// its place: the thread of a post, the friend requests, a new friend's
// profile.
func (p *notices) openSelected() tea.Cmd {
	if len(p.items) == 0 {
		return nil
	}
	n := &p.items[p.list.Index()]
	var mark tea.Cmd
	if !n.Read {
		n.Read = true
		svc, me, id := p.c.Svc, p.c.User.ID, n.ID
		mark = do(p.c, nil, func(ctx context.Context) error { return svc.MarkNotificationRead(ctx, me, id) }, marked)
	}
	var goTo tea.Msg
	switch n.Kind {
	case model.EventFriendRequest:
		goTo = switchTabMsg{tab: tabFriends}
	case model.EventFriendAccepted:
		goTo = openProfileMsg{userID: n.ActorID}
	case model.EventReply, model.EventMention:
		// The thread, with the reply or the mention selected and in sight.
		goTo = openPostMsg{id: n.PostID}
		if n.ThreadID == 0 || n.PostID == 0 {
			goTo = toastMsg{text: "That post was deleted."}
		}
	default:
		goTo = openPostMsg{id: n.ThreadID}
		if n.ThreadID == 0 {
			goTo = toastMsg{text: "That post was deleted."}
		}
	}
	return tea.Batch(mark, emit(goTo))
}

// isNotice reports whether events of a kind are in the list.
func isNotice(k model.EventKind) bool {
	for _, n := range model.NoticeKinds {
		if n == k {
			return true
		}
	}
	return false
}

// noticeIcons and noticeWhat say what a notification is about.
var (
	noticeIcons = map[model.EventKind]string{
		model.EventLike: "♥", model.EventReply: "↩", model.EventMention: "@",
		model.EventWallPost: "✎", model.EventFriendRequest: "+", model.EventFriendAccepted: "✓",
	}
	noticeWhat = map[model.EventKind]string{
		model.EventLike: "liked your post", model.EventReply: "replied", model.EventMention: "mentioned you",
		model.EventWallPost: "wrote on your wall", model.EventFriendRequest: "wants to be your friend",
		model.EventFriendAccepted: "is your friend now",
	}
)

// SetSize sets how many rows show.
func (p *notices) SetSize(w, h int) {
	p.w, p.h = w, h
	p.list.SetHeight(max(h-2, 1))
}

// Focus brings the list to the front: what it shows is seen now.
func (p *notices) Focus() tea.Cmd {
	p.inFront = true
	return p.markSeen()
}

// Blur puts the list behind another view: what comes stays unseen.
func (p *notices) Blur() { p.inFront = false }

// Typing is false: the list has no text field.
func (p *notices) Typing() bool { return false }

// Title names the view in the tab bar.
func (p *notices) Title() string { return "Notifications" }

// ShortHelp are the list's keys; esc and q go back (the root's).
func (p *notices) ShortHelp() []key.Binding {
	k := p.c.Keys
	return []key.Binding{k.Up, k.Down, k.Open, k.MarkAllRead, k.NoticeFilter}
}

// FullHelp are the list's keys.
func (p *notices) FullHelp() [][]key.Binding {
	k := p.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, {k.Open, k.MarkAllRead, k.NoticeFilter, k.Back}}
}

// View draws the heading and one line per notification.
func (p *notices) View() string {
	if p.w <= 0 || p.h <= 0 {
		return ""
	}
	s := p.c.Styles
	head := " " + s.Title.Render("Notifications")
	unread := 0
	for _, n := range p.items {
		if !n.Read {
			unread++
		}
	}
	switch p.filter {
	case model.NoticesMentions:
		head += s.Muted.Render(" · mentions and replies")
	case model.NoticesRequests:
		head += s.Muted.Render(" · friend requests")
	}
	if unread > 0 {
		head += "  " + s.Unread.Render(count(unread)+" unread")
	}
	if st := p.status.view(s, max(p.w-widget.Width(head)-2, 1)); st != "" {
		head += "  " + st
	}
	out := []string{widget.Truncate(head, p.w), s.Rule.Render(strings.Repeat("─", p.w))}
	switch {
	case p.loadErr != "":
		return widget.Rect(append(out, widget.WrapIndented(s.Error, "Could not load your notifications: "+p.loadErr+" — ctrl+r to try again.", p.w)...), p.w, p.h)
	case !p.loaded:
		return widget.Rect(append(out, " "+s.Muted.Render("Loading…")), p.w, p.h)
	case len(p.items) == 0 && p.filter != model.NoticesAll && p.filter != "":
		return widget.Rect(append(out, "", " "+s.Muted.Render("None of these yet. F shows the others.")), p.w, p.h)
	case len(p.items) == 0:
		return widget.Rect(append(out, "", " "+s.Muted.Render("Nothing yet. Likes, replies, mentions, wall posts and friend requests show up here.")), p.w, p.h)
	}
	end := min(p.list.Top()+p.list.Height(), len(p.items))
	for i := p.list.Top(); i < end; i++ {
		out = append(out, p.row(p.items[i], i == p.list.Index()))
	}
	if end == len(p.items) && len(out) < p.h {
		switch {
		case p.pageErr != "":
			out = append(out, " "+s.Error.Render("Could not load more: "+p.pageErr+" — ctrl+r to try again."))
		case p.loading:
			out = append(out, " "+s.Muted.Render("Loading…"))
		}
	}
	return widget.Rect(out, p.w, p.h)
}

// row draws one notification: a dot when it is new since the list was
// last looked at, its icon, who did what, an excerpt, how long ago.
func (p *notices) row(n model.Notification, selected bool) string {
	s := p.c.Styles
	dot := seg{"  ", s.Marker}
	if !n.Seen {
		dot.text = "● "
	}
	who := "Someone"
	if n.Actor.ID != 0 {
		who = named(n.Actor)
	}
	whoSt, whatSt := s.Author, s.Muted
	if !n.Read {
		whoSt, whatSt = s.Unread, s.Body
	}
	left := []seg{{selMark(p.c, selected), s.Muted}, dot, {noticeIcons[n.Kind] + "  ", s.Title}, {who, whoSt}, {" " + noticeWhat[n.Kind], whatSt}}
	if n.Excerpt != "" {
		left = append(left, seg{": “" + widget.SanitizeLine(n.Excerpt) + "”", s.Muted})
	}
	var sel *lipgloss.Style
	if selected {
		sel = &s.Selected
	}
	return spread(p.w-1, left, []seg{{ago(n.At, p.c.Now()), s.Timestamp}}, sel)
}
