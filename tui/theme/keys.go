package theme

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the app, in one place: the help screen
// and the help line are built from it, and panes match keys against it.
// One per session (it is read-only, but a session could remap keys).
type KeyMap struct {
	// Anywhere.
	Tab          [4]key.Binding // 1 2 3 4 (alt+1…4 while typing)
	NextTab      key.Binding
	PrevTab      key.Binding
	Quit         key.Binding // ctrl+c
	Back         key.Binding // esc, q: back, or quit on a tab
	Help         key.Binding
	NewPost      key.Binding
	Search       key.Binding
	Command      key.Binding
	Notices      key.Binding
	JumpUnread   key.Binding
	Refresh      key.Binding
	Redraw       key.Binding
	Open         key.Binding
	NextField    key.Binding
	PrevField    key.Binding
	SubmitForm   key.Binding // enter in a one-line form
	ConfirmYes   key.Binding
	ConfirmNo    key.Binding
	CancelTyping key.Binding // esc while typing

	// Lists.
	Up, Down, Top, Bottom, PageUp, PageDown, Left, Right key.Binding

	// A post.
	Reply, Like, Share, Likers, Edit, Delete, Author, CopyLink, ShowLink key.Binding

	// The feed.
	ToggleView, ToggleScope, Collapse, NewerInLane, OlderInLane key.Binding

	// Friends and profiles.
	Befriend, Accept, Decline, Message, WallPost, EditProfile key.Binding

	// Blocks and mutes: on someone's profile, and in the list of them
	// (:blocks), where Lift undoes the selected one.
	Block, Mute, Lift key.Binding

	// One's own profile: the SSH keys screen, and adding and removing a
	// key there.
	SSHKeys, AddKey, RemoveKey key.Binding

	// Compose and chat.
	Send, PostType, Newline, Recall key.Binding

	// Chat: enter sends a line, esc or tab go back to the conversation
	// list, PgUp/PgDn scroll the conversation from the list or the input.
	SendLine, ToList, ScrollUp, ScrollDown key.Binding

	// Notifications: mark all read, cycle the filter (all, mentions,
	// requests).
	MarkAllRead, NoticeFilter key.Binding

	// Chat: shift+up selects messages of the conversation (then e and d
	// edit or delete one's own, esc goes back to the input); n and N go
	// to the next and previous match of a search.
	SelectMessage, NextMatch, PrevMatch key.Binding

	// Welcome.
	SwitchForm key.Binding
}

// DefaultKeyMap is numeneon's key map.
func DefaultKeyMap() *KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return &KeyMap{
		Tab: [4]key.Binding{
			b("1", "feed", "1", "alt+1"),
			b("2", "profile", "2", "alt+2"),
			b("3", "friends", "3", "alt+3"),
			b("4", "chat", "4", "alt+4"),
		},
		NextTab:      b("tab", "next pane", "tab"),
		PrevTab:      b("shift+tab", "previous pane", "shift+tab"),
		Quit:         b("ctrl+c", "quit", "ctrl+c"),
		Back:         b("esc/q", "back", "esc", "q"),
		Help:         b("?", "help", "?"),
		NewPost:      b("n", "new post", "n"),
		Search:       b("/", "search", "/"),
		Command:      b(":", "command", ":"),
		Notices:      b("N", "notifications", "N"),
		JumpUnread:   b("alt+a", "jump to unread", "alt+a"),
		Refresh:      b("ctrl+r", "refresh", "ctrl+r"),
		Redraw:       b("ctrl+l", "redraw", "ctrl+l"),
		Open:         b("enter", "open", "enter"),
		NextField:    b("tab", "next field", "tab", "down"),
		PrevField:    b("shift+tab", "previous field", "shift+tab", "up"),
		SubmitForm:   b("enter", "submit", "enter"),
		ConfirmYes:   b("y", "yes", "y", "Y"),
		ConfirmNo:    b("n/esc", "no", "n", "N", "esc"),
		CancelTyping: b("esc", "stop typing", "esc"),

		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		Top:      b("g", "top", "g", "home"),
		Bottom:   b("G", "bottom", "G", "end"),
		PageUp:   b("ctrl+u", "page up", "ctrl+u", "pgup"),
		PageDown: b("ctrl+d", "page down", "ctrl+d", "pgdown"),
		Left:     b("h", "left", "h", "left"),
		Right:    b("l", "right", "l", "right"),

		Reply:    b("r", "reply", "r"),
		Like:     b("f", "like", "f"),
		Share:    b("b", "share", "b"),
		Likers:   b("i", "who liked", "i"),
		Edit:     b("e", "edit", "e"),
		Delete:   b("d", "delete", "d"),
		Author:   b("u", "author", "u"),
		CopyLink: b("y", "copy link", "y"),
		ShowLink: b("o", "show link", "o"),

		ToggleView:  b("v", "river/column", "v"),
		ToggleScope: b("s", "home/everyone", "s"),
		Collapse:    b("space", "collapse lane", "space"),
		NewerInLane: b("[", "newer in lane", "["),
		OlderInLane: b("]", "older in lane", "]"),

		Befriend:    b("a", "befriend", "a"),
		Accept:      b("a", "accept", "a"),
		Decline:     b("x", "decline/cancel", "x"),
		Message:     b("m", "message", "m"),
		WallPost:    b("w", "post on wall", "w"),
		EditProfile: b("e", "edit profile", "e"),

		Block: b("B", "block", "B"),
		Mute:  b("M", "mute", "M"),
		Lift:  b("d/x", "unblock/unmute", "d", "x"),

		SSHKeys:   b("K", "ssh keys", "K"),
		AddKey:    b("a", "add key", "a"),
		RemoveKey: b("d/x", "remove key", "d", "x"),

		Send:     b("ctrl+s", "send", "ctrl+s"),
		PostType: b("ctrl+t", "post type", "ctrl+t"),
		Newline:  b("alt+enter", "new line", "alt+enter", "ctrl+j"),
		Recall:   b("↑", "edit last", "up"),

		SendLine:   b("enter", "send", "enter"),
		ToList:     b("esc", "conversations", "esc", "tab"),
		ScrollUp:   b("pgup", "earlier", "pgup"),
		ScrollDown: b("pgdn", "later", "pgdown"),

		MarkAllRead:  b("R", "mark all read", "R"),
		NoticeFilter: b("F", "filter", "F"),

		SelectMessage: b("shift+↑", "select message", "shift+up"),
		NextMatch:     b("n", "next match", "n"),
		PrevMatch:     b("N", "previous match", "N"),

		SwitchForm: b("ctrl+n", "log in/sign up", "ctrl+n"),
	}
}
