package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// shownIn runs cmd (one level of batches) and returns the status timers
// it asks for.
func shownIn(cmd tea.Cmd) []statusShownMsg {
	if cmd == nil {
		return nil
	}
	var out []statusShownMsg
	switch m := cmd().(type) {
	case statusShownMsg:
		out = append(out, m)
	case tea.BatchMsg:
		for _, c := range m {
			out = append(out, shownIn(c)...)
		}
	}
	return out
}

// TestStatusGoes: what was done shows for a while and goes by itself; a
// timer clears only the text it was started for; someone else's friend
// event clears it at once; an error stays.
func TestStatusGoes(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	p, c := open(t, e, alice, 120, 40, newFriends)
	f := p.(*friends)
	a := &App{c: c}

	timers := shownIn(f.Update(socialDoneMsg{text: "Asked Tim to be your friend."}))
	if len(timers) != 1 {
		t.Fatalf("a status asked for %d timers, want 1", len(timers))
	}
	mustShow(t, f, "Asked Tim to be your friend.")
	if a.Update(timers[0]) == nil {
		t.Fatal("the root started no timer for the status")
	}
	// A newer status: the first one's time coming does not clear it.
	newer := shownIn(f.Update(socialDoneMsg{text: "You and Tim are friends now."}))
	a.Update(statusGoneMsg(timers[0]))
	mustShow(t, f, "You and Tim are friends now.")
	a.Update(statusGoneMsg(newer[0]))
	mustNotShow(t, f, "You and Tim are friends now.")

	// Someone else's friend event: the status may be untrue now.
	shownIn(f.Update(socialDoneMsg{text: "Asked Tim to be your friend."}))
	tim := e.user("tim")
	send(t, f, eventMsg{ev: model.Event{Kind: model.EventFriendAccepted, UserID: alice.ID, ActorID: tim.ID}})
	mustNotShow(t, f, "Asked Tim")
	// One's own event (the request just sent) leaves it.
	shownIn(f.Update(socialDoneMsg{text: "Asked Tim to be your friend."}))
	send(t, f, eventMsg{ev: model.Event{Kind: model.EventFriendRequest, UserID: alice.ID, ActorID: alice.ID}})
	mustShow(t, f, "Asked Tim to be your friend.")

	// An error has no timer: it stays until the next action.
	if n := len(shownIn(f.Update(socialDoneMsg{err: model.Errorf(model.ECONFLICT, "You are friends already.")}))); n != 0 {
		t.Errorf("an error asked for %d timers", n)
	}
}

// TestRestoredDraftNoteGoes: "Your draft is back" goes once the draft is
// changed.
func TestRestoredDraftNoteGoes(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	c := e.common(alice, 120, 40, true)
	c.Drafts = map[string]Draft{"post": {Type: model.Thoughts, Content: "left here"}}
	cp := newCompose(c, composeMsg{})
	cp.SetSize(120, 36)
	settle(t, cp, cp.Init())
	settle(t, cp, cp.Focus())
	mustShow(t, cp, "Your draft is back")
	typeText(t, cp, "!")
	mustNotShow(t, cp, "Your draft is back")
}
