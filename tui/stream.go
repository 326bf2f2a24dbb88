package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// The live stream: one subscription per signed-in session, read by one
// command at a time that re-arms itself after each event, and the
// stream's connection state from WatchLive. Nothing polls.

// subscribedMsg carries the session's subscription.
type subscribedMsg struct {
	ch  <-chan model.Event
	err error
}

// streamEndedMsg says the subscription ended (the session signed out, or
// the database was closed).
type streamEndedMsg struct{}

// eventMsg (msgs.go) carries the channel too, to wait for the next one.

// subscribe follows the signed-in user's events from now on.
func (a *App) subscribe() tea.Cmd {
	ctx, svc, user := a.signedIn, a.c.Svc, a.c.User.ID
	return func() tea.Msg {
		after, err := svc.LastEventID(ctx)
		if err != nil {
			return subscribedMsg{err: err}
		}
		ch, err := svc.Subscribe(ctx, user, after)
		return subscribedMsg{ch: ch, err: err}
	}
}

// waitEvent waits for the next event of a subscription.
func waitEvent(ch <-chan model.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return streamEndedMsg{}
		}
		return eventMsg{ev: ev, ch: ch}
	}
}

// waitLive waits for the next state of the stream's connection.
func waitLive(ch <-chan bool) tea.Cmd {
	return func() tea.Msg {
		live, ok := <-ch
		if !ok {
			return nil
		}
		return streamMsg{live: live, ch: ch}
	}
}

// loadCounts reads the tab bar's badges: unread messages, incoming
// requests, unseen notifications.
func (a *App) loadCounts() tea.Cmd {
	svc, user := a.c.Svc, a.c.User.ID
	return call(a.c, func(ctx context.Context) (countsMsg, error) {
		var m countsMsg
		var err error
		if m.unread, err = svc.UnreadCount(ctx, user); err != nil {
			return m, err
		}
		reqs, err := svc.FriendRequests(ctx, user, true)
		if err != nil {
			return m, err
		}
		m.requests = len(reqs)
		m.notices, err = svc.UnseenNotifications(ctx, user)
		return m, err
	}, func(m countsMsg, err error) tea.Msg {
		m.err = err
		return m
	})
}

// toastFor makes the toast of a live event, if it deserves one: news from
// someone else.
func (a *App) toastFor(ev model.Event) tea.Cmd {
	if ev.ActorID == 0 || ev.ActorID == a.c.User.ID {
		return nil
	}
	var what string
	switch ev.Kind {
	case model.EventMessage:
		if a.active == tabChat && len(a.stack) == 0 {
			return nil // the chat shows it
		}
		what = "sent you a message"
	case model.EventFriendRequest:
		what = "wants to be your friend"
	case model.EventFriendAccepted:
		what = "and you are friends now"
	case model.EventLike:
		what = "liked your post"
	case model.EventReply:
		what = "replied to you"
	case model.EventMention:
		what = "mentioned you"
	case model.EventWallPost:
		what = "posted on your wall"
	default:
		return nil
	}
	svc, user := a.c.Svc, a.c.User.ID
	return call(a.c, func(ctx context.Context) (model.User, error) {
		return svc.User(ctx, user, ev.ActorID)
	}, func(u model.User, err error) tea.Msg {
		if err != nil {
			return nil // the toast is a courtesy; the panes show the change anyway
		}
		return toastMsg{text: name(u.Summary()) + " " + what}
	})
}
