package tui

import (
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// lastMessages is the newest n messages between a and b, newest first.
func lastMessages(t *testing.T, e *testEnv, a, b model.User, n int) []model.Message {
	t.Helper()
	msgs, err := e.svc.Messages(e.ctx, a.ID, b.ID, model.Page{Limit: n})
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// TestChatUpEditsTheLastMessage: up in an empty input takes one's last
// message in; enter changes it in place (no second message), and it
// shows as edited.
func TestChatUpEditsTheLastMessage(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())
	press(t, r, "enter")
	before := len(lastMessages(t, e, alice, bob, 100))

	press(t, r, "up")
	mustShow(t, p, "Editing your message: enter saves, esc cancels.")
	typeText(t, r, " at 9")
	press(t, r, "enter")
	msgs := lastMessages(t, e, alice, bob, 100)
	if len(msgs) != before {
		t.Errorf("the edit made %d messages of %d", len(msgs), before)
	}
	var edited *model.Message
	for i := range msgs {
		if msgs[i].Content == "nice, send me the host at 9" {
			edited = &msgs[i]
		}
	}
	if edited == nil || !edited.Edited() {
		t.Fatalf("the message was not edited in place: %+v", msgs)
	}
	if l := convLine(p, "nice, send me the host at 9"); !strings.Contains(l, "(edited)") || !strings.HasSuffix(l, "✓✓") {
		t.Errorf("the edited message shows %q", l)
	}
	if v := p.input.Value(); v != "" || p.editing != 0 {
		t.Errorf("after the edit the input holds %q (editing %d)", v, p.editing)
	}
	mustNotShow(t, p, "Editing your message")
}

// TestChatSelectsEditsAndDeletes: shift+up selects one's last message,
// up and down move, e edits only one's own, esc gives the draft back; d
// asks before it deletes.
func TestChatSelectsEditsAndDeletes(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())
	press(t, r, "enter")
	typeText(t, r, "half-written")

	press(t, r, "shift+up")
	if !p.selecting() || !p.Typing() {
		t.Fatal("shift+up did not select a message")
	}
	if l := convLine(p, "nice, send me the host"); !strings.Contains(l, "▌") {
		t.Errorf("alice's last message is not marked selected: %q", l)
	}
	press(t, r, "up") // bob's "running it over ssh…"
	if l := convLine(p, "running it over ssh"); !strings.HasPrefix(l, "▌") {
		t.Errorf("up did not select bob's message: %q", l)
	}
	press(t, r, "e")
	mustShow(t, p, "You can only edit your own messages.")
	press(t, r, "d")
	mustNotShow(t, p, "Delete this message?")
	press(t, r, "down", "e")
	if v := p.input.Value(); v != "nice, send me the host" || p.editing == 0 || p.selecting() {
		t.Fatalf("e on alice's message: the input holds %q (editing %d)", v, p.editing)
	}
	press(t, r, "esc")
	if v := p.input.Value(); v != "half-written" || p.editing != 0 {
		t.Errorf("esc did not give the draft back: %q", v)
	}

	press(t, r, "shift+up", "d")
	mustShow(t, p, "Delete this message? y/n")
	press(t, r, "n")
	mustNotShow(t, p, "Delete this message?")
	mustShow(t, p, "nice, send me the host")
	press(t, r, "d", "y")
	mustNotShow(t, p, "nice, send me the host", "Delete this message?")
	for _, m := range lastMessages(t, e, alice, bob, 100) {
		if m.Content == "nice, send me the host" {
			t.Errorf("the deleted message is still in the database: %+v", m)
		}
	}
	press(t, r, "esc")
	if p.selecting() || p.input.Value() != "half-written" {
		t.Errorf("esc did not go back to the input with the draft: selecting %v, %q", p.selecting(), p.input.Value())
	}
}

// TestChatEditsAndDeletesReachTheOtherLive: two people on one database,
// each with their chat open on the other; what alice edits and deletes
// with her keys changes on bob's screen through his event stream.
func TestChatEditsAndDeletesReachTheOtherLive(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	bobEvents := e.follow(bob)
	pa, ra := startChat(t, e, alice, 120, 40)
	settle(t, ra, pa.Focus())
	pb, rb := startChat(t, e, bob, 120, 40)
	settle(t, rb, pb.Focus())
	send(t, rb, openChatMsg{with: alice.Summary()})
	mustShow(t, pb, "nice, send me the host")

	press(t, ra, "enter", "up")
	typeText(t, ra, ", please")
	press(t, ra, "enter")
	send(t, rb, eventMsg{ev: nextEvent(t, bobEvents, model.EventMessageEdited)})
	if l := convLine(pb, "nice, send me the host, please"); !strings.Contains(l, "(edited)") {
		t.Errorf("bob's screen does not show the edit: %q\n%s", l, shown(pb))
	}

	press(t, ra, "shift+up", "d", "y")
	send(t, rb, eventMsg{ev: nextEvent(t, bobEvents, model.EventMessageDeleted)})
	mustNotShow(t, pb, "nice, send me the host")
	mustShow(t, pb, "running it over ssh for the whole team now")
}

// TestChatEditedScreens: an edited message of each side, and one's own
// selected.
func TestChatEditedScreens(t *testing.T) {
	goldenScreens(t, func(t *testing.T, c *Common) string {
		e := newSampleEnv(t)
		alice, bob := e.user("alice"), e.user("bob")
		for _, m := range lastMessages(t, e, alice, bob, 100) {
			var err error
			switch m.Content {
			case "nice, send me the host":
				_, err = e.svc.EditMessage(e.ctx, alice.ID, m.ID, "nice, send me the host and the port")
			case "running it over ssh for the whole team now":
				_, err = e.svc.EditMessage(e.ctx, bob.ID, m.ID, "running it over ssh for the whole team now, and it holds up well under the load")
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		c = e.common(alice, c.Width, c.Height, c.Styles.Dark)
		p := newChat(c)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		settle(t, p, p.Focus())
		press(t, p, "enter", "shift+up")
		return framed(c, tabChat, p, false)
	}, newTestEnv(t), model.User{})
}
