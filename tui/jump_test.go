package tui

import (
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// TestJumpUnreadGoesThroughWhatIsUnread: alt+a opens the conversation
// unread the longest, the next one on each press; with every message
// read, the unseen notifications; with those seen, the friend requests.
func TestJumpUnreadGoesThroughWhatIsUnread(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	lt := startTerm(t, Options{Service: e.svc, User: &alice}, 120, 40)
	lt.waitText("Chat (")

	// Unread, oldest last message first: dave (2 days), erin (4 hours),
	// carol (30 minutes), bob (now).
	for _, who := range []string{"│ Dave Larsen @dave", "│ Erin Chen @erin", "│ Carol Silva @carol", "│ Bob Okafor @bob"} {
		lt.keys("alt+a")
		lt.waitText(who)
	}
	lt.waitFor("no unread badge on the Chat tab", func(s string) bool { return !strings.Contains(s, "Chat (") })

	post, err := e.svc.CreatePost(e.ctx, alice.ID, model.NewPost{Type: model.Thoughts, Content: "like me"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Like(e.ctx, bob.ID, post.ID); err != nil {
		t.Fatal(err)
	}
	lt.waitText("N 1")
	lt.keys("alt+a")
	lt.waitText("› Notifications", "● ♥  Bob Okafor @bob liked your post") // the list loaded, not the toast
	lt.keys("esc")
	lt.waitFor("the notification seen", func(s string) bool { return !strings.Contains(s, "N 1") })

	lt.keys("alt+a")
	lt.waitText("@mallory", "@grace")
}
