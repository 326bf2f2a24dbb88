package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// TestWalk goes through the program as a newcomer would, then as a daily
// user: sign up, post, get a reply, reply and like, befriend, message both
// ways, edit and delete a message, read the notifications, change a
// setting and find it again after a restart, share a friend's post. The
// other
// side is bob, writing through a second Service on a second connection to
// the same database, as another program would; what he does arrives live.
func TestWalk(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	bobDB, err := storage.Open(ctx, e.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bobDB.Close() })
	bobSvc := model.NewService(bobDB, model.WithHasher(model.Hasher{Iterations: 1000}))
	bob, err := bobSvc.SignUp(ctx, model.SignUp{Username: "bob", Email: "bob@example.com", Password: "correct horse", FirstName: "Bob"})
	if err != nil {
		t.Fatal(err)
	}

	lt := startTerm(t, Options{Service: e.svc}, 120, 40)
	lt.waitText("Log in")
	lt.keys("ctrl+n")
	lt.waitText("Sign up")
	lt.typeText("zed")
	lt.keys("tab")
	lt.typeText("zed@example.com")
	lt.keys("tab")
	lt.typeText("a long password")
	lt.keys("tab")
	lt.typeText("Zed")
	lt.keys("enter")
	lt.waitText("1 Feed", "● zed", "live")
	zed, err := e.op.UserByUsername(ctx, "zed")
	if err != nil {
		t.Fatal(err)
	}

	// A first post.
	lt.keys("n")
	lt.waitText("New post")
	lt.typeText("hello numeneon")
	lt.keys("ctrl+s")
	lt.waitText("Posted")
	lt.waitText("1 Feed", "hello numeneon")
	posts, err := bobSvc.UserPosts(ctx, bob.ID, zed.ID, model.Page{})
	if err != nil || len(posts) != 1 || posts[0].Content != "hello numeneon" {
		t.Fatalf("zed's posts as bob sees them: %+v, %v", posts, err)
	}
	first := posts[0]

	// Bob replies; zed hears of it, opens the post, replies and likes.
	if _, err := bobSvc.CreatePost(ctx, bob.ID, model.NewPost{Content: "welcome, zed!", ParentID: &first.ID}); err != nil {
		t.Fatal(err)
	}
	lt.waitText("Bob @bob replied to you")
	lt.keys("enter")
	lt.waitText("welcome, zed!")
	lt.keys("j") // to bob's reply
	lt.keys("f")
	lt.waitFor("the like counted", func(string) bool {
		th, _ := bobSvc.Thread(ctx, bob.ID, first.ID, model.Page{})
		return len(th) == 1 && th[0].LikesCount == 1
	})
	lt.keys("r")
	lt.typeText("thanks bob")
	lt.keys("enter")
	lt.waitFor("zed's reply in the thread", func(string) bool {
		th, _ := bobSvc.Thread(ctx, bob.ID, first.ID, model.Page{})
		return len(th) == 2
	})
	lt.waitText("thanks bob")
	for range 3 { // out of the reply field, if it is still open, and the post
		lt.keys("esc")
	}
	lt.waitFor("the feed in front again", func(s string) bool { return !strings.Contains(s, "›") })

	// zed asks bob to be friends; bob accepts; zed sees it.
	lt.keys(":")
	lt.typeText("befriend bob")
	lt.keys("enter")
	lt.waitText("Asked bob to be your friend.")
	reqs, err := bobSvc.FriendRequests(ctx, bob.ID, true)
	if err != nil || len(reqs) != 1 || reqs[0].From.ID != zed.ID {
		t.Fatalf("bob's incoming requests: %+v, %v", reqs, err)
	}
	if err := bobSvc.AcceptFriendRequest(ctx, bob.ID, reqs[0].ID); err != nil {
		t.Fatal(err)
	}
	lt.waitText("Bob @bob and you are friends now")
	lt.keys("3")
	lt.waitText("@bob")

	// Messages both ways.
	lt.keys(":")
	lt.typeText("dm bob")
	lt.keys("enter")
	lt.waitText("Message Bob")
	lt.typeText("hi bob")
	lt.keys("enter")
	lt.waitFor("bob to have zed's message", func(string) bool {
		ms, _ := bobSvc.Messages(ctx, bob.ID, zed.ID, model.Page{})
		return len(ms) == 1 && ms[0].Content == "hi bob"
	})
	if _, err := bobSvc.SendMessage(ctx, bob.ID, zed.ID, "hi zed, good to see you"); err != nil {
		t.Fatal(err)
	}
	lt.waitText("hi zed, good to see you")
	// zed has the conversation open and in front: bob's message is read,
	// and zed's shows bob read it.
	lt.waitFor("bob's message marked read", func(string) bool {
		ms, _ := bobSvc.Messages(ctx, bob.ID, zed.ID, model.Page{})
		return len(ms) == 2 && ms[0].IsRead
	})
	if _, err := bobSvc.MarkConversationRead(ctx, bob.ID, zed.ID); err != nil {
		t.Fatal(err)
	}
	lt.waitFor("the read receipt", func(s string) bool { return strings.Contains(s, "hi bob ✓✓") })

	// zed edits his message (up in the empty input) and deletes it from
	// the selection (shift+up selects bob's newest, up his own); bob's
	// side follows each.
	lt.keys("up")
	lt.typeText(", how are you?")
	lt.keys("enter")
	lt.waitFor("bob to see the edit", func(string) bool {
		ms, _ := bobSvc.Messages(ctx, bob.ID, zed.ID, model.Page{})
		return len(ms) == 2 && ms[1].Content == "hi bob, how are you?"
	})
	lt.waitText("hi bob, how are you?", "(edited)")
	lt.sendBytes("\x1b[1;2A") // shift+up
	lt.keys("up", "d", "y")
	lt.waitFor("the message gone for bob", func(string) bool {
		ms, _ := bobSvc.Messages(ctx, bob.ID, zed.ID, model.Page{})
		return len(ms) == 1 && ms[0].Content == "hi zed, good to see you"
	})
	lt.waitFor("the message gone from zed's screen", func(s string) bool { return !strings.Contains(s, "how are you?") })
	lt.keys("esc", "esc", "esc")

	// The notifications, all marked read with R.
	// (The list's row, "Bob @bob replied: …"; the toast that said
	// "replied to you" may have gone by now.)
	lt.keys("N")
	lt.waitText("› Notifications", "Bob @bob replied: ")
	lt.keys("R")
	lt.waitFor("every notification read", func(string) bool {
		ns, err := e.svc.Notifications(ctx, zed.ID, 0, 50)
		if err != nil || len(ns) == 0 {
			return false
		}
		for _, n := range ns {
			if !n.Read {
				return false
			}
		}
		return true
	})
	lt.keys("esc")

	// The Column chosen at 120 columns (the River's width) comes back
	// after a restart.
	lt.keys("1", "v")
	lt.waitText("Column")
	lt.waitFor("the view kept", func(string) bool {
		set, err := e.svc.Settings(ctx, zed.ID)
		return err == nil && set[model.SettingView] == "column"
	})
	lt.stop()
	again := startTerm(t, Options{Service: e.svc, User: &zed}, 120, 40)
	again.waitText("1 Feed", "Column")

	// bob posts; zed shares it (once, however often b is seen), and it
	// shows in bob's home feed as zed's share.
	news, err := bobSvc.CreatePost(ctx, bob.ID, model.NewPost{Content: "bob's big news"})
	if err != nil {
		t.Fatal(err)
	}
	again.keys("ctrl+r")
	again.waitText("bob's big news")
	again.keys("g") // to the top: with new posts above, g loads them first
	again.idle(0)
	again.keys("b")
	again.waitFor("zed's share counted once and in bob's feed", func(string) bool {
		p, err := bobSvc.Post(ctx, bob.ID, news.ID)
		if err != nil || p.SharesCount != 1 {
			return false
		}
		feed, err := bobSvc.Feed(ctx, bob.ID, model.FeedHome, model.Page{})
		return err == nil && len(feed) > 0 && feed[0].ID == news.ID && feed[0].SharedBy != nil && feed[0].SharedBy.ID == zed.ID
	})
	again.waitText("⇄ 1")
}
