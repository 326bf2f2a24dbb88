package ssh

import (
	"testing"
)

func TestCommandBlocks(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob, carol := e.user("alice", "Alice"), e.user("bob", "Bob"), e.user("carol", "")
	e.friends(alice, bob)
	e.post(bob, "bob's post")

	if got := e.ok(alice, "block", "@bob"); got != "blocked @bob: neither of you can reach the other or see the other's posts\n" {
		t.Errorf("block = %q", got)
	}
	if got := e.ok(alice, "friends"); got != "" {
		t.Errorf("friends after blocking the only one = %q", got)
	}
	if got := e.ok(alice, "feed", "--everyone"); got != "" {
		t.Errorf("everyone's feed shows bob, blocked: %q", got)
	}
	e.fails(bob, ExitError, "You can't message alice.", "dm", "alice", "hi")
	e.fails(bob, ExitError, "You can't befriend alice.", "befriend", "alice")
	e.fails(alice, ExitError, "You blocked bob; unblock them first.", "dm", "bob", "hi")
	e.fails(alice, ExitError, "You blocked bob already.", "block", "bob")
	e.fails(alice, ExitError, "You cannot block yourself.", "block", "alice")
	e.fails(alice, ExitError, `There is no user "nobody".`, "mute", "nobody")

	var rel relationJSON
	decode(t, e.ok(alice, "mute", "--json", "carol"), &rel)
	if rel != (relationJSON{User: userJSON{ID: carol.ID, Username: "carol", DisplayName: "carol"}, Status: "muted"}) {
		t.Errorf("mute --json = %+v", rel)
	}
	// Both at the same moment: the later account first.
	if got, want := e.ok(alice, "blocks"), "muted @carol · 3m ago\nblocked @bob · Bob · 3m ago\n"; got != want {
		t.Errorf("blocks = %q, want %q", got, want)
	}
	var list struct {
		Blocks []blockJSON `json:"blocks"`
	}
	decode(t, e.ok(alice, "blocks", "--json"), &list)
	if len(list.Blocks) != 2 || list.Blocks[1] != (blockJSON{User: userJSON{ID: bob.ID, Username: "bob", DisplayName: "Bob"}, Kind: "block", Since: cmdNow}) ||
		list.Blocks[0].Kind != "mute" || list.Blocks[0].User.ID != carol.ID {
		t.Errorf("blocks --json = %+v", list)
	}

	if got := e.ok(alice, "unmute", "carol"); got != "unmuted @carol\n" {
		t.Errorf("unmute = %q", got)
	}
	decode(t, e.ok(alice, "unblock", "bob", "--json"), &rel)
	if rel.Status != "unblocked" || rel.User.ID != bob.ID {
		t.Errorf("unblock --json = %+v", rel)
	}
	e.fails(alice, ExitError, "You have not blocked bob.", "unblock", "bob")
	e.fails(alice, ExitError, "You have not muted carol.", "unmute", "carol")
	if got := e.ok(alice, "blocks"); got != "" {
		t.Errorf("blocks after lifting them = %q", got)
	}
	decode(t, e.ok(alice, "blocks", "--json"), &list)
	if list.Blocks == nil || len(list.Blocks) != 0 {
		t.Errorf("no blocks --json = %+v", list)
	}
	if got := e.ok(bob, "dm", "alice", "hi again"); got != "sent to @alice\n" {
		t.Errorf("dm after the unblock = %q", got)
	}

	for _, name := range []string{"block", "unblock", "mute", "unmute"} {
		e.fails(alice, ExitUsage, name+": missing arguments\nusage: "+name+" [--json] USER\n", name)
		e.fails(alice, ExitUsage, name+": too many arguments", name, "bob", "carol")
	}
	e.fails(alice, ExitUsage, "blocks: too many arguments", "blocks", "bob")
}
