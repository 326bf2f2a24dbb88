package tui

import (
	"bytes"
	"crypto/ed25519"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
)

// testKeyLine is an authorized_keys line of an Ed25519 key made from
// seed, the same in every run (goldens show its fingerprint).
func testKeyLine(t testing.TB, seed byte, comment string) (line, fingerprint string) {
	t.Helper()
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
	pk, err := ssh.NewPublicKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	line = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk)))
	if comment != "" {
		line += " " + comment
	}
	return line, ssh.FingerprintSHA256(pk)
}

// storedKeys are the fingerprints of u's keys in the database.
func (e *testEnv) storedKeys(u model.User) []string {
	e.t.Helper()
	keys, err := e.svc.SSHKeys(e.ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	var fps []string
	for _, k := range keys {
		fps = append(fps, k.Fingerprint)
	}
	return fps
}

func TestKeySettingsAddAndRemove(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	p := openProfile(t, e, alice, alice, 80, 24)
	if !slices.ContainsFunc(p.ShortHelp(), func(b key.Binding) bool {
		return slices.Contains(b.Keys(), "K")
	}) {
		t.Error("K is not in the own profile's help line")
	}

	// K opens the screen: empty, it says how to add one.
	press(t, p, "K")
	if p.keys == nil || !p.Typing() {
		t.Fatal("K did not open the SSH keys screen")
	}
	mustShow(t, p, "SSH keys", "A registered key lets ssh alice@<this server> straight in, without a password.",
		"No SSH keys yet. Paste the contents of ~/.ssh/id_ed25519.pub with a.")
	checkSize(t, p.View(), 80, 24-chrome)

	// a, a paste (bracketed, with the .pub file's line break), enter: the
	// key is stored and listed.
	line, fp := testKeyLine(t, 1, "alice@laptop")
	press(t, p, "a")
	mustShow(t, p, "Paste a public key")
	send(t, p, tea.PasteMsg{Content: line + "\n"})
	if got := p.keys.in.Value(); got != line {
		t.Fatalf("the field holds %q", got)
	}
	press(t, p, "enter")
	if got := e.storedKeys(alice); !slices.Equal(got, []string{fp}) {
		t.Fatalf("stored %v, want %s", got, fp)
	}
	if p.keys.adding {
		t.Error("the field is still open after the key was added")
	}
	mustShow(t, p, "Added ssh-ed25519 "+fp, "ssh-ed25519", "alice@laptop", "added Nov 25, 2026", fp)
	mustNotShow(t, p, "No SSH keys yet")

	// The same key again is refused with the model's message at the
	// field, and what was pasted stays.
	_, dupErr := e.svc.AddSSHKey(e.ctx, alice.ID, line)
	if model.ErrorCode(dupErr) != model.ECONFLICT {
		t.Fatalf("a duplicate: %v", dupErr)
	}
	press(t, p, "a")
	send(t, p, tea.PasteMsg{Content: line})
	press(t, p, "enter")
	mustShow(t, p, model.ErrorMessage(dupErr))
	if !p.keys.adding || p.keys.in.Value() != line {
		t.Errorf("after a refused duplicate: open %v, field %q", p.keys.adding, p.keys.in.Value())
	}
	// Bob's session cannot take it either.
	if _, err := e.svc.AddSSHKey(e.ctx, bob.ID, line); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("Bob registered Alice's key: %v", err)
	}

	// Garbage is refused, kept, and typing clears the error.
	press(t, p, "esc")
	if p.keys.adding || p.keys.in.Value() != "" {
		t.Fatal("esc did not close and empty the field")
	}
	press(t, p, "a")
	typeText(t, p, "not a key at all")
	press(t, p, "enter")
	mustShow(t, p, "That is not a public key", "not a key at all")
	if got := e.storedKeys(alice); len(got) != 1 {
		t.Errorf("garbage changed the keys: %v", got)
	}
	typeText(t, p, "!")
	mustNotShow(t, p, "That is not a public key")

	// Several lines at once are refused at the field.
	press(t, p, "esc", "a")
	other, _ := testKeyLine(t, 2, "")
	send(t, p, tea.PasteMsg{Content: line + "\n" + other + "\n"})
	mustShow(t, p, "Paste one public key at a time")
	if p.keys.in.Value() != "" {
		t.Errorf("a paste of two keys went in: %q", p.keys.in.Value())
	}

	// A second key, pasted without pressing a first.
	press(t, p, "esc")
	send(t, p, tea.PasteMsg{Content: other})
	press(t, p, "enter")
	_, otherFP := testKeyLine(t, 2, "")
	if got := e.storedKeys(alice); !slices.Equal(got, []string{fp, otherFP}) {
		t.Fatalf("stored %v", got)
	}
	mustShow(t, p, "(no comment)", otherFP)
	if p.keys.sel.Index() != 1 {
		t.Errorf("the new key is not selected: %d", p.keys.sel.Index())
	}

	// d asks first: n keeps the key; x then y removes the selected one.
	press(t, p, "k", "d")
	mustShow(t, p, "Remove the key "+fp+"?", "ssh with it will no longer sign you in.")
	checkSize(t, p.View(), 80, 24-chrome)
	press(t, p, "n")
	if got := e.storedKeys(alice); len(got) != 2 {
		t.Fatalf("n removed a key: %v", got)
	}
	mustNotShow(t, p, "Remove the key")
	press(t, p, "x", "y")
	if got := e.storedKeys(alice); !slices.Equal(got, []string{otherFP}) {
		t.Fatalf("after x, y: %v", got)
	}
	mustShow(t, p, "Removed the key "+fp, otherFP)
	mustNotShow(t, p, "alice@laptop")

	// Gone meanwhile (another session removed it): the model says so.
	if err := e.svc.RemoveSSHKey(e.ctx, alice.ID, otherFP); err != nil {
		t.Fatal(err)
	}
	press(t, p, "d", "y")
	mustShow(t, p, "There is no key "+otherFP, "No SSH keys yet")

	// esc goes back to the profile.
	press(t, p, "esc")
	if p.keys != nil || p.Typing() {
		t.Fatal("esc did not close the screen")
	}
	mustShow(t, p, "Posts and wall")

	// Someone else's profile has no K.
	ofBob := openProfile(t, e, alice, bob, 80, 24)
	if press(t, ofBob, "K"); ofBob.keys != nil {
		t.Error("K opened the keys screen on Bob's profile")
	}
}

func TestKeySettingsLoadError(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	p := openProfile(t, e, alice, alice, 80, 24)
	e.db.Close()
	press(t, p, "K")
	mustShow(t, p, "Could not load your keys", "ctrl+r to try again")
	press(t, p, "q")
	if p.keys != nil {
		t.Error("q did not close the screen")
	}
}

// keysScreen is alice's own profile with the SSH keys screen open.
func keysScreen(t *testing.T, c *Common) *profile {
	p := newProfile(c, c.User.ID).(*profile)
	p.SetSize(c.Width, c.Height-chrome)
	settle(t, p, p.Init())
	p.Focus()
	press(t, p, "K")
	return p
}

func TestKeySettingsScreen(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	for i, comment := range []string{"alice@laptop", "", "work yubikey — 5C NFC"} {
		line, _ := testKeyLine(t, byte(i+1), comment)
		if _, err := e.svc.AddSSHKey(e.ctx, alice.ID, line); err != nil {
			t.Fatal(err)
		}
	}
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := keysScreen(t, c)
		press(t, p, "j")
		return framed(c, tabProfile, p, false)
	}, e, alice)
}

func TestKeySettingsAddErrorScreen(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	goldenScreens(t, func(t *testing.T, c *Common) string {
		p := keysScreen(t, c)
		press(t, p, "a")
		typeText(t, p, "ssh-ed25519 AAAAnot-really")
		press(t, p, "enter")
		return framed(c, tabProfile, p, false)
	}, e, alice)
}
