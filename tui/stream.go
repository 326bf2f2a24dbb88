package tui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// The live stream: one subscription per signed-in session and the
// stream's connection state (WatchLive), both read by one command at a
// time that re-arms itself after each message. Nothing polls, and a
// session waits on the stream with one goroutine.

// subscribedMsg carries the session's subscription and connection state.
type subscribedMsg struct {
	ch   <-chan model.Event
	live <-chan bool
	err  error
}

// streamEndedMsg says the subscription ended (the session signed out, or
// the database was closed); liveEndedMsg says the same of the state.
type (
	streamEndedMsg struct{ ch <-chan model.Event }
	liveEndedMsg   struct{ ch <-chan bool }
)

// rearmMsg starts the next wait on the stream from a message of its own,
// beside the commands it came with: a wait inside a tea.Batch would keep
// the batch's goroutine waiting too.
type rearmMsg struct{}

// subscribe follows the signed-in user's events from now on, and the
// stream's connection state.
func (a *App) subscribe() tea.Cmd {
	ctx, svc, c, user, op := a.signedIn, a.c.Svc, a.c, a.c.User, caller()
	return func() tea.Msg {
		live := svc.WatchLive(ctx)
		after, err := svc.LastEventID(ctx)
		if err != nil {
			return subscribedMsg{live: live, err: c.report(op, user, err)}
		}
		ch, err := svc.Subscribe(ctx, user.ID, after)
		return subscribedMsg{ch: ch, live: live, err: c.report(op, user, err)}
	}
}

// waitStream waits for the next event or change of state.
func (a *App) waitStream() tea.Cmd {
	events, live := a.events, a.liveCh
	if events == nil && live == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case ev, ok := <-events:
			if !ok {
				return streamEndedMsg{ch: events}
			}
			return eventMsg{ev: ev, ch: events}
		case l, ok := <-live:
			if !ok {
				return liveEndedMsg{ch: live}
			}
			return streamMsg{live: l, ch: live}
		}
	}
}

// rearm runs cmds and waits on the stream again.
func (a *App) rearm(cmds ...tea.Cmd) tea.Cmd {
	if len(cmds) == 0 {
		return a.waitStream()
	}
	return tea.Batch(append(cmds, emit(rearmMsg{}))...)
}

// loadCounts reads the tab bar's badges: unread messages, incoming
// requests, unseen notifications.
func (a *App) loadCounts() tea.Cmd {
	svc, user := a.c.Svc, a.c.User.ID
	return call(a.c, nil, func(ctx context.Context) (countsMsg, error) {
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
	preview := ev.Kind == model.EventMessage && a.c.setting(model.SettingPreviews) != "off"
	return call(a.c, nil, func(ctx context.Context) (string, error) {
		u, err := svc.User(ctx, user, ev.ActorID)
		if err != nil {
			return "", err
		}
		if preview {
			if text, ok := messageText(ctx, svc, user, ev); ok {
				return named(u.Summary()) + ": " + previewText(text), nil
			}
		}
		return named(u.Summary()) + " " + what, nil
	}, func(text string, err error) tea.Msg {
		if err != nil {
			return nil // the toast is a courtesy; the panes show the change anyway
		}
		return toastMsg{text: text}
	})
}

// previewLength is the most cells of a message a toast shows.
const previewLength = 60

// previewText is a message's text for a toast: sanitized, on one line,
// cut to previewLength cells.
func previewText(s string) string {
	return widget.Truncate(strings.Join(strings.Fields(widget.SanitizeLine(s)), " "), previewLength)
}

// messageText finds the text of the message of an event among the
// newest of its conversation; ok is false when it is not there (gone,
// or many came at once).
func messageText(ctx context.Context, svc Service, me int64, ev model.Event) (string, bool) {
	ms, err := svc.Messages(ctx, me, ev.ActorID, model.Page{Limit: 20})
	if err != nil {
		return "", false
	}
	for _, m := range ms {
		if m.ID == ev.MessageID {
			return m.Content, true
		}
	}
	return "", false
}
