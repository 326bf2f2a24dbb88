package tui

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// friends is the Friends tab: one's friends, the requests waiting for an
// answer (incoming) and one's own (sent), suggestions, and a people
// search, as sections side by side that h and l move between. Every
// section is a list of people: enter opens a profile, m a conversation, a
// asks or accepts, x unfriends (asking first), declines or withdraws. Live
// friend events keep the lists current, the selection staying on the
// same person where it can.
type friends struct {
	c       *Common
	w, h    int
	focused bool

	sec     friendSection
	lists   [sectionCount][]personRow
	cur     [sectionCount]widget.Cursor
	loaded  bool // the first load came (and chose the first section)
	loadErr string
	status  outcome
	busy    bool       // a friendship action is out
	asking  *personRow // "Unfriend …?" is showing

	search    widget.Input
	typing    bool          // the search field has the cursor
	before    friendSection // the section / left, where esc goes back to
	query     string        // what the results are of
	seq       int           // the latest search: older answers are dropped
	searching bool
	searchErr string

	// online are the friends online now, from friendsPresenceMsg.
	online map[int64]bool

	// The card of the selected person, beside the list where there is
	// room: their profile's header and heatmap.
	card     *model.ProfileView
	cardFor  int64 // whose card shows or is on its way; 0 for none
	cardErr  string
	cardHeat heatCache
}

// friendSection is one list of the Friends tab.
type friendSection int

// The sections, in the order h and l go through them.
const (
	secFriends friendSection = iota
	secIncoming
	secOutgoing
	secSuggestions
	secSearch
	sectionCount
)

// String is the section's name on the bar.
func (s friendSection) String() string {
	return [...]string{"Friends", "Requests", "Sent", "Suggestions", "Search"}[s]
}

// personRow is one person in a list.
type personRow struct {
	user      model.UserSummary
	at        time.Time // friends since, or asked at
	requestID int64     // the pending request, in the request lists
}

// suggestionCount is how many suggestions the tab shows.
const suggestionCount = 20

// newFriends is the Friends tab of the session's user.
func newFriends(c *Common) pane {
	in := widget.NewInput(c.Styles, "a name or @username", model.MaxPost)
	in.Prompt = "› "
	return &friends{c: c, search: in}
}

// Messages of the tab's commands.
type (
	friendsMsg struct {
		lists friendsLists
		err   error
	}
	friendsCardMsg struct {
		userID int64
		view   model.ProfileView
		err    error
	}
	friendsSearchMsg struct {
		seq    int
		query  string
		people []model.UserSummary
		err    error
	}
	// friendsPresenceMsg is who of one's friends is online, read when the
	// lists load and when the tab comes to the front.
	friendsPresenceMsg struct {
		online map[int64]bool
		err    error
	}
)

// friendsLists is everything the tab loads at once.
type friendsLists struct {
	friends     []model.Friend
	in, out     []model.FriendRequest
	suggestions []model.UserSummary
}

// Init loads the lists.
func (f *friends) Init() tea.Cmd { return f.load() }

// load reads the four lists, and who of one's friends is online.
func (f *friends) load() tea.Cmd {
	return tea.Batch(f.loadLists(), f.loadPresence())
}

// loadPresence reads who of one's friends is online. Nothing asks it on a
// timer: the lists loading (at start, on a refresh, on one's own friend
// events), a new friend and the tab coming to the front do.
func (f *friends) loadPresence() tea.Cmd {
	svc, me := f.c.Svc, f.c.User.ID
	return call(f.c, f, func(ctx context.Context) (map[int64]bool, error) { return svc.OnlineFriends(ctx, me) },
		func(online map[int64]bool, err error) tea.Msg {
			return friendsPresenceMsg{online: online, err: err}
		})
}

// loadLists reads the four lists.
func (f *friends) loadLists() tea.Cmd {
	svc, me := f.c.Svc, f.c.User.ID
	return call(f.c, f, func(ctx context.Context) (friendsLists, error) {
		var l friendsLists
		var err error
		if l.friends, err = svc.Friends(ctx, me, me); err != nil {
			return l, err
		}
		if l.in, err = svc.FriendRequests(ctx, me, true); err != nil {
			return l, err
		}
		if l.out, err = svc.FriendRequests(ctx, me, false); err != nil {
			return l, err
		}
		l.suggestions, err = svc.FriendSuggestions(ctx, me, suggestionCount)
		return l, err
	}, func(l friendsLists, err error) tea.Msg { return friendsMsg{lists: l, err: err} })
}

// cardMinWidth is the narrowest pane that shows the card beside the list.
const cardMinWidth = 140

// cardWidth is the card's width, 0 when there is no room for it: two
// fifths of the pane (up to 66 cells), and on a wide pane what the list
// leaves (up to half), so that the room is the card's, not a gap.
func (f *friends) cardWidth() int {
	if f.w < cardMinWidth {
		return 0
	}
	return max(min(f.w*2/5, 66), min(f.w-f.listWant()-1, f.w/2))
}

// syncCard loads the card of the selected person when it is not the one
// shown (nothing when there is no room for it).
func (f *friends) syncCard() tea.Cmd {
	p, ok := f.selected()
	switch {
	case f.cardWidth() == 0:
		return nil
	case !ok:
		f.card, f.cardFor = nil, 0
		return nil
	case p.user.ID == f.cardFor:
		return nil
	}
	f.cardFor = p.user.ID
	if f.card != nil && f.card.User.ID != p.user.ID {
		f.card = nil // someone else's: Loading… until theirs comes
	}
	svc, me, id := f.c.Svc, f.c.User.ID, p.user.ID
	return call(f.c, f, func(ctx context.Context) (model.ProfileView, error) { return svc.Profile(ctx, me, id) },
		func(v model.ProfileView, err error) tea.Msg {
			return friendsCardMsg{userID: id, view: v, err: err}
		})
}

// runSearch searches for what the field holds, when it is long enough.
func (f *friends) runSearch() tea.Cmd {
	q := f.search.Value()
	f.seq++
	f.searchErr = ""
	if utf8.RuneCountInString(strings.TrimPrefix(strings.TrimSpace(q), "@")) < model.MinSearch {
		f.query, f.searching = "", false
		f.setList(secSearch, nil)
		return nil
	}
	f.searching = true
	svc, me, seq := f.c.Svc, f.c.User.ID, f.seq
	return call(f.c, f, func(ctx context.Context) ([]model.UserSummary, error) { return svc.SearchUsers(ctx, me, q) },
		func(ps []model.UserSummary, err error) tea.Msg {
			return friendsSearchMsg{seq: seq, query: q, people: ps, err: err}
		})
}

// Update handles a message, then has the card follow the selection.
func (f *friends) Update(msg tea.Msg) tea.Cmd {
	cmd := f.update(msg)
	return tea.Batch(cmd, f.syncCard())
}

// update handles the tab's own messages, live events, keys and the mouse.
func (f *friends) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case showRequestsMsg:
		f.sec, f.typing, f.asking, f.status = secIncoming, false, nil, outcome{}
		f.search.Blur()
	case friendsCardMsg:
		switch {
		case msg.userID != f.cardFor:
		case msg.err != nil:
			f.card, f.cardErr = nil, model.ErrorMessage(msg.err)
		default:
			f.card, f.cardErr = &msg.view, ""
		}
	case friendsMsg:
		f.gotLists(msg)
	case friendsSearchMsg:
		if msg.seq == f.seq {
			f.gotSearch(msg)
		}
	case socialDoneMsg:
		f.busy = false
		return tea.Batch(f.status.set(msg.text, msg.err), f.load())
	case friendsPresenceMsg:
		// An error leaves the marks as they were: presence is a hint, and
		// the lists say what failed when the database does.
		if msg.err == nil {
			f.online = msg.online
		}
	case refreshMsg:
		return tea.Batch(f.load(), f.rerun())
	case eventMsg:
		return f.event(msg.ev)
	case tea.KeyPressMsg:
		return f.key(msg)
	case tea.PasteMsg:
		if f.typing {
			return f.typed(msg)
		}
	case tea.MouseClickMsg:
		return f.click(msg)
	case tea.MouseWheelMsg:
		f.wheel(msg)
	}
	return nil
}

// rerun searches again for the query shown, after a refresh.
func (f *friends) rerun() tea.Cmd {
	if f.query == "" {
		return nil
	}
	return f.runSearch()
}

// gotLists takes the loaded lists, keeping each selection on the same
// person where it can.
func (f *friends) gotLists(msg friendsMsg) {
	if msg.err != nil {
		f.loadErr = model.ErrorMessage(msg.err)
		return
	}
	f.loadErr = ""
	l := msg.lists
	var rows [sectionCount][]personRow
	for _, x := range l.friends {
		rows[secFriends] = append(rows[secFriends], personRow{user: x.User, at: x.Since})
	}
	for _, r := range l.in {
		rows[secIncoming] = append(rows[secIncoming], personRow{user: r.From, at: r.CreatedAt, requestID: r.ID})
	}
	for _, r := range l.out {
		rows[secOutgoing] = append(rows[secOutgoing], personRow{user: r.To, at: r.CreatedAt, requestID: r.ID})
	}
	for _, u := range l.suggestions {
		rows[secSuggestions] = append(rows[secSuggestions], personRow{user: u})
	}
	for s := range secSearch {
		f.setList(s, rows[s])
	}
	f.cardFor = 0 // how the viewer stands with them may have changed
	if !f.loaded && f.sec == secFriends && len(rows[secIncoming]) > 0 {
		// Someone is waiting for an answer: that first, unless the
		// person already went elsewhere (a / typed before the load).
		f.sec = secIncoming
	}
	f.loaded = true
}

// gotSearch takes the answer to the latest search.
func (f *friends) gotSearch(msg friendsSearchMsg) {
	f.searching = false
	if msg.err != nil {
		f.searchErr = model.ErrorMessage(msg.err)
		return
	}
	f.query = msg.query
	rows := make([]personRow, 0, len(msg.people))
	for _, u := range msg.people {
		rows = append(rows, personRow{user: u})
	}
	f.setList(secSearch, rows)
}

// setList replaces a section's rows, keeping the selected person selected
// when they are still there, else the same place.
func (f *friends) setList(s friendSection, rows []personRow) {
	c := &f.cur[s]
	was := -1
	if c.Index() < len(f.lists[s]) {
		id := f.lists[s][c.Index()].user.ID
		was = slices.IndexFunc(rows, func(p personRow) bool { return p.user.ID == id })
	}
	f.lists[s] = rows
	c.SetLen(len(rows))
	if was >= 0 {
		c.To(was)
	}
}

// selected is the person under the cursor of the shown section.
func (f *friends) selected() (personRow, bool) {
	l, c := f.lists[f.sec], f.cur[f.sec]
	if c.Index() < len(l) {
		return l[c.Index()], true
	}
	return personRow{}, false
}

// relation is how the viewer stands with u, as the lists tell, and the
// pending request's id when there is one.
func (f *friends) relation(u model.UserSummary) (model.FriendState, int64) {
	has := func(s friendSection) (int64, bool) {
		i := slices.IndexFunc(f.lists[s], func(p personRow) bool { return p.user.ID == u.ID })
		if i < 0 {
			return 0, false
		}
		return f.lists[s][i].requestID, true
	}
	if _, ok := has(secFriends); ok {
		return model.FriendFriends, 0
	}
	if id, ok := has(secIncoming); ok {
		return model.FriendIncoming, id
	}
	if id, ok := has(secOutgoing); ok {
		return model.FriendOutgoing, id
	}
	return model.FriendNone, 0
}

// key handles a key press.
func (f *friends) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.c.Keys
	switch {
	case f.asking != nil:
		switch {
		case key.Matches(msg, k.ConfirmYes):
			who := f.asking.user
			f.asking, f.busy = nil, true
			return unbefriendCmd(f.c, f, who, model.FriendFriends, 0)
		case key.Matches(msg, k.ConfirmNo):
			f.asking = nil
		}
		return nil
	case f.typing:
		switch {
		case key.Matches(msg, k.CancelTyping), key.Matches(msg, k.SubmitForm), key.Matches(msg, k.NextField):
			f.typing = false
			f.search.Blur()
			return nil
		}
		return f.typed(msg)
	case key.Matches(msg, k.Search):
		if f.sec != secSearch {
			f.before = f.sec
		}
		f.sec, f.typing, f.status = secSearch, true, outcome{}
		return f.search.Focus()
	case key.Matches(msg, k.Left):
		f.sec, f.status = (f.sec+sectionCount-1)%sectionCount, outcome{}
		return nil
	case key.Matches(msg, k.Right):
		f.sec, f.status = (f.sec+1)%sectionCount, outcome{}
		return nil
	case f.cur[f.sec].Navigate(msg, k):
		return nil
	}
	p, ok := f.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return emit(openProfileMsg{userID: p.user.ID})
	case key.Matches(msg, k.Message):
		return emit(openChatMsg{with: p.user})
	case f.busy:
		return nil
	case key.Matches(msg, k.Accept):
		st, id := f.relation(p.user)
		f.busy = true
		return befriendCmd(f.c, f, p.user, st, id)
	case key.Matches(msg, k.Decline):
		st, id := f.relation(p.user)
		if st == model.FriendFriends {
			f.asking = &p
			return nil
		}
		f.busy = true
		return unbefriendCmd(f.c, f, p.user, st, id)
	}
	return nil
}

// Back leaves the search for the section / was pressed in (esc or q);
// the search stays for / or l to come back to.
func (f *friends) Back() bool {
	if f.sec != secSearch || f.typing || f.asking != nil {
		return false
	}
	f.sec, f.status = f.before, outcome{}
	return true
}

// typed hands a key or a paste to the search field, and searches when
// what it holds changed.
func (f *friends) typed(msg tea.Msg) tea.Cmd {
	before := f.search.Value()
	var cmd tea.Cmd
	cmd = f.search.Update(msg)
	if f.search.Value() != before {
		return tea.Batch(cmd, f.runSearch())
	}
	return cmd
}

// The lines above a section's list: the section bar, the search field in
// Search, and the status line.
func (f *friends) listTop() int {
	if f.sec == secSearch {
		return 3
	}
	return 2
}

// click switches sections on the bar, and selects (or, when selected
// already, opens) a person in the list.
func (f *friends) click(msg tea.MouseClickMsg) tea.Cmd {
	if f.typing || f.asking != nil || msg.Button != tea.MouseLeft || f.cardWidth() > 0 && msg.X >= f.w-f.cardWidth() {
		return nil
	}
	if msg.Y == 0 {
		for s, r := range f.barHits() {
			if msg.X >= r[0] && msg.X < r[1] {
				f.sec = friendSection(s)
			}
		}
		return nil
	}
	c := &f.cur[f.sec]
	i := c.Top() + msg.Y - f.listTop()
	if msg.Y < f.listTop() || i >= len(f.lists[f.sec]) {
		return nil
	}
	if i == c.Index() {
		return emit(openProfileMsg{userID: f.lists[f.sec][i].user.ID})
	}
	c.To(i)
	return nil
}

// wheel moves the selection.
func (f *friends) wheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		f.cur[f.sec].Move(-1)
	case tea.MouseWheelDown:
		f.cur[f.sec].Move(1)
	}
}

// SetSize gives the tab its size.
func (f *friends) SetSize(w, h int) {
	f.w, f.h = w, h
	f.search.SetWidth(max(min(50, w-30), 10))
	for s := range f.cur {
		top := 2
		if friendSection(s) == secSearch {
			top = 3
		}
		f.cur[s].SetHeight(h - top)
	}
}

// Focus marks the selection as the one in front, puts the cursor back
// in the search field when it had it, and reads again who is online.
func (f *friends) Focus() tea.Cmd {
	f.focused = true
	if f.typing {
		return tea.Batch(f.search.Focus(), f.loadPresence())
	}
	return f.loadPresence()
}

// Blur dims the selection.
func (f *friends) Blur() { f.focused = false }

// Typing holds the keys while the search field or a question is open.
func (f *friends) Typing() bool { return f.typing || f.asking != nil }

// Asking reports whether "Unfriend …?" is asked.
func (f *friends) Asking() bool { return f.asking != nil }

// Title names the tab.
func (f *friends) Title() string { return "Friends" }

// ShortHelp is the keys of the shown section, the field or the question.
func (f *friends) ShortHelp() []key.Binding {
	k := f.c.Keys
	switch {
	case f.asking != nil:
		return []key.Binding{k.ConfirmYes, k.ConfirmNo}
	case f.typing:
		results, stop := k.SubmitForm, k.CancelTyping
		results.SetHelp(results.Help().Key, "results")
		return []key.Binding{results, stop}
	}
	sections := k.Left
	sections.SetHelp("h/l", "sections")
	return append(f.actionKeys(), k.Open, k.Message, k.Search, sections)
}

// actionKeys are a and x as they act in the shown section.
func (f *friends) actionKeys() []key.Binding {
	k := f.c.Keys
	a, x := k.Befriend, k.Decline
	switch f.sec {
	case secFriends:
		x.SetHelp(x.Help().Key, "unfriend")
		return []key.Binding{x}
	case secIncoming:
		a.SetHelp(a.Help().Key, "accept")
		x.SetHelp(x.Help().Key, "decline")
		return []key.Binding{a, x}
	case secOutgoing:
		x.SetHelp(x.Help().Key, "withdraw")
		return []key.Binding{x}
	}
	return []key.Binding{a}
}

// FullHelp is every key of the tab.
func (f *friends) FullHelp() [][]key.Binding {
	k := f.c.Keys
	return [][]key.Binding{
		append(f.actionKeys(), k.Open, k.Message),
		{k.Left, k.Right, k.Search},
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
	}
}
