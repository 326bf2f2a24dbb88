package ssh

import (
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestLonelyConnectionsClosed: a connection that never signs in, one that
// signs in and opens no session, and one whose last session ended (quit,
// or closed by the client) are closed after the no-session timeout; one
// with a session open is not.
func TestLonelyConnectionsClosed(t *testing.T) {
	const timeout = 300 * time.Millisecond
	ts := startServer(t, func(c *Config) { c.NoSessionTimeout = timeout })
	ts.user("alice")
	key := ts.key("alice")

	raw, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.Copy(io.Discard, raw); err != nil {
		t.Errorf("a connection that never began the handshake was not closed: %v", err)
	}

	signedIn := mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
	waitClosed(t, signedIn, 10*time.Second)

	used := mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
	sc := openTUI(t, used, 100, 30)
	sc.wait("1 Feed")
	time.Sleep(3 * timeout)
	if _, _, code := runCmd(t, used, "", "whoami"); code != 0 {
		t.Errorf("a connection with a session open was closed")
	}
	sc.send("qy") // q on a tab asks over SSH; y quits
	sc.end()
	waitClosed(t, used, 10*time.Second)

	left := mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
	sc = openTUI(t, left, 100, 30)
	sc.wait("1 Feed")
	sc.sess.Close() // the client closes its session, not the connection
	waitSessions(t, ts, 0)
	waitClosed(t, left, 10*time.Second)
	waitConnections(t, ts, 0)
}

// waitClosed waits until the server has closed c.
func waitClosed(t testing.TB, c *gossh.Client, within time.Duration) {
	t.Helper()
	if err := clientClosed(c, within, "in "+t.Name()); err != nil {
		t.Fatal(err)
	}
}

// clientClosed waits for the server to close c.
func clientClosed(c *gossh.Client, within time.Duration, when string) error {
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case <-done:
		return nil
	case <-time.After(within):
		return fmt.Errorf("the server did not close a connection %s within %v", when, within)
	}
}

// TestConnectionLimits: connections past the limit of one address, or of
// the server, are refused with a message; a place freed is taken again.
func TestConnectionLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  func(*Config)
		why  string
	}{
		{"per address", func(c *Config) { c.MaxConnectionsPerAddr = 2 }, "Too many connections from your address"},
		{"in all", func(c *Config) { c.MaxConnections = 2 }, "numeneon is full"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t, tc.cfg)
			ts.user("alice")
			key := ts.key("alice")
			first := mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
			// A connection that has not signed in counts as well.
			second, err := net.Dial("tcp", ts.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer second.Close()
			waitConnections(t, ts, 2)
			third, err := net.Dial("tcp", ts.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer third.Close()
			third.SetReadDeadline(time.Now().Add(10 * time.Second))
			said, _ := io.ReadAll(third)
			if !strings.Contains(string(said), tc.why) || strings.Contains(string(said), "SSH-2.0") {
				t.Errorf("the connection past the limit was told %q", said)
			}
			first.Close()
			waitConnections(t, ts, 1)
			again := mustDial(t, ts.addr, "alice", gossh.PublicKeys(key))
			if out, _, _ := runCmd(t, again, "", "whoami"); !strings.Contains(out, "@alice") {
				t.Errorf("whoami once a place was free: %q", out)
			}
		})
	}
}

// TestChannelsPerConnection: one connection opens at most a few sessions
// at once.
func TestChannelsPerConnection(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice")))
	var opened int
	for range maxChannelsPerConn + 5 {
		s, err := c.NewSession()
		if err != nil {
			var open *gossh.OpenChannelError
			if !asOpenError(err, &open) || open.Reason != gossh.ResourceShortage {
				t.Fatalf("a session refused with %v", err)
			}
			continue
		}
		defer s.Close()
		opened++
	}
	if opened != maxChannelsPerConn {
		t.Errorf("%d sessions open on one connection, want %d", opened, maxChannelsPerConn)
	}
}

func asOpenError(err error, target **gossh.OpenChannelError) bool {
	e, ok := err.(*gossh.OpenChannelError)
	if ok {
		*target = e
	}
	return ok
}

// TestNewcomersApart: newcomers (not signed in) have a room of their own,
// bounded in all and per address, and filling it keeps no signed-in
// person out; nor does a full room of signed-in people keep newcomers out.
func TestNewcomersApart(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxSessions = 1; c.MaxNewcomers = 2; c.MaxNewcomersPerAddr = 5 })
	ts.user("alice")
	ts.user("bob")
	for i := range 2 {
		sc := openTUI(t, mustDial(t, ts.addr, fmt.Sprintf("newbie%d", i), gossh.PublicKeys(newKey(t))), 100, 30)
		sc.wait("Sign up")
	}
	c := mustDial(t, ts.addr, "newbie9", gossh.PublicKeys(newKey(t)))
	if _, errOut, code := runCmd(t, c, "", ""); code != 1 || !strings.Contains(errOut, "full") {
		t.Errorf("a third newcomer: %q, %d", errOut, code)
	}
	alice := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice"))), 100, 30)
	alice.wait("1 Feed")
	c = mustDial(t, ts.addr, "bob", gossh.PublicKeys(ts.key("bob")))
	if _, errOut, code := runCmd(t, c, "", "whoami"); code != 1 || !strings.Contains(errOut, "full") {
		t.Errorf("bob past the signed-in limit: %q, %d", errOut, code)
	}

	ts = startServer(t, func(c *Config) { c.MaxNewcomersPerAddr = 1 })
	sc := openTUI(t, mustDial(t, ts.addr, "newbie", gossh.PublicKeys(newKey(t))), 100, 30)
	sc.wait("Sign up")
	c = mustDial(t, ts.addr, "newbie2", gossh.PublicKeys(newKey(t)))
	if _, errOut, code := runCmd(t, c, "", ""); code != 1 || !strings.Contains(errOut, "your address") {
		t.Errorf("a second newcomer from one address: %q, %d", errOut, code)
	}
}

// TestSignInOnWelcomeCounted: a newcomer who logs in through the welcome
// screen is counted as that person: past the person's limit the log in is
// refused on the screen, with what was typed kept, and goes through once
// a place is free.
func TestSignInOnWelcomeCounted(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxSessionsPerUser = 1 })
	ts.user("alice")
	first := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice"))), 100, 30)
	first.wait("1 Feed")
	sc := openTUI(t, mustDial(t, ts.addr, "stranger", gossh.PublicKeys(newKey(t))), 100, 30)
	sc.wait("Sign up")
	sc.send("\x0e") // ctrl+n: the log-in form
	sc.wait("Log in")
	sc.send("\x15alice\t" + testPassword + "\r") // ctrl+u empties the field
	sc.wait("sessions open already", "alice")
	first.send("qy")
	first.end()
	sc.send("\r")
	sc.wait("1 Feed", "alice")
}
