package ssh

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
)

// TestScriptFloodIsRefused: a script sending messages as fast as it can
// over SSH gets the burst through, then "slow down" with exit status 1;
// nothing past the burst is stored.
func TestScriptFloodIsRefused(t *testing.T) {
	budgets := map[model.WriteKind]model.Budget{model.WriteMessage: {PerMinute: 2, Burst: 10}}
	ts := startServerWith(t, serverDB(t, filepath.Join(t.TempDir(), "ssh.db")), []model.Option{model.WithBudgets(budgets)})
	alice := ts.user("alice")
	bob := ts.user("bob")
	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice")))
	sent, refused := 0, 0
	for i := range 25 {
		_, stderr, code := runCmd(t, c, "", fmt.Sprintf("dm bob message %d", i))
		switch {
		case code == 0:
			sent++
		case code == ExitError && strings.Contains(stderr, "Slow down: at most 2 messages a minute. Try again in "):
			refused++
		default:
			t.Fatalf("dm %d: status %d, %q", i, code, stderr)
		}
	}
	msgs, err := ts.svc.Messages(t.Context(), bob.ID, alice.ID, model.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	// A token comes back every 30 s: one may while the commands run.
	if sent < 10 || sent > 11 || refused != 25-sent || len(msgs) != sent {
		t.Errorf("25 DMs in a row: %d sent, %d refused, %d stored", sent, refused, len(msgs))
	}
}
