package ssh

import (
	"fmt"
	"strings"
	"testing"
)

// TestCommandConversation: conversation USER prints the newest messages
// with USER oldest first (plain and --json, --limit), edited ones marked;
// edit-message and delete-message change one's own only.
func TestCommandConversation(t *testing.T) {
	e := newCmdEnv(t)
	alice, bob := e.user("alice", "Alice"), e.user("bob", "Bob")
	carol := e.user("carol", "")
	e.ok(alice, "dm", "bob", "hi bob")
	e.ok(bob, "dm", "alice", "hey alice\n\nhow are you?\x1b[2J")
	e.ok(alice, "dm", "bob", "fine, thanks")

	var doc struct {
		With     userJSON      `json:"with"`
		Messages []messageJSON `json:"messages"`
	}
	decode(t, e.ok(alice, "conversation", "--json", "bob"), &doc)
	if doc.With.ID != bob.ID || len(doc.Messages) != 3 || doc.Messages[0].Content != "hi bob" || doc.Messages[2].Content != "fine, thanks" {
		t.Fatalf("conversation --json = %+v", doc)
	}
	first, second := doc.Messages[0], doc.Messages[1]
	if first.EditedAt != nil {
		t.Errorf("a message never edited has edited_at %v", first.EditedAt)
	}

	want := fmt.Sprintf("#%d you · 3m ago\n  hi bob\n#%d @bob · 3m ago\n  hey alice\n  how are you?\n#%d you · 3m ago\n  fine, thanks\n",
		first.ID, second.ID, doc.Messages[2].ID)
	if got := e.ok(alice, "conversation", "@bob"); got != want {
		t.Errorf("conversation =\n%s\nwant\n%s", got, want)
	}
	if got := e.ok(alice, "conversation", "bob", "--limit", "1"); got != fmt.Sprintf("#%d you · 3m ago\n  fine, thanks\n", doc.Messages[2].ID) {
		t.Errorf("conversation --limit 1 = %q", got)
	}

	// edit-message: one's own only; conversation marks it.
	if got := e.ok(alice, "edit-message", fmt.Sprint(first.ID), "hi", "bob!"); got != fmt.Sprintf("edited #%d\n", first.ID) {
		t.Errorf("edit-message = %q", got)
	}
	if got := e.ok(bob, "conversation", "alice", "--limit", "3"); !strings.HasPrefix(got, fmt.Sprintf("#%d @alice · 3m ago · edited\n  hi bob!\n", first.ID)) {
		t.Errorf("bob's conversation after the edit:\n%s", got)
	}
	var m messageJSON
	decode(t, e.ok(alice, "edit-message", "--json", fmt.Sprintf("#%d", first.ID), "hi bob!!"), &m)
	if m.Content != "hi bob!!" || m.EditedAt == nil {
		t.Errorf("edit-message --json = %+v", m)
	}
	e.fails(bob, ExitError, "You can only edit your own messages.", "edit-message", fmt.Sprint(first.ID), "mine now")
	e.fails(carol, ExitError, fmt.Sprintf("Message %d not found.", first.ID), "edit-message", fmt.Sprint(first.ID), "mine now")
	e.fails(alice, ExitError, "Write a message first.", "edit-message", fmt.Sprint(first.ID), " ")
	e.fails(alice, ExitUsage, `edit-message: "x" is not a message id`, "edit-message", "x", "text")
	e.fails(alice, ExitUsage, "edit-message: missing TEXT", "edit-message", fmt.Sprint(first.ID))

	// delete-message: one's own only; it leaves the conversation.
	e.fails(alice, ExitError, "You can only delete your own messages.", "delete-message", fmt.Sprint(second.ID))
	if got := e.ok(alice, "delete-message", fmt.Sprint(first.ID)); got != fmt.Sprintf("deleted #%d\n", first.ID) {
		t.Errorf("delete-message = %q", got)
	}
	if got := e.ok(bob, "conversation", "alice"); strings.Contains(got, "hi bob") {
		t.Errorf("the deleted message is still in the conversation:\n%s", got)
	}
	e.fails(alice, ExitError, fmt.Sprintf("Message %d not found.", first.ID), "delete-message", fmt.Sprint(first.ID))

	decode(t, e.ok(carol, "conversation", "--json", "alice"), &doc)
	if doc.Messages == nil || len(doc.Messages) != 0 {
		t.Errorf("an empty conversation --json = %+v", doc)
	}
	e.fails(alice, ExitUsage, "conversation: missing arguments", "conversation")
	e.fails(alice, ExitUsage, "conversation: --limit must be between 1 and 100", "conversation", "bob", "--limit", "0")
	e.fails(alice, ExitError, `There is no user "nobody".`, "conversation", "nobody")
}
