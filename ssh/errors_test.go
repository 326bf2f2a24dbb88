package ssh

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestInternalErrorsAreLoggedWithAReference: a failure of ours in a TUI
// session is logged with the session, the account and what it was doing,
// and the person is shown the log line's reference.
func TestInternalErrorsAreLoggedWithAReference(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	sc := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice"))), 100, 30)
	sc.wait("1 Feed", "◉ live")
	ts.db.Close()
	sc.send("3") // the friends pane loads its lists, from a database that is gone
	sc.wait("(ref ")
	scr := sc.text()
	i := strings.Index(scr, "(ref ")
	ref := scr[i+5 : i+13]
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(ts.logs.String(), "ref="+ref); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no log line has ref %s:\n%s", ref, ts.logs.String())
		}
	}
	for _, l := range strings.Split(ts.logs.String(), "\n") {
		if strings.Contains(l, "ref="+ref) {
			for _, want := range []string{"internal error", "session=", "user=alice", "op=tui.", "database is closed"} {
				if !strings.Contains(l, want) {
					t.Errorf("the log line of ref %s does not say %q: %s", ref, want, l)
				}
			}
		}
	}
}
