package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/storage/storetest"
)

// network opens the database at dbURL as another program would (its own
// connections, its own event hub), for a test's own Service actions.
func network(t *testing.T, dbURL string) (*model.Service, *storage.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, dbURL)
	if err != nil {
		t.Fatalf("storage.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000})), db
}

func signUp(t *testing.T, svc *model.Service, name string) model.User {
	t.Helper()
	u, err := svc.SignUp(context.Background(), model.SignUp{Username: name, Email: name + "@example.com", Password: "good password"})
	if err != nil {
		t.Fatalf("sign up %s: %v", name, err)
	}
	return u
}

// must is v, or a failed test (through panic, which the test reports
// with the error) when err is set. For test setup only.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// eventLine matches a human event line: the time in UTC to the
// millisecond, then the rest.
var eventLine = regexp.MustCompile(`^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})  (#\d+  .*)$`)

// eventLines splits out into lines and checks that each is an event line
// with a recent time; it returns the lines without their times.
func eventLines(t *testing.T, out string) []string {
	t.Helper()
	var rest []string
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" {
			continue
		}
		m := eventLine.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not an event line: %q", l)
			continue
		}
		at, err := time.Parse("2006-01-02 15:04:05.000", m[1])
		if err != nil || time.Since(at).Abs() > time.Hour {
			t.Errorf("event time %s is not now in UTC (%v)", m[1], err)
		}
		rest = append(rest, m[2])
	}
	return rest
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	svc, db := network(t, e.db)
	alice, bob, carol := signUp(t, svc, "alice"), signUp(t, svc, "bob"), signUp(t, svc, "carol")

	// None yet: standard output stays empty (it is for events), and
	// standard error says so.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"events"}, "There are no events to show (they are kept for a week).\n"},
		{[]string{"events", "--json"}, "There are no events to show (they are kept for a week).\n"},
		{[]string{"events", "--user", "alice"}, "There are no events for alice to show (they are kept for a week).\n"},
		{[]string{"events", "--last", "0"}, ""},
	} {
		r := e.fail(0, "", tt.args...)
		if r.stdout != "" || r.stderr != tt.want {
			t.Errorf("numeneon %s before anything happened: stdout %q, stderr %q, want %q", strings.Join(tt.args, " "), r.stdout, r.stderr, tt.want)
		}
	}
	quiet := e.follow(e.db, "events", "--follow")
	quiet.waitIn(&quiet.stderr, "There are no events to show (they are kept for a week). Waiting for new ones; Ctrl-C stops.\n")
	quiet.interrupt()
	if quiet.code != 0 {
		t.Errorf("events --follow with no events: exit %d after the interrupt, want 0", quiet.code)
	}

	m := must(svc.SendMessage(ctx, bob.ID, alice.ID, "hi alice"))
	must(svc.SendFriendRequest(ctx, carol.ID, alice.ID))
	reqs := must(svc.FriendRequests(ctx, alice.ID, true))
	p := must(svc.CreatePost(ctx, alice.ID, model.NewPost{Content: "hello world"}))
	if err := svc.Like(ctx, bob.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	r := reqs[0].ID
	all := []string{
		fmt.Sprintf("#1  alice  message  from bob  message %d", m.ID),
		fmt.Sprintf("#2  bob  message  from bob  message %d", m.ID),
		fmt.Sprintf("#3  alice  friend.request  by carol  request %d", r),
		fmt.Sprintf("#4  carol  friend.request  by carol  request %d", r),
		fmt.Sprintf("#5  alice  post.new  by alice  post %d", p.ID),
		fmt.Sprintf("#6  alice  post.like  by bob  post %d", p.ID),
	}
	sameLines(t, "events", eventLines(t, e.ok("", "events")), all)
	sameLines(t, "events --last 2", eventLines(t, e.ok("", "events", "--last", "2")), all[4:])
	sameLines(t, "events -n 0", eventLines(t, e.ok("", "events", "-n", "0")), nil)
	sameLines(t, "events --user alice", eventLines(t, e.ok("", "events", "--user", "alice")),
		[]string{all[0], all[2], all[4], all[5]})
	sameLines(t, "events --user @carol --last 1", eventLines(t, e.ok("", "events", "--user", "@carol", "--last", "1")),
		[]string{all[3]})
	sameLines(t, "events --user bob", eventLines(t, e.ok("", "events", "--user", "bob")), []string{all[1]})

	// --json: one object per line, ids that are not set left out.
	lines := strings.Split(strings.TrimSpace(e.ok("", "events", "--json")), "\n")
	if len(lines) != 6 {
		t.Fatalf("events --json: want 6 lines, got:\n%s", strings.Join(lines, "\n"))
	}
	objs := make([]map[string]any, len(lines))
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), &objs[i]); err != nil {
			t.Fatalf("events --json line %q: %v", l, err)
		}
		at, err := time.Parse(time.RFC3339Nano, objs[i]["at"].(string))
		if err != nil || !strings.HasSuffix(objs[i]["at"].(string), "Z") || time.Since(at).Abs() > time.Hour {
			t.Errorf("at of %s is not now in UTC (%v)", l, err)
		}
		delete(objs[i], "at")
	}
	n := func(id int64) any { return float64(id) }
	want := []map[string]any{
		{"id": n(1), "user_id": n(alice.ID), "user": "alice", "kind": "message", "actor_id": n(bob.ID), "actor": "bob", "message_id": n(m.ID)},
		{"id": n(2), "user_id": n(bob.ID), "user": "bob", "kind": "message", "actor_id": n(bob.ID), "actor": "bob", "message_id": n(m.ID)},
		{"id": n(3), "user_id": n(alice.ID), "user": "alice", "kind": "friend.request", "actor_id": n(carol.ID), "actor": "carol", "request_id": n(r)},
		{"id": n(4), "user_id": n(carol.ID), "user": "carol", "kind": "friend.request", "actor_id": n(carol.ID), "actor": "carol", "request_id": n(r)},
		{"id": n(5), "user_id": n(alice.ID), "user": "alice", "kind": "post.new", "actor_id": n(alice.ID), "actor": "alice", "post_id": n(p.ID)},
		{"id": n(6), "user_id": n(alice.ID), "user": "alice", "kind": "post.like", "actor_id": n(bob.ID), "actor": "bob", "post_id": n(p.ID)},
	}
	for i := range want {
		if fmt.Sprint(objs[i]) != fmt.Sprint(want[i]) {
			t.Errorf("events --json line %d:\n got %v\nwant %v", i+1, objs[i], want[i])
		}
	}
	lines = strings.Split(strings.TrimSpace(e.ok("", "events", "--json", "--user", "bob")), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `"id":2,`) {
		t.Errorf("events --json --user bob:\n%s", strings.Join(lines, "\n"))
	}

	// Names are sanitized; accounts that are gone show as #id (and have no
	// name in JSON).
	if _, err := db.SQL().Exec(`UPDATE auth_user SET username = 'car' || char(27) || '[31mol' || char(10) || 'x' WHERE id = $1`, carol.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO numeneon_event (user_id, kind, actor_id, post_id, created_at)
		VALUES (999, 'post.like', 998, 5, '2026-11-25 17:40:01.123')`); err != nil {
		t.Fatal(err)
	}
	out := e.ok("", "events", "--last", "4")
	if strings.ContainsAny(out, "\x1b\r") {
		t.Errorf("events printed a control character: %q", out)
	}
	if !strings.HasSuffix(out, "2026-11-25 17:40:01.123  #7  #999  post.like  by #998  post 5\n") {
		t.Errorf("events: want the event of deleted users last, with their ids:\n%s", out)
	}
	contains(t, "events after a rename", out, fmt.Sprintf("#4  carol x  friend.request  by carol x  request %d\n", r))
	out = e.ok("", "events", "--json", "--last", "1")
	if strings.TrimSpace(out) != `{"id":7,"at":"2026-11-25T17:40:01.123Z","user_id":999,"kind":"post.like","actor_id":998,"post_id":5}` {
		t.Errorf("events --json of deleted users: %s", out)
	}
	out = e.ok("", "events", "--json", "--last", "4", "--user", "alice")
	contains(t, "events --json after a rename", out, fmt.Sprintf(`"actor_id":%d,"actor":"carol x"`, carol.ID))
}

func TestEventsErrors(t *testing.T) {
	e := newEnv(t)
	svc, _ := network(t, e.db)
	signUp(t, svc, "alice")
	for _, args := range [][]string{{"events", "--user", "nobody"}, {"events", "--follow", "--user", "nobody"}} {
		r := e.fail(1, "", args...)
		if r.stderr != "numeneon: There is no user \"nobody\".\n" || r.stdout != "" {
			t.Errorf("numeneon %s: stdout %q, stderr %q", strings.Join(args, " "), r.stdout, r.stderr)
		}
	}
	r := e.fail(1, "", "events", "--user", "no\x1b]0;title\abody")
	if strings.ContainsAny(r.stderr, "\x1b\a") || !strings.Contains(r.stderr, "There is no user") {
		t.Errorf("events of an unknown user with an escape in the name: stderr %q", r.stderr)
	}
	for _, args := range [][]string{{"events", "--last", "-1"}, {"events", "--last", "many"}, {"events", "--user"}} {
		e.fail(2, "", args...)
	}
}

// syncBuffer is a bytes.Buffer that one goroutine may write while another
// reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// following is a `numeneon events --follow` running in the background.
type following struct {
	t              *testing.T
	args           []string
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	done           chan struct{} // closed when the command has returned
	code           int           // its exit status, once done
}

// follow starts numeneon with args (and --db dbURL) until stop cancels its
// context, as SIGINT does to the real process.
func (e *env) follow(dbURL string, args ...string) *following {
	ctx, cancel := context.WithCancel(context.Background())
	f := &following{t: e.t, args: args, cancel: cancel, done: make(chan struct{})}
	a := e.app(strings.NewReader(""), &f.stdout, &f.stderr)
	go func() {
		defer close(f.done)
		f.code = a.Run(ctx, append([]string{"--db", dbURL}, args...))
	}()
	e.t.Cleanup(func() { // after a failed test, before the database goes
		cancel()
		select {
		case <-f.done:
		case <-time.After(10 * time.Second):
		}
	})
	return f
}

// waitFor polls the output until it has every string of want, for up to
// a minute, and returns how long that took.
func (f *following) waitFor(want ...string) time.Duration {
	f.t.Helper()
	return f.waitIn(&f.stdout, want...)
}

// waitIn is waitFor on standard output or standard error.
func (f *following) waitIn(b *syncBuffer, want ...string) time.Duration {
	f.t.Helper()
	start := time.Now()
	for {
		out := b.String()
		missing := ""
		for _, w := range want {
			if !strings.Contains(out, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return time.Since(start)
		}
		if time.Since(start) > time.Minute {
			f.t.Fatalf("numeneon %s: no %q after a minute; stdout:\n%s\nstderr:\n%s", strings.Join(f.args, " "), missing, f.stdout.String(), f.stderr.String())
		}
		select {
		case <-f.done:
			f.t.Fatalf("numeneon %s ended early with exit %d; stdout:\n%s\nstderr:\n%s", strings.Join(f.args, " "), f.code, out, f.stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// interrupt cancels the command's context, as SIGINT does, waits for it
// to end (for up to a generous minute), and returns how long it took.
func (f *following) interrupt() time.Duration {
	f.t.Helper()
	start := time.Now()
	f.cancel()
	select {
	case <-f.done:
	case <-time.After(time.Minute):
		f.t.Fatalf("numeneon %s: still running a minute after the interrupt", strings.Join(f.args, " "))
	}
	return time.Since(start)
}

// stop interrupts the command and wants exit status 0.
func (f *following) stop() {
	f.t.Helper()
	f.interrupt()
	if f.code != 0 {
		f.t.Errorf("numeneon %s: exit %d after the interrupt, want 0\nstderr:\n%s", strings.Join(f.args, " "), f.code, f.stderr.String())
	}
	if s := f.stderr.String(); s != "" {
		f.t.Errorf("numeneon %s: stderr:\n%s", strings.Join(f.args, " "), s)
	}
}

// testFollow runs two followers on dbURL and makes changes through another
// connection pool, as another process would.
func testFollow(t *testing.T, dbURL string) {
	e := newEnv(t)
	ctx := context.Background()
	svc, _ := network(t, dbURL)
	alice, bob := signUp(t, svc, "alice"), signUp(t, svc, "bob")
	m1 := must(svc.SendMessage(ctx, bob.ID, alice.ID, "before"))

	everyone := e.follow(dbURL, "events", "--follow", "--last", "1")
	ofAlice := e.follow(dbURL, "events", "-f", "--json", "--user", "alice")
	// The newest event before the start (bob's copy of the message), and
	// alice's.
	everyone.waitFor(fmt.Sprintf("  bob  message  from bob  message %d\n", m1.ID))
	ofAlice.waitFor(fmt.Sprintf(`"user":"alice","kind":"message","actor_id":%d,"actor":"bob","message_id":%d}`, bob.ID, m1.ID))

	m2 := must(svc.SendMessage(ctx, alice.ID, bob.ID, "after"))
	took := everyone.waitFor(
		fmt.Sprintf("  bob  message  from alice  message %d\n", m2.ID),
		fmt.Sprintf("  alice  message  from alice  message %d\n", m2.ID))
	t.Logf("the new events were printed %s after the message was sent", took.Round(time.Millisecond))
	ofAlice.waitFor(fmt.Sprintf(`"user":"alice","kind":"message","actor_id":%d,"actor":"alice","message_id":%d}`, alice.ID, m2.ID))
	if err := svc.Like(ctx, bob.ID, must(svc.CreatePost(ctx, alice.ID, model.NewPost{Content: "x"})).ID); err != nil {
		t.Fatal(err)
	}
	everyone.waitFor("  alice  post.like  by bob  post ")
	ofAlice.waitFor(`"kind":"post.like"`)

	everyone.stop()
	ofAlice.stop()
	sameLines(t, "events --follow", eventLines(t, everyone.stdout.String()), []string{
		fmt.Sprintf("#2  bob  message  from bob  message %d", m1.ID),
		fmt.Sprintf("#3  bob  message  from alice  message %d", m2.ID),
		fmt.Sprintf("#4  alice  message  from alice  message %d", m2.ID),
		"#5  alice  post.new  by alice  post 1",
		"#6  alice  post.like  by bob  post 1",
	})
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(ofAlice.stdout.String()), "\n") {
		var ev struct {
			ID     int64
			UserID int64 `json:"user_id"`
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil || ev.UserID != alice.ID {
			t.Errorf("events --follow --json --user alice: line %q (%v)", l, err)
		}
		ids = append(ids, fmt.Sprint(ev.ID))
	}
	if got := strings.Join(ids, " "); got != "1 4 5 6" {
		t.Errorf("events --follow --json --user alice: ids %s, want 1 4 5 6", got)
	}
}

func TestEventsFollowSQLite(t *testing.T) {
	testFollow(t, newEnv(t).db)
}

func TestEventsFollowPostgres(t *testing.T) {
	testFollow(t, storetest.PostgresURL(t))
}
