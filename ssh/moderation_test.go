package ssh

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
)

// TestDeactivatedAccountSessionsEnd: the operator closes alice's account
// from another process's handle on the database (the command line); her
// open session on the server ends at once with a message, bob's goes on,
// and her key no longer lets her in.
func TestDeactivatedAccountSessionsEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ssh.db")
	ts := startServerOn(t, serverDB(t, path))
	ts.user("alice")
	ts.user("bob")
	aliceKey, bobKey := ts.key("alice"), ts.key("bob")
	alice := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(aliceKey)), 100, 30)
	bob := openTUI(t, mustDial(t, ts.addr, "bob", gossh.PublicKeys(bobKey)), 100, 30)
	alice.wait("1 Feed", "◉ live")
	bob.wait("1 Feed", "◉ live")

	operator := model.NewOperator(serverDB(t, path))
	if _, _, err := operator.SetActive(context.Background(), "alice", false); err != nil {
		t.Fatal(err)
	}
	alice.end()
	alice.wait("numeneon: Your account was deactivated")
	bob.send("2")
	bob.wait("bob") // bob's session still answers
	if _, err := dial(t, ts.addr, "alice", gossh.PublicKeys(aliceKey)); err == nil {
		t.Error("alice's key still lets her in")
	}
	for deadline := time.Now().Add(5 * time.Second); ts.srv.Sessions() != 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions open, want bob's only", ts.srv.Sessions())
		}
	}
}
