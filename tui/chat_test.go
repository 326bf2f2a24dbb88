package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// counted passes messages on to a pane and counts the countsChangedMsg
// among them: settle feeds those back to the pane, as it is not one of
// the root's messages it knows, and a test wants to see them asked for.
type counted struct {
	p      pane
	counts int
}

func (r *counted) Update(msg tea.Msg) tea.Cmd {
	if a, ok := msg.(answer); ok && a.to == r.p {
		msg = a.msg
	}
	if _, ok := msg.(countsChangedMsg); ok {
		r.counts++
	}
	return r.p.Update(msg)
}

// startChat is alice's (or anyone's) Chat tab at a size, loaded, behind
// another tab.
func startChat(t *testing.T, e *testEnv, u model.User, w, h int) (*chat, *counted) {
	t.Helper()
	p := newChat(e.common(u, w, h, true)).(*chat)
	p.SetSize(w, h-chrome)
	r := &counted{p: p}
	settle(t, r, p.Init())
	return p, r
}

// lineWith is the first line of the screen holding s, "" when none does.
func lineWith(p pane, s string) string {
	for _, l := range strings.Split(shown(p), "\n") {
		if strings.Contains(l, s) {
			return strings.TrimRight(l, " ")
		}
	}
	return ""
}

// listLine and convLine are lineWith in the chat's list, or in its
// conversation: the parts of the screen left and right of the rule.
func listLine(p *chat, s string) string { return chatSide(p, s, 0) }
func convLine(p *chat, s string) string { return chatSide(p, s, 1) }

// convText is the conversation's side of the screen.
func convText(p *chat) string {
	var out []string
	for _, l := range strings.Split(shown(p), "\n") {
		if parts := strings.SplitN(l, "│", 2); len(parts) == 2 {
			out = append(out, parts[1])
		}
	}
	return strings.Join(out, "\n")
}

func chatSide(p *chat, s string, side int) string {
	for _, l := range strings.Split(shown(p), "\n") {
		parts := strings.SplitN(l, "│", 2)
		if len(parts) == 2 && strings.Contains(parts[side], s) {
			return strings.TrimRight(parts[side], " ")
		}
	}
	return ""
}

// unread is how many messages from other the user has not read.
func unread(t *testing.T, e *testEnv, u, other model.User) int {
	t.Helper()
	cs, err := e.svc.Conversations(e.ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.With.ID == other.ID {
			return c.Unread
		}
	}
	return 0
}

func TestChatOpensTheLatestAndReadsItOnlyInFront(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	p, r := startChat(t, e, alice, 120, 40)

	v := shown(p)
	for _, want := range []string{"Bob Okafor", "ping me when you're in", "Carol Silva", "coffee on friday?", "●2", "Erin Chen", "you: escape sequences are scary", "Dave Larsen"} {
		if !strings.Contains(v, want) {
			t.Errorf("the chat does not show %q:\n%s", want, v)
		}
	}
	if p.open == nil || p.open.with.ID != bob.ID {
		t.Fatalf("the latest conversation (bob's) is not open: %+v", p.open)
	}
	if n := unread(t, e, alice, bob); n != 2 {
		t.Errorf("behind another tab, bob's messages were marked read: %d unread, want 2", n)
	}

	settle(t, r, p.Focus())
	if n := unread(t, e, alice, bob); n != 0 {
		t.Errorf("in front, bob's messages are still unread: %d", n)
	}
	if r.counts != 1 {
		t.Errorf("the root was asked to count again %d times, want 1", r.counts)
	}
	if l := lineWith(p, "unread since"); !strings.Contains(l, "unread since 11:51") {
		t.Errorf("no unread-since line above bob's first unread message (11:51): %q\n%s", l, shown(p))
	}
	v = shown(p)
	if strings.Index(v, "unread since") > strings.Index(v, "ssh -p 23234") || strings.Index(v, "unread since") < strings.Index(v, "nice, send me the host") {
		t.Errorf("the unread-since line is not between the last read and the first unread message:\n%s", v)
	}
	if l := convLine(p, "nice, send me the host"); !strings.HasSuffix(l, "✓✓") {
		t.Errorf("alice's message bob read has no ✓✓: %q", l)
	}
	if l := lineWith(p, "Bob Okafor  11:51"); l == "" {
		t.Errorf("bob's group has no name and time above it:\n%s", v)
	}
}

func TestChatSendsAndReceivesLive(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	events := e.follow(alice)
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())
	press(t, r, "enter")
	if !p.Typing() {
		t.Fatal("enter on a conversation does not put the focus in the input")
	}

	// Alice writes.
	typeText(t, r, "hello bob")
	press(t, r, "enter")
	msgs, err := e.svc.Messages(e.ctx, alice.ID, bob.ID, model.Page{Limit: 1})
	if err != nil || len(msgs) != 1 || msgs[0].Content != "hello bob" || msgs[0].SenderID != alice.ID {
		t.Fatalf("the message was not sent: %+v %v", msgs, err)
	}
	if v := p.input.Value(); v != "" {
		t.Errorf("the input still holds %q after a send", v)
	}
	if l := convLine(p, "hello bob"); !strings.HasSuffix(l, "✓") || strings.HasSuffix(l, "✓✓") {
		t.Errorf("a message bob has not read shows %q, want one ✓", l)
	}
	// Her own event (for her other sessions) does not show it twice.
	send(t, r, eventMsg{ev: nextEvent(t, events, model.EventMessage)})
	if n := strings.Count(shown(p), "│ hello bob") + strings.Count(shown(p), " hello bob ✓"); n != 1 {
		t.Errorf("hello bob shows %d times", n)
	}

	// Bob reads it: the receipt turns.
	if _, err := e.svc.MarkConversationRead(e.ctx, bob.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	send(t, r, eventMsg{ev: nextEvent(t, events, model.EventMessageRead)})
	if l := convLine(p, "hello bob"); !strings.HasSuffix(l, "✓✓") {
		t.Errorf("a message bob read shows %q, want ✓✓", l)
	}

	// Bob answers: it shows at once and, the tab being in front, is read.
	if _, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "hi alice, welcome back"); err != nil {
		t.Fatal(err)
	}
	counts := r.counts
	send(t, r, eventMsg{ev: nextEvent(t, events, model.EventMessage)})
	v := convText(p)
	if !strings.Contains(v, "hi alice, welcome back") {
		t.Errorf("bob's answer does not show:\n%s", v)
	}
	if strings.Index(v, "hi alice, welcome back") < strings.Index(v, "hello bob") {
		t.Error("bob's answer is above the message it answers")
	}
	if n := unread(t, e, alice, bob); n != 0 {
		t.Errorf("bob's answer, shown in front, is unread: %d", n)
	}
	if r.counts != counts+1 {
		t.Errorf("reading bob's answer did not ask the root to count again")
	}
	if strings.Contains(v, "unread since") {
		t.Error("a message read as it arrived got an unread-since line")
	}

	// Carol writes: her conversation goes to the top, unread.
	if _, err := e.svc.SendMessage(e.ctx, carol.ID, alice.ID, "are you there?"); err != nil {
		t.Fatal(err)
	}
	send(t, r, eventMsg{ev: nextEvent(t, events, model.EventMessage)})
	if items := p.items(); items[0].With.ID != carol.ID || items[0].Unread != 3 {
		t.Errorf("carol's conversation is not on top with 3 unread: %+v", items[0])
	}
	if l := listLine(p, "are you there?"); !strings.HasSuffix(l, "●3") {
		t.Errorf("carol's line in the list: %q", l)
	}
	if p.open.with.ID != bob.ID || p.items()[p.list.Index()].With.ID != bob.ID {
		t.Error("a new message moved the open conversation or the cursor away from bob")
	}
	if n := unread(t, e, alice, carol); n != 3 {
		t.Errorf("carol's messages were read without being opened: %d unread", n)
	}
}

func TestChatKeepsWhatArrivesBehindTheTabUnread(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	events := e.follow(alice)
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())
	p.Blur() // another tab comes to the front

	if _, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "are you still there?"); err != nil {
		t.Fatal(err)
	}
	send(t, r, eventMsg{ev: nextEvent(t, events, model.EventMessage)})
	if n := unread(t, e, alice, bob); n != 1 {
		t.Errorf("a message that came behind the tab is read: %d unread, want 1", n)
	}
	if !strings.Contains(shown(p), "are you still there?") {
		t.Error("the message does not show in the conversation")
	}

	settle(t, r, p.Focus())
	if n := unread(t, e, alice, bob); n != 0 {
		t.Errorf("coming to the front did not read it: %d unread", n)
	}
	v := convText(p)
	if i, j := strings.Index(v, "unread since 12:00"), strings.Index(v, "are you still there?"); i < 0 || i > j {
		t.Errorf("no unread-since line above what came while away:\n%s", v)
	}
	if strings.Count(v, "unread since") != 1 {
		t.Errorf("more than one unread-since line:\n%s", v)
	}
}

// runCmd runs a command and those of the batches it makes, and returns
// the messages, delivered to no one.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch m := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, runCmd(c)...)
		}
		return out
	default:
		return []tea.Msg{m}
	}
}

func TestChatMessageWhileOpeningIsNotLost(t *testing.T) {
	e := newSampleEnv(t)
	alice, carol := e.user("alice"), e.user("carol")
	events := e.follow(alice)
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())

	// The first page of carol's conversation is read…
	loaded := runCmd(p.Update(openChatMsg{with: carol.Summary()}))
	// …then she writes, before it is shown.
	if _, err := e.svc.SendMessage(e.ctx, carol.ID, alice.ID, "just in time?"); err != nil {
		t.Fatal(err)
	}
	send(t, r, eventMsg{ev: nextEvent(t, events, model.EventMessage)})
	for _, m := range loaded {
		send(t, r, m)
	}
	if convLine(p, "just in time?") == "" {
		t.Errorf("the message that came while the conversation opened is missing:\n%s", shown(p))
	}
	if n := unread(t, e, alice, carol); n != 0 {
		t.Errorf("%d of carol's messages are unread", n)
	}
}

// longChat is a conversation of n messages, a minute apart, alternating
// between a and b, ending a minute before testNow.
func longChat(t *testing.T, e *testEnv, a, b model.User, n int) {
	t.Helper()
	defer func() { e.db.Now = func() time.Time { return testNow } }()
	for i := range n {
		at := testNow.Add(-time.Duration(n-i) * time.Minute)
		e.db.Now = func() time.Time { return at }
		from, to := a, b
		if i%2 == 1 {
			from, to = b, a
		}
		if _, err := e.svc.SendMessage(e.ctx, from.ID, to.ID, fmt.Sprintf("message %03d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChatPagesHistoryInKeepingTheView(t *testing.T) {
	e := newTestEnv(t)
	alice, zoe := e.user("alice"), e.user("zoe")
	longChat(t, e, alice, zoe, 120)
	if _, err := e.svc.MarkConversationRead(e.ctx, alice.ID, zoe.ID); err != nil {
		t.Fatal(err)
	}
	p, r := startChat(t, e, alice, 80, 24)
	settle(t, r, p.Focus())
	if got := len(p.open.msgs); got != chatPage || !p.open.more {
		t.Fatalf("opened with %d messages (more: %v), want the newest %d", got, p.open.more, chatPage)
	}
	if !strings.Contains(shown(p), "message 120") {
		t.Fatalf("the newest message is not in view:\n%s", shown(p))
	}

	var before string
	for range 100 {
		cmd := p.Update(keyPress("pgup"))
		before = shown(p)
		settle(t, r, cmd)
		if len(p.open.msgs) > chatPage {
			break
		}
	}
	if got := len(p.open.msgs); got != 2*chatPage {
		t.Fatalf("scrolling past the top loaded %d messages, want %d", got, 2*chatPage)
	}
	after := shown(p)
	if !strings.Contains(before, "Loading earlier messages…") {
		t.Errorf("no note while the earlier page loads:\n%s", before)
	}
	// The lines below the top ones (the note, the day above the first
	// message) stay where they were.
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	if !slices.Equal(b[4:], a[4:]) {
		t.Errorf("the view moved when the earlier page came:\n%s\n----\n%s", before, after)
	}
	if !strings.Contains(after, "message 070") {
		t.Errorf("the message above the earlier first one is not in view:\n%s", after)
	}

	for range 100 {
		press(t, r, "pgup")
	}
	if got := len(p.open.msgs); got != 120 || p.open.more {
		t.Errorf("all of the history is %d messages (more: %v), want 120", got, p.open.more)
	}
	if v := shown(p); !strings.Contains(v, "The beginning of your conversation with zoe") || !strings.Contains(v, "message 001") {
		t.Errorf("the top of the history does not show its beginning:\n%s", v)
	}
	for range 100 {
		press(t, r, "pgdown")
	}
	if p.open.scroll != 0 || !strings.Contains(shown(p), "message 120") {
		t.Errorf("pgdn does not come back to the newest:\n%s", shown(p))
	}
}

func TestChatUnreadSinceReachesTheFirstUnreadOfMany(t *testing.T) {
	e := newTestEnv(t)
	alice, zoe := e.user("alice"), e.user("zoe")
	longChat(t, e, alice, zoe, 120) // zoe's 60 are unread
	p, r := startChat(t, e, alice, 80, 24)
	settle(t, r, p.Focus())
	v := convText(p)
	if i, j := strings.Index(v, "unread since 10:01"), strings.Index(v, "message 002"); i < 0 || j < i {
		t.Errorf("the unread-since line is not above zoe's first message, or not in view:\n%s", v)
	}
	if len(p.open.msgs) != 120 || p.open.more {
		t.Errorf("opened with %d messages (more: %v), want all 120", len(p.open.msgs), p.open.more)
	}
}

func TestChatFailedSendKeepsTheText(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())
	press(t, r, "enter")
	sent := func() int {
		msgs, err := e.svc.Messages(e.ctx, alice.ID, bob.ID, model.Page{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		return len(msgs)
	}
	n := sent()

	// Nothing, or only spaces: nothing happens.
	if cmd := p.Update(keyPress("enter")); cmd != nil {
		t.Error("enter in an empty input does something")
	}
	typeText(t, r, "   ")
	press(t, r, "enter")
	if sent() != n || strings.Contains(shown(p), "Write a message first") {
		t.Error("enter on spaces sent or complained")
	}

	// Too long: the counter says so, the Service refuses, the text stays.
	p.input.Reset()
	long := strings.Repeat("ab", 2000) + "!"
	send(t, r, tea.PasteMsg{Content: long})
	if !strings.Contains(shown(p), "4,001/4,000") {
		t.Errorf("no counter past the limit:\n%s", shown(p))
	}
	press(t, r, "enter")
	if !strings.Contains(shown(p), "A message can be at most 4000 characters (this one has 4001).") {
		t.Errorf("the error is not at the input:\n%s", shown(p))
	}
	if p.input.Value() != long || sent() != n {
		t.Error("a refused message lost its text, or was sent")
	}
	typeText(t, r, "x")
	if strings.Contains(shown(p), "A message can be at most") {
		t.Error("the error stays after the text changed")
	}

	// The database goes away: the error shows, the text stays.
	p.input.Reset()
	typeText(t, r, "still here?")
	e.db.Close()
	press(t, r, "enter")
	if want := "Something went wrong on our side (ref "; !strings.Contains(shown(p), want) {
		t.Errorf("the error %q is not at the input:\n%s", want, shown(p))
	}
	if v := p.input.Value(); v != "still here?" {
		t.Errorf("the input holds %q after a failed send", v)
	}
}

func TestChatInputKeys(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())
	press(t, r, "enter")

	// up in an empty input edits the last message sent; esc cancels the
	// edit, the input empty again.
	press(t, r, "up")
	if v := p.input.Value(); v != "nice, send me the host" || p.editing == 0 {
		t.Errorf("up recalled %q (editing %d)", v, p.editing)
	}
	press(t, r, "esc")
	if v := p.input.Value(); v != "" || p.editing != 0 || !p.Typing() {
		t.Errorf("esc left the edit with %q in the input (editing %d, typing %v)", v, p.editing, p.Typing())
	}

	// alt+enter and ctrl+j make new lines; enter sends them all.
	typeText(t, r, "first line")
	press(t, r, "alt+enter")
	typeText(t, r, "second line")
	press(t, r, "ctrl+j")
	typeText(t, r, "third line")
	if v := p.input.Value(); v != "first line\nsecond line\nthird line" {
		t.Fatalf("the input holds %q", v)
	}
	press(t, r, "enter")
	msgs, _ := e.svc.Messages(e.ctx, alice.ID, bob.ID, model.Page{Limit: 1})
	if len(msgs) != 1 || msgs[0].Content != "first line\nsecond line\nthird line" {
		t.Errorf("sent %+v", msgs)
	}
	for _, l := range []string{"first line", "second line", "third line"} {
		if convLine(p, l) == "" {
			t.Errorf("line %q of the message is not shown", l)
		}
	}
	press(t, r, "up")
	if v := p.input.Value(); v != "first line\nsecond line\nthird line" {
		t.Errorf("up recalled %q", v)
	}
	press(t, r, "esc")

	// esc goes to the list, where j moves and enter opens; what was typed
	// to bob waits for him.
	typeText(t, r, "draft for bob")
	press(t, r, "esc")
	if p.Typing() {
		t.Fatal("esc did not leave the input")
	}
	press(t, r, "j", "enter")
	if p.open.with.ID != carol.ID || !p.Typing() {
		t.Fatalf("j, enter opened %s", p.open.with.Username)
	}
	if v := p.input.Value(); v != "" {
		t.Errorf("carol's input holds %q", v)
	}
	press(t, r, "tab", "k", "enter")
	if p.open.with.ID != bob.ID || p.input.Value() != "draft for bob" {
		t.Errorf("back at bob's the input holds %q", p.input.Value())
	}
}

func TestChatStartsAConversation(t *testing.T) {
	e := newSampleEnv(t)
	alice, zed := e.user("alice"), e.user("zed")
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())

	send(t, r, openChatMsg{with: zed.Summary()})
	if !p.Typing() || p.open.with.ID != zed.ID {
		t.Fatal("openChatMsg did not open zed's conversation with the input focused")
	}
	if p.items()[0].With.ID != zed.ID || p.items()[p.list.Index()].With.ID != zed.ID {
		t.Error("zed is not first and selected in the list")
	}
	v := shown(p)
	for _, want := range []string{"No messages yet. Say hello to zed!", "new conversation", "zed @zed"} {
		if !strings.Contains(v, want) {
			t.Errorf("the new conversation does not show %q:\n%s", want, v)
		}
	}
	if ls := strings.Split(convText(p), "\n"); !strings.HasPrefix(ls[len(ls)-1], "└") {
		t.Errorf("the input is not at the bottom:\n%s", shown(p))
	}
	typeText(t, r, "hi zed")
	press(t, r, "enter")
	msgs, err := e.svc.Messages(e.ctx, zed.ID, alice.ID, model.Page{})
	if err != nil || len(msgs) != 1 || msgs[0].Content != "hi zed" {
		t.Errorf("zed got %+v %v", msgs, err)
	}
	if l := listLine(p, "you: hi zed"); l == "" {
		t.Errorf("the list does not show the first message:\n%s", shown(p))
	}

	out := send(t, r, openChatMsg{with: alice.Summary()})
	if len(out) != 1 || !out[0].(toastMsg).isErr {
		t.Errorf("writing to oneself gave %+v", out)
	}
}

func TestChatMouse(t *testing.T) {
	e := newTestEnv(t)
	alice, zoe, yan := e.user("alice"), e.user("zoe"), e.user("yan")
	longChat(t, e, alice, yan, 3)
	longChat(t, e, alice, zoe, 60)
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())

	// Items are two lines from the third row: yan's is the second.
	send(t, r, tea.MouseClickMsg{X: 3, Y: 5, Button: tea.MouseLeft})
	if p.list.Index() != 1 || p.open.with.ID != zoe.ID {
		t.Fatalf("a click on yan's conversation: cursor %d, open %s", p.list.Index(), p.open.with.Username)
	}
	send(t, r, tea.MouseClickMsg{X: 3, Y: 4, Button: tea.MouseLeft})
	if p.open.with.ID != yan.ID || !p.Typing() {
		t.Fatal("a click on the selected conversation does not open it")
	}
	press(t, r, "esc")
	send(t, r, tea.MouseWheelMsg{X: 3, Y: 4, Button: tea.MouseWheelUp})
	press(t, r, "enter")
	if p.open.with.ID != zoe.ID {
		t.Fatal("the wheel over the list does not move its cursor")
	}
	send(t, r, tea.MouseWheelMsg{X: 60, Y: 10, Button: tea.MouseWheelUp})
	if p.open.scroll != 3 {
		t.Errorf("the wheel over the conversation scrolled %d lines, want 3", p.open.scroll)
	}
	send(t, r, tea.MouseWheelMsg{X: 60, Y: 10, Button: tea.MouseWheelDown})
	if p.open.scroll != 0 {
		t.Errorf("the wheel down left it %d lines up", p.open.scroll)
	}
}

// TestChatNarrowList: at 80 columns the list still shows who (their
// @username whole, their name cut if need be), when, the last line and
// the unread count.
func TestChatNarrowList(t *testing.T) {
	e := newSampleEnv(t)
	p, _ := startChat(t, e, e.user("alice"), 80, 24)
	if l := listLine(p, "Carol Sil… @carol"); !strings.HasSuffix(l, "30m") {
		t.Errorf("carol's line at 80 columns: %q", l)
	}
	if l := listLine(p, "coffee on"); !strings.HasSuffix(l, "●2") {
		t.Errorf("carol's last line at 80 columns: %q", l)
	}
	checkSize(t, p.View(), 80, 24-chrome)
}

func TestChatLoadError(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	e.db.Close()
	p, _ := startChat(t, e, alice, 120, 40)
	if v := shown(p); !strings.Contains(v, "Could not load your conversations:") || !strings.Contains(v, "ctrl+r") {
		t.Errorf("no error in place:\n%s", v)
	}
}

func TestChatScreens(t *testing.T) {
	goldenScreens(t, func(t *testing.T, c *Common) string {
		// A database each: opening the conversation reads it.
		e := newSampleEnv(t)
		alice, bob := e.user("alice"), e.user("bob")
		if _, err := e.svc.SendMessage(e.ctx, alice.ID, bob.ID, "on my way — keep a seat for me, I'll bring the laptop with the demo on it"); err != nil {
			t.Fatal(err)
		}
		c = e.common(alice, c.Width, c.Height, c.Styles.Dark)
		p := newChat(c)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		settle(t, p, p.Focus())
		press(t, p, "enter")
		return framed(c, tabChat, p, false)
	}, newTestEnv(t), model.User{})
}

func TestChatEmptyScreens(t *testing.T) {
	e := newSampleEnv(t)
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := newChat(c)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		settle(t, p, p.Focus())
		return framed(c, tabChat, p, false)
	}, e, e.user("zed"))
}

// TestChatTooFastKeepsTheText: a message past the sender's budget is
// refused with when to try again, and its text stays in the input.
func TestChatTooFastKeepsTheText(t *testing.T) {
	e := newSampleEnv(t)
	e.svc = model.NewService(e.db, model.WithHasher(model.Hasher{Iterations: 1000}),
		model.WithClock(func() time.Time { return testNow }),
		model.WithBudgets(map[model.WriteKind]model.Budget{model.WriteMessage: {PerMinute: 30, Burst: 2}}))
	alice, bob := e.user("alice"), e.user("bob")
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())
	press(t, r, "enter")
	for _, m := range []string{"one", "two"} {
		typeText(t, r, m)
		press(t, r, "enter")
	}
	typeText(t, r, "three, too soon")
	press(t, r, "enter")
	mustShow(t, p, "Slow down: at most 30 messages a minute. Try again in 2 seconds.")
	if v := p.input.Value(); v != "three, too soon" {
		t.Errorf("the input holds %q after a refused send", v)
	}
	msgs, err := e.svc.Messages(e.ctx, alice.ID, bob.ID, model.Page{Limit: 5})
	if err != nil || len(msgs) == 0 || msgs[0].Content != "two" {
		t.Errorf("the newest message is not the last one let through: %v, %v", msgs, err)
	}
}
