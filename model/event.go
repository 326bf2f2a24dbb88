package model

import (
	"context"
	"slices"
	"time"
)

// EventKind says what happened.
type EventKind string

// The events numeneon delivers live. Each names the user it is for; the
// ids name what to show.
const (
	EventMessage         EventKind = "message"          // a DM to the user, or sent by them (for their other sessions)
	EventMessageRead     EventKind = "message.read"     // the receiver read the user's message
	EventMessageEdited   EventKind = "message.edited"   // a message to or from the user changed its content
	EventMessageDeleted  EventKind = "message.deleted"  // a message to or from the user was deleted
	EventFriendRequest   EventKind = "friend.request"   // a request to (or from) the user
	EventFriendAccepted  EventKind = "friend.accepted"  // the user and Actor are friends now
	EventFriendDeclined  EventKind = "friend.declined"  // a request between the user and Actor was declined
	EventFriendCancelled EventKind = "friend.cancelled" // a request between the user and Actor was withdrawn
	EventUnfriended      EventKind = "friend.removed"   // the user and Actor are friends no more
	EventLike            EventKind = "post.like"        // Actor liked the user's post
	EventReply           EventKind = "post.reply"       // Actor replied to the user's post or comment
	EventMention         EventKind = "post.mention"     // Actor mentioned the user
	EventWallPost        EventKind = "post.wall"        // Actor posted on the user's wall
	EventNewPost         EventKind = "post.new"         // a friend (or the user) posted
	EventProfile         EventKind = "profile.update"   // a friend changed their profile
	EventAccountClosed   EventKind = "account.closed"   // the user's account was deactivated: their sessions end
)

// Event is one change that concerns one user (UserID).
type Event struct {
	ID        int64
	UserID    int64
	Kind      EventKind
	ActorID   int64 // who did it; 0 when unknown
	PostID    int64 // the post concerned, if any
	MessageID int64 // the message concerned, if any
	RequestID int64 // the friend request concerned, if any
	At        time.Time

	// What a session shows of it, read with the event once per process
	// rather than by each session that gets it, so that an event costs
	// each of them no query: who did it (zero when unknown or gone), the
	// text of a new message, and, for the kinds that change them
	// (ChangesCounts), the user's counts after it (nil when they could
	// not be read: the session reads them itself).
	Actor  UserSummary
	Text   string
	Counts *Counts
}

// Counts are what a person's tab bar counts: unread messages, incoming
// friend requests, notifications not seen yet.
type Counts struct {
	Unread, Requests, Notices int
}

// ChangesCounts reports whether an event of kind k may change its user's
// Counts: a message arriving or deleted, a request made or answered, a
// notification.
func (k EventKind) ChangesCounts() bool {
	switch k {
	case EventMessage, EventMessageDeleted, EventFriendRequest, EventFriendAccepted, EventFriendDeclined, EventFriendCancelled:
		return true
	}
	return slices.Contains(NoticeKinds, k)
}

// EventStore is the live stream of changes, recorded by the database in the
// same transaction as each change, whoever wrote it.
type EventStore interface {
	// Subscribe delivers, in order, the events of userID (which must be a
	// real user's id, above 0) with ids above after, then every new one,
	// until ctx ends; then the channel is closed. A subscriber that falls
	// behind is caught up from the database; it never holds up writers or
	// other subscribers. EINVALID for a userID of 0 or less.
	Subscribe(ctx context.Context, userID, after int64) (<-chan Event, error)
	// LastEventID is the newest event's id, the place to start a
	// subscription from "now".
	LastEventID(ctx context.Context) (int64, error)
	// Live reports whether the stream is connected (false while it
	// reconnects to the database).
	Live() bool
	// WatchLive delivers Live's answer at once and then each change,
	// until ctx ends; then the channel is closed. A slow reader gets only
	// the latest state.
	WatchLive(ctx context.Context) <-chan bool
}
