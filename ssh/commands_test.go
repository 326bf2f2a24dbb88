package ssh

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
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
	t    *testing.T
	ctx  context.Context
	db   *storage.DB
	svc  *model.Service
	logs *syncBuffer
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
	return &cmdEnv{t: t, ctx: ctx, db: db, svc: svc, logs: &syncBuffer{}}
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
		stdout: &out, stderr: &errOut, now: func() time.Time { return cmdNow.Add(3 * time.Minute) },
		log: slog.New(slog.NewTextHandler(e.logs, nil))}
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

func TestCommandHostileTextSanitized(t *testing.T) {
	e := newCmdEnv(t)
	const evil = "\x1b]0;pwned\a\x1b[2J\x1b[31mred\u009b1;1H\u202eevil\x07\r\x1bc"
	alice, mallory := e.user("alice", "Alice"), e.user("mallory", "Mal"+evil)
	e.friends(alice, mallory)
	p := e.post(mallory, "hi "+evil+"\nbye")
	if _, err := e.svc.SendMessage(e.ctx, mallory.ID, alice.ID, "psst "+evil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SendFriendRequest(e.ctx, e.user("trudy", evil).ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	var plain strings.Builder
	for _, args := range [][]string{{"feed"}, {"friends"}, {"requests"}, {"inbox"}} {
		plain.WriteString(e.ok(alice, args...))
	}
	plain.WriteString(e.ok(mallory, "whoami"))
	out := plain.String()
	for _, bad := range []string{"\x1b", "\a", "\u009b", "\u202e", "\r"} {
		if strings.Contains(out, bad) {
			t.Errorf("plain output holds %q:\n%q", bad, out)
		}
	}
	for _, want := range []string{
		"\nhi redevil\nbye\n",                         // the post, its line break kept
		"@mallory · Malredevil  · since 2026-11-25\n", // the name
		"@mallory · Malredevil  · 1 unread · 3m ago\n  @mallory: psst redevil \n",
		"incoming @trudy · redevil  · 3m ago\n",
		"@mallory · Malredevil  · id ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plain output lacks %q:\n%q", want, out)
		}
	}
	// JSON keeps the text as it is, escaped as JSON escapes it.
	var doc struct {
		Posts []postJSON `json:"posts"`
	}
	js := e.ok(alice, "feed", "--json")
	decode(t, js, &doc)
	if len(doc.Posts) != 1 || doc.Posts[0].Content != p.Content || doc.Posts[0].Author.DisplayName != "Mal"+evil {
		t.Errorf("feed --json = %+v", doc)
	}
	if strings.ContainsAny(js, "\x1b\a\r") {
		t.Errorf("raw control characters in JSON: %q", js)
	}
	// What the caller typed is quoted back sanitized too.
	e.fails(alice, ExitUsage, `unknown command "\x1b[2J\u202e"; run help for the list`, "\x1b[2J\u202e")
	e.fails(alice, ExitError, `There is no user "\x1b[2J".`, "dm", "\x1b[2J", "hi")
}

func TestCommandHelp(t *testing.T) {
	e := newCmdEnv(t)
	alice := e.user("alice", "Alice")

	list := e.ok(alice, "help")
	if !strings.HasPrefix(list, "numeneon over SSH: ssh HOST COMMAND [ARGS]\n") || !strings.Contains(list, "Exit status: 0 done, 1 refused or failed") {
		t.Errorf("help =\n%s", list)
	}
	w := 0 // the longest name's width
	for _, c := range cmdSpecs {
		w = max(w, len(c.name))
	}
	for _, c := range cmdSpecs {
		if !strings.Contains(list, "\n  "+c.name+strings.Repeat(" ", w+1-len(c.name))+c.args+"\n"+strings.Repeat(" ", w+3)+c.summary+"\n") {
			t.Errorf("help lacks %s:\n%s", c.name, list)
		}
	}
	if got := e.ok(alice, "--help"); got != list {
		t.Errorf("--help = %q", got)
	}
	for _, args := range [][]string{{"feed", "--help"}, {"feed", "-h"}, {"help", "feed"}, {"feed", "--json", "-help"}} {
		got := e.ok(alice, args...)
		// Flags spelt as the usage spells them.
		if !strings.HasPrefix(got, "usage: feed [--json] [--limit N] [--everyone]\n\nYour home feed (or everyone's), newest first.\n\nFlags:\n") ||
			!strings.Contains(got, "\n  --limit N   how many posts, 1 to 100 (default 20)\n") ||
			!strings.Contains(got, "\n  --json      print one JSON document") || strings.Contains(got, " -json") || strings.Contains(got, " -limit") {
			t.Errorf("%q =\n%s", args, got)
		}
	}
	if got := e.ok(alice, "help", "help"); got != "usage: help [COMMAND]\n\nThis list, or how to use COMMAND.\n" {
		t.Errorf("help help = %q", got)
	}
	// Help does nothing else.
	if got := e.ok(alice, "post", "--help", "not", "posted"); !strings.HasPrefix(got, "usage: post ") {
		t.Errorf("post --help = %q", got)
	}
	if got := e.ok(alice, "dm", "-h"); !strings.HasPrefix(got, "usage: dm [--json] USER TEXT...\n") {
		t.Errorf("dm -h = %q", got)
	}
	if got := e.ok(alice, "feed"); got != "" {
		t.Errorf("post --help posted: %q", got)
	}

	e.fails(alice, ExitUsage, "no command given; run help for the list\n", []string{}...)
	e.fails(alice, ExitUsage, `unknown command "frobnicate"; run help for the list`, "frobnicate")
	e.fails(alice, ExitUsage, `unknown command "nope"; run help for the list`, "help", "nope")
}

// failingReader fails every read.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestCommandUsageErrorsSanitized(t *testing.T) {
	e := newCmdEnv(t)
	alice := e.user("alice", "Alice")
	e.fails(alice, ExitUsage, "feed: flag provided but not defined: -\nusage: feed [--json] [--limit N] [--everyone]\n", "feed", "--\x1b[2J")
	e.fails(alice, ExitUsage, "like: \"\\x1b[2J\" is not a post id\n", "like", "\x1b[2J")

	var out, errOut bytes.Buffer
	r := &cmdRunner{ctx: e.ctx, svc: e.svc, user: alice, stdin: failingReader{}, stdout: &out, stderr: &errOut, now: time.Now}
	if code := r.run([]string{"post", "-"}); code != ExitError || errOut.String() != "Could not read standard input.\n" || out.Len() != 0 {
		t.Errorf("post - on a failing stdin: exit %d, stderr %q, stdout %q", code, errOut.String(), out.String())
	}
}

// TestCommandInternalErrorIsLogged: a failure of ours is logged with the
// command and the account, and the person gets the reference of the log
// line, not the database's words.
func TestCommandInternalErrorIsLogged(t *testing.T) {
	e := newCmdEnv(t)
	alice := e.user("alice", "Alice")
	e.db.Close()
	o := e.run(alice, "", "feed")
	ref := regexp.MustCompile(`\(ref ([A-Z0-9]{8})\)`).FindStringSubmatch(o.stderr)
	if o.code != ExitError || ref == nil || strings.Contains(o.stderr, "sql") {
		t.Fatalf("feed on a closed database: status %d, stderr %q", o.code, o.stderr)
	}
	logs := e.logs.String()
	for _, want := range []string{"ref=" + ref[1], "command=feed", `err="sql: database is closed"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log does not say %q:\n%s", want, logs)
		}
	}
}
