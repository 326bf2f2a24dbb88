package ssh

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// postedID reads the id out of "posted #12" or "replied #12 to #3".
func postedID(t *testing.T, out string) int64 {
	t.Helper()
	m := regexp.MustCompile(`^(?:posted|replied) #(\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no post id in %q", out)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// get loads a post as u.
func (e *cmdEnv) get(u model.User, id int64) model.Post {
	e.t.Helper()
	p, err := e.svc.Post(e.ctx, u.ID, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func TestCommandPost(t *testing.T) {
	e := newCmdEnv(t)
	alice := e.user("alice", "Alice")

	out := e.ok(alice, "post", "hello", "world")
	if id := postedID(t, out); out != "posted #"+strconv.FormatInt(id, 10)+"\n" || e.get(alice, id).Content != "hello world" {
		t.Errorf("post hello world: %q, %+v", out, e.get(alice, id))
	}
	// Flags come before TEXT; after it they are text.
	out = e.ok(alice, "post", "--type", "milestones", "ran", "--json", "a", "marathon")
	if p := e.get(alice, postedID(t, out)); p.Content != "ran --json a marathon" || p.Type != model.Milestones {
		t.Errorf("post --type milestones: %+v", p)
	}
	out = e.ok(alice, "post", "--", "-5", "degrees")
	if p := e.get(alice, postedID(t, out)); p.Content != "-5 degrees" {
		t.Errorf("post -- -5 degrees: %+v", p)
	}

	var p postJSON
	decode(t, e.ok(alice, "post", "--json", "--type=media", "--media", "https://example.com/a.png", "look"), &p)
	if p.ID == 0 || p.Type != "media" || p.MediaURL != "https://example.com/a.png" || p.Content != "look" ||
		p.Author.Username != "alice" || p.Target != nil || p.ParentID != nil || !p.CreatedAt.Equal(cmdNow) {
		t.Errorf("post --json = %+v", p)
	}
	if got := e.ok(alice, "feed", "--limit", "1"); got != "#"+strconv.FormatInt(p.ID, 10)+" @alice · 3m ago · media\nlook\nmedia: https://example.com/a.png\n♡ 0 ↩ 0\n" {
		t.Errorf("a media post in the feed: %q", got)
	}

	// TEXT - reads stdin, without its final line break.
	o := e.run(alice, "line one\nline two\n", "post", "-")
	if o.code != 0 || e.get(alice, postedID(t, o.stdout)).Content != "line one\nline two" {
		t.Errorf("post - : %+v", o)
	}
	e.failsIn(alice, strings.Repeat("x", MaxStdin+1), ExitError, "Standard input is over 64 KiB", "post", "-")
	e.failsIn(alice, strings.Repeat("é", 501), ExitError, "A post can be at most 500 characters (this one has 501).", "post", "-")
	e.failsIn(alice, "", ExitError, "Write something first.", "post", "-")

	e.fails(alice, ExitError, "A post can be at most 500 characters (this one has 501).", "post", strings.Repeat("a", 501))
	e.fails(alice, ExitError, "Write something first.", "post", "   ")
	e.fails(alice, ExitError, "A media post needs a media URL.", "post", "--type", "media", "look")
	e.fails(alice, ExitUsage, "post: --type must be thoughts, media or milestones\nusage: post [--json] [--type thoughts|media|milestones] [--media URL] TEXT...\n", "post", "--type", "rant", "hi")
	e.fails(alice, ExitUsage, "post: missing TEXT\nusage: post ", "post")
	e.fails(alice, ExitUsage, "post: missing TEXT", "post", "--json")
	var doc struct {
		Posts []postJSON `json:"posts"`
	}
	decode(t, e.ok(alice, "feed", "--json"), &doc)
	if len(doc.Posts) != 5 {
		t.Errorf("after the refused ones, %d posts, want 5", len(doc.Posts))
	}
}

func TestCommandReply(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob := e.user("alice", "Alice"), e.user("bob", "Bob")
	top := e.post(alice, "top post")
	ref := "#" + strconv.FormatInt(top.ID, 10)

	out := e.ok(bob, "reply", ref, "first", "reply")
	r1 := postedID(t, out)
	if want := "replied #" + strconv.FormatInt(r1, 10) + " to " + ref + "\n"; out != want {
		t.Errorf("reply = %q, want %q", out, want)
	}
	if p := e.get(bob, r1); p.ParentID == nil || *p.ParentID != top.ID || p.ReplyToCommentID != nil || p.Content != "first reply" {
		t.Errorf("reply: %+v", p)
	}
	// A reply to a reply stays in the thread and remembers what it answers.
	var p postJSON
	decode(t, e.ok(alice, "reply", "--json", strconv.FormatInt(r1, 10), "an", "answer"), &p)
	if p.ParentID == nil || *p.ParentID != top.ID || p.ReplyToID == nil || *p.ReplyToID != r1 || p.Content != "an answer" {
		t.Errorf("reply to a reply: %+v", p)
	}
	o := e.run(bob, "from stdin\n", "reply", ref, "-")
	if o.code != 0 || e.get(bob, postedID(t, o.stdout)).Content != "from stdin" {
		t.Errorf("reply ID - : %+v", o)
	}
	if got := e.get(alice, top.ID).CommentCount; got != 3 {
		t.Errorf("the post has %d replies, want 3", got)
	}

	e.fails(bob, ExitError, "Post not found.", "reply", "9999", "hello?")
	e.fails(bob, ExitError, "Write something first.", "reply", ref, " ")
	e.fails(bob, ExitError, "A post can be at most 500 characters (this one has 501).", "reply", ref, strings.Repeat("b", 501))
	e.fails(bob, ExitUsage, "reply: \"abc\" is not a post id\nusage: reply [--json] ID TEXT...\n", "reply", "abc", "hi")
	e.fails(bob, ExitUsage, "reply: missing ID", "reply")
	e.fails(bob, ExitUsage, "reply: missing TEXT", "reply", ref)
}

func TestCommandLike(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob := e.user("alice", "Alice"), e.user("bob", "Bob")
	p := e.post(alice, "like me")
	id := strconv.FormatInt(p.ID, 10)

	if got := e.ok(bob, "like", id); got != "liked #"+id+"\n" {
		t.Errorf("like = %q", got)
	}
	if got := e.ok(bob, "like", "#"+id); got != "liked #"+id+"\n" { // twice: no change
		t.Errorf("like again = %q", got)
	}
	if got := e.get(bob, p.ID); got.LikesCount != 1 || !got.LikedByViewer {
		t.Errorf("after like: %+v", got)
	}
	var l likeJSON
	decode(t, e.ok(alice, "like", id, "--json"), &l)
	if l != (likeJSON{PostID: p.ID, Liked: true}) || e.get(alice, p.ID).LikesCount != 2 {
		t.Errorf("like --json = %+v", l)
	}
	if got := e.ok(bob, "unlike", id); got != "unliked #"+id+"\n" {
		t.Errorf("unlike = %q", got)
	}
	decode(t, e.ok(alice, "unlike", "--json", id), &l)
	if l != (likeJSON{PostID: p.ID, Liked: false}) || e.get(alice, p.ID).LikesCount != 0 {
		t.Errorf("unlike --json = %+v, %+v", l, e.get(alice, p.ID))
	}

	e.fails(bob, ExitError, "Post not found.", "like", "9999")
	e.fails(bob, ExitError, "Post not found.", "unlike", "9999")
	e.fails(bob, ExitUsage, "like: \"x1\" is not a post id", "like", "x1")
	e.fails(bob, ExitUsage, "like: \"0\" is not a post id", "like", "0")
	e.fails(bob, ExitUsage, "unlike: missing arguments\nusage: unlike [--json] ID\n", "unlike")
	e.fails(bob, ExitUsage, "like: too many arguments", "like", id, id)
}

// TestCommandShare: share and unshare, once per person; the friend's home
// feed shows whose share put a post there, plain and --json.
func TestCommandShare(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob, carol := e.user("alice", "Alice"), e.user("bob", "Bob"), e.user("carol", "Carol")
	e.friends(alice, bob)
	p := e.post(carol, "share me")
	id := strconv.FormatInt(p.ID, 10)

	if got := e.ok(bob, "share", id); got != "shared #"+id+"\n" {
		t.Errorf("share = %q", got)
	}
	if got := e.ok(bob, "share", "#"+id); got != "shared #"+id+"\n" { // twice: no change
		t.Errorf("share again = %q", got)
	}
	if got := e.get(bob, p.ID); got.SharesCount != 1 || !got.SharedByViewer {
		t.Errorf("after two shares by bob: %+v", got)
	}
	feed := e.ok(alice, "feed")
	if !strings.HasPrefix(feed, "⇄ @bob shared · ") || !strings.Contains(feed, "#"+id+" @carol") || !strings.Contains(feed, "♡ 0 ↩ 0 ⇄ 1\n") {
		t.Errorf("alice's feed after bob's share:\n%s", feed)
	}
	var f struct {
		Posts []postJSON `json:"posts"`
	}
	decode(t, e.ok(alice, "feed", "--json"), &f)
	if len(f.Posts) != 1 || f.Posts[0].SharedBy == nil || f.Posts[0].SharedBy.Username != "bob" || f.Posts[0].SharedByMe {
		t.Errorf("alice's feed --json: %+v", f.Posts)
	}
	var s shareJSON
	decode(t, e.ok(alice, "share", id, "--json"), &s)
	if s != (shareJSON{PostID: p.ID, Shared: true, SharesCount: 2}) {
		t.Errorf("share --json = %+v", s)
	}
	if got := e.ok(bob, "unshare", id); got != "unshared #"+id+"\n" {
		t.Errorf("unshare = %q", got)
	}
	decode(t, e.ok(bob, "unshare", "--json", id), &s) // twice: no change
	if s != (shareJSON{PostID: p.ID, Shared: false, SharesCount: 1}) {
		t.Errorf("unshare --json = %+v", s)
	}

	e.fails(bob, ExitError, "Post not found.", "share", "9999")
	e.fails(bob, ExitUsage, "share: \"x1\" is not a post id", "share", "x1")
	e.fails(bob, ExitUsage, "unshare: missing arguments\nusage: unshare [--json] ID\n", "unshare")
}
