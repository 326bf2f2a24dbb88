package tui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// TestCopyLinkWebAddress: y copies the post's address in the web app
// when it is configured ({id} placed, or /post/ID added), and otherwise
// its numeneon:// address, saying in the status line that there is no
// web address.
func TestCopyLinkWebAddress(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	mine := e.post(alice, model.NewPost{Content: "link me"})
	id := strconv.FormatInt(mine.ID, 10)
	for _, c := range []struct{ web, want string }{
		{"https://numeneon.example/", "https://numeneon.example/post/" + id},
		{"https://numeneon.example/#/posts/{id}?from=tui", "https://numeneon.example/#/posts/" + id + "?from=tui"},
	} {
		p, _ := open(t, e, alice, 120, 40, func(cm *Common) pane { cm.WebURL = c.web; return newPostView(cm, mine.ID) })
		out := press(t, p, "y")
		if got := find[toastMsg](out); len(got) != 1 || got[0].text != "Copied "+c.want {
			t.Errorf("y with the web address %s: %+v, want a toast of %s", c.web, out, c.want)
		}
	}
	p, _ := open(t, e, alice, 120, 40, func(cm *Common) pane { return newPostView(cm, mine.ID) })
	press(t, p, "y")
	mustShow(t, p, "No web address is configured (--web-url or NUMENEON_WEB_URL); copied numeneon://post/"+id)
	f := openFeed(t, e, alice)
	press(t, f, "v", "g", "y")
	mustShow(t, f, "No web address is configured")
}

// TestOpenPostAtStart: a session told to open a post (numeneon open
// LINK) shows its thread once signed in.
func TestOpenPostAtStart(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	p := e.post(bob, model.NewPost{Content: "opened from a link"})
	lt := startTerm(t, Options{Service: e.svc, User: &alice, OpenPost: p.ID, Now: func() time.Time { return testNow }}, 100, 30)
	lt.waitText("› Post", "opened from a link")
	lt.keys("esc")
	lt.waitFor("the feed behind the post", func(s string) bool { return !strings.Contains(s, "› Post") })
}

// TestHelpAndOpenCommands: :help lists the commands in the help box,
// :help CMD explains one (with its other names), :open ID opens a post by
// number or link, and a wrong one is said at the line.
func TestHelpAndOpenCommands(t *testing.T) {
	e := newTestEnv(t)
	alice := e.user("alice")
	a := New(e.ctx, Options{Service: e.svc})
	a.c.User, a.c.Width, a.c.Height = alice, 120, 40
	a.tabs = [tabCount]pane{newFeed(a.c), newProfile(a.c, alice.ID), newFriends(a.c), newChat(a.c)}
	run := func(line string) []string {
		t.Helper()
		send(t, a, keyPress(":"))
		a.cmdline.in.SetValue(line)
		var shown []string
		for _, m := range send(t, a, keyPress("enter")) {
			if o, ok := m.(openPostMsg); ok {
				shown = append(shown, "open "+strconv.FormatInt(o.id, 10))
			}
		}
		return shown
	}
	run("help")
	v := a.view()
	for _, want := range []string{"Commands", ":dm NAME", ":open ID", ":set [NAME VALUE]", ":help [COMMAND]", ":quit"} {
		if !strings.Contains(v, want) {
			t.Errorf(":help does not show %q:\n%s", want, v)
		}
	}
	send(t, a, keyPress("esc"))
	if a.help {
		t.Fatal("esc does not close :help")
	}
	run("help msg")
	v = a.view()
	for _, want := range []string{":dm NAME", "Open the conversation with NAME.", "Also :message, :msg."} {
		if !strings.Contains(v, want) {
			t.Errorf(":help msg does not show %q:\n%s", want, v)
		}
	}
	send(t, a, keyPress("?"))
	run("help fly")
	if a.cmdline == nil || a.cmdline.err != "No command fly; :help lists them." {
		t.Errorf(":help fly: %+v", a.cmdline)
	}
	send(t, a, keyPress("esc"))
	for line, want := range map[string]string{"open 12": "open 12", "open #7": "open 7", "open numeneon://post/42": "open 42"} {
		if got := run(line); len(got) != 1 || got[0] != want {
			t.Errorf(":%s gave %v, want %s", line, got, want)
		}
	}
	run("open numeneon://user/3")
	if a.cmdline == nil || !strings.Contains(a.cmdline.err, "numeneon://post/12") {
		t.Errorf(":open of a bad link: %+v", a.cmdline)
	}
}
