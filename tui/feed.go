package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// feed is the Feed tab: the River (one row per author, three lanes) or
// the classic single column, of the home feed (the reader and their
// friends) or everyone's, pages loaded as the reader goes down. New posts
// by others never move what the reader looks at: a marker counts them
// until the reader asks for them. Posts can be searched.
type feed struct {
	c       *Common
	w, h    int
	focused bool

	column bool // the single column, else the River
	scope  model.FeedScope
	gen    int // counts reloads: a page of an older one is dropped
	river  *river
	list   *postList
	// stale views load their first page when shown.
	riverStale, listStale bool

	fresh    int         // new posts by others since the last load: the marker
	onMarker bool        // the marker is selected (enter loads them)
	toTop    bool        // the page on its way shows the new posts: go to the top
	status   outcome     // the last action's, under the sub-header
	search   *feedSearch // nil unless searching
	shown    int         // counts the times it came to the front: a drop meant for an earlier absence is ignored
	// forgotten: its posts were let go while hidden; they load again
	// when it is shown.
	forgotten bool
}

// forgetAfter is how long the Feed of a server's session keeps its posts
// while another pane is in front: then, if the reader was at its top
// (where a reload puts them back), it lets them go, and loads its first
// page again when it comes back. On a server most sessions sit in one
// pane; a River held behind the Chat is a hundred kilobytes each.
const forgetAfter = 30 * time.Second

// forgetMsg drops the Feed's posts, if it was not shown since the
// absence numbered shown began.
type forgetMsg struct{ shown int }

// feedHead is the lines above the posts: the sub-header and the marker
// line.
const feedHead = 2

// newFeed is the Feed tab of a session, as the person's settings say:
// the River or the Column (by default the Column on a terminal narrower
// than narrowFeed), of the home feed or everyone's.
func newFeed(c *Common) pane {
	f := &feed{c: c, river: newRiver(c), list: &postList{c: c}}
	switch c.setting(model.SettingView) {
	case "column":
		f.column = true
	case "river":
	default:
		f.column = c.Width < narrowFeed
	}
	if c.setting(model.SettingScope) == "everyone" {
		f.scope = model.FeedEveryone
	}
	f.listStale, f.riverStale = !f.column, f.column
	return f
}

// Init loads the first page of the view shown; the other loads when
// first shown.
func (f *feed) Init() tea.Cmd {
	if f.column {
		return f.loadList(true)
	}
	return f.loadRiver(true)
}

// Title names the tab.
func (f *feed) Title() string { return "Feed" }

// SetSize gives the lists under the two head lines their size.
func (f *feed) SetSize(w, h int) {
	f.w, f.h = w, h
	body := max(h-feedHead, 1)
	f.river.setSize(w, body)
	f.list.setSize(w, body)
	if f.search != nil {
		f.search.list.setSize(w, body)
		f.search.in.SetWidth(max(w-24, 10))
	}
}

// Focus puts the feed in front, with the search field focused again if
// it was.
func (f *feed) Focus() tea.Cmd {
	f.focused = true
	f.shown++
	if f.search != nil && f.search.typing {
		return f.search.in.Focus()
	}
	if f.forgotten {
		f.forgotten = false
		return f.reload(false)
	}
	return nil
}

// Hidden starts the while after which the hidden Feed lets go of its
// posts, in a session that does (Common.ForgetHidden).
func (f *feed) Hidden() tea.Cmd {
	if !f.c.ForgetHidden {
		return nil
	}
	msg := addressed(f, forgetMsg{f.shown}) // the Feed's alone
	return tea.Tick(forgetAfter, func(time.Time) tea.Msg { return msg })
}

// forget lets go of the posts of a Feed hidden since msg's absence began,
// unless the reader was away from its top or in a search, or a page is
// on its way.
func (f *feed) forget(msg forgetMsg) {
	if msg.shown != f.shown || f.focused || f.search != nil || !f.atTop() || f.river.loading || f.list.loading {
		return
	}
	f.gen++ // a page on its way is dropped
	f.river.reset()
	f.list.reset()
	f.forgotten = true
}

// Blur marks the selection as not in front.
func (f *feed) Blur() { f.focused = false }

// Typing is true while the search field has the focus.
func (f *feed) Typing() bool { return f.search != nil && f.search.typing }

// Update takes the feed's pages, live events, changes made elsewhere, the
// outcome of its actions, keys and the mouse.
func (f *feed) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case riverPageMsg:
		if msg.gen != f.gen {
			return nil
		}
		r := f.river
		r.finished(msg.err, msg.first)
		if msg.err == nil {
			r.add(msg.rows, msg.first)
			if msg.first && f.toTop {
				r.cur.To(0)
			}
		}
		return nil
	case feedPageMsg:
		if msg.search {
			return f.search.loaded(msg)
		}
		if msg.gen != f.gen {
			return nil
		}
		l := f.list
		l.finished(msg.err, msg.first)
		if msg.err == nil {
			l.add(msg.posts, msg.first)
			if msg.first && f.toTop {
				l.cur.To(0)
				l.scroll()
			}
		}
		return nil
	case forgetMsg:
		f.forget(msg)
		return nil
	case feedPostMsg:
		if msg.err == nil && msg.post.ID != 0 {
			f.learn(msg)
		}
		return nil
	case eventMsg:
		return f.event(msg.ev)
	case postChangedMsg:
		f.replace(msg.post)
		return nil
	case postDeletedMsg:
		f.river.remove(msg.id)
		f.list.remove(msg.id)
		if f.search != nil {
			f.search.list.remove(msg.id)
		}
		return nil
	case postActMsg:
		if msg.err == nil {
			f.replace(msg.post)
		}
		var cmd tea.Cmd
		f.status, cmd = acted(msg)
		return cmd
	case settingChangedMsg:
		return f.followSetting(msg)
	case refreshMsg:
		if f.search != nil && f.search.q != "" {
			return tea.Batch(f.reload(false), f.search.run(f))
		}
		return f.reload(false)
	case tea.KeyPressMsg:
		return f.key(msg)
	case tea.MouseClickMsg:
		return f.click(msg.Mouse())
	case tea.MouseWheelMsg:
		d := 1
		if msg.Mouse().Button == tea.MouseWheelUp {
			d = -1
		}
		f.current().move(d)
		return f.more()
	}
	if f.search != nil && f.search.typing {
		var cmd tea.Cmd
		cmd = f.search.in.Update(msg)
		return cmd
	}
	return nil
}

// current is the list the reader moves in: search results, the column or
// the River.
func (f *feed) current() interface{ move(int) } {
	switch {
	case f.search != nil:
		return f.search.list
	case f.column:
		return f.list
	}
	return f.river
}

// selected is the post the keys act on.
func (f *feed) selected() (model.Post, bool) {
	switch {
	case f.onMarker:
		return model.Post{}, false
	case f.search != nil:
		return f.search.list.selected()
	case f.column:
		return f.list.selected()
	}
	return f.river.selected()
}

// atTop reports whether the selection is on the first item of the feed.
func (f *feed) atTop() bool {
	if f.column {
		return f.list.cur.Index() == 0
	}
	return f.river.cur.Index() == 0
}

// key handles a key: the search's first, then the marker's, the feed's
// own (view, scope, search), the selected post's, and moving.
func (f *feed) key(msg tea.KeyPressMsg) tea.Cmd {
	if f.search != nil {
		if cmd, ok := f.search.key(f, msg); ok {
			return cmd
		}
	}
	k := f.c.Keys
	f.status = outcome{}
	if f.fresh > 0 && f.search == nil {
		switch {
		case key.Matches(msg, k.Top), f.onMarker && key.Matches(msg, k.Open):
			return f.reload(true)
		case key.Matches(msg, k.Up) && f.atTop():
			f.onMarker = true
			return nil
		case f.onMarker && key.Matches(msg, k.Down):
			f.onMarker = false
			return nil
		}
	}
	switch {
	case key.Matches(msg, k.ToggleView) && f.search == nil:
		save := saveSetting(f.c, model.SettingView, map[bool]string{true: "river", false: "column"}[f.column])
		return tea.Batch(save, f.showColumn(!f.column))
	case key.Matches(msg, k.ToggleScope) && f.search == nil:
		scope := 1 - f.scope
		save := saveSetting(f.c, model.SettingScope, map[bool]string{true: "everyone", false: "home"}[scope == model.FeedEveryone])
		return tea.Batch(save, f.showScope(scope))
	case key.Matches(msg, k.Search):
		return f.openSearch()
	case key.Matches(msg, k.Author):
		if p, ok := f.selected(); ok {
			return emit(openProfileMsg{userID: p.Author.ID})
		}
		if row, ok := f.river.selectedRow(); ok && !f.column && f.search == nil {
			return emit(openProfileMsg{userID: row.Author.ID})
		}
		return nil
	case key.Matches(msg, k.Open) && !f.column && f.search == nil && f.river.collapsed():
		f.river.toggle()
		return nil
	}
	if p, ok := f.selected(); ok {
		switch {
		case key.Matches(msg, k.Open):
			return emit(openPostMsg{id: p.ID})
		case key.Matches(msg, k.Like):
			return likeCmd(f.c, f, p.ID)
		case key.Matches(msg, k.Share):
			return shareCmd(f.c, f, p.ID)
		case key.Matches(msg, k.Reply):
			return openToReply(p.ID)
		case key.Matches(msg, k.CopyLink):
			cmd, st := copyLinkCmd(f.c, p)
			f.status = st
			return cmd
		}
	}
	moved := false
	switch {
	case f.search != nil:
		moved = f.search.list.key(msg)
	case f.column:
		moved = f.list.key(msg)
	default:
		moved = f.river.handle(msg)
	}
	if moved {
		f.onMarker = false
		return f.more()
	}
	return nil
}

// click selects what was clicked, and opens it when it was selected
// already; the marker line shows the new posts.
func (f *feed) click(m tea.Mouse) tea.Cmd {
	y := m.Y - feedHead
	if m.Y == 1 && f.fresh > 0 && f.search == nil {
		return f.reload(true)
	}
	if y < 0 {
		return nil
	}
	f.onMarker = false
	if f.search != nil || f.column {
		l := f.list
		if f.search != nil {
			l = f.search.list
		}
		i := l.at(y)
		if i < 0 {
			return nil
		}
		if i == l.cur.Index() {
			return emit(openPostMsg{id: l.posts[i].ID})
		}
		l.cur.To(i)
		l.scroll()
		return f.more()
	}
	r := f.river
	row, lane := r.at(m.X, y)
	if row < 0 {
		return nil
	}
	if row == r.cur.Index() && lane == r.lane {
		if p, ok := r.selected(); ok {
			return emit(openPostMsg{id: p.ID})
		}
		if r.collapsed() {
			r.toggle()
		}
		return nil
	}
	r.cur.To(row)
	r.lane = lane
	return f.more()
}

// showColumn shows the Column (or the River), loading it if it is stale.
func (f *feed) showColumn(column bool) tea.Cmd {
	if column == f.column {
		return nil
	}
	f.column, f.onMarker = column, false
	if f.column && f.listStale {
		return f.loadList(true)
	}
	if !f.column && f.riverStale {
		return f.loadRiver(true)
	}
	return nil
}

// showScope shows the home feed or everyone's, from its start.
func (f *feed) showScope(scope model.FeedScope) tea.Cmd {
	if scope == f.scope {
		return nil
	}
	f.scope = scope
	f.river.reset()
	f.list.reset()
	return f.reload(true)
}

// followSetting shows the feed as a setting changed by :set says.
func (f *feed) followSetting(msg settingChangedMsg) tea.Cmd {
	switch msg.name {
	case model.SettingView:
		return f.showColumn(msg.value == "column" || msg.value == "auto" && f.c.Width < narrowFeed)
	case model.SettingScope:
		return f.showScope(map[bool]model.FeedScope{true: model.FeedEveryone, false: model.FeedHome}[msg.value == "everyone"])
	}
	return nil
}
