package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/numeneon/numeneon/model"
)

// openProfile is of's profile as viewer sees it, loaded, in a w×h
// terminal.
func openProfile(t *testing.T, e *testEnv, viewer, of model.User, w, h int) *profile {
	t.Helper()
	p := newProfile(e.common(viewer, w, h, true), of.ID).(*profile)
	p.SetSize(w, h-chrome)
	settle(t, p, p.Init())
	p.Focus()
	return p
}

func TestProfileOwnHeaderHeatmapAndPosts(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	p := openProfile(t, e, alice, alice, 120, 40)
	v, err := e.svc.Profile(e.ctx, alice.ID, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	mustShow(t, p, "Alice Nakamura", "@alice", "Chat-over-SSH devotee. I live in tmux.", "Lisbon",
		"https://alice.numeneon.example", "joined "+v.User.DateJoined.Format("January 2006"), "This is you",
		plural(v.PostCount, "post", "posts"), plural(v.FriendCount, "friend", "friends"),
		plural(v.LikesReceived, "like received", "likes received"), plural(v.LikesGiven, "like given", "likes given"),
		"Mon", "Wed", "Fri", "Dec", "Jun", "Less", "More", "in the last year", "Posts and wall")

	posts, err := e.svc.UserPosts(e.ctx, alice.ID, alice.ID, model.Page{Limit: profilePageSize})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.posts) != len(posts) || p.posts[0].ID != posts[0].ID {
		t.Fatalf("the list has %d posts, first %d; want %d, first %d", len(p.posts), p.posts[0].ID, len(posts), posts[0].ID)
	}
	// The newest is Bob's post on her wall.
	mustShow(t, p, "Bob Okafor @bob → Alice Nakamura", "Happy numeneon day, Alice!")

	// u on the wall post opens its author; enter opens the post.
	if got := only[openProfileMsg](t, press(t, p, "u")); got.userID != bob.ID {
		t.Errorf("u opened %d, want Bob (%d)", got.userID, bob.ID)
	}
	press(t, p, "j")
	if got := only[openPostMsg](t, press(t, p, "enter")); got.id != posts[1].ID {
		t.Errorf("enter opened %d, want the second post %d", got.id, posts[1].ID)
	}

	// f likes the selected post, in the database and on the screen, and
	// tells the other panes.
	before := posts[1].LikesCount
	changed := only[postChangedMsg](t, press(t, p, "f"))
	stored, err := e.svc.Post(e.ctx, alice.ID, posts[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !stored.LikedByViewer || stored.LikesCount != before+1 || changed.post.LikesCount != before+1 {
		t.Errorf("after f: stored %+v, announced %+v; want liked, %d likes", stored, changed.post, before+1)
	}
	if !p.posts[1].LikedByViewer {
		t.Error("the list does not show the like")
	}
	press(t, p, "f")
	if stored, _ = e.svc.Post(e.ctx, alice.ID, posts[1].ID); stored.LikedByViewer || stored.LikesCount != before {
		t.Errorf("a second f left %+v", stored)
	}

	// Own profile: no friendship keys.
	if out := press(t, p, "a", "x", "m", "w"); len(out) != 0 {
		t.Errorf("a, x, m, w on one's own profile sent %#v", out)
	}
}

func TestProfileEndlessList(t *testing.T) {
	e := newTestEnv(t)
	ann, ben := e.user("ann"), e.user("ben")
	const n = 2*profilePageSize + 7
	for i := range n {
		if _, err := e.svc.CreatePost(e.ctx, ann.ID, model.NewPost{Content: "post number " + count(i)}); err != nil {
			t.Fatal(err)
		}
	}
	p := openProfile(t, e, ben, ann, 80, 24)
	if len(p.posts) != profilePageSize {
		t.Fatalf("the first page has %d posts", len(p.posts))
	}
	for range 4 {
		press(t, p, "G")
	}
	seen := map[int64]bool{}
	for _, x := range p.posts {
		if seen[x.ID] {
			t.Errorf("post %d is listed twice", x.ID)
		}
		seen[x.ID] = true
	}
	if len(p.posts) != n || !p.done {
		t.Fatalf("after G: %d posts (done %v), want %d", len(p.posts), p.done, n)
	}
	mustShow(t, p, "post number 0")
	mustNotShow(t, p, "Loading more")
	// Back at the top, the header shows again.
	press(t, p, "g")
	mustShow(t, p, "@ann", "Posts and wall", "post number "+count(n-1))
}

func TestProfileFriendshipActions(t *testing.T) {
	e := newSampleEnv(t)
	alice, zoe, mallory, bob := e.user("alice"), e.user("zoe"), e.user("mallory"), e.user("bob")

	// a asks a stranger; x withdraws the request.
	p := openProfile(t, e, alice, zoe, 80, 24)
	mustShow(t, p, "Not friends")
	press(t, p, "a")
	if st := e.state(alice, zoe); st != model.FriendOutgoing {
		t.Fatalf("after a: %v, want a pending request", st)
	}
	mustShow(t, p, "Asked zoe to be your friend.", "Request sent")
	press(t, p, "x")
	if st := e.state(alice, zoe); st != model.FriendNone {
		t.Fatalf("after x: %v, want none", st)
	}
	mustShow(t, p, "Your request to zoe is withdrawn.", "Not friends")

	// w on a stranger's wall says why not, and opens nothing.
	if out := press(t, p, "w"); len(out) != 0 {
		t.Errorf("w on a stranger's wall sent %#v", out)
	}
	mustShow(t, p, "You can only write on a friend's wall")

	// a accepts the request of someone who asked.
	p = openProfile(t, e, alice, mallory, 80, 24)
	mustShow(t, p, "Asks to be your friend")
	press(t, p, "a")
	if st := e.state(alice, mallory); st != model.FriendFriends {
		t.Fatalf("after a on an incoming request: %v, want friends", st)
	}
	mustShow(t, p, "You and Mallory Haddad are friends now.", "✓ Friends")

	// x on a friend asks first: n keeps the friendship, y ends it.
	p = openProfile(t, e, alice, bob, 80, 24)
	press(t, p, "x")
	mustShow(t, p, "Unfriend Bob Okafor?")
	checkSize(t, p.View(), 80, 24-chrome)
	if !p.Typing() {
		t.Error("the question does not hold the keys")
	}
	press(t, p, "n")
	if st := e.state(alice, bob); st != model.FriendFriends {
		t.Fatalf("after x, n: %v", st)
	}
	mustNotShow(t, p, "Unfriend Bob Okafor?")

	// m and w ask the root for the chat and the composer.
	if got := only[openChatMsg](t, press(t, p, "m")); got.with.ID != bob.ID {
		t.Errorf("m opened a chat with %+v", got.with)
	}
	if got := only[composeMsg](t, press(t, p, "w")); got.wallOf == nil || got.wallOf.ID != bob.ID {
		t.Errorf("w composed %+v", got)
	}

	press(t, p, "x", "y")
	if st := e.state(alice, bob); st != model.FriendNone {
		t.Fatalf("after x, y: %v, want none", st)
	}
	mustShow(t, p, "You and Bob Okafor are no longer friends.", "Not friends")
}

func TestProfileErrorsInPlace(t *testing.T) {
	e := newSampleEnv(t)
	alice, heidi := e.user("alice"), e.user("heidi")
	p := openProfile(t, e, alice, heidi, 80, 24)
	// The header says a request is pending; another session of hers
	// already withdrew it, so x finds none.
	if err := e.svc.CancelFriendRequest(e.ctx, alice.ID, e.requestBetween(alice, heidi)); err != nil {
		t.Fatal(err)
	}
	press(t, p, "x")
	mustShow(t, p, "That request is no longer pending.", "Not friends")
	// Asked twice (the header is behind again): the model's answer shows.
	if _, err := e.svc.SendFriendRequest(e.ctx, alice.ID, heidi.ID); err != nil {
		t.Fatal(err)
	}
	p.view.Friendship = model.FriendNone
	press(t, p, "a")
	mustShow(t, p, "You have asked already; the request is pending.")

	// A database that fails: the load error, in place, with the way out.
	e.db.Close()
	send(t, p, refreshMsg{})
	mustShow(t, p, "Could not refresh this profile", "ctrl+r to try again")
	p = openProfile(t, e, alice, heidi, 80, 24)
	mustShow(t, p, "Could not load this profile", "Could not load the posts", "ctrl+r to try again")
}

func TestProfileLiveEvents(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, zoe := e.user("alice"), e.user("bob"), e.user("zoe")
	events := e.follow(alice)
	ofBob := openProfile(t, e, alice, bob, 80, 24)
	ofZoe := openProfile(t, e, alice, zoe, 120, 40)
	own := openProfile(t, e, alice, alice, 120, 40)

	// Bob edits his profile: his page shows the new bio.
	bio := "Now mostly gardening."
	if err := e.svc.UpdateProfile(e.ctx, bob.ID, model.ProfileUpdate{Bio: &bio}); err != nil {
		t.Fatal(err)
	}
	ev := nextEvent(t, events, model.EventProfile)
	for _, p := range []*profile{ofBob, ofZoe, own} {
		send(t, p, eventMsg{ev: ev})
	}
	mustShow(t, ofBob, bio)
	mustNotShow(t, ofZoe, bio)

	// Zoe asks Alice: her page says so.
	mustShow(t, ofZoe, "Not friends")
	if _, err := e.svc.SendFriendRequest(e.ctx, zoe.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	ev = nextEvent(t, events, model.EventFriendRequest)
	send(t, ofZoe, eventMsg{ev: ev})
	mustShow(t, ofZoe, "Asks to be your friend")

	// Bob posts: his list gets it on top, the selection stays where it
	// was, and a marker says there is something new above.
	press(t, ofBob, "j", "j", "j", "j", "j", "j", "j", "j")
	selected := ofBob.posts[ofBob.sel.Index()].ID
	if _, err := e.svc.CreatePost(e.ctx, bob.ID, model.NewPost{Content: "Fresh tomatoes!"}); err != nil {
		t.Fatal(err)
	}
	ev = nextEvent(t, events, model.EventNewPost)
	send(t, ofBob, eventMsg{ev: ev})
	if ofBob.posts[0].Content != "Fresh tomatoes!" || ofBob.posts[ofBob.sel.Index()].ID != selected {
		t.Errorf("after a new post: first %q, selected %d (want %d)", ofBob.posts[0].Content, ofBob.posts[ofBob.sel.Index()].ID, selected)
	}
	mustShow(t, ofBob, "↑ Bob Okafor @bob · ✓ Friends", "1 new post above")
	press(t, ofBob, "g")
	mustShow(t, ofBob, "Fresh tomatoes!")
	mustNotShow(t, ofBob, "new post above")

	// Carol writes on Alice's wall: Alice's own page gets it.
	carol := e.user("carol")
	if _, err := e.svc.CreatePost(e.ctx, carol.ID, model.NewPost{Content: "Hi from Carol", TargetUserID: &alice.ID}); err != nil {
		t.Fatal(err)
	}
	ev = nextEvent(t, events, model.EventWallPost)
	send(t, own, eventMsg{ev: ev})
	mustShow(t, own, "Carol Silva @carol → Alice Nakamura", "Hi from Carol")

	// Bob likes a new post of Alice's: its count follows on her page.
	mine, err := e.svc.CreatePost(e.ctx, alice.ID, model.NewPost{Content: "Like me"})
	if err != nil {
		t.Fatal(err)
	}
	send(t, own, eventMsg{ev: nextEvent(t, events, model.EventNewPost)})
	if err := e.svc.Like(e.ctx, bob.ID, mine.ID); err != nil {
		t.Fatal(err)
	}
	send(t, own, eventMsg{ev: nextEvent(t, events, model.EventLike)})
	if own.posts[0].ID != mine.ID || own.posts[0].LikesCount != 1 {
		t.Errorf("after Bob's like the first post is %+v", own.posts[0])
	}

	// Bob unfriends Alice: his page says they are not friends.
	if err := e.svc.Unfriend(e.ctx, bob.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	send(t, ofBob, eventMsg{ev: nextEvent(t, events, model.EventUnfriended)})
	mustShow(t, ofBob, "Not friends")
}

func TestProfileEditForm(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	p := openProfile(t, e, alice, alice, 80, 24)
	press(t, p, "e")
	if p.edit == nil || !p.Typing() {
		t.Fatal("e did not open the form")
	}
	mustShow(t, p, "Edit your profile", "First name", "Bio", "Website", "Avatar URL", "38/500")

	// Tab to the bio, write a second line; tab on to the website and
	// break it.
	press(t, p, "tab", "tab")
	typeText(t, p, " Also vim.")
	press(t, p, "tab", "tab")
	for range len("https://alice.numeneon.example") {
		press(t, p, "backspace")
	}
	typeText(t, p, "alice dot example")
	out := press(t, p, "ctrl+s")
	if len(out) != 0 {
		t.Errorf("a failed save sent %#v", out)
	}
	mustShow(t, p, "Website must be an http:// or https:// address.", "alice dot example", "Also vim.")
	if p.edit.items[p.edit.cur].name != "website" {
		t.Errorf("the cursor is in %s, want the website", p.edit.items[p.edit.cur].name)
	}
	if v, _ := e.svc.Profile(e.ctx, alice.ID, alice.ID); strings.Contains(v.Profile.Bio, "vim") {
		t.Error("a failed save changed the bio")
	}

	// A bio over the limit: the counter turns, the model says why at the
	// bio, and nothing is lost.
	p.edit.items[2].ta.SetValue(strings.Repeat("x", model.MaxBio+1))
	press(t, p, "ctrl+s")
	mustShow(t, p, "501/500", "Bio can be at most 500 characters (it has 501).", "alice dot example")

	// Fixed, it saves, closes and shows the new profile.
	p.edit.items[2].ta.SetValue("Chat-over-SSH devotee.\nAlso vim.")
	press(t, p, "tab", "tab")
	for range len("alice dot example") {
		press(t, p, "backspace")
	}
	typeText(t, p, "https://alice.example")
	press(t, p, "ctrl+s")
	if p.edit != nil {
		t.Fatalf("the form is still open:\n%s", shown(p))
	}
	v, err := e.svc.Profile(e.ctx, alice.ID, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Profile.Bio != "Chat-over-SSH devotee.\nAlso vim." || v.Profile.Website != "https://alice.example" ||
		v.User.FirstName != "Alice" || v.Profile.Location != "Lisbon" {
		t.Errorf("stored %+v %+v", v.Profile, v.User)
	}
	mustShow(t, p, "Your profile is saved.", "Also vim.", "https://alice.example")

	// esc with changes asks; n goes back to the form, y drops them.
	press(t, p, "e")
	typeText(t, p, "Al")
	press(t, p, "esc")
	mustShow(t, p, "Discard your changes?")
	checkSize(t, p.View(), 80, 24-chrome)
	press(t, p, "n")
	mustShow(t, p, "AliceAl")
	press(t, p, "esc", "y")
	if p.edit != nil {
		t.Fatal("y did not close the form")
	}
	if v, _ := e.svc.Profile(e.ctx, alice.ID, alice.ID); v.User.FirstName != "Alice" {
		t.Errorf("a dropped edit stored %q", v.User.FirstName)
	}
	// esc without changes just closes.
	press(t, p, "e", "esc")
	if p.edit != nil {
		t.Fatal("esc did not close an unchanged form")
	}

	// A database that fails keeps what was typed, with the message.
	press(t, p, "e")
	typeText(t, p, "ce")
	e.db.Close()
	press(t, p, "ctrl+s")
	mustShow(t, p, "Something went wrong on our side", "Alicece")
}

func TestProfileMouse(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	p := openProfile(t, e, alice, alice, 120, 40)
	spans := p.plan().spans
	y := spans[1][0] - p.off
	send(t, p, tea.MouseClickMsg{Y: y, Button: tea.MouseLeft})
	if p.sel.Index() != 1 {
		t.Fatalf("a click on the second post selected %d", p.sel.Index())
	}
	spans = p.plan().spans
	got := only[openPostMsg](t, send(t, p, tea.MouseClickMsg{Y: spans[1][0] - p.off, Button: tea.MouseLeft}))
	if got.id != p.posts[1].ID {
		t.Errorf("a second click opened %d", got.id)
	}
	send(t, p, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if p.sel.Index() != 2 {
		t.Errorf("the wheel moved to %d", p.sel.Index())
	}
}

func TestProfileOwnScreen(t *testing.T) {
	e := newSampleEnv(t)
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := newProfile(c, c.User.ID)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		p.Focus()
		return framed(c, tabProfile, p, false)
	}, e, e.user("alice"))
}

func TestProfileOtherScreen(t *testing.T) {
	e := newSampleEnv(t)
	bob := e.user("bob")
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := newProfile(c, bob.ID)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		p.Focus()
		return framed(c, tabProfile, p, true)
	}, e, e.user("alice"))
}

func TestProfileEditErrorScreen(t *testing.T) {
	e := newSampleEnv(t)
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := newProfile(c, c.User.ID)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		p.Focus()
		press(t, p, "e", "tab", "tab", "tab")
		typeText(t, p, " · Lisboa")
		press(t, p, "tab")
		typeText(t, p, "/~me again")
		press(t, p, "ctrl+s")
		return framed(c, tabProfile, p, false)
	}, e, e.user("alice"))
}

func TestProfilePageWindow(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	p := openProfile(t, e, alice, alice, 80, 24)
	p.loading, p.postsErr = false, "the next page failed" // a tail, too
	pl := p.plan()
	all := pl.lines(p, 0, pl.n)
	if len(all) != pl.n {
		t.Fatalf("the page has %d lines, the plan says %d", len(all), pl.n)
	}
	for i, sp := range pl.spans {
		if got := shownLine(all[sp[0]]); !strings.Contains(got, p.posts[i].Author.Username) {
			t.Errorf("post %d starts at line %d, which is %q", i, sp[0], got)
		}
	}
	// Every window is the same part of the whole page.
	for off := 0; off+p.h <= pl.n; off++ {
		win := pl.lines(p, off, p.h)
		for y := range p.h {
			if y >= len(win) || win[y] != all[off+y] {
				t.Fatalf("window at %d, line %d: %q, want %q", off, y, win[min(y, len(win)-1)], all[off+y])
			}
		}
	}
}

// shownLine is a line without its colours.
func shownLine(s string) string { return ansi.Strip(s) }
