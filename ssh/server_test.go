package ssh

import (
	"context"
	"database/sql"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/storage/storetest"
)

// TestKeyLogin: a registered key lets its person straight into the feed.
func TestKeyLogin(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	key := ts.key("alice")
	sc := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(key)), 100, 30)
	sc.wait("1 Feed", "alice", "live")
	sc.send("qy") // q on a tab asks over SSH; y quits
	sc.end()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(ts.logs.String(), "disconnected"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the log has no disconnect:\n%s", ts.logs.String())
		}
	}
	if logs := ts.logs.String(); !strings.Contains(logs, "connected") || !strings.Contains(logs, "user=alice") {
		t.Errorf("the log has no connect of alice:\n%s", logs)
	}
}

// TestPasswordLogin: an account whose password hash Django made logs in
// with that password, by password and by keyboard-interactive; a key it
// came with is offered and registered on yes.
func TestPasswordLogin(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ssh.db")
	ts := startServerOn(t, serverDB(t, path))
	ts.user("alice")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// Django's own test vector: "lètmein" hashed by Django 1.10.
	if _, err := raw.Exec(`UPDATE auth_user SET password = 'pbkdf2_sha256$30000$seasalt2$a75qzbogeVhNFeMqhdgyyoqGKpIzYUo651sq57RERew=' WHERE username = 'alice'`); err != nil {
		t.Fatal(err)
	}
	if _, err := dial(t, ts.addr, "alice", gossh.Password("wrong")); err == nil {
		t.Fatal("a wrong password let alice in")
	}
	answer := func(password string) gossh.AuthMethod {
		return gossh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
			if len(questions) != 1 || !strings.Contains(questions[0], "Password") {
				t.Errorf("asked %q", questions)
			}
			return []string{password}, nil
		})
	}
	c := mustDial(t, ts.addr, "alice", answer("lètmein"))
	if out, _, code := runCmd(t, c, "", "whoami"); code != 0 || !strings.Contains(out, "@alice") {
		t.Errorf("whoami after keyboard-interactive: %q, %d", out, code)
	}

	key := newKey(t)
	c = mustDial(t, ts.addr, "alice", gossh.PublicKeys(key), gossh.Password("lètmein"))
	sc := openTUI(t, c, 120, 30)
	sc.wait("1 Feed", "Register the SSH key you came with")
	sc.send("y")
	sc.wait("registered")
	sc.send("qy") // q on a tab asks over SSH; y quits
	sc.end()
	// Next time the key alone does it.
	c = mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
	if out, _, _ := runCmd(t, c, "", "whoami"); !strings.Contains(out, "@alice") {
		t.Errorf("the registered key did not sign alice in: %q", out)
	}
}

// TestSignUpOverSSH: an unknown name with an unknown key gets the sign-up
// form with the name filled in; the new account keeps the key.
func TestSignUpOverSSH(t *testing.T) {
	ts := startServer(t)
	key := newKey(t)
	sc := openTUI(t, mustDial(t, ts.addr, "newbie", gossh.PublicKeys(key)), 100, 30)
	sc.wait("Sign up", "newbie")
	sc.send("newbie@example.com" + "\t" + testPassword + "\r")
	sc.wait("1 Feed", "registered") // the toast is where the name shows in the tab bar
	sc.wait("1 Feed", "newbie")
	sc.send("qy") // q on a tab asks over SSH; y quits
	sc.end()
	c := mustDial(t, ts.addr, "newbie", gossh.PublicKeys(key))
	if out, _, code := runCmd(t, c, "", "whoami"); code != 0 || !strings.Contains(out, "@newbie") {
		t.Errorf("whoami with the new account's key: %q, %d", out, code)
	}
	// Without an account, a command says how to get one.
	c = mustDial(t, ts.addr, "nobody", gossh.PublicKeys(newKey(t)))
	if _, errOut, code := runCmd(t, c, "", "feed"); code != 1 || !strings.Contains(errOut, "Connect without a command to sign up") {
		t.Errorf("a command without an account: %q, %d", errOut, code)
	}
}

// TestPasswordRateLimit: past a few wrong passwords, even the right one is
// refused for a while, per account and per address.
func TestPasswordRateLimit(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	for range freeFailures + 1 {
		if _, err := dial(t, ts.addr, "alice", gossh.Password("wrong")); err == nil {
			t.Fatal("a wrong password let alice in")
		}
	}
	if _, err := dial(t, ts.addr, "alice", gossh.Password(testPassword)); err == nil {
		t.Fatal("the right password was checked right after a run of wrong ones")
	}
	if !strings.Contains(ts.logs.String(), "too many failures") {
		t.Errorf("the refusal is not in the log:\n%s", ts.logs)
	}
	time.Sleep(firstDelay + 100*time.Millisecond)
	if _, err := dial(t, ts.addr, "alice", gossh.Password(testPassword)); err != nil {
		t.Errorf("after the wait the right password was refused: %v", err)
	}
}

// TestTwoSessionsChat: two people on one server message each other live.
func TestTwoSessionsChat(t *testing.T) {
	ts := startServer(t)
	alice, bob := ts.user("alice"), ts.user("bob")
	ts.befriend(alice, bob)
	chatBothWays(t, ts, ts)
}

// chatBothWays connects alice to a and bob to b, and has them write to
// each other in the chat, each seeing the other's message arrive.
func chatBothWays(t *testing.T, a, b *testServer) {
	t.Helper()
	as := openTUI(t, mustDial(t, a.addr, "alice", gossh.Password(testPassword)), 120, 30)
	bs := openTUI(t, mustDial(t, b.addr, "bob", gossh.Password(testPassword)), 120, 30)
	as.wait("1 Feed", "live")
	bs.wait("1 Feed", "live")
	as.send(":dm bob\r")
	as.wait("Message bob")
	as.send("hello from alice\r")
	bs.wait("4 Chat (1)")
	bs.send("4")
	// The list's row of alice (her message is in a toast already).
	bs.wait("Chats", "hello from alice", "now│")
	bs.send("\r")
	bs.send("hi alice, bob here\r")
	as.wait("hi alice, bob here")
}

// TestTwoInstancesOnePostgres: two servers on one PostgreSQL database;
// alice on one and bob on the other chat live, and see each other online.
func TestTwoInstancesOnePostgres(t *testing.T) {
	schemaURL := storetest.PostgresURL(t)
	a := startServerOn(t, serverDB(t, schemaURL), func(c *Config) { c.Instance = "a" })
	b := startServerOn(t, serverDB(t, schemaURL), func(c *Config) { c.Instance = "b" })
	alice, bob := a.user("alice"), a.user("bob")
	a.befriend(alice, bob)
	chatBothWays(t, a, b)
	online, err := b.svc.OnlineFriends(context.Background(), bob.ID)
	if err != nil || !online[alice.ID] {
		t.Errorf("bob (on b) does not see alice (on a) online: %v, %v", online, err)
	}
}

// TestPresence: a signed-in session is online for friends while it lasts,
// and offline once it ends.
func TestPresence(t *testing.T) {
	ts := startServer(t)
	alice, bob := ts.user("alice"), ts.user("bob")
	ts.befriend(alice, bob)
	sc := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice"))), 100, 30)
	sc.wait("1 Feed")
	ctx := context.Background()
	if online, err := ts.svc.OnlineFriends(ctx, bob.ID); err != nil || !online[alice.ID] {
		t.Errorf("alice is connected and bob does not see her online: %v, %v", online, err)
	}
	sc.send("qy") // q on a tab asks over SSH; y quits
	sc.end()
	deadline := time.Now().Add(5 * time.Second)
	for {
		online, err := ts.svc.OnlineFriends(ctx, bob.ID)
		if err == nil && !online[alice.ID] {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("alice left and is still online for bob: %v, %v", online, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestScriptCommands: the commands over a real connection, with their
// exit statuses, JSON and stdin.
func TestScriptCommands(t *testing.T) {
	ts := startServer(t)
	alice, bob := ts.user("alice"), ts.user("bob")
	ts.befriend(alice, bob)
	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice")))
	if out, _, code := runCmd(t, c, "posted from a pipe\n", "post -"); code != 0 || !strings.Contains(out, "posted #") {
		t.Fatalf("post -: %q, %d", out, code)
	}
	out, _, code := runCmd(t, c, "", "feed --json --limit 5")
	var feed struct{ Posts []struct{ Content string } }
	if code != 0 || json.Unmarshal([]byte(out), &feed) != nil || len(feed.Posts) != 1 || feed.Posts[0].Content != "posted from a pipe" {
		t.Errorf("feed --json: %q, %d", out, code)
	}
	if _, errOut, code := runCmd(t, c, "", "like 999999"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("like of no post: %q, %d", errOut, code)
	}
	if _, errOut, code := runCmd(t, c, "", "dm"); code != 2 || !strings.Contains(errOut, "usage") {
		t.Errorf("dm without arguments: %q, %d", errOut, code)
	}
	if _, _, code := runCmd(t, c, "", "dm bob hello bob"); code != 0 {
		t.Errorf("dm: %d", code)
	}
	cb := mustDial(t, ts.addr, "bob", gossh.Password(testPassword))
	if out, _, code := runCmd(t, cb, "", "inbox"); code != 0 || !strings.Contains(out, "hello bob") {
		t.Errorf("bob's inbox: %q, %d", out, code)
	}
	if out, _, code := runCmd(t, c, "", "help"); code != 0 || !strings.Contains(out, "inbox") {
		t.Errorf("help: %q, %d", out, code)
	}
	// A command session without a terminal is no TUI.
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out2, _ := s.CombinedOutput("")
	if !strings.Contains(string(out2), "full-screen app") {
		t.Errorf("a shell without a terminal: %q", out2)
	}
}

// TestHostileClients: garbage instead of SSH, a flood of input, absurd
// window sizes: the server stays up and serves the next person.
func TestHostileClients(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	key := ts.key("alice")

	conn, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.Write([]byte("GET / HTTP/1.1\r\n\r\n" + strings.Repeat("\x00\xff garbage", 10000)))
	conn.Close()

	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
	sc := openTUI(t, c, 100, 30)
	sc.wait("1 Feed")
	for range 50 {
		sc.send(strings.Repeat("\x1b[<0;9999;9999M\x1b]52;c;"+strings.Repeat("A", 1000)+"\x07jjjkkk", 20))
	}
	for _, size := range [][2]int{{1 << 20, 1 << 20}, {0, 0}, {1, 1}, {100, 30}} {
		if _, err := sc.sess.SendRequest("window-change", false, gossh.Marshal(struct{ W, H, PW, PH uint32 }{uint32(size[0]), uint32(size[1]), 0, 0})); err != nil {
			t.Fatal(err)
		}
	}
	sc.wait("1 Feed", "alice")
	sc.quit()
	sc.end()

	again := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(key)), 80, 24)
	again.wait("1 Feed")
	again.send("qy")
	again.end()

	// A user name and a command made to forge log lines and colour them.
	evil := mustDial(t, ts.addr, "x\x1b[31m\nlevel=ERROR msg=forged", gossh.PublicKeys(newKey(t)))
	runCmd(t, evil, "", "whoami\nlevel=ERROR msg=forged2")
	for _, l := range strings.Split(ts.logs.String(), "\n") {
		if strings.Contains(l, "\x1b") || strings.HasPrefix(l, "level=ERROR msg=forged") {
			t.Errorf("a client wrote into the log: %q", l)
		}
	}
}

// TestGracefulShutdown: on Shutdown every session is told and ends, what
// was typed and not sent is kept as a draft, and Serve returns.
func TestGracefulShutdown(t *testing.T) {
	ts := startServer(t)
	alice := ts.user("alice")
	sc := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice"))), 100, 30)
	sc.wait("1 Feed")
	sc.send("n")
	sc.wait("New post")
	sc.send("half a thought")
	sc.wait("half a thought")
	start := time.Now()
	if err := ts.stop(); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if took := time.Since(start); took > 6*time.Second {
		t.Errorf("shutting down took %v", took)
	}
	sc.end()
	if !strings.Contains(sc.text(), "the server is restarting") {
		t.Errorf("the session was not told; it shows:\n%s", sc.text())
	}
	drafts, err := ts.svc.Drafts(context.Background(), alice.ID)
	if err != nil || drafts["post"].Content != "half a thought" {
		t.Errorf("the draft after shutdown: %+v, %v", drafts, err)
	}
}

// TestDraftSurvivesDrop: a message typed and not sent is there again after
// the connection drops.
func TestDraftSurvivesDrop(t *testing.T) {
	ts := startServer(t)
	alice, bob := ts.user("alice"), ts.user("bob")
	ts.befriend(alice, bob)
	key := ts.key("alice")
	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
	sc := openTUI(t, c, 120, 30)
	sc.wait("1 Feed")
	sc.send(":dm bob\r")
	sc.wait("Message bob")
	sc.send("unsent words")
	sc.wait("unsent words")
	c.Close() // the connection drops
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, _ := ts.svc.Drafts(context.Background(), alice.ID)
		if len(d) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no draft saved after the drop")
		}
		time.Sleep(20 * time.Millisecond)
	}
	sc = openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(key)), 120, 30)
	sc.wait("1 Feed")
	sc.send(":dm bob\r")
	sc.wait("unsent words")
}

// TestSessionLimits: an account's sessions past the limit, and sessions
// past the server's, are refused with a message.
func TestSessionLimits(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxSessionsPerUser = 1; c.MaxSessions = 2 })
	ts.user("alice")
	ts.user("bob")
	ts.user("carol")
	first := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice"))), 100, 30)
	first.wait("1 Feed")
	c := mustDial(t, ts.addr, "alice", gossh.Password(testPassword))
	if _, errOut, code := runCmd(t, c, "", "whoami"); code != 1 || !strings.Contains(errOut, "sessions open already") {
		t.Errorf("alice's second session: %q, %d", errOut, code)
	}
	bob := openTUI(t, mustDial(t, ts.addr, "bob", gossh.Password(testPassword)), 100, 30)
	bob.wait("1 Feed")
	c = mustDial(t, ts.addr, "carol", gossh.Password(testPassword))
	if _, errOut, code := runCmd(t, c, "", "whoami"); code != 1 || !strings.Contains(errOut, "full") {
		t.Errorf("a session past the server's limit: %q, %d", errOut, code)
	}
}

// TestIdleTimeout: a session without a key pressed is closed with a
// message.
func TestIdleTimeout(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.IdleTimeout = 500 * time.Millisecond })
	ts.user("alice")
	sc := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice"))), 100, 30)
	sc.wait("1 Feed")
	sc.end()
	if !strings.Contains(sc.text(), "without a key pressed") {
		t.Errorf("the idle session was not told; it shows:\n%s", sc.text())
	}
}

// TestNoLeaks: sessions that end in every way leave no goroutine behind.
// The clients here read the raw output (no emulator, whose reader would
// stay), so that what is counted is the server's.
func TestNoLeaks(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	key := ts.key("alice")
	cycle := func(i int, want string) {
		c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
		sess, out := openRaw(t, c, 100, 30)
		waitRaw(t, out, want)
		switch i % 3 {
		case 0:
			sess.Write([]byte("qy")) // q asks over SSH; y quits
			sess.Wait()
		case 1:
			sess.Close()
		case 2:
			c.Close()
		}
		c.Close()
	}
	// Warm up the hub and the pools: the hub's goroutines start with the
	// first subscription, which is made after the first screen is drawn,
	// so the warm-up waits for the stream to be live.
	cycle(0, "◉ live")
	waitSessions(t, ts, 0)
	before := runtime.NumGoroutine()
	for i := range 30 {
		cycle(i, "Feed")
	}
	waitSessions(t, ts, 0)
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before+2 {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines before, %d after 30 sessions:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func waitSessions(t *testing.T, ts *testServer, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for ts.srv.Sessions() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions open, want %d", ts.srv.Sessions(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestHostKeyShared: instances starting at once on one key file end with
// one key.
func TestHostKeyShared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "host")
	keys := make(chan string, 8)
	for range cap(keys) {
		go func() {
			s, err := hostKey(path)
			if err != nil {
				keys <- "error: " + err.Error()
				return
			}
			keys <- gossh.FingerprintSHA256(s.PublicKey())
		}()
	}
	first := <-keys
	for range cap(keys) - 1 {
		if k := <-keys; k != first {
			t.Fatalf("two keys: %s and %s", first, k)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the key file: %v, %v", fi, err)
	}
}
