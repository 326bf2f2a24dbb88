package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// someNotices makes alice one notification of each kind, from bob, carol,
// dave, erin, zed (a request) and yan (who accepts hers), oldest first,
// and returns the post of hers that bob liked and carol answered.
func someNotices(t *testing.T, e *testEnv) model.Post {
	t.Helper()
	alice, bob, carol, dave, erin := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave"), e.user("erin")
	zed, yan := e.user("zed"), e.user("yan")
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mine, err := e.svc.CreatePost(e.ctx, alice.ID, model.NewPost{Type: model.Thoughts, Content: "Shipping the chat pane today 🚀"})
	must(mine, err)
	if _, err := e.svc.SendFriendRequest(e.ctx, alice.ID, yan.ID); err != nil {
		t.Fatal(err)
	}
	must(e.svc.ToggleLike(e.ctx, bob.ID, mine.ID))
	must(e.svc.CreatePost(e.ctx, carol.ID, model.NewPost{Type: model.Thoughts, Content: "Finally! Can't wait to try it", ParentID: &mine.ID}))
	must(e.svc.CreatePost(e.ctx, dave.ID, model.NewPost{Type: model.Thoughts, Content: "@alice look at this sunset", MentionedUserID: &alice.ID}))
	must(e.svc.CreatePost(e.ctx, erin.ID, model.NewPost{Type: model.Milestones, Content: "Happy birthday, Alice!", TargetUserID: &alice.ID}))
	must(e.svc.SendFriendRequest(e.ctx, zed.ID, alice.ID))
	reqs, err := e.svc.FriendRequests(e.ctx, yan.ID, true)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("yan's requests: %+v %v", reqs, err)
	}
	if err := e.svc.AcceptFriendRequest(e.ctx, yan.ID, reqs[0].ID); err != nil {
		t.Fatal(err)
	}
	return mine
}

// leftClick is a click of the left button at a cell of the pane.
func leftClick(x, y int) tea.MouseClickMsg {
	return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft}
}

// startNotices opens the notifications list of a user, in front.
func startNotices(t *testing.T, e *testEnv, u model.User, w, h int) (*notices, *counted) {
	t.Helper()
	p := newNotices(e.common(u, w, h, true)).(*notices)
	p.SetSize(w, h-chrome)
	r := &counted{p: p}
	settle(t, r, p.Init())
	settle(t, r, p.Focus())
	return p, r
}

// noticeState is alice's list as the Service has it.
func noticeState(t *testing.T, e *testEnv, u model.User) []model.Notification {
	t.Helper()
	ns, err := e.svc.Notifications(e.ctx, u.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func TestNoticesListMarksSeenAndOpensEach(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	mine := someNotices(t, e)
	if n, _ := e.svc.UnseenNotifications(e.ctx, alice.ID); n != 6 {
		t.Fatalf("alice has %d unseen notifications, want 6", n)
	}
	p, r := startNotices(t, e, alice, 120, 40)

	want := []string{
		"● ✓  yan is your friend now",
		"● +  zed wants to be your friend",
		"● ✎  Erin Chen @erin wrote on your wall: “Happy birthday, Alice!”",
		"● @  Dave Larsen @dave mentioned you: “@alice look at this sunset”",
		"● ↩  Carol Silva @carol replied: “Finally! Can't wait to try it”",
		"● ♥  Bob Okafor @bob liked your post: “Shipping the chat pane today 🚀”",
	}
	lines := strings.Split(shown(p), "\n")
	for i, w := range want {
		if l := lines[2+i]; !strings.Contains(l, w) {
			t.Errorf("row %d is %q, want %q", i, l, w)
		}
	}
	if !strings.Contains(lines[0], "6 unread") {
		t.Errorf("the heading is %q", lines[0])
	}
	if n, _ := e.svc.UnseenNotifications(e.ctx, alice.ID); n != 0 {
		t.Errorf("opening the list left %d unseen", n)
	}
	if r.counts != 1 {
		t.Errorf("the root was asked to count again %d times, want 1", r.counts)
	}
	for _, n := range noticeState(t, e, alice) {
		if n.Read {
			t.Errorf("looking at the list read %s", n.Kind)
		}
	}

	// Opening each goes to its place and marks only it read.
	yan := e.user("yan")
	places := []any{
		openProfileMsg{userID: yan.ID},
		switchTabMsg{tab: tabFriends},
		openPostMsg{}, // erin's wall post: its id, checked below
		openPostMsg{}, // dave's mention: the post that mentions
		openPostMsg{}, // carol's reply: the reply, in mine's thread
		openPostMsg{id: mine.ID},
	}
	state := noticeState(t, e, alice)
	for i, place := range places {
		if op, ok := place.(openPostMsg); ok && op.id == 0 {
			places[i] = openPostMsg{id: state[i].PostID}
		}
	}
	for i, place := range places {
		out := press(t, r, "enter")
		if len(out) != 1 || out[0] != places[i] {
			t.Errorf("enter on row %d gave %+v, want %+v", i, out, place)
		}
		for j, n := range noticeState(t, e, alice) {
			if n.Read != (j <= i) {
				t.Errorf("after opening row %d, row %d read: %v", i, j, n.Read)
			}
		}
		press(t, r, "j")
	}
	if strings.Contains(shown(p), "unread") {
		t.Errorf("the heading still counts unread ones:\n%s", shown(p))
	}
}

func TestNoticesLive(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	mine := someNotices(t, e)
	events := e.follow(alice)
	p, r := startNotices(t, e, alice, 120, 40)
	press(t, r, "j", "j") // the cursor stays on what it was on
	top := p.list.Top()

	if _, err := e.svc.CreatePost(e.ctx, bob.ID, model.NewPost{Type: model.Thoughts, Content: "great news", ParentID: &mine.ID}); err != nil {
		t.Fatal(err)
	}
	send(t, r, eventMsg{ev: nextEvent(t, events, model.EventReply)})
	lines := strings.Split(shown(p), "\n")
	if !strings.Contains(lines[2], "↩  Bob Okafor @bob replied: “great news”") {
		t.Errorf("the new reply is not on top: %q", lines[2])
	}
	if len(p.items) != 7 || p.items[p.list.Index()].Kind != model.EventWallPost {
		t.Errorf("%d items, cursor on %s, want 7 and the wall post", len(p.items), p.items[p.list.Index()].Kind)
	}
	if p.list.Top() != top {
		t.Errorf("the list scrolled from %d to %d", top, p.list.Top())
	}
	if n, _ := e.svc.UnseenNotifications(e.ctx, alice.ID); n != 0 || r.counts != 2 {
		t.Errorf("a notification that came while the list is in front is unseen (%d), or not counted (%d asks)", n, r.counts)
	}

	// Behind another view it waits, unseen.
	p.Blur()
	if _, err := e.svc.ToggleLike(e.ctx, e.user("carol").ID, mine.ID); err != nil {
		t.Fatal(err)
	}
	send(t, r, eventMsg{ev: nextEvent(t, events, model.EventLike)})
	if n, _ := e.svc.UnseenNotifications(e.ctx, alice.ID); n != 1 || len(p.items) != 8 {
		t.Errorf("behind another view: %d unseen, %d items; want 1 and 8", n, len(p.items))
	}
	settle(t, r, p.Focus())
	if n, _ := e.svc.UnseenNotifications(e.ctx, alice.ID); n != 0 {
		t.Errorf("back in front, %d unseen", n)
	}
}

func TestNoticesPages(t *testing.T) {
	e := newTestEnv(t)
	alice := e.user("alice")
	for i := range noticePage + 10 {
		u := e.user(fmt.Sprintf("fan%02d", i))
		if _, err := e.svc.SendFriendRequest(e.ctx, u.ID, alice.ID); err != nil {
			t.Fatal(err)
		}
	}
	p, r := startNotices(t, e, alice, 80, 24)
	if len(p.items) != noticePage {
		t.Fatalf("the first page has %d", len(p.items))
	}
	press(t, r, "G", "G") // the second page comes at the first
	if len(p.items) != noticePage+10 || p.more {
		t.Errorf("after G: %d items (more: %v), want %d", len(p.items), p.more, noticePage+10)
	}
	if !strings.Contains(shown(p), "fan00 wants to be your friend") {
		t.Errorf("the oldest does not show at the bottom:\n%s", shown(p))
	}
	for i := 1; i < len(p.items); i++ {
		if p.items[i].ID >= p.items[i-1].ID {
			t.Fatalf("not newest first at %d", i)
		}
	}

	// A click selects, a second one opens.
	press(t, r, "g")
	send(t, r, leftClick(0, 4))
	if p.list.Index() != 2 {
		t.Errorf("a click on the third row selected %d", p.list.Index())
	}
	if out := send(t, r, leftClick(0, 4)); len(out) != 1 || out[0] != (switchTabMsg{tab: tabFriends}) {
		t.Errorf("a second click gave %+v", out)
	}
}

func TestNoticesEmptyAndError(t *testing.T) {
	e := newTestEnv(t)
	alice := e.user("alice")
	p, _ := startNotices(t, e, alice, 80, 24)
	if !strings.Contains(shown(p), "Nothing yet.") {
		t.Errorf("no word for an empty list:\n%s", shown(p))
	}
	if out := press(t, p, "enter"); len(out) != 0 {
		t.Errorf("enter on nothing gave %+v", out)
	}
	e.db.Close()
	p, _ = startNotices(t, e, alice, 80, 24)
	if v := shown(p); !strings.Contains(v, "Could not load your notifications:") || !strings.Contains(v, "ctrl+r") {
		t.Errorf("no error in place:\n%s", v)
	}
}

func TestNoticesScreens(t *testing.T) { noticesScreens(t, "j") }

// TestNoticesFilteredScreens: the mentions filter (F), after R.
func TestNoticesFilteredScreens(t *testing.T) { noticesScreens(t, "R", "F") }

// noticesScreens are the golden screens of alice's notifications after
// keys.
func noticesScreens(t *testing.T, keys ...string) {
	goldenScreens(t, func(t *testing.T, c *Common) string {
		e := newSampleEnv(t)
		alice := e.user("alice")
		someNotices(t, e)
		// Events are stamped by the database's own clock: give them
		// fixed times for the screen.
		ns := noticeState(t, e, alice)
		for i, n := range ns {
			at := testNow.Add(-time.Duration(i*i*37) * time.Minute).Format("2006-01-02 15:04:05")
			if _, err := e.db.SQL().ExecContext(e.ctx, `UPDATE numeneon_event SET created_at = $1 WHERE id = $2`, at, n.ID); err != nil {
				t.Fatal(err)
			}
		}
		// The three oldest were seen before, and the oldest opened.
		if err := e.svc.MarkNotificationsSeen(e.ctx, alice.ID, ns[3].ID); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.MarkNotificationRead(e.ctx, alice.ID, ns[5].ID); err != nil {
			t.Fatal(err)
		}
		c = e.common(alice, c.Width, c.Height, c.Styles.Dark)
		p := newNotices(c)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		settle(t, p, p.Focus())
		press(t, p, keys...)
		return framed(c, tabChat, p, true)
	}, newTestEnv(t), model.User{})
}

// TestNoticesMarkAllReadAndFilter: R marks every notification shown read
// and seen; F cycles all, mentions (and replies), requests, keeping the
// choice as the person's setting, which the next list opens with.
func TestNoticesMarkAllReadAndFilter(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	someNotices(t, e)
	p, r := startNotices(t, e, alice, 120, 40)
	press(t, r, "R")
	for i, n := range p.items {
		if !n.Read {
			t.Errorf("item %d (%s) is not read after R", i, n.Kind)
		}
	}
	for i, n := range noticeState(t, e, alice) {
		if !n.Read || !n.Seen {
			t.Errorf("notification %d (%s) after R: read %v seen %v", i, n.Kind, n.Read, n.Seen)
		}
	}
	mustShow(t, p, "Marked 6 read.")
	if strings.Contains(shown(p), "unread") || r.counts == 0 {
		t.Errorf("after R the heading still counts unread ones, or the badges were not counted again (%d):\n%s", r.counts, shown(p))
	}

	kinds := func() []model.EventKind {
		var ks []model.EventKind
		for _, n := range p.items {
			ks = append(ks, n.Kind)
		}
		return ks
	}
	press(t, r, "F")
	if got := kinds(); fmt.Sprint(got) != fmt.Sprint([]model.EventKind{model.EventMention, model.EventReply}) {
		t.Errorf("F shows %v, want the mention and the reply", got)
	}
	mustShow(t, p, "mentions and replies")
	wantSettings(t, e, alice, model.Settings{"notifications": "mentions"}, "after F")
	press(t, r, "F")
	if got := kinds(); fmt.Sprint(got) != fmt.Sprint([]model.EventKind{model.EventFriendAccepted, model.EventFriendRequest}) {
		t.Errorf("F F shows %v, want the acceptance and the request", got)
	}
	c := e.common(alice, 120, 40, true)
	c.Settings, _ = e.svc.Settings(e.ctx, alice.ID)
	again := newNotices(c).(*notices)
	again.SetSize(120, 36)
	settle(t, again, again.Init())
	if len(again.items) != 2 || again.items[0].Kind != model.EventFriendAccepted {
		t.Errorf("a new list with the requests filter kept shows %+v", again.items)
	}
	press(t, r, "F")
	if len(p.items) != 6 {
		t.Errorf("F F F shows %d, want all 6", len(p.items))
	}
	wantSettings(t, e, alice, model.Settings{"notifications": "all"}, "after F F F")
}

// TestMessageToastPreview: a message's toast shows who wrote and what,
// sanitized, on one line, cut; with previews off only who.
func TestMessageToastPreview(t *testing.T) {
	e := newTestEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	a := New(e.ctx, Options{Service: e.svc})
	a.c.User = alice
	events := e.follow(alice)
	toastOf := func(content string) string {
		t.Helper()
		if _, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, content); err != nil {
			t.Fatal(err)
		}
		msg, _ := a.toastFor(nextEvent(t, events, model.EventMessage))().(toastMsg)
		return msg.text
	}
	if got := toastOf("see you at 8?"); got != "bob: see you at 8?" {
		t.Errorf("the toast of a message: %q", got)
	}
	got := toastOf("line one\n\x1b[2Jline two\x07 " + strings.Repeat("long ", 30))
	if strings.ContainsAny(got, "\n\x1b\x07") || !strings.HasPrefix(got, "bob: line one line two long") ||
		!strings.HasSuffix(got, "…") || widget.Width(got) > len("bob: ")+previewLength {
		t.Errorf("the toast of a message of two lines, controls and length: %q", got)
	}
	a.c.Settings = model.Settings{model.SettingPreviews: "off"}
	if got := toastOf("a secret"); got != "bob sent you a message" {
		t.Errorf("the toast with previews off: %q", got)
	}
}

// TestNoticesMarkAllReadWhileLoading: R pressed right after F, before the
// list came, still marks them all read.
func TestNoticesMarkAllReadWhileLoading(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	someNotices(t, e)
	p, r := startNotices(t, e, alice, 120, 40)
	p.Update(keyPress("F")) // the mentions' page is on its way, not taken in
	p.Update(keyPress("F"))
	press(t, r, "R")
	for i, n := range noticeState(t, e, alice) {
		if !n.Read {
			t.Errorf("notification %d (%s) is unread after F F R", i, n.Kind)
		}
	}
	if strings.Contains(shown(p), "unread") {
		t.Errorf("the list still counts unread ones:\n%s", shown(p))
	}
}

// TestNoticeOfAReplyOpensTheReply: opening a "replied" notification opens
// the thread with that reply selected and in sight, not at the top, though
// the thread is longer than the screen.
func TestNoticeOfAReplyOpensTheReply(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	top := e.post(alice, model.NewPost{Content: "a long thread"})
	var reply model.Post
	for i := range 15 {
		who := bob
		if i == 11 {
			who = carol
		}
		reply = e.post(who, model.NewPost{Content: fmt.Sprintf("answer number %d", i), ParentID: &top.ID})
		if i == 11 {
			break
		}
	}
	_, r := startNotices(t, e, alice, 80, 24)
	var opened []openPostMsg
	for range 12 {
		if opened = find[openPostMsg](press(t, r, "enter")); len(opened) == 1 && opened[0].id == reply.ID {
			break
		}
		press(t, r, "j")
	}
	if len(opened) != 1 || opened[0].id != reply.ID {
		t.Fatalf("no notification opened carol's reply %d: the last opened %+v", reply.ID, opened)
	}
	v := openPost(t, e, alice, opened[0].id)
	if p, ok := v.selected(); !ok || p.ID != reply.ID {
		t.Errorf("the thread opened with %+v selected, want carol's reply", p)
	}
	if v.top.ID != top.ID {
		t.Errorf("the thread's post is %d, want %d", v.top.ID, top.ID)
	}
	mustShow(t, v, "answer number 11")
	mustNotShow(t, openPost(t, e, alice, top.ID), "answer number 11") // opened at the top, it is out of sight
}
