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
	return call(a.c, nil, func(ctx context.Context) (model.Counts, error) {
		return svc.Counts(ctx, user)
	}, func(c model.Counts, err error) tea.Msg { return countsMsg{counts: c, err: err} })
}

// countsAfter takes the badges a live event brings; one that may change
// them and brings none (they could not be read with it) has them read.
func (a *App) countsAfter(ev model.Event) tea.Cmd {
	switch {
	case ev.Counts != nil:
		a.counts = *ev.Counts
	case ev.Kind.ChangesCounts():
		return a.loadCounts()
	}
	return nil
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
	if ev.Actor.ID == 0 {
		return nil // gone meanwhile
	}
	if ev.Kind == model.EventMessage && ev.Text != "" && a.c.setting(model.SettingPreviews) != "off" {
		return emit(toastMsg{text: named(ev.Actor) + ": " + previewText(ev.Text)})
	}
	return emit(toastMsg{text: named(ev.Actor) + " " + what})
}

// previewLength is the most cells of a message a toast shows.
const previewLength = 60

// previewText is a message's text for a toast: sanitized, on one line,
// cut to previewLength cells.
func previewText(s string) string {
	return widget.Truncate(strings.Join(strings.Fields(widget.SanitizeLine(s)), " "), previewLength)
}
