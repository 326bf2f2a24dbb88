package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// thread is a post of alice's with replies: bob's, carol's answer to
// bob, dave's, and erin's answer to carol.
type thread struct {
	post                   model.Post
	bob, carol, dave, erin model.Post
}

func makeThread(t *testing.T, e *testEnv) thread {
	t.Helper()
	alice, bob, carol, dave, erin := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave"), e.user("erin")
	var th thread
	th.post = e.post(alice, model.NewPost{Type: model.Media, Content: "Our new office, finally 🏙️", MediaURL: "https://img.example/office.jpg"})
	th.bob = e.post(bob, model.NewPost{Content: "Looks great! Where is it?", ParentID: &th.post.ID})
	th.carol = e.post(carol, model.NewPost{Content: "Lisbon, I think", ParentID: &th.post.ID, ReplyToCommentID: &th.bob.ID})
	th.dave = e.post(dave, model.NewPost{Content: "Congrats to the whole team", ParentID: &th.post.ID})
	th.erin = e.post(erin, model.NewPost{Content: "Yes, Lisbon!", ParentID: &th.post.ID, ReplyToCommentID: &th.carol.ID})
	return th
}

// openPost is the view of post id as u sees it at 80x24.
func openPost(t *testing.T, e *testEnv, u model.User, id int64) *postView {
	t.Helper()
	p, _ := open(t, e, u, 80, 24, func(c *Common) pane { return newPostView(c, id) })
	return p.(*postView)
}

func TestPostShowsTheThreadOldestFirstByDepth(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	v := openPost(t, e, e.user("alice"), th.post.ID)
	var got []int64
	var depths []int
	for _, it := range v.items {
		got = append(got, it.post.ID)
		depths = append(depths, it.depth)
	}
	want := []int64{th.post.ID, th.bob.ID, th.carol.ID, th.erin.ID, th.dave.ID}
	if !slices.Equal(got, want) || !slices.Equal(depths, []int{0, 1, 2, 3, 1}) {
		t.Fatalf("thread rows %v at depths %v, want %v at 0 1 2 3 1", got, depths, want)
	}
	mustShow(t, v, "Our new office", "https://img.example/office.jpg", "4 replies",
		"Looks great!", "\n   Carol Silva @carol · now", "\n     Erin Chen @erin · now")
	// The answers are indented under what they answer, two cells a step.
	for _, l := range strings.Split(shown(v), "\n") {
		if strings.Contains(l, "Lisbon, I think") && !strings.HasPrefix(l, "   Lisbon") ||
			strings.Contains(l, "Yes, Lisbon!") && !strings.HasPrefix(l, "     Yes") {
			t.Errorf("an answer is not indented under what it answers: %q", l)
		}
	}
}

func TestPostOpenedOnAReplyShowsItsThread(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	v := openPost(t, e, e.user("dave"), th.carol.ID)
	if v.top.ID != th.post.ID {
		t.Fatalf("the view shows post %d, want the thread's post %d", v.top.ID, th.post.ID)
	}
	if p, _ := v.selected(); p.ID != th.carol.ID {
		t.Errorf("the reply it was opened on should be selected, got %d", p.ID)
	}
}

func TestPostReplyToThePostAndToAReply(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	alice := e.user("alice")
	v := openPost(t, e, alice, th.post.ID)
	press(t, v, "r")
	if !v.Typing() {
		t.Fatal("r should open the reply field")
	}
	mustShow(t, v, "Replying to Alice Nakamura")
	typeText(t, v, "Thanks all!")
	out := press(t, v, "enter")
	replies, _ := e.svc.Thread(e.ctx, alice.ID, th.post.ID, model.Page{})
	if replies[0].Content != "Thanks all!" || replies[0].ReplyToCommentID != nil {
		t.Fatalf("the reply was not written to the post: %+v", replies[0])
	}
	if p, _ := v.selected(); p.ID != replies[0].ID || v.reply != nil {
		t.Error("the sent reply should show, selected, and the field close")
	}
	if ch := find[postChangedMsg](out); len(ch) != 1 || ch[0].post.CommentCount != 5 {
		t.Errorf("the post's new count should reach the other panes: %v", out)
	}

	// To a reply: select dave's, r.
	for p, _ := v.selected(); p.ID != th.dave.ID; p, _ = v.selected() {
		press(t, v, "k")
	}
	press(t, v, "r")
	mustShow(t, v, "Replying to Dave Larsen")
	typeText(t, v, "Thank you Dave")
	press(t, v, "enter")
	replies, _ = e.svc.Thread(e.ctx, alice.ID, th.post.ID, model.Page{})
	if r := replies[0]; r.ReplyToCommentID == nil || *r.ReplyToCommentID != th.dave.ID {
		t.Errorf("the answer should name dave's reply: %+v", r)
	}
	i := slices.IndexFunc(v.items, func(it threadItem) bool { return it.post.ID == replies[0].ID })
	if i < 0 || v.items[i].depth != 2 {
		t.Error("the answer should show under dave's reply, one step in")
	}
}

func TestPostReplyCompletesMentions(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	alice, carol := e.user("alice"), e.user("carol")
	v := openPost(t, e, alice, th.post.ID)
	press(t, v, "r")
	typeText(t, v, "see @ca")
	mustShow(t, v, "tab", "@carol")
	press(t, v, "tab", "space")
	if got := v.reply.ta.Value(); got != "see @carol " {
		t.Fatalf("tab and space should complete the name: %q", got)
	}
	typeText(t, v, "and @mall") // not a friend: found by SearchUsers
	mustShow(t, v, "@mallory")
	press(t, v, "backspace", "backspace", "backspace", "backspace", "backspace")
	typeText(t, v, "!")
	press(t, v, "enter")
	replies, _ := e.svc.Thread(e.ctx, alice.ID, th.post.ID, model.Page{})
	if r := replies[0]; r.Mentioned == nil || r.Mentioned.ID != carol.ID {
		t.Errorf("the completed name should be the mention: %+v", r.Mentioned)
	}
}

func TestPostFailedReplyKeepsTheText(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	v := openPost(t, e, e.user("alice"), th.post.ID)
	press(t, v, "r")
	long := strings.Repeat("x", model.MaxPost+1)
	v.reply.ta.SetValue(long)
	press(t, v, "enter")
	mustShow(t, v, "A post can be at most 500 characters", "501/500")
	if v.reply == nil || v.reply.ta.Value() != long {
		t.Fatal("a refused reply keeps its text")
	}
	v.reply.ta.SetValue("short and sweet")
	e.db.Close()
	press(t, v, "enter")
	mustShow(t, v, "Something went wrong")
	if v.reply.ta.Value() != "short and sweet" {
		t.Error("a failed reply keeps its text")
	}
	press(t, v, "esc", "r")
	if v.reply.ta.Value() != "short and sweet" {
		t.Error("the reply field closed and opened again still has the text")
	}
}

func TestPostLikeLikersShare(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	alice, bob := e.user("alice"), e.user("bob")
	if err := e.svc.Like(e.ctx, bob.ID, th.post.ID); err != nil {
		t.Fatal(err)
	}
	v := openPost(t, e, alice, th.post.ID)
	press(t, v, "j") // bob's reply
	out := press(t, v, "f")
	if !e.reread(alice, th.bob.ID).LikedByViewer {
		t.Fatal("f should like the selected reply")
	}
	if p, _ := v.selected(); !p.LikedByViewer || p.LikesCount != 1 || len(find[postChangedMsg](out)) != 1 {
		t.Error("the like should show in place and reach the other panes")
	}
	press(t, v, "k", "i")
	mustShow(t, v, "Liked by 1 person", "Bob Okafor @bob")
	out = press(t, v, "enter")
	if got := find[openProfileMsg](out); len(got) != 1 || got[0].userID != bob.ID || v.likers != nil {
		t.Error("enter on a liker opens their profile and closes the box")
	}
	press(t, v, "b")
	if got := e.reread(alice, th.post.ID).SharesCount; got != 1 {
		t.Errorf("b: %d shares, want 1", got)
	}
	mustShow(t, v, "⇄ 1")
}

func TestPostEditAndDeleteOnesOwn(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	alice := e.user("alice")
	v := openPost(t, e, alice, th.post.ID)
	out := press(t, v, "e")
	if got := find[composeMsg](out); len(got) != 1 || got[0].edit == nil || got[0].edit.ID != th.post.ID {
		t.Fatalf("e should open the composer on the post: %v", out)
	}
	press(t, v, "j", "e")
	mustShow(t, v, "Only Bob Okafor can change this post.")
	press(t, v, "d")
	if v.confirm != nil {
		t.Fatal("d on someone else's reply asks nothing")
	}

	// Deleting one's own reply keeps the view; its answers stay.
	mine := e.post(alice, model.NewPost{Content: "my reply", ParentID: &th.post.ID})
	answer := e.post(e.user("bob"), model.NewPost{Content: "answer to alice", ParentID: &th.post.ID, ReplyToCommentID: &mine.ID})
	send(t, v, refreshMsg{})
	v.cur.To(slices.IndexFunc(v.items, func(it threadItem) bool { return it.post.ID == mine.ID }))
	press(t, v, "d")
	mustShow(t, v, "Delete this reply?", "y yes", "n/esc no")
	press(t, v, "n")
	if _, err := e.svc.Post(e.ctx, alice.ID, mine.ID); err != nil || v.confirm != nil {
		t.Fatal("n keeps the reply")
	}
	press(t, v, "d")
	out = press(t, v, "y")
	if _, err := e.svc.Post(e.ctx, alice.ID, mine.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("y should delete the reply: %v", err)
	}
	if len(find[postDeletedMsg](out)) != 1 || len(find[backMsg](out)) != 0 {
		t.Errorf("deleting a reply tells the panes and keeps the view: %v", out)
	}
	if slices.ContainsFunc(v.items, func(it threadItem) bool { return it.post.ID == mine.ID }) ||
		!slices.ContainsFunc(v.items, func(it threadItem) bool { return it.post.ID == answer.ID && it.depth == 1 }) {
		t.Error("the reply should go, its answer stay as a reply to the post")
	}

	// Deleting the post closes the view.
	press(t, v, "g", "d")
	mustShow(t, v, "Delete this post?", "Its replies and likes go with it.")
	out = press(t, v, "y")
	if _, err := e.svc.Post(e.ctx, alice.ID, th.post.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("y should delete the post: %v", err)
	}
	del, back := find[postDeletedMsg](out), find[backMsg](out)
	if len(del) != 1 || del[0].id != th.post.ID || len(back) != 1 {
		t.Errorf("deleting the post tells the panes and closes the view: %v", out)
	}
}

func TestPostLinks(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	v := openPost(t, e, e.user("alice"), th.post.ID)
	// y copies the post's own address (no web address is configured
	// here: its numeneon:// one); o then y the media link.
	msgs := unroll(v.Update(keyPress("y")))
	if !slices.ContainsFunc(msgs, func(m tea.Msg) bool { return fmt.Sprint(m) == fmt.Sprintf("numeneon://post/%d", th.post.ID) }) {
		t.Errorf("y should copy the post's address: %v", msgs)
	}
	mustShow(t, v, "No web address is configured")
	press(t, v, "o")
	view := v.View()
	if !strings.Contains(view, "\x1b]8;;https://img.example/office.jpg\x07") {
		t.Error("o should show the URL as an OSC 8 link")
	}
	mustShow(t, v, "Media link", "https://img.example/office.jpg")
	msgs = unroll(v.Update(keyPress("y")))
	clip := slices.ContainsFunc(msgs, func(m tea.Msg) bool { return fmt.Sprint(m) == "https://img.example/office.jpg" })
	if !clip || len(find[toastMsg](msgs)) != 1 {
		t.Errorf("o y should copy the media URL and say so: %v", msgs)
	}
	press(t, v, "o", "esc", "j")
	if v.link != nil || v.cur.Index() != 1 {
		t.Fatal("esc closes the box")
	}
	press(t, v, "o")
	mustShow(t, v, "no media link")
	msgs = unroll(v.Update(keyPress("y")))
	if !slices.ContainsFunc(msgs, func(m tea.Msg) bool { return fmt.Sprint(m) == fmt.Sprintf("numeneon://post/%d", th.bob.ID) }) {
		t.Errorf("y on a reply copies its numeneon:// link: %v", msgs)
	}
	if got := find[openProfileMsg](press(t, v, "u")); len(got) != 1 || got[0].userID != th.bob.Author.ID {
		t.Error("u opens the author's profile")
	}
}

func TestPostLiveRepliesAndLikes(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	alice, judy := e.user("alice"), e.user("judy")
	v := openPost(t, e, alice, th.post.ID)
	press(t, v, "j", "j")
	sel, _ := v.selected()
	first := v.first

	// Real events: alice's stream, as the root reads it.
	after, _ := e.svc.LastEventID(e.ctx)
	ch, err := e.svc.Subscribe(e.ctx, alice.ID, after)
	if err != nil {
		t.Fatal(err)
	}
	r := e.post(judy, model.NewPost{Content: "late to the party", ParentID: &th.post.ID, ReplyToCommentID: &th.bob.ID})
	ev := <-ch
	if ev.Kind != model.EventReply || ev.PostID != r.ID {
		t.Fatalf("alice got %+v, want the reply", ev)
	}
	out := send(t, v, eventMsg{ev: ev})
	i := slices.IndexFunc(v.items, func(it threadItem) bool { return it.post.ID == r.ID })
	if i < 0 || v.items[i].depth != 2 {
		t.Fatal("the live reply should show under bob's")
	}
	if p, _ := v.selected(); p.ID != sel.ID || v.first != first {
		t.Error("a live reply must not move what the reader looks at")
	}
	if v.top.CommentCount != 5 || len(find[postChangedMsg](out)) != 1 {
		t.Error("the count goes up, and the other panes hear of it")
	}

	if err := e.svc.Like(e.ctx, judy.ID, th.post.ID); err != nil {
		t.Fatal(err)
	}
	send(t, v, eventMsg{ev: <-ch})
	if v.top.LikesCount != 1 {
		t.Errorf("a live like counts at once: %d", v.top.LikesCount)
	}

	// Another thread's reply changes nothing.
	other := e.post(alice, model.NewPost{Content: "elsewhere"})
	r2 := e.post(judy, model.NewPost{Content: "hi", ParentID: &other.ID})
	n := len(v.items)
	send(t, v, eventMsg{ev: model.Event{Kind: model.EventReply, PostID: r2.ID}})
	if len(v.items) != n {
		t.Error("a reply of another thread should not show")
	}
}

func TestPostOlderRepliesLoadOnRequest(t *testing.T) {
	e := newTestEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	post := e.post(alice, model.NewPost{Content: "a busy post"})
	for i := range threadPageSize + 5 {
		e.post(bob, model.NewPost{Content: fmt.Sprintf("reply %d", i), ParentID: &post.ID})
	}
	v := openPost(t, e, alice, post.ID)
	if len(v.replies) != threadPageSize || v.items[1].kind != threadOlder {
		t.Fatalf("%d replies loaded, want a page and an 'older replies' row", len(v.replies))
	}
	mustShow(t, v, "older replies")
	press(t, v, "j", "enter")
	if len(v.replies) != threadPageSize+5 || slices.ContainsFunc(v.items, func(it threadItem) bool { return it.kind == threadOlder }) {
		t.Fatalf("enter should load the older replies: %d", len(v.replies))
	}
	if v.items[1].post.Content != "reply 0" || v.items[len(v.items)-1].post.Content != fmt.Sprintf("reply %d", threadPageSize+4) {
		t.Error("the replies should read oldest first")
	}
}

func TestPostReplyAskedBeforeTheLoad(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	c := e.common(e.user("alice"), 80, 24, true)
	v := newPostView(c, th.carol.ID).(*postView)
	v.SetSize(80, 20)
	cmd := v.Init()
	send(t, v, replyToPostMsg{id: th.carol.ID})
	settle(t, v, cmd)
	if v.reply == nil || v.reply.to.ID != th.carol.ID {
		t.Fatal("the reply field should open, once loaded, on the reply the view was opened on")
	}
}

func TestPostErrorsAndGone(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	v := openPost(t, e, e.user("alice"), 1<<40)
	mustShow(t, v, "This post no longer exists.")
	v = openPost(t, e, e.user("bob"), th.post.ID)
	send(t, v, postDeletedMsg{id: th.post.ID})
	mustShow(t, v, "This post was deleted.")
	v = openPost(t, e, e.user("bob"), th.post.ID)
	e.db.Close()
	press(t, v, "f")
	mustShow(t, v, "Could not like the post")
	send(t, v, refreshMsg{})
	mustShow(t, v, "Could not refresh the post", "ctrl+r to try again", "Our new office")
}

func TestPostViewFitsItsSize(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	for _, size := range goldenSizes {
		p, c := open(t, e, e.user("alice"), size.w, size.h, func(c *Common) pane { return newPostView(c, th.post.ID) })
		for _, keys := range [][]string{{"i"}, {"esc", "o"}, {"esc", "d"}, {"n", "r"}} {
			press(t, p, keys...)
			checkSize(t, p.View(), size.w, c.Height-chrome)
		}
	}
}

func TestPostGoldenThread(t *testing.T) {
	e := newSampleEnv(t)
	th := makeThread(t, e)
	paneGolden(t, e, e.user("alice"), true, func(c *Common) pane { return newPostView(c, th.post.ID) }, func(t *testing.T, p pane) {
		press(t, p, "j", "j", "r")
		typeText(t, p, "Lisbon it is, @ca")
	})
}

func TestPostDrawsTypedTextSafely(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	evil := e.post(alice, model.NewPost{Content: evilText})
	e.post(e.user("bob"), model.NewPost{Content: evilText, ParentID: &evil.ID})
	v := openPost(t, e, alice, evil.ID)
	drawsNoControls(t, "the post view", v.View())
	mustShow(t, v, "bold move")
}

// TestPostReplyMentionListsTheThreadFirst: @ti in a reply to Tim Hopper
// lists him (from the thread) before friends whose usernames start with
// ti; tab cycles through the list, shift+tab goes back, enter takes the
// one in the text without sending, esc closes the list keeping the text.
func TestPostReplyMentionListsTheThreadFirst(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	signUp := func(username, first, last string) model.User {
		u, err := e.svc.SignUp(e.ctx, model.SignUp{Username: username, Email: username + "@example.com",
			Password: "correct horse", FirstName: first, LastName: last})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	tim, other := signUp("hop.tim", "Tim", "Hopper"), signUp("tim.hop7", "Timothy", "H")
	if _, err := e.svc.SendFriendRequest(e.ctx, alice.ID, other.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SendFriendRequest(e.ctx, other.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	p := e.post(tim, model.NewPost{Content: "who's in for the hackathon?"})
	v := openPost(t, e, alice, p.ID)
	press(t, v, "r")
	typeText(t, v, "count me in @ti")
	mustShow(t, v, "Tim Hopper @hop.tim", "Timothy H @tim.hop7")
	if got := v.reply.ta.Value(); got != "count me in @ti" {
		t.Fatalf("the list shows without touching the text: %q", got)
	}
	if s := shown(v); strings.Index(s, "@hop.tim") > strings.Index(s, "@tim.hop7") {
		t.Errorf("the thread's Tim should come first:\n%s", s)
	}
	press(t, v, "tab")
	if got := v.reply.ta.Value(); got != "count me in @hop.tim" {
		t.Fatalf("tab puts the first in the text: %q", got)
	}
	press(t, v, "tab")
	second := strings.TrimPrefix(v.reply.ta.Value(), "count me in ")
	if second == "@hop.tim" || !strings.HasPrefix(second, "@tim.hop") {
		t.Fatalf("tab again puts the next in its place: %q", second)
	}
	press(t, v, "shift+tab")
	if got := v.reply.ta.Value(); got != "count me in @hop.tim" {
		t.Fatalf("shift+tab goes back: %q", got)
	}
	out := press(t, v, "enter")
	if len(find[replySentMsg](out)) != 0 || v.reply == nil || v.reply.names.listing() {
		t.Fatal("enter takes the name, closes the list and sends nothing")
	}
	typeText(t, v, " and @ti")
	press(t, v, "tab", "tab", "esc")
	if v.reply == nil || v.reply.ta.Value() != "count me in @hop.tim and "+second || v.reply.names.listing() {
		t.Fatalf("esc closes the list, keeping the text and the reply field: %+v", v.reply)
	}
	mustNotShow(t, v, "Timothy H")
	press(t, v, "esc")
	if v.reply != nil {
		t.Error("esc again closes the reply field")
	}
}

// deepThread is a post with a chain of n replies, each answering the one
// before: depths 1 to n.
func deepThread(t *testing.T, e *testEnv, n int) (top model.Post, chain []model.Post) {
	t.Helper()
	alice, bob := e.user("alice"), e.user("bob")
	top = e.post(alice, model.NewPost{Content: "how deep does it go?"})
	var to *int64
	for i := 1; i <= n; i++ {
		who := bob
		if i%2 == 0 {
			who = alice
		}
		r := e.post(who, model.NewPost{Content: fmt.Sprintf("level %d", i), ParentID: &top.ID, ReplyToCommentID: to})
		chain = append(chain, r)
		to = &chain[len(chain)-1].ID
	}
	return top, chain
}

// TestPostDeepThreadShowsDepth: past the deepest indentation an answer
// lines up with its parent, and its depth is written out ("↳ 8").
func TestPostDeepThreadShowsDepth(t *testing.T) {
	e := newSampleEnv(t)
	top, chain := deepThread(t, e, 9)
	v := openPost(t, e, e.user("alice"), top.ID)
	press(t, v, "G")
	lines := strings.Split(shown(v), "\n")
	col := func(text string) (int, string) {
		for _, l := range lines {
			if i := strings.Index(l, text); i >= 0 {
				return widget.Width(l[:i]), l
			}
		}
		t.Fatalf("%q is not on the screen:\n%s", text, shown(v))
		return 0, ""
	}
	c7, _ := col("level 7")
	c8, _ := col("level 8")
	c9, _ := col("level 9")
	if c8 != c7 || c9 != c7 {
		t.Errorf("levels 7, 8, 9 start at columns %d, %d, %d: past 7 they line up", c7, c8, c9)
	}
	mustShow(t, v, "↳ 8 ", "↳ 9 ")
	mustNotShow(t, v, "↳ 7 ")
	if p, _ := v.selected(); p.ID != chain[8].ID {
		t.Errorf("G selects %d, want the deepest answer %d", p.ID, chain[8].ID)
	}
}

func TestPostGoldenDeepThread(t *testing.T) {
	e := newSampleEnv(t)
	top, _ := deepThread(t, e, 9)
	paneGolden(t, e, e.user("alice"), true, func(c *Common) pane { return newPostView(c, top.ID) }, func(t *testing.T, p pane) {
		press(t, p, "G")
	})
}
