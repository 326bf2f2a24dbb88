package tui

import (
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// TestBlockMuteSession runs a whole session as alice: :mute silences
// bob's likes (no toast) but not carol's, nor bob's DMs; :blocks lists him
// and d lifts the mute; :block hides their conversation and silences even
// a DM the web app lets him write; tab completes :unblock from the people
// blocked.
func TestBlockMuteSession(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	posts, err := e.svc.UserPosts(e.ctx, alice.ID, alice.ID, model.Page{})
	if err != nil {
		t.Fatal(err)
	}
	var mine []int64
	for _, p := range posts {
		if p.Author.ID == alice.ID && !p.LikedByViewer {
			mine = append(mine, p.ID)
		}
	}
	likable := func(u model.User) int64 { // a post of alice's that u has not liked yet
		t.Helper()
		for _, id := range mine {
			if p, err := e.svc.Post(e.ctx, u.ID, id); err == nil && !p.LikedByViewer {
				return id
			}
		}
		t.Fatalf("no post of alice's left for %s to like", u.Username)
		return 0
	}
	command := func(lt *liveTerm, cmd string) {
		lt.keys(":")
		lt.waitText("tab completes") // the command line open: ": command" is always on the help line
		lt.typeText(cmd)
		lt.keys("enter")
	}

	lt := startTerm(t, Options{Service: e.svc, User: &alice}, 120, 40)
	lt.waitText("1 Feed", "live")
	command(lt, "mute bob")
	lt.waitText("Muted Bob Okafor:") // a toast, wrapped
	lt.watch("Bob Okafor @bob liked your post")
	if err := e.svc.Like(e.ctx, bob.ID, likable(bob)); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Like(e.ctx, carol.ID, likable(carol)); err != nil {
		t.Fatal(err)
	}
	lt.waitText("Carol Silva @carol liked your post")
	if _, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "muted, not blocked"); err != nil {
		t.Fatal(err)
	}
	lt.waitText("Bob Okafor @bob: muted, not blocked") // a mute leaves DMs alone
	if lt.saw("Bob Okafor @bob liked your post") {
		t.Error("a toast showed the like of bob, whom alice muted")
	}

	command(lt, "blocks")
	lt.waitText("Blocked and muted", "Bob Okafor @bob", "◌ muted")
	lt.keys("d")
	lt.waitText("Unmuted Bob Okafor.", "You block and mute no one.")
	lt.keys("esc")

	command(lt, "block bob")
	lt.waitText("Blocked Bob Okafor:")
	// (The toast of bob's DM from before may show again once the command
	// line closes: what matters is that nothing he sends now does.)
	lt.watch("let me in")
	lt.watch("from the web")
	if _, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "let me in"); model.ErrorMessage(err) != "You can't message alice." {
		t.Errorf("bob, blocked, writes: %v", err)
	}
	// The web app knows no blocks: its DM is written, but not delivered.
	if _, err := e.db.SQL().ExecContext(e.ctx, `INSERT INTO messages_app_message
		(content, is_read, created_at, receiver_id, sender_id, reply_to_story_id) VALUES ('from the web', 0, $1, $2, $3, NULL)`,
		testNow.Format("2006-01-02 15:04:05"), alice.ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SendMessage(e.ctx, carol.ID, alice.ID, "hi alice"); err != nil {
		t.Fatal(err)
	}
	lt.waitText("Carol Silva @carol: hi alice")
	if lt.saw("let me in") || lt.saw("from the web") {
		t.Error("a toast showed a DM of bob, whom alice blocked")
	}
	lt.keys("4")
	lt.waitText("Carol Silva", "hi alice")
	lt.waitFor("the chat without bob", func(s string) bool {
		return !strings.Contains(s, "Bob Okafor") && !strings.Contains(s, "from the web")
	})

	lt.keys(":")
	lt.waitText("tab completes") // the command line open: ": command" is always on the help line
	lt.typeText("unblock b")
	lt.keys("tab")
	lt.waitText(":unblock bob")
	lt.keys("enter")
	lt.waitText("Unblocked Bob Okafor.")
}
