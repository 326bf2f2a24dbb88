package tui

import (
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/numeneon/numeneon/model"
)

// shields is u's blocks and mutes as "kind:name".
func (e *testEnv) shields(u model.User) []string {
	e.t.Helper()
	bs, err := e.svc.Blocks(e.ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, b := range bs {
		out = append(out, string(b.Kind)+":"+b.User.Username)
	}
	return out
}

func wantShields(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("blocks and mutes %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("blocks and mutes %q, want %q", got, want)
		}
	}
}

// TestProfileBlockAndMute: B asks before blocking (n keeps things as
// they are), then blocks; the profile then shows only who they are and
// the block, and every pane is asked to refresh; B again unblocks at once.
// M mutes and unmutes. The one blocked sees the profile unavailable.
func TestProfileBlockAndMute(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	p := openProfile(t, e, alice, bob, 80, 24)
	mustShow(t, p, "✓ Friends", "Posts and wall")
	if got := helpKeys(p.ShortHelp()); !slices.Contains(got, "B block") || !slices.Contains(got, "M mute") {
		t.Errorf("the help line of a friend's profile: %q", got)
	}

	press(t, p, "B")
	mustShow(t, p, "Block Bob Okafor?", "They can't message you")
	checkSize(t, p.View(), 80, 24-chrome)
	if !p.Typing() {
		t.Error("the question does not hold the keys")
	}
	press(t, p, "n")
	mustNotShow(t, p, "Block Bob Okafor?")
	wantShields(t, e.shields(alice))

	only[refreshMsg](t, press(t, p, "B", "y"))
	wantShields(t, e.shields(alice), "block:bob")
	if st := e.state(alice, bob); st != model.FriendNone {
		t.Errorf("after the block: %v, want no friendship", st)
	}
	send(t, p, refreshMsg{})
	mustShow(t, p, "⊘ Blocked", "Blocked Bob Okafor: neither of you", "You blocked Bob Okafor", "B unblocks")
	mustNotShow(t, p, "Posts and wall", "Backend plumber", "Lagos")
	if len(p.posts) != 0 {
		t.Errorf("the blocked profile still holds %d posts", len(p.posts))
	}
	if got := helpKeys(p.ShortHelp()); !slices.Contains(got, "B unblock") || slices.Contains(got, "a befriend") {
		t.Errorf("the help line of a blocked profile: %q", got)
	}

	// The one blocked sees nothing of alice's.
	q := openProfile(t, e, bob, alice, 80, 24)
	mustShow(t, q, "Unavailable", "This profile is unavailable")
	mustNotShow(t, q, "Chat-over-SSH devotee", "Posts and wall")
	press(t, q, "a")
	mustShow(t, q, "You can't befriend alice.")

	only[refreshMsg](t, press(t, p, "B")) // no question to unblock
	wantShields(t, e.shields(alice))
	send(t, p, refreshMsg{})
	mustShow(t, p, "Unblocked Bob Okafor.", "Not friends", "Posts and wall")

	only[refreshMsg](t, press(t, p, "M"))
	wantShields(t, e.shields(alice), "mute:bob")
	send(t, p, refreshMsg{})
	mustShow(t, p, "Muted Bob Okafor: their posts", "Not friends · Muted", "Posts and wall")
	if got := helpKeys(p.ShortHelp()); !slices.Contains(got, "M unmute") {
		t.Errorf("the help line of a muted profile: %q", got)
	}
	only[refreshMsg](t, press(t, p, "M"))
	wantShields(t, e.shields(alice))
}

// TestBlocksList: the list shows whom one blocks and mutes, newest first;
// enter opens a profile; d lifts the selected one at once and the list
// (and every pane) loads again.
func TestBlocksList(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, mallory := e.user("alice"), e.user("bob"), e.user("mallory")
	p := newBlocks(e.common(alice, 80, 24, true)).(*blocks)
	p.SetSize(80, 24-chrome)
	settle(t, p, p.Init())
	mustShow(t, p, "Blocked and muted", "You block and mute no one.")

	if err := e.svc.Block(e.ctx, alice.ID, mallory.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Mute(e.ctx, alice.ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	send(t, p, refreshMsg{})
	mustShow(t, p, "Bob Okafor @bob", "◌ muted", "Mallory Haddad @mallory", "⊘ blocked")
	// (The test's clock stands still: both are as new, the later account first.)
	if got := only[openProfileMsg](t, press(t, p, "enter")); got.userID != mallory.ID {
		t.Errorf("enter opened %d, want mallory (%d)", got.userID, mallory.ID)
	}
	press(t, p, "j")
	only[refreshMsg](t, press(t, p, "d"))
	wantShields(t, e.shields(alice), "block:mallory")
	send(t, p, refreshMsg{})
	mustShow(t, p, "Unmuted Bob Okafor.", "Mallory Haddad")
	mustNotShow(t, p, "Bob Okafor @bob")
	only[refreshMsg](t, press(t, p, "x"))
	send(t, p, refreshMsg{})
	mustShow(t, p, "Unblocked Mallory Haddad.", "You block and mute no one.")
}

func TestBlocksScreen(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	for _, name := range []string{"mallory", "oscar"} {
		if err := e.svc.Block(e.ctx, alice.ID, e.user(name).ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.svc.Mute(e.ctx, alice.ID, e.user("bob").ID); err != nil {
		t.Fatal(err)
	}
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := newBlocks(c)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		return framed(c, tabFeed, p, true)
	}, e, alice)
}

func TestProfileBlockedScreen(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	if err := e.svc.Block(e.ctx, alice.ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := newProfile(c, bob.ID)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		p.Focus()
		return framed(c, tabProfile, p, true)
	}, e, alice)
}

func TestProfileBlockQuestionScreen(t *testing.T) {
	e := newSampleEnv(t)
	carol := e.user("carol")
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := newProfile(c, carol.ID)
		p.SetSize(c.Width, c.Height-chrome)
		settle(t, p, p.Init())
		p.Focus()
		press(t, p, "B")
		return framed(c, tabProfile, p, true)
	}, e, e.user("alice"))
}

// helpKeys is each binding as the help line shows it: "key what".
func helpKeys(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Help().Key+" "+b.Help().Desc)
	}
	return out
}

// TestChatAcrossABlock: the conversation with someone blocked says why it
// cannot open, without offering to try again, and a message typed to them
// is refused at the field and kept.
func TestChatAcrossABlock(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	if err := e.svc.Block(e.ctx, alice.ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	p, r := startChat(t, e, alice, 120, 40)
	settle(t, r, p.Focus())
	if l := listLine(p, "Bob Okafor"); l != "" {
		t.Errorf("the conversation with bob, blocked, is listed: %q", l)
	}
	send(t, r, openChatMsg{with: bob.Summary()})
	mustShow(t, p, "You blocked bob; unblock them first.")
	mustNotShow(t, p, "try again", "ping me when you")
	typeText(t, r, "are you there?")
	press(t, r, "enter")
	if got := convText(p); !strings.Contains(got, "are you there?") || strings.Count(got, "You blocked bob; unblock them first.") != 2 {
		t.Errorf("after sending to bob, blocked:\n%s", shown(p))
	}
}
