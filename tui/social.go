package tui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/theme"
	"github.com/numeneon/numeneon/tui/widget"
)

// What the profile and friends panes share: the friendship actions (ask,
// accept, decline, cancel, unfriend), the question drawn over a pane
// before a change that cannot be undone, and the message of a status line.

// socialDoneMsg is the outcome of a friendship action. to is the pane
// that asked (the root hands every message to every pane, and only the
// one that acted shows the outcome); text says what happened.
type socialDoneMsg struct {
	text string
	err  error
	// refresh asks every pane to load again (a block or a mute changed
	// what they may show).
	refresh bool
}

// befriendCmd asks u to be friends, or accepts their request when they
// asked first (st is FriendIncoming; requestID is theirs, or 0 to look it
// up).
func befriendCmd(c *Common, to pane, u model.UserSummary, st model.FriendState, requestID int64) tea.Cmd {
	svc, me, who := c.Svc, c.User.ID, name(u)
	return call(c, to, func(ctx context.Context) (string, error) {
		if st == model.FriendIncoming {
			id, err := findRequest(ctx, svc, me, u.ID, true, requestID)
			if err != nil {
				return "", err
			}
			return "You and " + who + " are friends now.", svc.AcceptFriendRequest(ctx, me, id)
		}
		r, err := svc.SendFriendRequest(ctx, me, u.ID)
		if r == model.RequestAccepted {
			return "You and " + who + " are friends now.", err
		}
		return "Asked " + who + " to be your friend.", err
	}, func(text string, err error) tea.Msg { return socialDoneMsg{text: text, err: err} })
}

// unbefriendCmd undoes what st says there is between the viewer and u:
// ends a friendship, withdraws one's request, or declines theirs.
func unbefriendCmd(c *Common, to pane, u model.UserSummary, st model.FriendState, requestID int64) tea.Cmd {
	svc, me, who := c.Svc, c.User.ID, name(u)
	return call(c, to, func(ctx context.Context) (string, error) {
		switch st {
		case model.FriendFriends:
			return "You and " + who + " are no longer friends.", svc.Unfriend(ctx, me, u.ID)
		case model.FriendOutgoing:
			id, err := findRequest(ctx, svc, me, u.ID, false, requestID)
			if err != nil {
				return "", err
			}
			return "Your request to " + who + " is withdrawn.", svc.CancelFriendRequest(ctx, me, id)
		case model.FriendIncoming:
			id, err := findRequest(ctx, svc, me, u.ID, true, requestID)
			if err != nil {
				return "", err
			}
			return "You declined " + who + "'s request.", svc.DeclineFriendRequest(ctx, me, id)
		}
		return "", model.Errorf(model.ECONFLICT, "You and %s are not friends, and no request is pending.", who)
	}, func(text string, err error) tea.Msg { return socialDoneMsg{text: text, err: err} })
}

// findRequest is the id of the pending request between me and other
// (from other when incoming), unless known is one already.
func findRequest(ctx context.Context, svc Service, me, other int64, incoming bool, known int64) (int64, error) {
	if known != 0 {
		return known, nil
	}
	reqs, err := svc.FriendRequests(ctx, me, incoming)
	if err != nil {
		return 0, err
	}
	for _, r := range reqs {
		if incoming && r.From.ID == other || !incoming && r.To.ID == other {
			return r.ID, nil
		}
	}
	return 0, model.Errorf(model.ENOTFOUND, "That request is no longer pending.")
}

// isFriendEvent reports whether an event changes who is friends with whom
// or who asked whom.
func isFriendEvent(k model.EventKind) bool {
	switch k {
	case model.EventFriendRequest, model.EventFriendAccepted, model.EventFriendDeclined,
		model.EventFriendCancelled, model.EventUnfriended:
		return true
	}
	return false
}

// outcome is one line shown where an action happened: what was
// done, or why it could not be. What was done is soon old news ("Asked
// Tim to be your friend." after he accepted): it goes after statusTime.
// Why something failed stays until the next action.
type outcome struct {
	text  string
	isErr bool
	// shown tells one showing of a text from another, so that a timer
	// clears only the text it was started for.
	shown *byte
}

// statusTime is how long what was done shows on a status line.
const statusTime = 5 * time.Second

// set shows the outcome of an action: text when err is nil, else the
// error's message. It returns the command that starts the text's timer.
func (st *outcome) set(text string, err error) tea.Cmd {
	if err != nil {
		*st = outcome{text: model.ErrorMessage(err), isErr: true}
		return nil
	}
	return st.show(text)
}

// show shows what was done, for statusTime.
func (st *outcome) show(text string) tea.Cmd {
	*st = outcome{text: text, shown: new(byte)}
	if text == "" {
		return nil
	}
	return emit(statusShownMsg{st: st, shown: st.shown})
}

// statusShownMsg asks the root to clear a status in statusTime: a timer
// runs only while a status shows. statusGoneMsg is that time come.
type (
	statusShownMsg struct {
		st    *outcome
		shown *byte
	}
	statusGoneMsg statusShownMsg
)

// expire clears the status it is about, unless another text (or none)
// replaced it meanwhile.
func (m statusGoneMsg) expire() {
	if m.st.shown == m.shown {
		*m.st = outcome{}
	}
}

// view draws the status in w cells, "" when there is none.
func (st outcome) view(s *theme.Styles, w int) string {
	switch {
	case st.text == "":
		return ""
	case st.isErr:
		return s.Error.Render(widget.Truncate(widget.SanitizeLine(st.text), w))
	}
	return s.Success.Render(widget.Truncate(widget.SanitizeLine(st.text), w))
}

// question draws a yes/no question in a box over the middle of lines (a
// pane's w cells wide): the last word before a change that cannot be
// undone. A detail longer than questionWidth wraps.
func question(c *Common, lines []string, w, h int, title, detail string) []string {
	s, k := c.Styles, c.Keys
	inner := min(max(widget.Width(title), min(widget.Width(detail), questionWidth), 24), max(w-8, 10))
	body := s.DialogTitle.Render(widget.Truncate(title, inner))
	if detail != "" {
		for _, l := range widget.Wrap(detail, inner) {
			body += "\n" + s.Muted.Render(l)
		}
	}
	body += "\n\n" + s.Key.Render(k.ConfirmYes.Help().Key) + s.Muted.Render(" yes   ") +
		s.Key.Render(k.ConfirmNo.Help().Key) + s.Muted.Render(" no")
	return overlay(lines, s.Dialog.Render(body), w, h)
}

// questionWidth is the widest a question's text runs.
const questionWidth = 60

// overlay draws box over the middle of lines (w cells wide, h high).
func overlay(lines []string, box string, w, h int) []string {
	rows := strings.Split(box, "\n")
	bw := 0
	for _, r := range rows {
		bw = max(bw, widget.Width(r))
	}
	out := make([]string, max(len(lines), h))
	copy(out, lines)
	x, y := max((w-bw)/2, 0), max((h-len(rows))/2, 0)
	for i, r := range rows {
		if y+i >= len(out) {
			break
		}
		base := widget.Pad(out[y+i], w)
		// A wide character cut by an edge of the box gives way to
		// spaces, so that the box and what is right of it stay in place.
		// (Not ansi.CutWc: it keeps the left part instead of the right,
		// x/ansi v0.11.9 calling TruncateWc where it means TruncateLeftWc.)
		left := ansi.TruncateWc(base, x, "")
		right := ansi.TruncateLeftWc(base, x+bw, "")
		for n := x + bw + 1; widget.Width(right) > w-x-bw && n <= w; n++ {
			right = ansi.TruncateLeftWc(base, n, "") // it keeps a character the edge cuts
		}
		out[y+i] = widget.Pad(left, x) + widget.Pad(r, bw) + strings.Repeat(" ", max(w-x-bw-widget.Width(right), 0)) + right
	}
	return out
}

// loadFailed is a load error in place, w cells wide: what could not be
// done and why, then how to try again.
func loadFailed(c *Common, what, msg string, w int) []string {
	s := c.Styles
	return []string{s.Error.Render(widget.Truncate("Could not "+what+": "+widget.SanitizeLine(msg), w)),
		s.Muted.Render(c.Keys.Refresh.Help().Key + " to try again")}
}
