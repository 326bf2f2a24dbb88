package tui

import (
	"context"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// profile is a person's page: a header (name, bio, where, since when,
// counts, how the viewer stands with them), the heatmap of their year,
// then their posts and wall, an endless list. The Profile tab shows one's
// own (with e to edit it); openProfileMsg pushes someone else's, where a,
// x, m and w befriend, unfriend, message and write on their wall, and B
// and M block (after asking) or unblock and mute or unmute them. While a
// block stands either way, it shows only who they are and the block. It
// follows live events: their profile, their friendship with the viewer,
// their new posts.
type profile struct {
	c       *Common
	userID  int64
	w, h    int
	focused bool

	view    *model.ProfileView // nil until loaded
	loadErr string

	posts    []model.Post
	postsErr string
	loading  bool // a page of posts is on its way
	done     bool // the last page came
	gen      int  // the list's generation: pages of an older one are dropped
	sel      widget.Cursor
	off      int // the first line shown
	fresh    int // posts that arrived live above the selection, not yet seen
	status   outcome
	busy     bool       // a friendship, block or mute action is out
	asking   profileAsk // the question showing, if any
	edit     *profileForm
	keys     *keySettings // the SSH keys screen, on one's own profile

	// What drawing measures once: posts' heights, the heatmap.
	heights map[heightKey]int
	heatmap heatCache
}

// profileAsk is the question a profile asks before a change.
type profileAsk int

const (
	askNothing  profileAsk = iota
	askUnfriend            // x on a friend
	askBlock               // B on someone not blocked
)

// profilePageSize is how many posts one page of the list brings.
const profilePageSize = 30

// newProfile is userID's profile, as the session's user sees it.
func newProfile(c *Common, userID int64) pane {
	return &profile{c: c, userID: userID}
}

// Messages of the profile's commands; to is the pane that asked, since
// the root hands every message to every pane.
type (
	profileMsg struct {
		view model.ProfileView
		err  error
	}
	profilePostsMsg struct {
		gen   int
		more  bool // a next page, else the first
		posts []model.Post
		err   error
	}
	profileTopMsg struct {
		posts []model.Post
		err   error
	}
	profileLikedMsg struct {
		post model.Post
		err  error
	}
)

// own reports whether this is the signed-in user's own profile.
func (p *profile) own() bool { return p.userID == p.c.User.ID }

// summary is who the profile is of.
func (p *profile) summary() model.UserSummary {
	if p.view == nil {
		return model.UserSummary{ID: p.userID}
	}
	return p.view.User.Summary()
}

// Init loads the header and the first page of posts.
func (p *profile) Init() tea.Cmd { return tea.Batch(p.loadHeader(), p.loadPosts(false)) }

// loadHeader reads the profile (header, counts, friendship, activity).
func (p *profile) loadHeader() tea.Cmd {
	svc, me, id := p.c.Svc, p.c.User.ID, p.userID
	return call(p.c, p, func(ctx context.Context) (model.ProfileView, error) { return svc.Profile(ctx, me, id) },
		func(v model.ProfileView, err error) tea.Msg { return profileMsg{view: v, err: err} })
}

// loadPosts reads the first page of posts (starting a new generation of
// the list), or the page after the last one shown.
func (p *profile) loadPosts(more bool) tea.Cmd {
	if more && (p.loading || p.done || len(p.posts) == 0) {
		return nil
	}
	if !more {
		p.gen++
	}
	p.loading = true
	page := model.Page{Limit: profilePageSize}
	if more {
		page.Before = p.posts[len(p.posts)-1].Cursor()
	}
	svc, me, id, gen := p.c.Svc, p.c.User.ID, p.userID, p.gen
	return call(p.c, p, func(ctx context.Context) ([]model.Post, error) { return svc.UserPosts(ctx, me, id, page) },
		func(ps []model.Post, err error) tea.Msg {
			return profilePostsMsg{gen: gen, more: more, posts: ps, err: err}
		})
}

// loadTop reads the newest posts, to put the ones that arrived live above
// the list.
func (p *profile) loadTop() tea.Cmd {
	svc, me, id := p.c.Svc, p.c.User.ID, p.userID
	return call(p.c, p, func(ctx context.Context) ([]model.Post, error) {
		return svc.UserPosts(ctx, me, id, model.Page{Limit: profilePageSize})
	}, func(ps []model.Post, err error) tea.Msg { return profileTopMsg{posts: ps, err: err} })
}

// refreshPost reads one post again (after a like, here or elsewhere).
func (p *profile) refreshPost(id int64, toggle bool) tea.Cmd {
	svc, me := p.c.Svc, p.c.User.ID
	return call(p.c, p, func(ctx context.Context) (model.Post, error) {
		if toggle {
			if _, err := svc.ToggleLike(ctx, me, id); err != nil {
				return model.Post{}, err
			}
		}
		return svc.Post(ctx, me, id)
	}, func(post model.Post, err error) tea.Msg { return profileLikedMsg{post: post, err: err} })
}

// Update handles the profile's own messages, live events, keys and
// the mouse; while the form is open, it has the keys first.
func (p *profile) Update(msg tea.Msg) tea.Cmd {
	if p.edit != nil {
		if cmd, ok := p.edit.update(msg); ok {
			return cmd
		}
	}
	if p.keys != nil {
		if cmd, ok := p.keys.update(msg); ok {
			return cmd
		}
	}
	switch msg := msg.(type) {
	case profileMsg:
		p.gotHeader(msg)
	case profilePostsMsg:
		if msg.gen == p.gen {
			return p.gotPosts(msg)
		}
	case profileTopMsg:
		if msg.err == nil {
			p.gotTop(msg.posts)
		}
	case profileLikedMsg:
		if msg.err != nil {
			p.status.set("", msg.err)
			return nil
		}
		p.replace(msg.post)
		return emit(postChangedMsg{post: msg.post})
	case socialDoneMsg:
		p.busy = false
		shown := p.status.set(msg.text, msg.err)
		if msg.refresh && msg.err == nil {
			return tea.Batch(shown, emit(refreshMsg{})) // this profile too
		}
		return tea.Batch(shown, p.loadHeader())
	case postChangedMsg:
		p.replace(msg.post)
	case postDeletedMsg:
		p.remove(msg.id)
	case refreshMsg:
		if p.keys != nil {
			return tea.Batch(p.Init(), p.keys.load())
		}
		return p.Init()
	case eventMsg:
		return p.event(msg.ev)
	case tea.KeyPressMsg:
		return p.key(msg)
	case tea.MouseClickMsg:
		return p.click(msg)
	case tea.MouseWheelMsg:
		return p.wheel(msg)
	}
	return nil
}

// gotHeader takes a loaded profile.
func (p *profile) gotHeader(msg profileMsg) {
	if msg.err != nil {
		p.loadErr = model.ErrorMessage(msg.err)
		return
	}
	p.loadErr, p.view = "", &msg.view
	if msg.view.Blocking.Either() {
		p.posts, p.fresh = nil, 0 // what a block hides, shown before it
		p.sel.SetLen(0)
	}
}

// gotPosts takes a page of posts: the first (keeping the selected post
// selected when it is still there) or the next.
func (p *profile) gotPosts(msg profilePostsMsg) tea.Cmd {
	p.loading = false
	if msg.err != nil {
		p.postsErr = model.ErrorMessage(msg.err)
		return nil
	}
	p.postsErr = ""
	p.done = len(msg.posts) < profilePageSize
	if msg.more {
		p.posts = append(p.posts, msg.posts...)
		p.sel.SetLen(len(p.posts))
	} else {
		var keep int64
		if p.sel.Index() < len(p.posts) {
			keep = p.posts[p.sel.Index()].ID
		}
		p.posts, p.fresh = msg.posts, 0
		p.sel.SetLen(len(p.posts))
		p.sel.To(max(slices.IndexFunc(p.posts, func(x model.Post) bool { return x.ID == keep }), 0))
	}
	p.follow()
	return nil
}

// gotTop puts posts that are newer than the list's first above it,
// keeping the selection where it is.
func (p *profile) gotTop(top []model.Post) {
	var add []model.Post
	for _, x := range top {
		if slices.ContainsFunc(p.posts, func(y model.Post) bool { return y.ID == x.ID }) {
			break // the rest is shown already
		}
		add = append(add, x)
	}
	if len(add) == 0 {
		return
	}
	p.posts = append(add, p.posts...)
	p.sel.SetLen(len(p.posts))
	if p.sel.Index() > 0 || p.off > 0 {
		p.sel.To(p.sel.Index() + len(add))
		p.fresh += len(add)
	}
	p.follow()
}

// replace updates a post shown in the list.
func (p *profile) replace(post model.Post) {
	if i := slices.IndexFunc(p.posts, func(x model.Post) bool { return x.ID == post.ID }); i >= 0 {
		p.posts[i] = post
	}
}

// remove takes a deleted post out of the list.
func (p *profile) remove(id int64) {
	if i := slices.IndexFunc(p.posts, func(x model.Post) bool { return x.ID == id }); i >= 0 {
		p.posts = slices.Delete(p.posts, i, i+1)
		p.sel.SetLen(len(p.posts))
		p.follow()
	}
}

// event follows the live events that change what the profile shows.
func (p *profile) event(ev model.Event) tea.Cmd {
	me := p.c.User.ID
	switch {
	case ev.Kind == model.EventProfile && ev.ActorID == p.userID:
		return p.loadHeader()
	case isFriendEvent(ev.Kind) && (p.own() || ev.ActorID == p.userID || ev.ActorID == me):
		if ev.ActorID != me {
			p.status = outcome{} // what it says may no longer be so
		}
		return p.loadHeader()
	case ev.Kind == model.EventNewPost && ev.ActorID == p.userID, ev.Kind == model.EventWallPost && p.own():
		return tea.Batch(p.loadTop(), p.loadHeader())
	case ev.Kind == model.EventLike && slices.ContainsFunc(p.posts, func(x model.Post) bool { return x.ID == ev.PostID }):
		return tea.Batch(p.refreshPost(ev.PostID, false), p.loadHeader())
	}
	return nil
}

// key handles a key press on the profile (the form has its own).
func (p *profile) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.Keys
	if p.asking != askNothing {
		ask := p.asking
		switch {
		case key.Matches(msg, k.ConfirmYes) && ask == askUnfriend:
			p.asking, p.busy = askNothing, true
			return unbefriendCmd(p.c, p, p.summary(), model.FriendFriends, 0)
		case key.Matches(msg, k.ConfirmYes):
			p.asking, p.busy = askNothing, true
			return shieldCmd(p.c, p, p.summary(), doBlock)
		case key.Matches(msg, k.ConfirmNo):
			p.asking = askNothing
		}
		return nil
	}
	if p.sel.Navigate(msg, k) {
		p.follow()
		return p.more()
	}
	post, hasPost := p.selected()
	switch {
	case key.Matches(msg, k.Open) && hasPost:
		return emit(openPostMsg{id: post.ID})
	case key.Matches(msg, k.Like) && hasPost:
		return p.refreshPost(post.ID, true)
	case key.Matches(msg, k.Author) && hasPost && post.Author.ID != p.userID:
		return emit(openProfileMsg{userID: post.Author.ID})
	case p.own() && key.Matches(msg, k.EditProfile) && p.view != nil:
		p.status = outcome{}
		p.edit = newProfileForm(p.c, p, *p.view)
		p.edit.setSize(p.w, p.h)
		return p.edit.focus()
	case p.own() && key.Matches(msg, k.SSHKeys):
		p.status = outcome{}
		p.keys = newKeySettings(p.c, p)
		p.keys.setSize(p.w, p.h)
		return p.keys.load()
	case p.own() || p.view == nil:
		return nil
	case key.Matches(msg, k.Block):
		return p.block()
	case key.Matches(msg, k.Mute):
		return p.mute()
	case key.Matches(msg, k.Befriend):
		return p.befriend()
	case key.Matches(msg, k.Decline):
		return p.unbefriend()
	case key.Matches(msg, k.Message):
		return emit(openChatMsg{with: p.summary()})
	case key.Matches(msg, k.WallPost):
		if p.view.Friendship != model.FriendFriends {
			p.status = outcome{text: "You can only write on a friend's wall: " + k.Befriend.Help().Key + " to ask " +
				name(p.summary()) + " first.", isErr: true}
			return nil
		}
		u := p.summary()
		return emit(composeMsg{wallOf: &u})
	}
	return nil
}

// befriend asks them, or accepts their request.
func (p *profile) befriend() tea.Cmd {
	if p.busy {
		return nil
	}
	p.busy = true
	return befriendCmd(p.c, p, p.summary(), p.view.Friendship, 0)
}

// unbefriend ends the friendship (after asking), withdraws one's request
// or declines theirs.
func (p *profile) unbefriend() tea.Cmd {
	if p.busy {
		return nil
	}
	if p.view.Friendship == model.FriendFriends {
		p.asking = askUnfriend
		return nil
	}
	p.busy = true
	return unbefriendCmd(p.c, p, p.summary(), p.view.Friendship, 0)
}

// selected is the post under the cursor.
func (p *profile) selected() (model.Post, bool) {
	if p.sel.Index() < len(p.posts) {
		return p.posts[p.sel.Index()], true
	}
	return model.Post{}, false
}

// more loads the next page when the selection nears the end.
func (p *profile) more() tea.Cmd {
	if p.sel.AtEnd() {
		return p.loadPosts(true)
	}
	return nil
}

// click selects the post under the mouse, or opens it when it was
// selected already.
func (p *profile) click(msg tea.MouseClickMsg) tea.Cmd {
	if p.edit != nil || p.keys != nil || p.asking != askNothing || msg.Button != tea.MouseLeft {
		return nil
	}
	spans := p.plan().spans
	y := p.off + msg.Y
	for i, sp := range spans {
		if y >= sp[0] && y < sp[1] {
			if i == p.sel.Index() {
				return emit(openPostMsg{id: p.posts[i].ID})
			}
			p.sel.To(i)
			p.follow()
			return p.more()
		}
	}
	return nil
}

// wheel moves the selection a post at a time.
func (p *profile) wheel(msg tea.MouseWheelMsg) tea.Cmd {
	if p.edit != nil || p.keys != nil || p.asking != askNothing {
		return nil
	}
	switch msg.Button {
	case tea.MouseWheelUp:
		p.sel.Move(-1)
	case tea.MouseWheelDown:
		p.sel.Move(1)
	default:
		return nil
	}
	p.follow()
	return p.more()
}

// follow scrolls so that the selected post shows below the sticky line
// (which covers the first line once the page is scrolled), and the
// header too when the first post is selected and it fits.
func (p *profile) follow() {
	pl := p.plan()
	spans := pl.spans
	if p.sel.Index() < len(spans) {
		sp := spans[p.sel.Index()]
		switch {
		case p.sel.Index() == 0 && sp[1] <= p.h:
			p.off = 0
		case sp[0] < p.off+1 && p.off > 0:
			p.off = max(sp[0]-1, 0)
		case sp[1] > p.off+p.h:
			p.off = sp[1] - p.h
		}
	}
	p.off = max(min(p.off, pl.n-p.h), 0)
	if len(spans) > 0 && spans[0][0] > p.off {
		p.fresh = 0 // the newest post is in sight
	}
}

// SetSize gives the profile (and its form) its size.
func (p *profile) SetSize(w, h int) {
	p.w, p.h = w, h
	p.sel.SetHeight(max(h/3, 1))
	if p.edit != nil {
		p.edit.setSize(w, h)
	}
	if p.keys != nil {
		p.keys.setSize(w, h)
	}
	p.follow()
}

// Focus marks the selection as the one in front, and puts the cursor
// back in the form.
func (p *profile) Focus() tea.Cmd {
	p.focused = true
	if p.edit != nil {
		return p.edit.focus()
	}
	if p.keys != nil {
		return p.keys.focus()
	}
	return nil
}

// Blur dims the selection.
func (p *profile) Blur() { p.focused = false }

// Typing holds the keys while the form, the SSH keys screen or a
// question is open: esc and q go back to the profile then.
func (p *profile) Typing() bool { return p.edit != nil || p.keys != nil || p.asking != askNothing }

// Asking reports whether a question (unfriend, block, remove a key) is
// asked.
func (p *profile) Asking() bool {
	return p.asking != askNothing || p.keys != nil && p.keys.confirm != nil
}

// Title is the person's name, for the tab bar.
func (p *profile) Title() string {
	if p.view == nil || p.own() {
		return "Profile"
	}
	return name(p.summary())
}

// ShortHelp is the keys of what shows: the form, a question, one's own
// profile or someone else's.
func (p *profile) ShortHelp() []key.Binding {
	k := p.c.Keys
	switch {
	case p.edit != nil:
		return p.edit.help()
	case p.keys != nil:
		return p.keys.help()
	case p.asking != askNothing:
		return []key.Binding{k.ConfirmYes, k.ConfirmNo}
	case p.own():
		return []key.Binding{k.EditProfile, k.SSHKeys, k.Open, k.Like, k.Author}
	case p.view != nil && p.view.Blocking.Either():
		return p.shieldKeys()
	}
	return append(append(p.friendKeys(), k.Message, k.WallPost, k.Open, k.Like), p.shieldKeys()...)
}

// friendKeys are a and x as they act on how the viewer stands with this
// person.
func (p *profile) friendKeys() []key.Binding {
	k := p.c.Keys
	a, x := k.Befriend, k.Decline
	st := model.FriendNone
	if p.view != nil {
		st = p.view.Friendship
	}
	switch st {
	case model.FriendFriends:
		x.SetHelp(x.Help().Key, "unfriend")
		return []key.Binding{x}
	case model.FriendOutgoing:
		x.SetHelp(x.Help().Key, "withdraw request")
		return []key.Binding{x}
	case model.FriendIncoming:
		a.SetHelp(a.Help().Key, "accept")
		x.SetHelp(x.Help().Key, "decline")
		return []key.Binding{a, x}
	}
	return []key.Binding{a}
}

// FullHelp is every key of the profile.
func (p *profile) FullHelp() [][]key.Binding {
	k := p.c.Keys
	list := []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}
	switch {
	case p.keys != nil:
		return [][]key.Binding{p.keys.help()}
	case p.own():
		return [][]key.Binding{{k.EditProfile, k.SSHKeys, k.Open, k.Like, k.Author}, list}
	}
	return [][]key.Binding{append(p.friendKeys(), k.Message, k.WallPost), p.shieldKeys(), {k.Open, k.Like, k.Author}, list}
}
