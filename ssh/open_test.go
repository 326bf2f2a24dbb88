package ssh

import (
	"context"
	"strconv"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
)

// TestOpenLinkOverSSH: ssh -t HOST open numeneon://post/ID opens the TUI
// at that post's thread; y there copies the web app's address of the
// post when the server knows it; a bad link, or no terminal, is refused
// with a word of how to ask.
func TestOpenLinkOverSSH(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.WebURL = "https://numeneon.example" })
	alice, bob := ts.user("alice"), ts.user("bob")
	p, err := ts.svc.CreatePost(context.Background(), bob.ID, model.NewPost{Type: model.Thoughts, Content: "a post worth a link"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.svc.CreatePost(context.Background(), alice.ID, model.NewPost{Type: model.Thoughts, Content: "an answer in the thread", ParentID: &p.ID}); err != nil {
		t.Fatal(err)
	}
	key := ts.key("alice")
	link := "numeneon://post/" + strconv.FormatInt(p.ID, 10)
	sc := openTUICommand(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(key)), 160, 30, "open "+link)
	sc.wait("a post worth a link", "an answer in the thread")
	sc.send("y")
	sc.wait("Copied https://numeneon.example/post/" + strconv.FormatInt(p.ID, 10))
	sc.send("\x03") // ctrl+c
	sc.end()

	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
	_, stderr, code := runCmd(t, c, "", "open numeneon://user/3")
	if code != ExitUsage || !strings.Contains(stderr, "numeneon://post/12") {
		t.Errorf("a bad link: status %d, stderr %q", code, stderr)
	}
	_, stderr, code = runCmd(t, c, "", "open "+link)
	if code != ExitError || !strings.Contains(stderr, "ssh -t") {
		t.Errorf("open without a terminal: status %d, stderr %q", code, stderr)
	}
}
