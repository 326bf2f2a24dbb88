package tui

import (
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// TestPoserShowsUsername: a stranger who calls himself Bob Okafor, as
// alice's friend bob does, writes to her and likes her post. Wherever his
// name shows without his profile around it (the chat list, the
// notifications, the toast of the event) his @username shows too, even
// when he pads his name to push it out of sight.
func TestPoserShowsUsername(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	padded := "Okafor" + strings.Repeat("\u2800", 120) // braille blanks: visible, and wide
	for i, last := range []string{"Okafor", padded} {
		handle := []string{"@bob_okafor", "@okafor"}[i]
		poser, err := e.svc.SignUp(e.ctx, model.SignUp{Username: handle[1:], Email: handle[1:] + "@example.com",
			Password: "a password 1", FirstName: "Bob", LastName: last})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SendMessage(e.ctx, poser.ID, alice.ID, "it's me, bob, new account"); err != nil {
			t.Fatal(err)
		}
		posts, err := e.svc.UserPosts(e.ctx, alice.ID, alice.ID, model.Page{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range posts {
			if p.Author.ID == alice.ID && !p.LikedByViewer {
				if _, err := e.svc.ToggleLike(e.ctx, poser.ID, p.ID); err != nil {
					t.Fatal(err)
				}
				break
			}
		}

		chat, _ := startChat(t, e, alice, 80, 24)
		if l := listLine(chat, handle); !strings.Contains(l, "Bob ") {
			t.Errorf("the chat list has no line with the poser's name and %s:\n%s", handle, shown(chat))
		}
		notices, _ := startNotices(t, e, alice, 80, 24)
		if l := lineWith(notices, handle+" liked your post"); !strings.Contains(l, "Bob ") {
			t.Errorf("the notifications have no line with the poser's name and %s:\n%s", handle, shown(notices))
		}
		if got := named(poser.Summary()) + " liked your post"; !strings.Contains(got, handle+" liked") {
			t.Errorf("the toast of the poser's like is %q", got)
		}
	}
	// bob himself, whose name is his own, keeps his @username too: the
	// two are told apart by it.
	if got := named(e.user("bob").Summary()); got != "Bob Okafor @bob" {
		t.Errorf("bob is named %q", got)
	}
}
