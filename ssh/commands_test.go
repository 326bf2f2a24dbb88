package ssh

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The script commands run on the real Service over a SQLite file of their
// own. The database writes at cmdNow and the commands run three minutes
// later, so that plain output says "3m ago".

var cmdNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// cmdEnv is one test's database and Service.
type cmdEnv struct {
	t   *testing.T
	ctx context.Context
	svc *model.Service
}

func newCmdEnv(t *testing.T) *cmdEnv {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return cmdNow }
	svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}),
		model.WithClock(func() time.Time { return cmdNow }))
	return &cmdEnv{t: t, ctx: ctx, svc: svc}
}

// user signs up name with a first name (and no last name).
func (e *cmdEnv) user(name, first string) model.User {
	e.t.Helper()
	u, err := e.svc.SignUp(e.ctx, model.SignUp{Username: name, Email: name + "@example.com",
		Password: "correct horse", FirstName: first})
	if err != nil {
		e.t.Fatalf("sign up %s: %v", name, err)
	}
	return u
}

// friends makes a and b friends.
func (e *cmdEnv) friends(a, b model.User) {
	e.t.Helper()
	if _, err := e.svc.SendFriendRequest(e.ctx, a.ID, b.ID); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.svc.SendFriendRequest(e.ctx, b.ID, a.ID); err != nil {
		e.t.Fatal(err)
	}
}

// post publishes content by u.
func (e *cmdEnv) post(u model.User, content string) model.Post {
	e.t.Helper()
	p, err := e.svc.CreatePost(e.ctx, u.ID, model.NewPost{Content: content})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// cmdOut is what a command printed and its exit status.
type cmdOut struct {
	stdout, stderr string
	code           int
}

// run runs a command as u with stdin.
func (e *cmdEnv) run(u model.User, stdin string, args ...string) cmdOut {
	e.t.Helper()
	var out, errOut bytes.Buffer
	r := &cmdRunner{ctx: e.ctx, svc: e.svc, user: u, stdin: strings.NewReader(stdin),
		stdout: &out, stderr: &errOut, now: func() time.Time { return cmdNow.Add(3 * time.Minute) }}
	code := r.run(args)
	return cmdOut{out.String(), errOut.String(), code}
}

// ok runs a command that must succeed and returns its output.
func (e *cmdEnv) ok(u model.User, args ...string) string {
	e.t.Helper()
	o := e.run(u, "", args...)
	if o.code != 0 || o.stderr != "" {
		e.t.Fatalf("%q: exit %d, stderr %q, stdout %q", args, o.code, o.stderr, o.stdout)
	}
	return o.stdout
}

// fails runs a command that must fail with code and say want on stderr.
func (e *cmdEnv) fails(u model.User, code int, want string, args ...string) {
	e.t.Helper()
	e.failsIn(u, "", code, want, args...)
}

func (e *cmdEnv) failsIn(u model.User, stdin string, code int, want string, args ...string) {
	e.t.Helper()
	o := e.run(u, stdin, args...)
	if o.code != code || !strings.Contains(o.stderr, want) || o.stdout != "" {
		e.t.Errorf("%q: exit %d, stderr %q, stdout %q; want exit %d and %q on stderr", args, o.code, o.stderr, o.stdout, code, want)
	}
}

// decode parses a command's JSON output into v.
func decode(t *testing.T, out string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if dec.More() {
		t.Fatalf("more than one JSON document: %s", out)
	}
}

func TestCommandWhoami(t *testing.T) {
	e := newCmdEnv(t)
	alice := e.user("alice", "Alice")
	bob := e.user("bob", "")
	if got, want := e.ok(alice, "whoami"), "@alice · Alice · id "+strconv.FormatInt(alice.ID, 10)+"\n"; got != want {
		t.Errorf("whoami = %q, want %q", got, want)
	}
	if got, want := e.ok(bob, "whoami"), "@bob · bob · id "+strconv.FormatInt(bob.ID, 10)+"\n"; got != want {
		t.Errorf("whoami = %q, want %q", got, want)
	}
	var u userJSON
	decode(t, e.ok(alice, "whoami", "--json"), &u)
	if u != (userJSON{ID: alice.ID, Username: "alice", DisplayName: "Alice"}) {
		t.Errorf("whoami --json = %+v", u)
	}
	e.fails(alice, ExitUsage, "too many arguments", "whoami", "bob")
	e.fails(model.User{ID: 999}, ExitError, "Your account no longer exists.", "whoami")
}

func TestCommandFeed(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob, carol := e.user("alice", "Alice"), e.user("bob", "Bob"), e.user("carol", "")
	e.friends(alice, bob)
	p1 := e.post(alice, "first\n\nsecond paragraph")
	p2 := e.post(bob, "hello from bob")
	p3 := e.post(carol, "a stranger's post")
	if err := e.svc.Like(e.ctx, alice.ID, p2.ID); err != nil {
		t.Fatal(err)
	}
	px := e.post(alice, "x")
	// A reply is not in the feed.
	if _, err := e.svc.CreatePost(e.ctx, bob.ID, model.NewPost{Content: "a reply", ParentID: &p1.ID}); err != nil {
		t.Fatal(err)
	}
	id := func(p model.Post) string { return "#" + strconv.FormatInt(p.ID, 10) }

	got := e.ok(alice, "feed", "--limit", "2")
	// All at the same moment: the newest id comes first.
	want := id(px) + " @alice · 3m ago · thoughts\nx\n♡ 0 ↩ 0\n\n" +
		id(p2) + " @bob · 3m ago · thoughts\nhello from bob\n♡ 1 ↩ 0 · liked by you\n"
	if got != want {
		t.Errorf("feed --limit 2 =\n%s\nwant\n%s", got, want)
	}
	all := e.ok(alice, "feed")
	if !strings.Contains(all, id(p1)+" @alice · 3m ago · thoughts\nfirst\nsecond paragraph\n♡ 0 ↩ 1\n") {
		t.Errorf("feed: no blank line inside a post, replies counted:\n%s", all)
	}
	if strings.Contains(all, "stranger") || strings.Contains(all, "a reply") {
		t.Errorf("home feed has a stranger's post or a reply:\n%s", all)
	}
	if strings.Count(all, "\n\n") != 2 {
		t.Errorf("feed: want 3 blocks:\n%s", all)
	}
	if everyone := e.ok(alice, "feed", "--everyone"); !strings.Contains(everyone, id(p3)+" @carol · 3m ago · thoughts\na stranger's post\n") {
		t.Errorf("feed --everyone:\n%s", everyone)
	}
	// Flags after the arguments of a command without TEXT: same thing.
	var doc struct {
		Posts []postJSON `json:"posts"`
	}
	decode(t, e.ok(alice, "feed", "--everyone", "--json", "--limit=100"), &doc)
	if len(doc.Posts) != 4 || doc.Posts[3].ID != p1.ID {
		t.Fatalf("feed --json: %+v", doc.Posts)
	}
	first := doc.Posts[3]
	if first.Content != "first\n\nsecond paragraph" || first.Author.Username != "alice" || first.Type != "thoughts" ||
		first.CommentCount != 1 || first.ParentID != nil || !first.CreatedAt.Equal(cmdNow) {
		t.Errorf("feed --json post = %+v", first)
	}
	if doc.Posts[2].ID != p2.ID || !doc.Posts[2].LikedByMe || doc.Posts[2].LikesCount != 1 {
		t.Errorf("feed --json liked post = %+v", doc.Posts[2])
	}
	decode(t, e.ok(carol, "feed", "--json"), &doc)
	if doc.Posts == nil || len(doc.Posts) != 1 {
		t.Errorf("carol's feed --json = %+v", doc.Posts)
	}
	if out := e.ok(e.user("dave", ""), "feed"); out != "" {
		t.Errorf("empty feed printed %q", out)
	}

	for _, bad := range [][]string{{"--limit", "0"}, {"--limit", "101"}, {"--limit", "-3"}} {
		e.fails(alice, ExitUsage, "feed: --limit must be between 1 and 100\nusage: feed [--json] [--limit N] [--everyone]\n", append([]string{"feed"}, bad...)...)
	}
	e.fails(alice, ExitUsage, "invalid value \"many\" for flag -limit", "feed", "--limit", "many")
	e.fails(alice, ExitUsage, "flag provided but not defined: -mine\nusage: feed", "feed", "--mine")
	e.fails(alice, ExitUsage, "too many arguments", "feed", "today")
}
