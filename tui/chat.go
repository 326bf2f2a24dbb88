package tui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// chat is the Chat tab: the conversation list beside the open
// conversation, with the input at its bottom. Messages arrive live; what
// arrives while the tab is in front is read at once, what arrives behind
// it waits, unread, under an "unread since" line. The list is in
// chat_list.go, the conversation in chat_conversation.go.
type chat struct {
	c       *Common
	w, h    int
	inFront bool      // the tab is the pane in front
	focus   chatFocus // the list or the input

	convs   []model.Conversation // latest first
	loaded  bool
	loadErr string
	list    widget.Cursor
	selID   int64 // whose conversation the cursor is on, kept there when the list reorders

	open      *conversation    // nil: none is open
	input     *widget.Textarea // nil until needed: see in
	inputDark bool             // the theme the input's colours are of
	drafts    map[int64]string // what was typed to the people whose conversation is not open

	editing   int64  // the message of one's own the input edits; 0: none
	editDraft string // what the input held before the edit, put back after it

	jumpPending bool // alt+a came before the list: jump when it comes

	// readThrough holds, for each conversation this session marked read,

	// the newest message it marked: a list read before the mark (a command

	// that finished late) must not bring its unread count back.

	readThrough map[int64]int64

	find *chatFind // a search of the list or of the open conversation; nil: none
}

// chatFocus is where the keys go in the Chat tab.
type chatFocus int

const (
	focusList chatFocus = iota
	focusInput
	focusMessages // a message of the open conversation is selected
)

// inputLines is the most lines the input grows to.
const inputLines = 5

// newChat is the Chat tab of a session; Init loads its list.
func newChat(c *Common) pane {
	return &chat{c: c, drafts: map[int64]string{}}
}

// The chat's own messages, the outcomes of its commands.
type (
	// chatListMsg carries the conversation list.
	chatListMsg struct {
		convs []model.Conversation
		err   error
	}
	// chatPageMsg carries messages of one conversation, and the list as
	// it is after them.
	chatPageMsg struct {
		with     int64
		kind     fetchKind
		msgs     []model.Message // newest first; IsRead as it was before marking
		full     bool            // the last page asked for was full: there may be more
		marked   int             // how many of with's messages were marked read
		err      error
		list     *chatListMsg // nil when the list was not asked for
		noticed  bool         // the marker may move to what was unread
		selectID int64        // a search's match to select once the page is in
	}
	// chatSentMsg is the outcome of a send.
	chatSentMsg struct {
		with int64
		text string
		msg  model.Message
		err  error
	}
)

// fetchKind says which messages a fetch asks for and what becomes of them.
type fetchKind int

const (
	fetchOpen  fetchKind = iota // the newest page of a conversation just opened
	fetchNew                    // the newest page, merged with what is shown (live, refresh)
	fetchSeen                   // the same when the tab comes to the front: unread ones get the line
	fetchOlder                  // the page before the oldest shown
)

// Init loads the conversation list; the latest conversation opens when
// it comes.
func (p *chat) Init() tea.Cmd { return p.loadList() }

// loadList reads the conversation list.
func (p *chat) loadList() tea.Cmd {
	svc, me := p.c.Svc, p.c.User.ID
	return call(p.c, p, func(ctx context.Context) ([]model.Conversation, error) { return svc.Conversations(ctx, me) },
		func(cs []model.Conversation, err error) tea.Msg { return chatListMsg{convs: cs, err: err} })
}

// fetch loads messages of the open conversation and, but for older
// pages, the list after them. In front, what the other person sent is
// marked read in the same command, before the list is read, so that the
// list's unread counts agree with the screen. Opening, or coming back to
// the tab, pages back until a message of theirs that was read before (or
// seekLimit messages), so that the "unread since" line can go above the
// first one that was not.
func (p *chat) fetch(kind fetchKind) tea.Cmd {
	v := p.open
	svc, me, with := p.c.Svc, p.c.User.ID, v.with.ID
	page := model.Page{Limit: chatPage}
	if kind == fetchOlder {
		if len(v.msgs) == 0 {
			return nil
		}
		page.Before = v.msgs[0].Cursor()
		v.loadingOlder = true
		v.changed()
	}
	markRead := p.inFront && kind != fetchOlder
	unreadListed := p.unreadWith(with) > 0
	return call(p.c, p, func(ctx context.Context) (chatPageMsg, error) {
		r := chatPageMsg{with: with, kind: kind, noticed: kind == fetchOpen || kind == fetchSeen}
		for {
			got, err := svc.Messages(ctx, me, with, page)
			if err != nil {
				return r, err
			}
			r.msgs, r.full = append(r.msgs, got...), len(got) == page.Limit
			if !r.noticed || !r.full || len(r.msgs) >= seekLimit || !seeking(r.msgs, with) {
				break
			}
			page.Before = got[len(got)-1].Cursor()
		}
		if markRead && (unreadListed || hasUnread(r.msgs, with)) {
			var err error
			if r.marked, err = svc.MarkConversationRead(ctx, me, with); err != nil {
				return r, err
			}
		}
		if kind != fetchOlder {
			cs, err := svc.Conversations(ctx, me)
			r.list = &chatListMsg{convs: cs, err: err}
		}
		return r, nil
	}, func(r chatPageMsg, err error) tea.Msg {
		r.err = err
		return r
	})
}

// Update handles the chat's results, live events, keys and the mouse.
func (p *chat) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case jumpUnreadMsg:
		if !p.loaded {
			p.jumpPending = true // when the list comes
			return nil
		}
		return p.jumpUnread(msg.again)
	case chatListMsg:
		p.setList(msg)
		if p.jumpPending && p.loaded {
			p.jumpPending = false
			return p.jumpUnread(false)
		}
		if p.open == nil && len(p.convs) > 0 {
			return p.openWith(p.convs[0].With, false) // the latest, ready when the tab comes to the front
		}
		return nil
	case chatPageMsg:
		return p.gotPage(msg)
	case chatSentMsg:
		return p.sent(msg)
	case chatEditedMsg:
		return p.edited(msg)
	case chatDeletedMsg:
		return p.deleted(msg)
	case chatMessageMsg:
		p.reread(msg)
		return nil
	case chatFoundMsg:
		return p.found(msg)
	case openChatMsg:
		if msg.with.ID == p.c.User.ID {
			return emit(toastMsg{text: "That is you: pick someone else to write to.", isErr: true})
		}
		return p.openWith(msg.with, true)
	case eventMsg:
		return p.event(msg.ev)
	case refreshMsg:
		if p.open != nil && !p.open.loading {
			if p.open.loadErr != "" {
				p.open.loading, p.open.loadErr = true, ""
				return p.fetch(fetchOpen)
			}
			return p.fetch(fetchNew)
		}
		return p.loadList()
	case tea.KeyPressMsg:
		if cmd, ok := p.findKey(msg); ok {
			return cmd
		}
		if p.selecting() {
			return p.selectKey(msg)
		}
		if p.focus == focusInput && p.open != nil {
			return p.inputKey(msg)
		}
		return p.listKey(msg)
	case tea.PasteMsg:
		if p.focus == focusInput && p.open != nil {
			return p.edit(msg)
		}
	case tea.MouseWheelMsg:
		return p.wheel(msg)
	case tea.MouseClickMsg:
		return p.click(msg)
	}
	return nil
}

// event follows a live event: a message to or from the user (another
// session of theirs sent it: the event does not say to whom, so the open
// conversation looks too), or a receipt.
func (p *chat) event(ev model.Event) tea.Cmd {
	switch ev.Kind {
	case model.EventMessage:
		v := p.open
		if v == nil || ev.ActorID != v.with.ID && ev.ActorID != p.c.User.ID {
			if p.arrived(ev) {
				return nil
			}
			return p.loadList()
		}
		if v.loading {
			// The first page may have been read before this message was
			// written: look again when it is in.
			v.refetch = true
			return p.loadList()
		}
		return p.fetch(fetchNew)
	case model.EventMessageEdited:
		return p.liveEdit(ev)
	case model.EventMessageDeleted:
		p.gone(ev.MessageID)
		return p.loadList()
	case model.EventProfile:
		p.rename(ev.Actor)
	case model.EventMessageRead:
		if p.open != nil && p.open.with.ID == ev.ActorID {
			p.open.readMine(ev.MessageID)
		}
	}
	return nil
}

// gotPage takes messages of a conversation in.
func (p *chat) gotPage(r chatPageMsg) tea.Cmd {
	if r.err == nil && r.marked > 0 {
		if p.readThrough == nil {
			p.readThrough = map[int64]int64{}
		}
		for _, m := range r.msgs {
			p.readThrough[r.with] = max(p.readThrough[r.with], m.ID)
		}
	}
	if r.list != nil {
		p.setList(*r.list)
	}
	v := p.open
	if v == nil || v.with.ID != r.with {
		return nil // the person closed it meanwhile
	}
	if r.err != nil {
		switch {
		case r.kind == fetchOpen:
			v.loading, v.loadErr = false, widget.SanitizeLine(model.ErrorMessage(r.err))
			v.refused = model.ErrorCode(r.err) == model.EFORBIDDEN
		default:
			v.loadingOlder, v.syncErr = false, widget.SanitizeLine(model.ErrorMessage(r.err))
			v.changed()
		}
		return nil
	}
	v.syncErr = ""
	var again tea.Cmd
	switch r.kind {
	case fetchOpen:
		v.setPage(r.msgs, r.full)
		v.marker = v.unreadFrom()
		p.showMarker()
		if v.refetch {
			v.refetch, again = false, p.fetch(fetchNew)
		}
	case fetchOlder:
		v.prepend(r.msgs, r.full)
		if r.selectID != 0 && v.indexOf(r.selectID) >= 0 {
			v.sel = r.selectID
			v.changed()
			p.showSelected()
		}
	default:
		before := len(v.lines(p.c, p.convWidth()))
		added := v.merge(r.msgs, r.full)
		if r.noticed {
			if first := v.unreadFrom(); first != 0 {
				v.marker = first
			}
		}
		if v.scroll > 0 {
			// Scrolled up: stay on what is shown.
			v.scroll += len(v.lines(p.c, p.convWidth())) - before
			v.newBelow += added
		}
		if r.noticed {
			p.showMarker()
		}
	}
	if r.marked > 0 {
		v.readTheirs()
		return tea.Batch(again, emit(countsChangedMsg{}))
	}
	return again
}

// setList takes a new conversation list in, keeping the cursor on the
// same person.
func (p *chat) setList(r chatListMsg) {
	if r.err != nil {
		p.loadErr = widget.SanitizeLine(model.ErrorMessage(r.err))
		return
	}
	p.convs, p.loaded, p.loadErr = r.convs, true, ""
	for i := range p.convs {
		if cv := &p.convs[i]; cv.LastMessage.ID <= p.readThrough[cv.With.ID] {
			cv.Unread = 0
		}
	}
	if v := p.open; v != nil {
		for i := range p.convs {
			cv := &p.convs[i]
			if cv.With.ID != v.with.ID {
				continue
			}
			if cv.With != v.with {
				v.with = cv.With // renamed
				v.changed()
			}
		}
	}
	p.syncList()
}

// unreadWith is the unread count the list shows for someone.
func (p *chat) unreadWith(id int64) int {
	for _, cv := range p.convs {
		if cv.With.ID == id {
			return cv.Unread
		}
	}
	return 0
}

// openWith opens the conversation with someone (or starts one), saving
// what was typed in the one open before; typing puts the focus in the
// input.
func (p *chat) openWith(u model.UserSummary, typing bool) tea.Cmd {
	var cmd tea.Cmd
	if typing {
		p.focus = focusInput
		if p.inFront {
			cmd = p.in().Focus()
		}
	}
	if p.open != nil && p.open.with.ID == u.ID {
		p.selID = u.ID
		p.syncList()
		return cmd
	}
	if p.open != nil {
		if p.editing != 0 {
			p.cancelEdit() // the draft is what the input held before the edit
		}
		if v := p.typed(); v != "" {
			p.drafts[p.open.with.ID] = v
		}
	}
	if p.focus == focusMessages {
		p.focus = focusInput
	}
	p.find = nil // a search was of the list before, or of the conversation left
	p.open = newConversation(u)
	if d := p.drafts[u.ID]; d != "" || p.input != nil {
		in := p.in()
		in.Placeholder = "Message " + name(u) + "…"
		in.SetValue(d)
	}
	delete(p.drafts, u.ID)
	p.selID = u.ID
	p.syncList()
	return tea.Batch(cmd, p.fetch(fetchOpen))
}

// showMarker scrolls so that the "unread since" line is in view when more
// is unread than the view holds.
func (p *chat) showMarker() {
	v := p.open
	if v.marker == 0 {
		return
	}
	lines, h := v.lines(p.c, p.convWidth()), p.transcriptHeight()
	if below := len(lines) - v.markerAt; v.markerAt >= 0 && below > h {
		v.scroll = below - h
	}
}

// SetSize lays the tab out for a new size.
func (p *chat) SetSize(w, h int) {
	p.w, p.h = w, h
	if p.input != nil {
		p.input.SetWidth(p.inputWidth())
	}
	p.list.SetHeight(max(h-2, 1) / itemHeight)
}

// Focus brings the tab to the front: what came while it was behind is
// read now, under an "unread since" line.
func (p *chat) Focus() tea.Cmd {
	p.inFront = true
	var cmds []tea.Cmd
	if p.focus == focusInput && p.open != nil {
		cmds = append(cmds, p.in().Focus())
	}
	if v := p.open; v != nil && !v.loading && v.loadErr == "" && (v.unreadFrom() != 0 || p.unreadWith(v.with.ID) > 0) {
		cmds = append(cmds, p.fetch(fetchSeen))
	}
	return tea.Batch(cmds...)
}

// Blur puts the tab behind: what comes now stays unread.
func (p *chat) Blur() {
	p.inFront = false
	if p.input != nil {
		p.input.Blur()
	}
}

// Typing reports whether the keys are the chat's own: the input has the
// focus, or a message is selected.
func (p *chat) Typing() bool {
	return (p.focus == focusInput || p.focus == focusMessages) && p.open != nil || p.finding()
}

// TakesTab reports whether tab is the chat's: from the list, it goes to
// the open conversation's input.
func (p *chat) TakesTab() bool { return p.focus == focusList && p.open != nil }

// Title names the tab.
func (p *chat) Title() string { return "Chat" }

// ShortHelp are the keys of where the focus is.
func (p *chat) ShortHelp() []key.Binding {
	k := p.c.Keys
	switch {
	case p.finding():
		search, back := k.SubmitForm, k.CancelTyping
		search.SetHelp("enter", "search")
		if !p.find.messages {
			search.SetHelp("enter", "open")
		}
		back.SetHelp("esc", "back")
		return []key.Binding{search, back}
	case p.find != nil && p.find.messages && len(p.find.matches) > 0:
		back := k.CancelTyping
		back.SetHelp("esc", "back")
		return []key.Binding{k.NextMatch, k.PrevMatch, k.Edit, k.Delete, back}
	case p.selecting() && p.open.confirmDelete:
		return []key.Binding{k.ConfirmYes, k.ConfirmNo}
	case p.selecting():
		back := k.CancelTyping
		back.SetHelp("esc", "back")
		return []key.Binding{k.Up, k.Down, k.Edit, k.Delete, k.Search, back}
	case p.Typing() && p.editing != 0:
		save, cancel := k.SendLine, k.CancelTyping
		save.SetHelp("enter", "save")
		cancel.SetHelp("esc", "cancel edit")
		return []key.Binding{save, cancel, k.Newline}
	case p.Typing():
		return []key.Binding{k.SendLine, k.Newline, k.Recall, k.SelectMessage, k.ToList, k.ScrollUp}
	}
	if p.open == nil {
		return []key.Binding{k.Up, k.Down, k.Open}
	}
	return []key.Binding{k.Up, k.Down, k.Open, k.ScrollUp}
}

// FullHelp are the keys of the list and of the input.
func (p *chat) FullHelp() [][]key.Binding {
	k := p.c.Keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.Open},
		{k.SendLine, k.Newline, k.Recall, k.SelectMessage, k.ToList, k.ScrollUp, k.ScrollDown},
		{k.Edit, k.Delete, k.Search, k.NextMatch, k.PrevMatch, k.CancelTyping},
	}
}

// restoreDraft puts back a message to user typed in an earlier session,
// unless something was typed to them since.
func (p *chat) restoreDraft(user int64, text string) {
	if p.open != nil && p.open.with.ID == user {
		if p.typed() == "" {
			p.in().SetValue(text)
		}
		return
	}
	if _, typed := p.drafts[user]; !typed {
		p.drafts[user] = text
	}
}

// unsent is what was typed to each person and not sent.
func (p *chat) unsent() map[int64]string {
	out := make(map[int64]string, len(p.drafts)+1)
	for user, text := range p.drafts {
		if text != "" {
			out[user] = text
		}
	}
	v := p.typed()
	if p.editing != 0 {
		v = p.editDraft // an edit is not a draft: what it took the place of is
	}
	if p.open != nil && v != "" {
		out[p.open.with.ID] = v
	}
	return out
}
