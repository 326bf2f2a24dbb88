package model

import "context"

// Notification is an event worth a line in the notifications list: a like,
// a reply, a mention or a post on the user's wall, a friend request to the
// user, a new friendship.
type Notification struct {
	Event
	Actor UserSummary // who did it; zero when the account is gone
	// Excerpt is the content of the post concerned (the reply, the post
	// that mentions, the wall post, the liked post), "" when it is gone.
	Excerpt string
	// ThreadID is the top-level post to open for it: the post itself, or
	// the post a reply belongs to; 0 when none.
	ThreadID int64
	Seen     bool // the list was looked at past it
	Read     bool // it was opened
}

// NoticeKinds are the event kinds the notifications list holds.
var NoticeKinds = []EventKind{EventLike, EventReply, EventMention, EventWallPost, EventFriendRequest, EventFriendAccepted}

// NoticeStore keeps the notifications list's state.
type NoticeStore interface {
	// Notifications lists userID's notifications with ids below before
	// (0: from the newest), newest first, leaving out what the user did
	// themselves.
	Notifications(ctx context.Context, userID, before int64, limit int) ([]Notification, error)
	// UnseenNotifications counts the notifications above the seen mark.
	UnseenNotifications(ctx context.Context, userID int64) (int, error)
	// MarkNotificationsSeen moves the seen mark up to eventID (never down).
	MarkNotificationsSeen(ctx context.Context, userID, eventID int64) error
	// MarkNotificationRead records that the user opened one notification.
	// ENOTFOUND when it is not theirs.
	MarkNotificationRead(ctx context.Context, userID, eventID int64) error
}

// Notifications lists the actor's notifications, newest first, below the
// event id before (0: from the newest).
func (s *Service) Notifications(ctx context.Context, actor, before int64, limit int) ([]Notification, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.Notifications(ctx, actor, before, Page{Limit: limit}.Normalize().Limit)
}

// UnseenNotifications counts the actor's notifications not seen yet: the
// badge.
func (s *Service) UnseenNotifications(ctx context.Context, actor int64) (int, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return 0, err
	}
	return s.store.UnseenNotifications(ctx, actor)
}

// MarkNotificationsSeen records that the actor has seen the list up to
// eventID.
func (s *Service) MarkNotificationsSeen(ctx context.Context, actor, eventID int64) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	return s.store.MarkNotificationsSeen(ctx, actor, eventID)
}

// MarkNotificationRead records that the actor opened a notification.
func (s *Service) MarkNotificationRead(ctx context.Context, actor, eventID int64) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	return s.store.MarkNotificationRead(ctx, actor, eventID)
}
