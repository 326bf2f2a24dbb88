package ssh

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
)

// TestCommandThread: thread ID prints the post and its replies, oldest
// first, also when ID is a reply's; --json gives the same.
func TestCommandThread(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob := e.user("alice", "Alice"), e.user("bob", "Bob")
	top := e.post(alice, "the top post")
	first, err := e.svc.CreatePost(e.ctx, bob.ID, model.NewPost{Content: "first answer", ParentID: &top.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreatePost(e.ctx, alice.ID, model.NewPost{Content: "second\x1b[2J answer", ParentID: &top.ID}); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(top.ID, 10)
	out := e.ok(alice, "thread", id)
	if !strings.HasPrefix(out, "#"+id+" @alice") || strings.Index(out, "first answer") > strings.Index(out, "second answer") ||
		strings.Contains(out, "\x1b") {
		t.Errorf("thread %s:\n%s", id, out)
	}
	if got := e.ok(alice, "thread", "#"+strconv.FormatInt(first.ID, 10)); got != out {
		t.Errorf("thread of a reply:\n%s\nwant\n%s", got, out)
	}
	var doc threadJSON
	decode(t, e.ok(alice, "thread", "--json", id, "--limit", "1"), &doc)
	if doc.Post.ID != top.ID || len(doc.Replies) != 1 || doc.Replies[0].Content != "second\x1b[2J answer" {
		t.Errorf("thread --json --limit 1: %+v", doc)
	}
	e.fails(alice, ExitError, "not found", "thread", "999999")
	e.fails(alice, ExitUsage, "thread: missing arguments\nusage: thread [--json] [--limit N] ID", "thread")
	e.fails(alice, ExitUsage, "--limit must be between 1 and 100", "thread", "--limit", "0", id)
}

// TestCommandNotifications: notifications lists, filters, and with
// --mark-read marks read what it listed.
func TestCommandNotifications(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob, carol := e.user("alice", "Alice"), e.user("bob", "Bob"), e.user("carol", "Carol")
	p := e.post(alice, "alice writes")
	if err := e.svc.Like(e.ctx, bob.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CreatePost(e.ctx, bob.ID, model.NewPost{Content: "an answer", ParentID: &p.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SendFriendRequest(e.ctx, carol.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	// lines are the lines printed without their times (the database's
	// clock stamps events).
	lines := func(out string) string {
		var ls []string
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			ls = append(ls, l[:strings.LastIndex(l, " · ")])
		}
		return strings.Join(ls, "\n")
	}
	thread := " · #" + strconv.FormatInt(p.ID, 10)
	out := lines(e.ok(alice, "notifications"))
	want := "● @carol wants to be your friend\n" +
		"● @bob replied: “an answer”" + thread + "\n" +
		"● @bob liked your post: “alice writes”" + thread
	if out != want {
		t.Errorf("notifications:\n%s\nwant\n%s", out, want)
	}
	if got := lines(e.ok(alice, "notifications", "--filter", "requests")); got != "● @carol wants to be your friend" {
		t.Errorf("notifications --filter requests: %q", got)
	}
	var doc struct {
		Notifications []noticeJSON `json:"notifications"`
		MarkedRead    int          `json:"marked_read"`
	}
	decode(t, e.ok(alice, "notifications", "--json", "--filter", "mentions", "--mark-read"), &doc)
	if len(doc.Notifications) != 1 || doc.Notifications[0].Kind != "post.reply" || doc.Notifications[0].Actor.Username != "bob" ||
		*doc.Notifications[0].ThreadID != p.ID || doc.MarkedRead != 2 {
		t.Errorf("notifications --json --filter mentions --mark-read: %+v", doc)
	}
	// Read up to the newest listed, whatever its kind: carol's newer
	// request stays unread.
	want = "● @carol wants to be your friend\n" +
		"  @bob replied: “an answer”" + thread + "\n" +
		"  @bob liked your post: “alice writes”" + thread
	if got := lines(e.ok(alice, "notifications")); got != want {
		t.Errorf("after --mark-read:\n%s\nwant\n%s", got, want)
	}
	e.fails(alice, ExitUsage, "--filter must be all, mentions or requests", "notifications", "--filter", "likes")
}

// TestCommandProfileAndSearch: profile USER says who, their words and
// counts and how one stands with them; search finds posts and people.
func TestCommandProfileAndSearch(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob := e.user("alice", "Alice"), e.user("bob", "Bob")
	e.friends(alice, bob)
	bio := "walks\x1b]0;owned\x07 dogs"
	if err := e.svc.UpdateProfile(e.ctx, bob.ID, model.ProfileUpdate{Bio: &bio}); err != nil {
		t.Fatal(err)
	}
	e.post(bob, "a post about neon signs")
	out := e.ok(alice, "profile", "@bob")
	if !strings.HasPrefix(out, "@bob · Bob · id "+strconv.FormatInt(bob.ID, 10)+"\nwalks dogs\n") ||
		!strings.Contains(out, "· 1 posts · 1 friends") || !strings.HasSuffix(out, "friends\n") || strings.Contains(out, "\x1b") {
		t.Errorf("profile @bob:\n%q", out)
	}
	var pj profileJSON
	decode(t, e.ok(alice, "profile", "bob", "--json"), &pj)
	if pj.User.Username != "bob" || pj.Bio != bio || pj.Friendship != "friends" || pj.PostCount != 1 {
		t.Errorf("profile --json: %+v", pj)
	}
	e.fails(alice, ExitError, `There is no user "nobody".`, "profile", "nobody")

	if out := e.ok(alice, "search", "posts", "neon", "signs"); !strings.Contains(out, "a post about neon signs") {
		t.Errorf("search posts: %q", out)
	}
	var people struct {
		People []userJSON `json:"people"`
	}
	decode(t, e.ok(alice, "search", "--json", "people", "bo"), &people)
	if len(people.People) != 1 || people.People[0].Username != "bob" {
		t.Errorf("search people: %+v", people)
	}
	e.fails(alice, ExitUsage, "search: say what to search: posts or people", "search", "dogs")
	e.fails(alice, ExitError, "Type at least", "search", "posts", "n")
}

// TestCommandKeysAndSettings: keys lists, adds and removes SSH keys;
// settings lists and sets the settings the app follows.
func TestCommandKeysAndSettings(t *testing.T) {
	e := newCmdEnv(t)
	alice := e.user("alice", "Alice")
	if got := e.ok(alice, "keys"); got != "" {
		t.Errorf("keys with none: %q", got)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(newKey(t).PublicKey()))) + " alice@laptop"
	o := e.run(alice, line+"\n", "keys", "add", "-")
	if o.code != 0 || !strings.HasPrefix(o.stdout, "added SHA256:") || !strings.Contains(o.stdout, "ssh-ed25519 alice@laptop") {
		t.Fatalf("keys add -: %+v", o)
	}
	var ks struct {
		Keys []sshKeyJSON `json:"keys"`
	}
	decode(t, e.ok(alice, "keys", "--json"), &ks)
	if len(ks.Keys) != 1 || ks.Keys[0].Comment != "alice@laptop" {
		t.Fatalf("keys --json: %+v", ks)
	}
	e.fails(alice, ExitError, "", "keys", "add", "not a key")
	e.fails(alice, ExitUsage, "keys takes add or remove", "keys", "list")
	if got := e.ok(alice, "keys", "remove", ks.Keys[0].Fingerprint); got != "removed "+ks.Keys[0].Fingerprint+"\n" {
		t.Errorf("keys remove: %q", got)
	}
	e.fails(alice, ExitError, "", "keys", "remove", ks.Keys[0].Fingerprint)

	if got := e.ok(alice, "settings"); !strings.HasPrefix(got, "theme         auto     (auto, dark, light)\nview          auto") {
		t.Errorf("settings:\n%s", got)
	}
	var doc struct {
		Settings map[string]string `json:"settings"`
	}
	decode(t, e.ok(alice, "settings", "--json", "view", "column"), &doc)
	if doc.Settings["view"] != "column" || doc.Settings["theme"] != "auto" {
		t.Errorf("settings --json view column: %+v", doc)
	}
	if s, _ := e.svc.Settings(e.ctx, alice.ID); s["view"] != "column" {
		t.Errorf("the setting was not kept: %v", s)
	}
	e.fails(alice, ExitError, "view takes auto, river, column.", "settings", "view", "sideways")
	e.fails(alice, ExitUsage, "settings: give a NAME and a VALUE", "settings", "view")
}

// TestCommandHelpSpellsFlags: every command's help spells its flags as
// its usage does, with two dashes.
func TestCommandHelpSpellsFlags(t *testing.T) {
	e := newCmdEnv(t)
	alice := e.user("alice", "Alice")
	for _, c := range cmdSpecs {
		if c.run == nil {
			continue
		}
		got := e.ok(alice, "help", c.name)
		if !strings.Contains(got, "\n  --json") || strings.Contains(got, "\n  -j") || strings.Contains(got, "\n  -l") {
			t.Errorf("help %s:\n%s", c.name, got)
		}
	}
	if got := e.ok(alice, "help", "notifications"); !strings.Contains(got, "--filter all|mentions|requests  ") {
		t.Errorf("help notifications:\n%s", got)
	}
}

// TestScriptCommandsOfDailyUse: the commands of what a person does in the
// app, against a real server: thread, notifications, profile, search,
// keys, settings, each with --json.
func TestScriptCommandsOfDailyUse(t *testing.T) {
	ts := startServer(t)
	alice, bob := ts.user("alice"), ts.user("bob")
	ts.befriend(alice, bob)
	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice")))
	cb := mustDial(t, ts.addr, "bob", gossh.Password(testPassword))
	out, _, code := runCmd(t, c, "", "post --json a thread to read")
	var p postJSON
	if code != 0 || jsonInto(out, &p) != nil {
		t.Fatalf("post: %q %d", out, code)
	}
	id := strconv.FormatInt(p.ID, 10)
	if _, errOut, code := runCmd(t, cb, "", "reply "+id+" bob answers"); code != 0 {
		t.Fatalf("reply: %q", errOut)
	}
	for _, x := range []struct{ cmd, want string }{
		{"thread " + id, "bob answers"},
		{"thread --json " + id, `"content": "bob answers"`},
		{"notifications", "@bob replied: “bob answers”"},
		{"notifications --json --mark-read", `"marked_read": 2`}, // the reply and the friendship
		{"profile bob", "@bob · id"},
		{"profile --json bob", `"friendship": "friends"`},
		{"search posts thread to", "a thread to read"},
		{"search --json people bob", `"username": "bob"`},
		{"keys", "SHA256:"},
		{"keys --json", `"fingerprint": "SHA256:`},
		{"settings scope everyone", "scope         everyone"},
		{"settings --json", `"scope": "everyone"`},
	} {
		out, errOut, code := runCmd(t, c, "", x.cmd)
		if code != 0 || !strings.Contains(out, x.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %q", x.cmd, code, out, errOut, x.want)
		}
	}
	if out, _, code := runCmd(t, c, "", "help thread"); code != 0 || !strings.Contains(out, "  --limit N") || strings.Contains(out, " -limit") {
		t.Errorf("help thread: %q", out)
	}
	// The setting follows alice into her next session: everyone's feed,
	// as the Column at 100 columns; v there keeps the River for the next.
	sc := openTUI(t, c, 100, 30)
	sc.wait("Column", "s home", "a thread to read")
	sc.send("v")
	sc.wait("River", "s home")
	sc.send("\x03")
	sc.end()
	if out, _, _ := runCmd(t, c, "", "settings"); !strings.Contains(out, "view          river") {
		t.Errorf("settings after v in a session: %q", out)
	}
}

// jsonInto parses a command's JSON output into v.
func jsonInto(out string, v any) error { return json.Unmarshal([]byte(out), v) }
