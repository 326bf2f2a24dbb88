package tui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// openFriends is u's Friends tab, loaded, in a w×h terminal.
func openFriends(t *testing.T, e *testEnv, u model.User, w, h int) *friends {
	t.Helper()
	f := newFriends(e.common(u, w, h, true)).(*friends)
	f.SetSize(w, h-chrome)
	settle(t, f, f.Init())
	f.Focus()
	return f
}

// selectPerson moves the cursor of the shown section to u.
func (f *friends) selectPerson(t *testing.T, u model.User) {
	t.Helper()
	i := slices.IndexFunc(f.lists[f.sec], func(p personRow) bool { return p.user.ID == u.ID })
	if i < 0 {
		t.Fatalf("%s is not in %s:\n%s", u.Username, f.sec, shown(f))
	}
	f.cur[f.sec].To(i)
}

// listed reports whether u is in a section.
func (f *friends) listed(s friendSection, u model.User) bool {
	return slices.ContainsFunc(f.lists[s], func(p personRow) bool { return p.user.ID == u.ID })
}

func TestFriendsRequestsAndActions(t *testing.T) {
	e := newSampleEnv(t)
	alice, mallory, grace, heidi, bob := e.user("alice"), e.user("mallory"), e.user("grace"), e.user("heidi"), e.user("bob")
	f := openFriends(t, e, alice, 80, 24)

	// Someone waits for an answer: the tab opens on the requests.
	if f.sec != secIncoming {
		t.Fatalf("the tab opened on %s", f.sec)
	}
	mustShow(t, f, "Requests 2", "Sent 1", "Mallory Haddad", "@mallory", "Grace Mensah", "asked ")

	// a accepts Grace.
	f.selectPerson(t, grace)
	press(t, f, "a")
	if st := e.state(alice, grace); st != model.FriendFriends {
		t.Fatalf("after a: %v", st)
	}
	mustShow(t, f, "You and Grace Mensah are friends now.", "Requests 1")
	if f.listed(secIncoming, grace) || !f.listed(secFriends, grace) {
		t.Error("Grace did not move to the friends")
	}

	// x declines Mallory.
	f.selectPerson(t, mallory)
	press(t, f, "x")
	if st := e.state(alice, mallory); st != model.FriendNone {
		t.Fatalf("after x: %v", st)
	}
	mustShow(t, f, "You declined Mallory Haddad's request.", "No one is waiting for an answer from you.")

	// l: the sent requests; x withdraws the one to Heidi.
	press(t, f, "l")
	mustShow(t, f, "Heidi Novak")
	press(t, f, "x")
	if e.requestBetween(alice, heidi) != 0 {
		t.Fatal("the request to Heidi is still there")
	}
	mustShow(t, f, "Your request to Heidi Novak is withdrawn.", "You have no requests waiting")

	// l: suggestions; a asks the one selected, who moves to the sent
	// requests.
	press(t, f, "l")
	sel, _ := f.selected()
	first := sel.user
	press(t, f, "a")
	if st := e.state(alice, model.User{ID: first.ID}); st != model.FriendOutgoing {
		t.Fatalf("after a on a suggestion: %v\n%s", st, shown(f))
	}
	mustShow(t, f, "Asked "+first.DisplayName()+" to be your friend.")
	if !f.listed(secOutgoing, model.User{ID: first.ID}) || f.listed(secSuggestions, model.User{ID: first.ID}) {
		t.Error("the one asked did not move from the suggestions to the sent requests")
	}

	// Back to the friends: enter and m ask the root for a profile and a
	// chat; x asks first, then unfriends.
	press(t, f, "h", "h", "h")
	if f.sec != secFriends {
		t.Fatalf("h went to %s", f.sec)
	}
	f.selectPerson(t, bob)
	if got := only[openProfileMsg](t, press(t, f, "enter")); got.userID != bob.ID {
		t.Errorf("enter opened %d", got.userID)
	}
	if got := only[openChatMsg](t, press(t, f, "m")); got.with.ID != bob.ID {
		t.Errorf("m opened a chat with %+v", got.with)
	}
	press(t, f, "x")
	mustShow(t, f, "Unfriend Bob Okafor?")
	checkSize(t, f.View(), 80, 24-chrome)
	press(t, f, "esc")
	if e.state(alice, bob) != model.FriendFriends {
		t.Fatal("esc unfriended")
	}
	press(t, f, "x", "y")
	if st := e.state(alice, bob); st != model.FriendNone {
		t.Fatalf("after x, y: %v", st)
	}
	mustShow(t, f, "You and Bob Okafor are no longer friends.")
	if f.listed(secFriends, bob) {
		t.Error("Bob is still listed")
	}
}

func TestFriendsSearch(t *testing.T) {
	e := newSampleEnv(t)
	alice, carol, zoe := e.user("alice"), e.user("carol"), e.user("zoe")
	f := openFriends(t, e, alice, 80, 24)

	press(t, f, "/")
	if f.sec != secSearch || !f.Typing() {
		t.Fatal("/ did not open the search field")
	}
	typeText(t, f, "c")
	mustShow(t, f, "Type at least 2 characters")
	mustNotShow(t, f, "query") // the model's name for the field is no one's business
	if f.searching {
		t.Error("one character was searched")
	}
	typeText(t, f, "arol")
	if !f.listed(secSearch, carol) {
		t.Fatalf("carol is not found:\n%s", shown(f))
	}
	mustShow(t, f, "Carol Silva", "@carol", "friend", "Search 1")

	// An answer to an older search is dropped.
	send(t, f, friendsSearchMsg{seq: f.seq - 1, query: "ca", people: []model.UserSummary{zoe.Summary()}})
	if f.listed(secSearch, zoe) {
		t.Error("a stale answer replaced the results")
	}

	// enter leaves the field for the results; a on a friend says why not,
	// in place.
	press(t, f, "enter")
	if f.Typing() {
		t.Fatal("enter did not leave the field")
	}
	press(t, f, "a")
	mustShow(t, f, "You are friends already.", "Carol Silva")

	// A stranger: a asks; enter opens the profile.
	press(t, f, "/")
	for range len("carol") {
		press(t, f, "backspace")
	}
	typeText(t, f, "@zo")
	press(t, f, "enter")
	f.selectPerson(t, zoe)
	press(t, f, "a")
	if st := e.state(alice, zoe); st != model.FriendOutgoing {
		t.Fatalf("after a on a search result: %v", st)
	}
	mustShow(t, f, "Asked zoe to be your friend.", "asked")
	press(t, f, "a")
	mustShow(t, f, "You have asked already; the request is pending.")
	if got := only[openProfileMsg](t, press(t, f, "enter")); got.userID != zoe.ID {
		t.Errorf("enter opened %d", got.userID)
	}

	// Nobody.
	press(t, f, "/")
	typeText(t, f, "qqq")
	mustShow(t, f, "Nobody matches “@zoqqq”.")
	// The search field takes the keys the root would: q, n, 1.
	if !f.Typing() {
		t.Error("the field does not hold the keys")
	}
	press(t, f, "esc")
	if f.Typing() || f.search.Value() != "@zoqqq" {
		t.Errorf("esc: typing %v, query %q", f.Typing(), f.search.Value())
	}
}

func TestFriendsLiveEvents(t *testing.T) {
	e := newSampleEnv(t)
	alice, mallory, grace, heidi, bob, zoe := e.user("alice"), e.user("mallory"), e.user("grace"), e.user("heidi"), e.user("bob"), e.user("zoe")
	events := e.follow(alice)
	f := openFriends(t, e, alice, 80, 24)
	f.selectPerson(t, grace)

	// A new request comes in above: the selection stays on Grace.
	if _, err := e.svc.SendFriendRequest(e.ctx, zoe.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	send(t, f, eventMsg{ev: nextEvent(t, events, model.EventFriendRequest)})
	if !f.listed(secIncoming, zoe) {
		t.Fatalf("zoe's request is not listed:\n%s", shown(f))
	}
	if p, _ := f.selected(); p.user.ID != grace.ID {
		t.Errorf("the selection moved to %s", p.user.Username)
	}
	mustShow(t, f, "Requests 3")

	// Heidi accepts Alice's request: she moves to the friends.
	if err := e.svc.AcceptFriendRequest(e.ctx, heidi.ID, e.requestBetween(alice, heidi)); err != nil {
		t.Fatal(err)
	}
	send(t, f, eventMsg{ev: nextEvent(t, events, model.EventFriendAccepted)})
	if f.listed(secOutgoing, heidi) || !f.listed(secFriends, heidi) {
		t.Error("Heidi did not move to the friends")
	}

	// Mallory withdraws hers.
	if err := e.svc.CancelFriendRequest(e.ctx, mallory.ID, e.requestBetween(mallory, alice)); err != nil {
		t.Fatal(err)
	}
	send(t, f, eventMsg{ev: nextEvent(t, events, model.EventFriendCancelled)})
	if f.listed(secIncoming, mallory) {
		t.Error("Mallory's withdrawn request is listed")
	}
	if p, _ := f.selected(); p.user.ID != grace.ID {
		t.Errorf("the selection moved to %s", p.user.Username)
	}

	// Alice declines Grace in another session.
	reqs, err := e.svc.FriendRequests(e.ctx, alice.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reqs {
		if r.From.ID == grace.ID {
			if err := e.svc.DeclineFriendRequest(e.ctx, alice.ID, r.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	send(t, f, eventMsg{ev: nextEvent(t, events, model.EventFriendDeclined)})
	if f.listed(secIncoming, grace) {
		t.Error("Grace's declined request is listed")
	}

	// Bob unfriends Alice.
	if err := e.svc.Unfriend(e.ctx, bob.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	send(t, f, eventMsg{ev: nextEvent(t, events, model.EventUnfriended)})
	if f.listed(secFriends, bob) {
		t.Error("Bob is still a friend")
	}
	mustShow(t, f, "Requests 1", "@zoe")
}

func TestFriendsErrorsPresenceAndMouse(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	f := openFriends(t, e, alice, 80, 24)

	// Presence marks the friends online, and only them.
	press(t, f, "h")
	send(t, f, friendsPresenceMsg{online: map[int64]bool{bob.ID: true}})
	for _, l := range strings.Split(shown(f), "\n") {
		online := strings.Contains(l, "● ")
		if strings.Contains(l, "@bob") != online {
			t.Errorf("presence: %q", l)
		}
	}

	// Clicks: on the bar, a section; on a row, the selection; on the
	// selected row, the profile.
	hits := f.barHits()
	send(t, f, tea.MouseClickMsg{X: hits[secSuggestions][0] + 1, Y: 0, Button: tea.MouseLeft})
	if f.sec != secSuggestions {
		t.Fatalf("a click on the bar went to %s", f.sec)
	}
	press(t, f, "h", "h", "h")
	f.selectPerson(t, carol)
	y := f.listTop() + f.cur[secFriends].Index() - f.cur[secFriends].Top()
	if got := only[openProfileMsg](t, send(t, f, tea.MouseClickMsg{Y: y, Button: tea.MouseLeft})); got.userID != carol.ID {
		t.Errorf("a click on the selected row opened %d", got.userID)
	}
	send(t, f, tea.MouseClickMsg{Y: y + 1, Button: tea.MouseLeft})
	if f.cur[secFriends].Index() != slices.IndexFunc(f.lists[secFriends], func(p personRow) bool { return p.user.ID == carol.ID })+1 {
		t.Error("a click on the next row did not select it")
	}
	send(t, f, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if p, _ := f.selected(); p.user.ID != carol.ID {
		t.Error("the wheel did not move up")
	}

	// A database that fails: the error in place, and the way out.
	// It is logged with who and what, under the reference the screen
	// shows.
	e.db.Close()
	send(t, f, refreshMsg{})
	mustShow(t, f, "Could not load your friends: Something went wrong on our side (ref ", "ctrl+r to try again")
	press(t, f, "a")
	mustShow(t, f, "Something went wrong on our side")
	ref := regexp.MustCompile(`\(ref ([A-Z0-9]{8})\)`).FindStringSubmatch(shown(f))
	if ref == nil {
		t.Fatalf("no reference on the screen:\n%s", shown(f))
	}
	var line string
	for _, l := range strings.Split(e.logs.String(), "\n") {
		if strings.Contains(l, "ref="+ref[1]) {
			line = l
		}
	}
	for _, want := range []string{"level=ERROR", `msg="internal error"`, "account=alice", "op=tui.befriendCmd", `err="sql: database is closed"`} {
		if !strings.Contains(line, want) {
			t.Errorf("the log line of ref %s does not say %q: %q\nthe log:\n%s", ref[1], want, line, e.logs)
		}
	}
}

func TestFriendsRequestsScreen(t *testing.T) {
	e := newSampleEnv(t)
	goldenScreens(t, func(t *testing.T, c *Common) string {
		f := newFriends(c)
		f.SetSize(c.Width, c.Height-chrome)
		settle(t, f, f.Init())
		f.Focus()
		return framed(c, tabFriends, f, false)
	}, e, e.user("alice"))
}

func TestFriendsSearchScreen(t *testing.T) {
	e := newSampleEnv(t)
	goldenScreens(t, func(t *testing.T, c *Common) string {
		f := newFriends(c)
		f.SetSize(c.Width, c.Height-chrome)
		settle(t, f, f.Init())
		f.Focus()
		press(t, f, "/")
		typeText(t, f, "an")
		press(t, f, "enter", "j", "j")
		return framed(c, tabFriends, f, false)
	}, e, e.user("alice"))
}

func TestFriendsCard(t *testing.T) {
	e := newSampleEnv(t)
	alice, grace := e.user("alice"), e.user("grace")
	// At 80 columns there is no card: nothing is loaded for it.
	f := openFriends(t, e, alice, 80, 24)
	if f.cardFor != 0 {
		t.Error("a card was loaded without room for it")
	}
	f = openFriends(t, e, alice, 160, 48)
	mustShow(t, f, "Definitely not up to anything.", "Asks to be your friend", "posts and replies in the last year")
	press(t, f, "j")
	mustShow(t, f, "Compilers by day, climbing by night.")
	mustNotShow(t, f, "Definitely not up to anything.")
	// Accepting changes how she stands with Alice: the card follows.
	f.selectPerson(t, grace)
	press(t, f, "a", "h")
	f.selectPerson(t, grace)
	send(t, f, refreshMsg{}) // the card follows the selection at the next message
	mustShow(t, f, "Compilers by day", "✓ Friends")
	checkSize(t, f.View(), 160, 48-chrome)
	// A click on the card selects nothing.
	before := f.cur[f.sec].Index()
	if out := send(t, f, tea.MouseClickMsg{X: 150, Y: f.listTop(), Button: tea.MouseLeft}); len(out) != 0 || f.cur[f.sec].Index() != before {
		t.Errorf("a click on the card sent %#v and moved to %d", out, f.cur[f.sec].Index())
	}
	// A card that comes late, for someone no longer selected, is dropped.
	send(t, f, friendsCardMsg{userID: alice.ID, view: model.ProfileView{User: alice}})
	mustShow(t, f, "Compilers by day")
}

func TestFriendsPresenceOnFocus(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, zoe := e.user("alice"), e.user("bob"), e.user("zoe")
	// Zoe is no friend of Alice's: her being online shows nowhere.
	if err := e.svc.SetOnline(e.ctx, zoe.ID, "zoe-1", "test"); err != nil {
		t.Fatal(err)
	}
	f := openFriends(t, e, alice, 80, 24)
	press(t, f, "h") // the friends
	if len(f.online) != 0 {
		t.Fatalf("online at the start: %v", f.online)
	}
	onlineRows := func() (bob bool, others []string) {
		for _, l := range strings.Split(shown(f), "\n") {
			if !strings.Contains(l, "● ") {
				continue
			}
			if strings.Contains(l, "@bob") {
				bob = true
			} else {
				others = append(others, l)
			}
		}
		return bob, others
	}

	// Bob signs in somewhere; Alice comes back to the tab: he is marked.
	if err := e.svc.SetOnline(e.ctx, bob.ID, "bob-1", "test"); err != nil {
		t.Fatal(err)
	}
	f.Blur()
	settle(t, f, f.Focus())
	if on, others := onlineRows(); !on || len(others) != 0 {
		t.Fatalf("after Bob came online: bob marked %v, others %q\n%s", on, others, shown(f))
	}

	// He leaves: after the next focus he is not marked any more.
	if err := e.svc.SetOffline(e.ctx, "bob-1"); err != nil {
		t.Fatal(err)
	}
	if on, _ := onlineRows(); !on {
		t.Error("the mark went without anything asking") // nothing polls
	}
	f.Blur()
	settle(t, f, f.Focus())
	if on, others := onlineRows(); on || len(others) != 0 {
		t.Fatalf("after Bob went offline: bob marked %v, others %q", on, others)
	}

	// A new friend reads presence again too.
	if _, err := e.svc.SendFriendRequest(e.ctx, alice.ID, zoe.ID); err != nil {
		t.Fatal(err)
	}
	events := e.follow(alice)
	if err := e.svc.SetOnline(e.ctx, bob.ID, "bob-2", "test"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AcceptFriendRequest(e.ctx, zoe.ID, e.requestBetween(alice, zoe)); err != nil {
		t.Fatal(err)
	}
	send(t, f, eventMsg{ev: nextEvent(t, events, model.EventFriendAccepted)})
	if on, _ := onlineRows(); !on {
		t.Error("a new friend did not read presence again")
	}

	// A database that fails leaves the marks as they were.
	e.db.Close()
	f.Blur()
	settle(t, f, f.Focus())
	if !f.online[bob.ID] {
		t.Error("a failed read cleared the marks")
	}
}
