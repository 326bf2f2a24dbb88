package ssh

import (
	"context"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The password guard end to end: every way a password is typed to the
// server goes through it, and the log names accounts as they are.

// dialFrom connects from the local address from (any of 127.0.0.0/8 is
// this machine), so that a test has clients at several addresses.
func dialFrom(t testing.TB, from, addr, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 10 * time.Second}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	cc, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	c := gossh.NewClient(cc, chans, reqs)
	t.Cleanup(func() { c.Close() })
	return c, nil
}

// logLines returns the lines of the server's log that contain msg, once
// there are at least n of them.
func (ts *testServer) logLines(msg string, n int) []string {
	ts.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var lines []string
		for _, l := range strings.Split(ts.logs.String(), "\n") {
			if strings.Contains(l, msg) {
				lines = append(lines, l)
			}
		}
		if len(lines) >= n {
			return lines
		}
		if time.Now().After(deadline) {
			ts.t.Fatalf("waited for %d log lines with %q; the log is:\n%s", n, msg, ts.logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// tune changes the guard's clock or queue under its lock, while the
// server runs.
func (g *guard) tune(fn func(g *guard)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	fn(g)
}

// stopClock stops the guard's clock, so that no wait ends during a test
// however slow the machine.
func (ts *testServer) stopClock() {
	stopped := time.Now()
	ts.srv.guard.tune(func(g *guard) { g.now = func() time.Time { return stopped } })
}

var logUser = regexp.MustCompile(`\buser=("[^"]*"|\S+)`)

// newcomerLogIn opens the welcome screen of a newcomer (a name that is no
// account gets in without a password) from the address from, and turns to
// its log-in form.
func newcomerLogIn(t *testing.T, ts *testServer, from string) *screen {
	t.Helper()
	c, err := dialFrom(t, from, ts.addr, "newcomer", gossh.PublicKeys(newKey(t)))
	if err != nil {
		t.Fatal(err)
	}
	sc := openTUI(t, c, 100, 30)
	sc.wait("Sign up")
	sc.send("\x0e") // ctrl+n
	sc.wait("Log in", "Username or e-mail")
	return sc
}

// retype replaces the password (the field a refused try focuses) and
// submits again.
func (sc *screen) retype(password string) {
	sc.t.Helper()
	sc.send("\x15" + password + "\r") // ctrl+u empties the field first
}

// TestWelcomeLogInIsGuarded: the welcome screen's log-in form, which any
// newcomer reaches, checks passwords through the same guard as SSH: wrong
// passwords typed there are logged and counted, they count against the
// SSH password path and the other way round, and a try that must wait
// says so at the password field, keeping what was typed.
func TestWelcomeLogInIsGuarded(t *testing.T) {
	ts := startServer(t)
	ts.stopClock()
	ts.user("alice")
	sc := newcomerLogIn(t, ts, "127.0.0.1")
	sc.send("\x15alice\twrong password\r")
	for i := range freeFailures {
		ts.logLines("wrong password", i+1)
		if i+1 < freeFailures {
			sc.retype("wrong password " + string(rune('a'+i)))
		}
	}
	sc.wait("Wrong username or password.")
	for _, l := range ts.logLines("wrong password", freeFailures) {
		if !strings.Contains(l, "user=alice") || !strings.Contains(l, "addr=127.0.0.1") {
			t.Errorf("a wrong password typed in the form is logged without its account and address: %q", l)
		}
	}
	// One more through SSH: the address and the account are past their
	// free failures, whichever way the passwords came.
	if _, err := dial(t, ts.addr, "alice", gossh.Password("wrong over ssh")); err == nil {
		t.Fatal("a wrong password let alice in")
	}
	sc.retype(testPassword)
	sc.wait("Too many wrong passwords; try again in")
	if scr := sc.text(); !strings.Contains(scr, "alice") || strings.Count(scr, "•") != len(testPassword) {
		t.Errorf("what was typed is gone after a refused try:\n%s", scr)
	}
	ts.logLines("password try refused: too many failures", 1)
	if _, err := dial(t, ts.addr, "alice", gossh.Password(testPassword)); err == nil {
		t.Error("over SSH the right password was checked though the address must wait")
	}
}

// TestWelcomeLogInTakesACheckSlot: a password typed in the form waits for
// one of the server's few check slots like any other.
func TestWelcomeLogInTakesACheckSlot(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.PasswordChecks = 1 })
	ts.user("alice")
	sc := newcomerLogIn(t, ts, "127.0.0.1")
	ts.srv.guard.slots <- struct{}{} // the one checker is busy
	sc.send("\x15alice\t" + testPassword + "\r")
	sc.wait("One moment")
	time.Sleep(300 * time.Millisecond)
	if scr := sc.text(); strings.Contains(scr, "1 Feed") {
		t.Fatalf("the form's password was checked while every checker was busy:\n%s", scr)
	}
	<-ts.srv.guard.slots
	sc.wait("1 Feed", "alice")
}

// TestBusyIsNoWrongPassword: a try that found every checker busy is
// logged as such, not as a wrong password, and is not counted.
func TestBusyIsNoWrongPassword(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.PasswordChecks = 1 })
	ts.srv.guard.tune(func(g *guard) { g.queueWait = 100 * time.Millisecond })
	ts.user("alice")
	ts.srv.guard.slots <- struct{}{}
	for range freeFailures + 1 {
		if _, err := dial(t, ts.addr, "alice", gossh.Password(testPassword)); err == nil {
			t.Fatal("a password was checked while every checker was busy")
		}
	}
	ts.logLines("every checker was busy", freeFailures+1)
	if strings.Contains(ts.logs.String(), "wrong password") {
		t.Errorf("a try that was never checked is logged as a wrong password:\n%s", ts.logs)
	}
	<-ts.srv.guard.slots
	if _, err := dial(t, ts.addr, "alice", gossh.Password(testPassword)); err != nil {
		t.Errorf("the right password once a checker is free: %v", err)
	}
}

// TestBurstOfTries: tries that arrive together are counted as they start,
// not as their checks end: a burst of guesses over many connections, all
// waiting for the one checker, gets the checks of the free failures and
// one more; the rest are refused at once.
func TestBurstOfTries(t *testing.T) {
	const burst = 25
	ts := startServer(t, func(c *Config) { c.PasswordChecks, c.MaxConnectionsPerAddr = 1, 2*burst })
	ts.stopClock()
	ts.user("alice")
	ts.srv.guard.slots <- struct{}{} // the checker is busy while the burst comes
	var wg sync.WaitGroup
	for range burst {
		wg.Go(func() {
			if _, err := dial(t, ts.addr, "alice", gossh.Password("a guess")); err == nil {
				t.Error("a guess let alice in")
			}
		})
	}
	ts.logLines("password try refused", burst-freeFailures-1)
	<-ts.srv.guard.slots
	wg.Wait()
	if n := len(ts.logLines("wrong password", 0)); n != freeFailures+1 {
		t.Errorf("a burst of %d guesses had %d checked, want %d", burst, n, freeFailures+1)
	}
}

// TestStrangerCannotLockOwnerOut: wrong passwords for alice from one
// address keep that address waiting, not alice: from an address that has
// not failed, her right password is taken.
func TestStrangerCannotLockOwnerOut(t *testing.T) {
	ts := startServer(t)
	ts.stopClock()
	ts.user("alice")
	for range 2 * freeFailures {
		if _, err := dialFrom(t, "127.0.0.2", ts.addr, "alice", gossh.Password("a guess")); err == nil {
			t.Fatal("a guess let alice in")
		}
	}
	ts.logLines("password try refused", 1)
	c, err := dialFrom(t, "127.0.0.1", ts.addr, "alice", gossh.Password(testPassword))
	if err != nil {
		t.Fatalf("alice's right password from her own address was refused: %v\n%s", err, ts.logs)
	}
	if out, _, code := runCmd(t, c, "", "whoami"); code != 0 || !strings.Contains(out, "@alice") {
		t.Errorf("whoami: %q, %d", out, code)
	}
	if _, err := dialFrom(t, "127.0.0.2", ts.addr, "alice", gossh.Password(testPassword)); err == nil {
		t.Error("the guessing address was let in before its wait was over")
	}
}

// TestLogNamesTheAccount: the log names the account a connection is, not
// the SSH user name it gave, and names it one way however it was spelt;
// "@alice" is alice.
func TestLogNamesTheAccount(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	c := mustDial(t, ts.addr, "nosuchuser", gossh.PublicKeys(ts.key("alice")))
	if out, _, code := runCmd(t, c, "", "whoami"); code != 0 || !strings.Contains(out, "@alice") {
		t.Fatalf("whoami with alice's key as nosuchuser: %q, %d", out, code)
	}
	for _, l := range ts.logLines("command", 1) {
		if m := logUser.FindStringSubmatch(l); m == nil || m[1] != "alice" {
			t.Errorf("a command of alice's is logged as another user: %q", l)
		}
	}
	spellings := []string{" alice ", "ａｌｉｃｅ", "@alice"}
	for _, name := range spellings {
		if _, err := dial(t, ts.addr, name, gossh.Password("wrong")); err == nil {
			t.Fatalf("a wrong password let %q in", name)
		}
	}
	for _, l := range ts.logLines("wrong password", len(spellings)) {
		if m := logUser.FindStringSubmatch(l); m == nil || m[1] != "alice" {
			t.Errorf("a wrong password for alice is logged under another name: %q", l)
		}
	}
	c = mustDial(t, ts.addr, "@alice", gossh.Password(testPassword))
	if out, _, code := runCmd(t, c, "", "whoami"); code != 0 || !strings.Contains(out, "@alice") {
		t.Errorf("whoami as @alice: %q, %d", out, code)
	}
}

// TestGivenUpTryLetsNoOneIn: a try whose client left while it waited for
// a checker is an error, never a sign-in of no one.
func TestGivenUpTryLetsNoOneIn(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.PasswordChecks = 1 })
	ts.user("alice")
	ts.srv.guard.slots <- struct{}{}
	defer func() { <-ts.srv.guard.slots }()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if u, err := ts.srv.login(ctx, "127.0.0.1", "alice", "alice", testPassword, "test"); err == nil {
		t.Errorf("a try given up while it waited: user %+v and no error", u)
	}
}
