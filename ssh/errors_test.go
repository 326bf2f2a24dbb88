package ssh

import (
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestInternalErrorsAreLoggedWithAReference: a failure of ours, in a TUI
// session or a script command, is logged with the session, the account
// and what it was doing, and the person is shown the log line's reference.
func TestInternalErrorsAreLoggedWithAReference(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice")))
	sc := openTUI(t, c, 100, 30)
	sc.wait("1 Feed", "◉ live")
	ts.db.Close()
	sc.send("3") // the friends pane loads its lists, from a database that is gone
	sc.wait("(ref ")
	refIn := regexp.MustCompile(`\(ref ([A-Z0-9]{8})\)`)
	m := refIn.FindStringSubmatch(sc.text())
	if m == nil {
		t.Fatalf("no reference on the screen:\n%s", sc.text())
	}
	ts.logged(t, m[1], "internal error", "session=", "user=alice", "account=alice", "op=tui.", "database is closed")

	_, stderr, code := runCmd(t, c, "", "feed")
	m = refIn.FindStringSubmatch(stderr)
	if code != ExitError || m == nil {
		t.Fatalf("feed on a closed database: status %d, %q", code, stderr)
	}
	ts.logged(t, m[1], "internal error", "session=", "user=alice", "command=feed", "database is closed")
}

// logged waits for the log line of ref and checks that it says each of
// wants.
func (ts *testServer) logged(t *testing.T, ref string, wants ...string) {
	t.Helper()
	var line string
	for deadline := time.Now().Add(5 * time.Second); line == ""; time.Sleep(10 * time.Millisecond) {
		for _, l := range strings.Split(ts.logs.String(), "\n") {
			if strings.Contains(l, "ref="+ref) {
				line = l
			}
		}
		if line == "" && time.Now().After(deadline) {
			t.Fatalf("no log line has ref %s:\n%s", ref, ts.logs.String())
		}
	}
	for _, want := range wants {
		if !strings.Contains(line, want) {
			t.Errorf("the log line of ref %s does not say %q: %s", ref, want, line)
		}
	}
}
