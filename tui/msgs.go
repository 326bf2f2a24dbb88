package tui

import "github.com/numeneon/numeneon/model"

// Messages that cross panes. A pane asks the root for something by
// returning one of these from a command; the root routes live events and
// changes to every pane, so that unfocused panes stay current.

// eventMsg is a live event of the signed-in user. Panes look at ev; ch is
// the root's, to tell a current subscription's events from an ended one's.
type eventMsg struct {
	ev model.Event
	ch <-chan model.Event
}

// streamMsg says whether the live stream is connected; ch is the root's.
type streamMsg struct {
	live bool
	ch   <-chan bool
}

// openPostMsg opens a post and its thread.
type openPostMsg struct{ id int64 }

// replyToPostMsg opens the reply field of the post view showing post id
// (or its thread). A pane sends it right after openPostMsg, in sequence
// (openToReply), so that the view it opens gets it.
type replyToPostMsg struct{ id int64 }

// openProfileMsg opens someone's profile.
type openProfileMsg struct{ userID int64 }

// openChatMsg opens the conversation with someone.
type openChatMsg struct{ with model.UserSummary }

// composeMsg opens the composer: a new post, a post on someone's wall,
// or an edit of one's own post.
type composeMsg struct {
	wallOf *model.UserSummary
	edit   *model.Post
}

// postChangedMsg says a post changed here (liked, shared, edited, a reply
// counted): every pane that shows it updates it in place.
type postChangedMsg struct{ post model.Post }

// postDeletedMsg says a post was deleted here.
type postDeletedMsg struct{ id int64 }

// toastMsg shows a short note in the corner; it never takes the focus.
type toastMsg struct {
	text  string
	isErr bool
}

// switchTabMsg shows one of the four panes.
type switchTabMsg struct{ tab tab }

// backMsg closes the view on top (a post, someone's profile, a dialog).
type backMsg struct{}

// countsMsg refreshes the tab bar's badges and the window title.
type countsMsg struct {
	unread, requests, notices int
	err                       error
}

// countsChangedMsg says a pane changed what the tab bar's badges count
// without a live event to say so (it marked a conversation read, or the
// notifications seen): the root reads the counts again.
type countsChangedMsg struct{}

// refreshMsg asks every pane to load its data again (ctrl+r, or the live
// stream coming back after it was cut).
type refreshMsg struct{}

// signedInMsg starts a session for a user; signedOutMsg ends it.
type (
	signedInMsg struct {
		user     model.User
		signedUp bool // a new account
	}
	signedOutMsg struct{}
)

// jumpUnreadMsg asks the chat to open the conversation unread the
// longest; again (the chat was in front already) passes over the open
// one, so that each press goes on to the next.
type jumpUnreadMsg struct{ again bool }

// showRequestsMsg asks the Friends tab to show the requests to the user.
type showRequestsMsg struct{}
