package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// postView shows a post and its whole thread, pushed on the stack by
// openPostMsg. The replies show oldest first, each answer under the
// comment it answers; older ones load on request. The keys act on the
// post or the reply selected: reply (in a field at the bottom), like,
// share, who liked, edit and delete one's own, the author, the link.
type postView struct {
	c       *Common
	id      int64 // the post it was opened on: the post or one of its replies
	w, h    int
	focused bool

	top          model.Post
	replies      []model.Post
	older        bool // older replies are left to load
	loading      bool
	loadingOlder bool
	err          error // the load's
	gone         bool  // the post was deleted
	items        []threadItem
	cur          widget.Cursor
	first        int // the first item drawn

	status    outcome     // the last action's
	reloadErr string      // why the thread could not load again
	reply     *replyBox   // the reply field, when open
	draft     string      // what the reply field held when it was closed
	wantReply bool        // open the reply field once the post is here
	confirm   *model.Post // the post whose deletion waits for y/n
	likers    *likersBox
	link      *model.Post // the post whose link shows in a box
}

// threadPageSize is how many replies a page of the thread brings.
const threadPageSize = 100

// newPostView is the view of post id, or of the thread of reply id with
// that reply selected.
func newPostView(c *Common, id int64) pane {
	return &postView{c: c, id: id, loading: true}
}

// threadMsg is the post and a page of its thread: the first (newest)
// page, or an older one.
type threadMsg struct {
	top     model.Post
	replies []model.Post // newest first, as the Service gives them
	older   bool         // a page of older replies
	err     error
}

// threadLiveMsg is a post read again because of a live event or an
// action: a reply to add or a post changed, and the thread's post with
// its new counts.
type threadLiveMsg struct {
	post  model.Post // zero when only top was read
	top   model.Post
	other bool // the post read is not of this thread
	err   error
}

// deletedMsg is the outcome of deleting a post of the thread; top is the
// thread's post read again when a reply went.
type deletedMsg struct {
	id  int64
	top model.Post
	err error
}

// Init loads the post and its thread.
func (v *postView) Init() tea.Cmd { return v.load() }

// Title names the view in the tab bar.
func (v *postView) Title() string { return "Post" }

// SetSize gives the view its size.
func (v *postView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.cur.SetHeight(max(h/4, 1))
	if v.reply != nil {
		v.reply.setWidth(w)
	}
}

// Focus puts the view in front, with the reply field focused if open.
func (v *postView) Focus() tea.Cmd {
	v.focused = true
	if v.reply != nil {
		return v.reply.ta.Focus()
	}
	return nil
}

// Blur marks the view as not in front.
func (v *postView) Blur() {
	v.focused = false
	if v.reply != nil {
		v.reply.ta.Blur()
	}
}

// Typing is true while the reply field, a question or a box is open: esc
// and the keys the root would take belong to them then.
func (v *postView) Typing() bool {
	return v.reply != nil || v.confirm != nil || v.likers != nil || v.link != nil
}

// Asking reports whether "Delete …?" is asked.
func (v *postView) Asking() bool { return v.confirm != nil }

// Update takes the thread's pages, live events, changes made elsewhere,
// the outcome of its actions, keys and the mouse; the selected row stays
// on screen after each.
func (v *postView) Update(msg tea.Msg) tea.Cmd {
	defer v.scroll()
	switch msg := msg.(type) {
	case threadMsg:
		return v.loaded(msg)
	case threadLiveMsg:
		if msg.err == nil {
			return v.learn(msg)
		}
	case deletedMsg:
		return v.deleted(msg)
	case replySentMsg:
		return v.sent(msg)
	case likersMsg:
		if msg.err != nil {
			v.status = outcome{text: "Could not list who liked it: " + model.ErrorMessage(msg.err), isErr: true}
			return nil
		}
		v.likers = newLikersBox(v.c, msg.users)
	case postActMsg:
		if msg.err == nil {
			v.put(msg.post)
		}
		var cmd tea.Cmd
		v.status, cmd = acted(msg)
		return cmd
	case mentionFriendsMsg, mentionFoundMsg:
		if v.reply != nil {
			v.reply.names.update(msg)
		}
	case eventMsg:
		return v.event(msg.ev)
	case postChangedMsg:
		v.put(msg.post)
	case postDeletedMsg:
		v.drop(msg.id)
	case refreshMsg:
		if !v.gone {
			return v.load()
		}
	case replyToPostMsg:
		if msg.id == v.id {
			if v.loading {
				v.wantReply = true
				return nil
			}
			return v.openReply(v.focusItem())
		}
	case tea.KeyPressMsg:
		return v.key(msg)
	case tea.MouseClickMsg:
		return v.click(msg.Mouse().Y)
	case tea.MouseWheelMsg:
		if msg.Mouse().Button == tea.MouseWheelUp {
			v.cur.Move(-1)
		} else {
			v.cur.Move(1)
		}
	default:
		if v.reply != nil {
			var cmd tea.Cmd
			cmd = v.reply.ta.Update(msg) // a paste
			return cmd
		}
	}
	return nil
}

// selected is the post of the selected row; the "older replies" row has
// none.
func (v *postView) selected() (model.Post, bool) {
	if v.cur.Index() < len(v.items) && v.items[v.cur.Index()].kind != threadOlder {
		return v.items[v.cur.Index()].post, true
	}
	return model.Post{}, false
}

// openReply opens the reply field under row i's post (the thread's post
// for the "older replies" row), with what was typed before.
func (v *postView) openReply(i int) tea.Cmd {
	to := v.top
	if i < len(v.items) && v.items[i].kind == threadReply {
		to = v.items[i].post
	}
	v.reply = newReplyBox(v.c, v, v.top.ID, to, v.draft, v.w)
	v.reply.names.people = v.people(to)
	return v.reply.open()
}

// people are the thread's people, for completing @names in a reply: the
// author of the post answered, the thread's author, then the others from
// the newest reply back.
func (v *postView) people(to model.Post) []model.UserSummary {
	out := []model.UserSummary{to.Author, v.top.Author}
	for _, r := range v.replies {
		out = append(out, r.Author)
		if r.Mentioned != nil {
			out = append(out, *r.Mentioned)
		}
	}
	return out
}

// key handles a key: the reply field's, the question's or the open box's
// first, then moving, then the selected post's.
func (v *postView) key(msg tea.KeyPressMsg) tea.Cmd {
	k := v.c.Keys
	switch {
	case v.reply != nil:
		if key.Matches(msg, k.CancelTyping) && !v.reply.names.listing() {
			v.draft, v.reply = v.reply.ta.Value(), nil
			return nil
		}
		return v.reply.key(msg, v)
	case v.confirm != nil:
		p := v.confirm
		switch {
		case key.Matches(msg, k.ConfirmYes):
			v.confirm = nil
			return v.remove(*p)
		case key.Matches(msg, k.ConfirmNo):
			v.confirm = nil
		}
		return nil
	case v.likers != nil:
		return v.likers.key(msg, func() { v.likers = nil })
	case v.link != nil:
		p := *v.link
		switch {
		case key.Matches(msg, k.CopyLink):
			v.link = nil
			return copyTextCmd(widget.SanitizeLine(p.MediaURL))
		case key.Matches(msg, k.CancelTyping, k.ShowLink, k.Open, k.Back):
			v.link = nil
		}
		return nil
	}
	v.status = outcome{}
	if v.cur.Navigate(msg, k) {
		return nil
	}
	if key.Matches(msg, k.Open) && v.cur.Index() < len(v.items) && v.items[v.cur.Index()].kind == threadOlder {
		return v.loadOlder()
	}
	if v.top.ID == 0 || v.gone {
		return nil
	}
	if key.Matches(msg, k.Reply) {
		return v.openReply(v.cur.Index())
	}
	p, ok := v.selected()
	if !ok {
		return nil
	}
	return v.act(msg, p)
}

// act does what a key asks of the selected post.
func (v *postView) act(msg tea.KeyPressMsg, p model.Post) tea.Cmd {
	k := v.c.Keys
	own := p.Author.ID == v.c.User.ID
	switch {
	case key.Matches(msg, k.Like):
		return likeCmd(v.c, v, p.ID)
	case key.Matches(msg, k.Share):
		return shareCmd(v.c, v, p.ID)
	case key.Matches(msg, k.Likers):
		return likersCmd(v.c, v, p.ID)
	case key.Matches(msg, k.Author):
		return emit(openProfileMsg{userID: p.Author.ID})
	case key.Matches(msg, k.CopyLink):
		cmd, st := copyLinkCmd(v.c, p)
		v.status = st
		return cmd
	case key.Matches(msg, k.ShowLink):
		if p.MediaURL == "" {
			v.status = outcome{text: "This post has no media link; y copies the post's own address.", isErr: true}
			return nil
		}
		v.link = &p
	case key.Matches(msg, k.Edit) && own:
		return emit(composeMsg{edit: &p})
	case key.Matches(msg, k.Delete) && own:
		v.confirm = &p
	case key.Matches(msg, k.Edit, k.Delete):
		v.status = outcome{text: "Only " + name(p.Author) + " can change this post.", isErr: true}
	}
	return nil
}

// click selects the row clicked; a click on the selected row loads older
// replies there, or opens the reply field under it.
func (v *postView) click(y int) tea.Cmd {
	if v.Typing() {
		return nil
	}
	row := 0
	for i := v.first; i < len(v.items); i++ {
		row += len(v.itemLines(i))
		if y >= row {
			continue
		}
		if i != v.cur.Index() {
			v.cur.To(i)
			return nil
		}
		if v.items[i].kind == threadOlder {
			return v.loadOlder()
		}
		return v.openReply(i)
	}
	return nil
}

// ShortHelp is the keys of what is open: the reply field, the question, a
// box, or the thread.
func (v *postView) ShortHelp() []key.Binding {
	k := v.c.Keys
	switch {
	case v.reply != nil:
		send, complete, cancel := k.SubmitForm, k.NextField, k.CancelTyping
		send.SetHelp("enter", "send")
		complete.SetHelp("tab", "complete @name")
		cancel.SetHelp("esc", "close")
		return []key.Binding{send, k.Newline, complete, cancel}
	case v.confirm != nil:
		return []key.Binding{k.ConfirmYes, k.ConfirmNo}
	case v.likers != nil:
		open, cancel := k.Open, k.CancelTyping
		open.SetHelp("enter", "profile")
		cancel.SetHelp("esc", "close")
		return []key.Binding{k.Down, open, cancel}
	case v.link != nil:
		cancel := k.CancelTyping
		cancel.SetHelp("esc", "close")
		return []key.Binding{k.CopyLink, cancel}
	}
	return []key.Binding{k.Down, k.Reply, k.Like, k.Share, k.Likers, k.Author, k.CopyLink, k.ShowLink, k.Edit, k.Delete, k.Back}
}

// FullHelp is every key of the view.
func (v *postView) FullHelp() [][]key.Binding {
	k := v.c.Keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown, k.Open},
		{k.Reply, k.Like, k.Share, k.Likers, k.Author},
		{k.Edit, k.Delete, k.CopyLink, k.ShowLink, k.Back},
	}
}
