package tui

import (
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// TestChatFindsConversations: / in the list narrows it to the people
// whose name or @username holds the text; esc puts the list back as it
// was; enter opens the one found.
func TestChatFindsConversations(t *testing.T) {
	e := newSampleEnv(t)
	alice, dave := e.user("alice"), e.user("dave")
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())
	press(t, r, "j") // carol's, under bob's
	sel := p.selID

	press(t, r, "/")
	if !p.Typing() {
		t.Fatal("the list's search does not take the keys (n would write a post)")
	}
	typeText(t, r, "erin")
	mustShow(t, p, "Find chats erin", "Erin Chen @erin")
	if listLine(p, "Carol Silva") != "" || listLine(p, "Bob Okafor") != "" {
		t.Errorf("the search keeps conversations it does not match:\n%s", shown(p))
	}
	press(t, r, "esc")
	if p.find != nil || p.selID != sel || listLine(p, "Carol Silva") == "" || listLine(p, "Erin Chen") == "" {
		t.Errorf("esc did not put the list back as it was (selected %d, want %d):\n%s", p.selID, sel, shown(p))
	}
	if p.open.with.ID == dave.ID {
		t.Fatal("dave's conversation is open before the search")
	}

	press(t, r, "/")
	typeText(t, r, "@DAV")
	press(t, r, "enter")
	if p.open.with.ID != dave.ID || !p.Typing() || p.find != nil {
		t.Errorf("enter on the search for @dav opened %s (typing %v)", p.open.with.Username, p.Typing())
	}
	mustShow(t, p, "that's what counts")
}

// TestChatFindsMessages: / while messages are selected searches the
// conversation; the newest match is selected (older pages load down to
// it), n and N go through the matches, esc leaves the search and then
// the selection, each as it was.
func TestChatFindsMessages(t *testing.T) {
	e := newTestEnv(t)
	alice, zoe := e.user("alice"), e.user("zoe")
	longChat(t, e, alice, zoe, 120)
	p, r := startChat(t, e, alice, 80, 24)
	settle(t, r, p.Focus())
	press(t, r, "enter", "shift+up")
	sel := p.open.sel

	press(t, r, "/")
	typeText(t, r, "nothing like it")
	press(t, r, "enter")
	mustShow(t, p, "No messages hold “nothing like it”.")

	press(t, r, "ctrl+u") // clears the field
	typeText(t, r, "message 00")
	press(t, r, "enter")
	mustShow(t, p, "Match 1 of 9")
	if l := convLine(p, "message 009"); !strings.Contains(l, "▌") {
		t.Errorf("the newest match (009, on a page not loaded) is not selected: %q\n%s", l, shown(p))
	}
	press(t, r, "n")
	if l := convLine(p, "message 008"); !strings.Contains(l, "▌") {
		t.Errorf("n did not select the next match (008): %q\n%s", l, shown(p))
	}
	mustShow(t, p, "Match 2 of 9")
	press(t, r, "N")
	if l := convLine(p, "message 009"); !strings.Contains(l, "▌") {
		t.Errorf("N did not go back to 009: %q", l)
	}

	press(t, r, "esc")
	if p.find != nil || p.open.sel != sel || !p.selecting() {
		t.Errorf("esc did not leave the search for the selection as it was: sel %d, want %d", p.open.sel, sel)
	}
	mustShow(t, p, "message 120")
	press(t, r, "esc")
	if p.selecting() || !p.Typing() {
		t.Error("a second esc did not go back to the input")
	}
}

// TestChatFindScreens: a search of the open conversation with its newest
// match selected.
func TestChatFindScreens(t *testing.T) {
	goldenScreens(t, func(t *testing.T, c *Common) string {
		e := newSampleEnv(t)
		c = e.common(e.user("alice"), c.Width, c.Height, c.Styles.Dark)
		p := newChat(c)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		settle(t, p, p.Focus())
		press(t, p, "enter", "shift+up", "/")
		typeText(t, p, "ssh")
		press(t, p, "enter")
		return framed(c, tabChat, p, false)
	}, newTestEnv(t), model.User{})
}
