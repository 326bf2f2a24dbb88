package ssh

import (
	"strings"
	"testing"
)

func TestCommandFriends(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob, carol := e.user("alice", "Alice"), e.user("bob", "Bob"), e.user("carol", "")

	if got := e.ok(alice, "befriend", "bob"); got != "asked @bob to be your friend\n" {
		t.Errorf("befriend = %q", got)
	}
	if got := e.ok(carol, "befriend", "@alice"); got != "asked @alice to be your friend\n" {
		t.Errorf("befriend @alice = %q", got)
	}
	if got, want := e.ok(alice, "requests"), "incoming @carol · 3m ago\noutgoing @bob · Bob · 3m ago\n"; got != want {
		t.Errorf("requests = %q, want %q", got, want)
	}
	var reqs struct {
		Requests []requestJSON `json:"requests"`
	}
	decode(t, e.ok(bob, "requests", "--json"), &reqs)
	if len(reqs.Requests) != 1 || reqs.Requests[0].Direction != "incoming" || reqs.Requests[0].User.Username != "alice" ||
		reqs.Requests[0].ID == 0 || !reqs.Requests[0].CreatedAt.Equal(cmdNow) {
		t.Errorf("bob's requests --json = %+v", reqs)
	}
	e.fails(alice, ExitError, "You have asked already; the request is pending.", "befriend", "bob")
	e.fails(alice, ExitError, "You cannot befriend yourself.", "befriend", "alice")
	e.fails(alice, ExitError, `There is no user "nobody".`, "befriend", "nobody")
	e.fails(alice, ExitError, "@bob has not asked you to be friends.", "accept", "bob")
	e.fails(alice, ExitError, "@bob has not asked you to be friends.", "decline", "@bob")
	e.fails(alice, ExitError, `There is no user "nobody".`, "accept", "nobody")

	var rel relationJSON
	decode(t, e.ok(bob, "accept", "--json", "alice"), &rel)
	if rel != (relationJSON{User: userJSON{ID: alice.ID, Username: "alice", DisplayName: "Alice"}, Status: "friends"}) {
		t.Errorf("accept --json = %+v", rel)
	}
	if got := e.ok(alice, "decline", "carol"); got != "declined @carol's request\n" {
		t.Errorf("decline = %q", got)
	}
	if got := e.ok(alice, "requests"); got != "" {
		t.Errorf("requests after answering them = %q", got)
	}
	decode(t, e.ok(alice, "requests", "--json"), &reqs)
	if reqs.Requests == nil || len(reqs.Requests) != 0 {
		t.Errorf("no requests --json = %+v", reqs)
	}
	e.fails(alice, ExitError, "You are friends already.", "befriend", "bob")

	// Asking someone who had asked already makes friends at once.
	e.ok(carol, "befriend", "bob")
	if got := e.ok(bob, "befriend", "carol"); got != "@carol had asked you too: you are friends now\n" {
		t.Errorf("befriend back = %q", got)
	}
	if got, want := e.ok(bob, "friends"), "@carol · since 2026-11-25\n@alice · Alice · since 2026-11-25\n"; got != want &&
		got != "@alice · Alice · since 2026-11-25\n@carol · since 2026-11-25\n" {
		t.Errorf("friends = %q, want %q", got, want)
	}
	var fr struct {
		Friends []friendJSON `json:"friends"`
	}
	decode(t, e.ok(alice, "friends", "--json"), &fr)
	if len(fr.Friends) != 1 || fr.Friends[0].User.ID != bob.ID || !fr.Friends[0].Since.Equal(cmdNow) {
		t.Errorf("friends --json = %+v", fr)
	}

	if got := e.ok(alice, "unfriend", "@bob"); got != "you and @bob are no longer friends\n" {
		t.Errorf("unfriend = %q", got)
	}
	e.fails(alice, ExitError, "You are not friends.", "unfriend", "bob")
	e.fails(alice, ExitError, `There is no user "nobody".`, "unfriend", "nobody")
	if got := e.ok(alice, "friends"); got != "" {
		t.Errorf("friends after unfriending = %q", got)
	}
	decode(t, e.ok(alice, "friends", "--json"), &fr)
	if fr.Friends == nil || len(fr.Friends) != 0 {
		t.Errorf("no friends --json = %+v", fr)
	}
	decode(t, e.ok(alice, "befriend", "--json", "bob"), &rel)
	if rel.Status != "requested" || rel.User.ID != bob.ID {
		t.Errorf("befriend --json = %+v", rel)
	}
	decode(t, e.ok(bob, "decline", "alice", "--json"), &rel)
	if rel.Status != "declined" || rel.User.ID != alice.ID {
		t.Errorf("decline --json = %+v", rel)
	}

	for _, name := range []string{"befriend", "accept", "decline", "unfriend"} {
		e.fails(alice, ExitUsage, name+": missing arguments\nusage: "+name+" [--json] USER\n", name)
		e.fails(alice, ExitUsage, name+": too many arguments", name, "bob", "carol")
	}
	e.fails(alice, ExitUsage, "friends: too many arguments", "friends", "bob")
}

func TestCommandDM(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob := e.user("alice", "Alice"), e.user("bob", "Bob")
	carol := e.user("carol", "")

	if got := e.ok(alice, "dm", "bob", "hi", "bob"); got != "sent to @bob\n" {
		t.Errorf("dm = %q", got)
	}
	o := e.run(alice, "are you there?\n", "dm", "@bob", "-")
	if o.code != 0 || o.stdout != "sent to @bob\n" {
		t.Errorf("dm - : %+v", o)
	}
	var m messageJSON
	decode(t, e.ok(carol, "dm", "--json", "bob", "hello from carol"), &m)
	if m.ID == 0 || m.SenderID != carol.ID || m.ReceiverID != bob.ID || m.Content != "hello from carol" || m.IsRead || !m.CreatedAt.Equal(cmdNow) {
		t.Errorf("dm --json = %+v", m)
	}

	got := e.ok(bob, "inbox")
	// Both conversations end at the same moment; either may come first.
	for _, want := range []string{
		"@alice · Alice · 2 unread · 3m ago\n  @alice: are you there?\n",
		"@carol · 1 unread · 3m ago\n  @carol: hello from carol\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("bob's inbox =\n%s\nwant in it\n%s", got, want)
		}
	}
	if got := e.ok(alice, "inbox"); got != "@bob · Bob · 0 unread · 3m ago\n  you: are you there?\n" {
		t.Errorf("alice's inbox = %q", got)
	}
	var inbox struct {
		Conversations []conversationJSON `json:"conversations"`
	}
	decode(t, e.ok(alice, "inbox", "--json"), &inbox)
	if len(inbox.Conversations) != 1 || inbox.Conversations[0].With.ID != bob.ID || inbox.Conversations[0].Unread != 0 ||
		inbox.Conversations[0].LastMessage.Content != "are you there?" || inbox.Conversations[0].LastMessage.SenderID != alice.ID {
		t.Errorf("inbox --json = %+v", inbox)
	}
	decode(t, e.ok(e.user("dave", ""), "inbox", "--json"), &inbox)
	if inbox.Conversations == nil || len(inbox.Conversations) != 0 {
		t.Errorf("empty inbox --json = %+v", inbox)
	}

	// The inbox shows a long message on one line, cut.
	e.ok(alice, "dm", "bob", strings.Repeat("long ", 100)+"\nsecond line")
	if got := e.ok(alice, "inbox"); !strings.Contains(got, "  you: "+strings.Repeat("long ", 19)+"long…\n") {
		t.Errorf("a long last message in the inbox: %q", got)
	}

	e.fails(alice, ExitError, "Write a message first.", "dm", "bob", "  ")
	e.failsIn(alice, "\n\n", ExitError, "Write a message first.", "dm", "bob", "-")
	e.fails(alice, ExitError, "A message can be at most 4000 characters (this one has 4001).", "dm", "bob", strings.Repeat("m", 4001))
	e.failsIn(alice, strings.Repeat("m", MaxStdin+1), ExitError, "Standard input is over 64 KiB", "dm", "bob", "-")
	e.fails(alice, ExitError, "You cannot message yourself.", "dm", "alice", "me")
	e.fails(alice, ExitError, `There is no user "nobody".`, "dm", "nobody", "hi")
	e.fails(alice, ExitUsage, "dm: missing USER\nusage: dm [--json] USER TEXT...\n", "dm")
	e.fails(alice, ExitUsage, "dm: missing TEXT", "dm", "bob")
	e.fails(alice, ExitUsage, "inbox: too many arguments", "inbox", "bob")
}
