package tui

import (
	"reflect"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// Every message takes one of three ways, and only one
// (TestOneWayForEveryMessage):
//
//   - An answer to a pane's own request (what call and do make) is
//     addressed to the pane that asked: the root gives it to that pane
//     alone, while it is open, and drops it once it closed. So a pane
//     never checks whom a message is for, and two panes of one kind (two
//     profiles on the stack) never take each other's answers.
//   - News says that something changed for everyone (the types in news,
//     a setting changed among them): the root gives it to every open
//     pane, in front or not, so that hidden panes stay current.
//   - Everything else is for the root (open a post, a toast, back, the
//     counts): App.Update handles it and no pane sees it.

// answer is a message for one pane.
type answer struct {
	to  pane
	msg tea.Msg
}

// addressed is msg as an answer for to, or msg itself for the root (to
// is nil).
func addressed(to pane, msg tea.Msg) tea.Msg {
	if to == nil || msg == nil {
		return msg
	}
	return answer{to: to, msg: msg}
}

// news are the types of message that every open pane gets.
var news = map[reflect.Type]bool{
	reflect.TypeFor[eventMsg]():          true,
	reflect.TypeFor[refreshMsg]():        true,
	reflect.TypeFor[postChangedMsg]():    true,
	reflect.TypeFor[postDeletedMsg]():    true,
	reflect.TypeFor[settingChangedMsg](): true,
}

func isNews(msg tea.Msg) bool { return news[reflect.TypeOf(msg)] }

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
	counts model.Counts
	err    error
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
