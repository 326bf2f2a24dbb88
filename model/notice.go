package model

import (
	"context"
	"slices"
)

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

// NoticeFilter is which notifications a list shows.
type NoticeFilter string

// The notifications filters, in the order F cycles through them.
const (
	NoticesAll      NoticeFilter = "all"
	NoticesMentions NoticeFilter = "mentions" // mentions and replies: what is said to the person
	NoticesRequests NoticeFilter = "requests" // friend requests and new friends
)

// NoticeFilters are the filters, in the order F cycles through them.
var NoticeFilters = []NoticeFilter{NoticesAll, NoticesMentions, NoticesRequests}

// Kinds are the event kinds a filter lets through; nil is all of
// NoticeKinds.
func (f NoticeFilter) Kinds() []EventKind {
	switch f {
	case NoticesMentions:
		return []EventKind{EventMention, EventReply}
	case NoticesRequests:
		return []EventKind{EventFriendRequest, EventFriendAccepted}
	}
	return nil
}

// NoticeStore keeps the notifications list's state.
type NoticeStore interface {
	// Notifications lists userID's notifications with ids below before
	// (0: from the newest), newest first, leaving out what the user did
	// themselves; only those of kinds when kinds are given (a subset of
	// NoticeKinds; others are ignored).
	Notifications(ctx context.Context, userID, before int64, limit int, kinds ...EventKind) ([]Notification, error)
	// UnseenNotifications counts the notifications above the seen mark.
	UnseenNotifications(ctx context.Context, userID int64) (int, error)
	// Counts counts, in one query, userID's unread messages (UnreadCount),
	// incoming friend requests (those FriendRequests lists) and unseen
	// notifications (UnseenNotifications).
	Counts(ctx context.Context, userID int64) (Counts, error)
	// MarkNotificationsSeen moves the seen mark up to eventID (never down).
	MarkNotificationsSeen(ctx context.Context, userID, eventID int64) error
	// MarkNotificationRead records that the user opened one notification.
	// ENOTFOUND when it is not theirs.
	MarkNotificationRead(ctx context.Context, userID, eventID int64) error
	// MarkAllNotificationsRead marks every notification of the user up
	// to eventID (0: all) read and seen, and returns how many were unread.
	MarkAllNotificationsRead(ctx context.Context, userID, eventID int64) (int, error)
}

// Notifications lists the actor's notifications, newest first, below the
// event id before (0: from the newest); with a filter, only those it lets
// through. EINVALID (field filter) for a filter that is not one of
// NoticeFilters.
func (s *Service) Notifications(ctx context.Context, actor, before int64, limit int, filter ...NoticeFilter) ([]Notification, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	var kinds []EventKind
	for _, f := range filter {
		if !slices.Contains(NoticeFilters, f) {
			return nil, Invalid("filter", "Show all, mentions or requests.")
		}
		kinds = append(kinds, f.Kinds()...)
	}
	return s.store.Notifications(ctx, actor, before, Page{Limit: limit}.Normalize().Limit, kinds...)
}

// MarkAllNotificationsRead marks the actor's notifications up to eventID
// (0: all of them) read and seen: R in the list. It returns how many were
// unread.
func (s *Service) MarkAllNotificationsRead(ctx context.Context, actor, eventID int64) (int, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return 0, err
	}
	return s.store.MarkAllNotificationsRead(ctx, actor, eventID)
}

// UnseenNotifications counts the actor's notifications not seen yet: the
// badge.
func (s *Service) UnseenNotifications(ctx context.Context, actor int64) (int, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return 0, err
	}
	return s.store.UnseenNotifications(ctx, actor)
}

// Counts reads the actor's badges at once: unread messages, incoming
// friend requests, unseen notifications. Live events of the kinds that
// change them carry them (Event.Counts).
func (s *Service) Counts(ctx context.Context, actor int64) (Counts, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return Counts{}, err
	}
	return s.store.Counts(ctx, actor)
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
