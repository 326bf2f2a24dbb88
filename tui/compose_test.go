package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// openCompose is u's composer for m at 80x24, focused.
func openCompose(t *testing.T, e *testEnv, u model.User, m composeMsg) (*compose, *Common) {
	t.Helper()
	p, c := open(t, e, u, 80, 24, func(c *Common) pane { return newCompose(c, m) })
	c.Drafts = map[string]Draft{} // as New makes it
	return p.(*compose), c
}

// newest is u's newest post.
func newest(t *testing.T, e *testEnv, u model.User) model.Post {
	t.Helper()
	ps, err := e.svc.UserPosts(e.ctx, u.ID, u.ID, model.Page{Limit: 1})
	if err != nil || len(ps) == 0 {
		t.Fatalf("no post by %s: %v", u.Username, err)
	}
	return ps[0]
}

func TestComposePostsAThought(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	cp, c := openCompose(t, e, alice, composeMsg{})
	mustShow(t, cp, "New post", "💭 Thoughts", "0/500", "At most 500 characters")
	typeText(t, cp, "Hello from the terminal")
	press(t, cp, "alt+enter")
	typeText(t, cp, "second line")
	mustShow(t, cp, "35/500")
	out := press(t, cp, "ctrl+s")
	p := newest(t, e, alice)
	if p.Content != "Hello from the terminal\nsecond line" || p.Type != model.Thoughts {
		t.Fatalf("posted %+v", p)
	}
	if len(find[backMsg](out)) != 1 || len(find[toastMsg](out)) != 1 || find[toastMsg](out)[0].text != "Posted." {
		t.Errorf("a post closes the composer and says so: %v", out)
	}
	cp.Blur() // the root blurs what it closes
	if _, ok := c.Drafts["post"]; ok {
		t.Error("a sent post leaves no draft")
	}
}

func TestComposeMediaNeedsItsURL(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	cp, _ := openCompose(t, e, alice, composeMsg{})
	press(t, cp, "ctrl+t")
	if cp.typ != model.Media {
		t.Fatal("ctrl+t should pick media")
	}
	mustShow(t, cp, "Media URL")
	typeText(t, cp, "My desk")
	press(t, cp, "ctrl+s")
	mustShow(t, cp, "A media post needs a media URL.")
	if !cp.onMedia || cp.body.Value() != "My desk" {
		t.Fatal("the error puts the focus in the URL field and keeps the text")
	}
	typeText(t, cp, "ftp://nope")
	press(t, cp, "ctrl+s")
	mustShow(t, cp, "Media URL must be an http:// or https:// address.")
	for range len("ftp://nope") {
		press(t, cp, "backspace")
	}
	typeText(t, cp, "https://img.example/desk.png")
	press(t, cp, "ctrl+s")
	p := newest(t, e, alice)
	if p.Type != model.Media || p.MediaURL != "https://img.example/desk.png" || p.Content != "My desk" {
		t.Errorf("posted %+v", p)
	}
}

func TestComposeTypeCyclesAndTabMoves(t *testing.T) {
	e := newSampleEnv(t)
	cp, _ := openCompose(t, e, e.user("alice"), composeMsg{})
	press(t, cp, "tab")
	if cp.onMedia {
		t.Error("tab has nowhere to go without a media field")
	}
	press(t, cp, "ctrl+t", "tab")
	if !cp.onMedia {
		t.Error("tab should move to the media URL")
	}
	press(t, cp, "ctrl+t")
	if cp.typ != model.Milestones || cp.onMedia {
		t.Error("leaving media brings the focus back to the text")
	}
	press(t, cp, "ctrl+t")
	if cp.typ != model.Thoughts {
		t.Error("ctrl+t goes round the three types")
	}
}

func TestComposeTooLongKeepsTheText(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	before := newest(t, e, alice)
	cp, _ := openCompose(t, e, alice, composeMsg{})
	long := strings.Repeat("neon ", 101)
	send(t, cp, tea.PasteMsg{Content: long})
	mustShow(t, cp, "505/500")
	out := press(t, cp, "ctrl+s")
	mustShow(t, cp, "A post can be at most 500 characters (this one has 505).")
	if cp.body.Value() != long || len(out) != 0 {
		t.Error("a refused post keeps the text and the composer")
	}
	if newest(t, e, alice).ID != before.ID {
		t.Error("nothing was to be posted")
	}
}

func TestComposeWall(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, mallory := e.user("alice"), e.user("bob"), e.user("mallory")
	bs := bob.Summary()
	cp, _ := openCompose(t, e, alice, composeMsg{wallOf: &bs})
	mustShow(t, cp, "On Bob Okafor's wall")
	typeText(t, cp, "Happy birthday!")
	out := press(t, cp, "ctrl+s")
	ps, _ := e.svc.UserPosts(e.ctx, alice.ID, bob.ID, model.Page{Limit: 1})
	if len(ps) == 0 || ps[0].Content != "Happy birthday!" || ps[0].Target == nil || ps[0].Target.ID != bob.ID {
		t.Fatalf("the wall post is not on bob's wall: %+v", ps)
	}
	if got := find[toastMsg](out); len(got) != 1 || got[0].text != "Posted on Bob Okafor's wall." {
		t.Errorf("toasts %v", got)
	}

	ms := mallory.Summary()
	cp, _ = openCompose(t, e, alice, composeMsg{wallOf: &ms})
	typeText(t, cp, "hi stranger")
	press(t, cp, "ctrl+s")
	mustShow(t, cp, "You can only post on a friend's wall.")
	if cp.body.Value() != "hi stranger" {
		t.Error("a refused wall post keeps its text")
	}
}

func TestComposeEditsOnesOwnPost(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	p := e.post(alice, model.NewPost{Content: "tpyo here"})
	cp, _ := openCompose(t, e, alice, composeMsg{edit: &p})
	mustShow(t, cp, "Edit your post", "tpyo here")
	press(t, cp, "ctrl+t")
	mustShow(t, cp, "A post keeps its type")
	for range len("tpyo here") {
		press(t, cp, "backspace")
	}
	typeText(t, cp, "typo fixed")
	out := press(t, cp, "ctrl+s")
	if got := e.reread(alice, p.ID).Content; got != "typo fixed" {
		t.Fatalf("the post reads %q", got)
	}
	if ch := find[postChangedMsg](out); len(ch) != 1 || ch[0].post.Content != "typo fixed" || len(find[backMsg](out)) != 1 {
		t.Errorf("an edit tells every pane and closes: %v", out)
	}
}

func TestComposeKeepsDrafts(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	bs := e.user("bob").Summary()
	cp, c := openCompose(t, e, alice, composeMsg{})
	press(t, cp, "ctrl+t")
	typeText(t, cp, "half a thought")
	out := press(t, cp, "esc")
	if len(find[backMsg](out)) != 1 {
		t.Fatal("esc closes the composer")
	}
	if d := c.Drafts["post"]; d.Content != "half a thought" || d.Type != model.Media {
		t.Fatalf("the draft is %+v", d)
	}
	// The next composer of the session opens with it; a wall post has its own.
	again := newCompose(c, composeMsg{}).(*compose)
	again.SetSize(80, 20)
	if again.body.Value() != "half a thought" || again.typ != model.Media {
		t.Error("the draft should come back")
	}
	mustShow(t, again, "Your draft is back")
	if wall := newCompose(c, composeMsg{wallOf: &bs}).(*compose); wall.body.Value() != "" {
		t.Error("a wall post does not take the feed's draft")
	}

	// A failed send keeps everything; leaving by switching tabs (a blur)
	// keeps the draft too.
	e.db.Close()
	press(t, again, "tab")
	typeText(t, again, "https://img.example/a.png")
	press(t, again, "ctrl+s")
	mustShow(t, again, "Something went wrong")
	if again.body.Value() != "half a thought" || again.media.Value() != "https://img.example/a.png" {
		t.Error("a failed send keeps what was typed")
	}
	again.Blur()
	if d := c.Drafts["post"]; d.MediaURL != "https://img.example/a.png" {
		t.Errorf("the draft after a blur is %+v", d)
	}

	// Emptied, the draft goes.
	cp = newCompose(c, composeMsg{}).(*compose)
	cp.body.SetValue("")
	cp.media.SetValue("")
	press(t, cp, "esc")
	if _, ok := c.Drafts["post"]; ok {
		t.Error("an empty composer leaves no draft")
	}
}

func TestComposeMentions(t *testing.T) {
	e := newSampleEnv(t)
	alice, dave := e.user("alice"), e.user("dave")
	cp, _ := openCompose(t, e, alice, composeMsg{})
	typeText(t, cp, "running with @da")
	press(t, cp, "tab", "space")
	if got := cp.body.Value(); got != "running with @dave " || cp.onMedia {
		t.Fatalf("tab and space should complete @dave: %q", got)
	}
	press(t, cp, "ctrl+s")
	if p := newest(t, e, alice); p.Mentioned == nil || p.Mentioned.ID != dave.ID {
		t.Errorf("the post should mention dave: %+v", p.Mentioned)
	}
}

func TestComposeFitsItsSize(t *testing.T) {
	e := newSampleEnv(t)
	for _, size := range goldenSizes {
		p, c := open(t, e, e.user("alice"), size.w, size.h, func(c *Common) pane { return newCompose(c, composeMsg{}) })
		press(t, p, "ctrl+t")
		send(t, p, tea.PasteMsg{Content: strings.Repeat("word ", 120)})
		press(t, p, "ctrl+s")
		checkSize(t, p.View(), size.w, c.Height-chrome)
	}
}

func TestComposeGoldenTooLong(t *testing.T) {
	e := newSampleEnv(t)
	paneGolden(t, e, e.user("alice"), true, func(c *Common) pane { return newCompose(c, composeMsg{}) }, func(t *testing.T, p pane) {
		send(t, p, tea.PasteMsg{Content: strings.Repeat("Neon skies over the city tonight. ", 15)})
		press(t, p, "ctrl+s")
	})
}
