package tui

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
)

// memTokens is a TokenStore in memory.
type memTokens struct {
	mu    sync.Mutex
	token string
}

func (m *memTokens) Load() (string, error) { m.mu.Lock(); defer m.mu.Unlock(); return m.token, nil }
func (m *memTokens) Save(t string) error   { m.mu.Lock(); defer m.mu.Unlock(); m.token = t; return nil }
func (m *memTokens) Delete() error         { m.mu.Lock(); defer m.mu.Unlock(); m.token = ""; return nil }

// TestWelcomeErrorsAtTheField: a wrong password is said at the password
// field, a bad e-mail at the e-mail field, and nothing typed is lost; a
// sign-up signs in, and the sign-in is remembered until log out.
func TestWelcomeErrorsAtTheField(t *testing.T) {
	e := newTestEnv(t)
	e.user("bob")
	tokens := &memTokens{}
	lt := startTerm(t, Options{Service: e.svc, Tokens: tokens, Now: func() time.Time { return testNow }}, 100, 30)
	lt.waitText("Log in", "Username or e-mail")
	lt.typeText("bob")
	lt.keys("tab")
	lt.typeText("not the password")
	lt.keys("enter")
	lt.waitText("Wrong username or password.")
	if s := lt.screen(); !strings.Contains(s, "bob") {
		t.Errorf("the username typed is gone after a failed login:\n%s", s)
	}
	lt.keys("ctrl+n") // to sign up: the username carries over
	lt.waitText("Sign up", "E-mail")
	lt.keys("tab")
	lt.typeText("zoë@example.com")
	lt.keys("tab")
	lt.typeText("a good password")
	lt.waitFor("the sign-up's password, and only it, in its field", func(s string) bool {
		return strings.Count(s, "•") == len("a good password")
	})
	lt.keys("enter")
	lt.waitText("is not a valid email") // the rest wraps to the next line
	lt.waitFor("the e-mail's error on the line under the e-mail", func(s string) bool {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if strings.Contains(l, "E-mail") && i+1 < len(lines) {
				return strings.Contains(lines[i+1], "not a valid email")
			}
		}
		return false
	})
	if s := lt.screen(); !strings.Contains(s, "zoë@example.com") || !strings.Contains(s, "bob") {
		t.Errorf("what was typed is gone after a refused sign-up:\n%s", s)
	}
	// The username is taken: said at the username.
	for range len("zoë@example.com") {
		lt.keys("backspace")
	}
	lt.typeText("zoe@example.com")
	lt.keys("enter")
	lt.waitText("That username is taken.") // and the username field has the focus
	lt.typeText("2")
	lt.keys("enter")
	lt.waitText("NUMENEON", "1 Feed", "bob2", "live")
	lt.waitFor("the sign-in remembered", func(string) bool { tok, _ := tokens.Load(); return tok != "" })
	tok, _ := tokens.Load()
	if u, err := e.svc.ResumeSession(e.ctx, tok); err != nil || u.Username != "bob2" {
		t.Errorf("the remembered token resumes %+v, %v", u, err)
	}

	// Another run resumes without asking; :logout forgets it.
	lt.stop()
	again := startTerm(t, Options{Service: e.svc, Tokens: tokens}, 100, 30)
	again.waitText("1 Feed", "bob2")
	again.keys(":")
	again.typeText("logout")
	again.keys("enter")
	again.waitText("Log in")
	again.waitFor("the sign-in forgotten", func(string) bool { tok, _ := tokens.Load(); return tok == "" })
	if _, err := e.svc.ResumeSession(e.ctx, tok); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("the token still works after logging out: %v", err)
	}
}

// TestTooSmall: below 80×24 the screen says how big it must be.
func TestTooSmall(t *testing.T) {
	e := newTestEnv(t)
	u := e.user("alice")
	lt := startTerm(t, Options{Service: e.svc, User: &u}, 60, 20)
	lt.waitText("at least 80×24", "this one is 60×20")
}

// TestIdleSessionIsSilent: a signed-in session that nobody touches
// handles no message and writes nothing: nothing ticks, nothing redraws.
func TestIdleSessionIsSilent(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	lt := startTerm(t, Options{Service: e.svc, User: &alice}, 120, 40)
	lt.waitText("1 Feed", "alice", "◉ live")
	lt.waitFor("the feed loaded", func(s string) bool { return !strings.Contains(s, "Loading") })
	if msgs, bytes := lt.idle(2 * time.Second); msgs != 0 || bytes != 0 {
		t.Errorf("an idle session handled %d messages and wrote %d bytes in 2s", msgs, bytes)
	}
	// A live event wakes it: a message from bob shows as a toast and a badge.
	bob := e.user("bob")
	if _, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "are you there?"); err != nil {
		t.Fatal(err)
	}
	lt.waitText("bob: are you there?")
	lt.waitFor("the unread badge", func(s string) bool { return strings.Contains(s, "4 Chat (") })
}

// TestSSHKeyOffer: a person who came over SSH with an unregistered key and
// logged in with a password is asked, on the bottom line, whether to
// register it; the answer keys show even at 80 columns, and y registers it.
func TestSSHKeyOffer(t *testing.T) {
	e := newTestEnv(t)
	alice := e.user("alice")
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := gossh.NewPublicKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub)))
	lt := startTerm(t, Options{Service: e.svc, User: &alice, SSHKey: line}, 80, 24)
	lt.waitText("y yes · n no", "Register the SSH key")
	lt.keys("y")
	lt.waitText("registered")
	keys, err := e.svc.SSHKeys(e.ctx, alice.ID)
	if err != nil || len(keys) != 1 || keys[0].Fingerprint != gossh.FingerprintSHA256(pub) {
		t.Fatalf("alice's keys after yes: %+v, %v", keys, err)
	}
	if strings.Contains(lt.screen(), "y yes · n no") {
		t.Errorf("the question stays after the answer:\n%s", lt.screen())
	}
}

// TestSignUpFormFirst: an SSH newcomer gets the sign-up form with the
// name filled in and the e-mail next.
func TestSignUpFormFirst(t *testing.T) {
	e := newTestEnv(t)
	lt := startTerm(t, Options{Service: e.svc, Username: "newbie", SignUp: true}, 80, 24)
	lt.waitText("Sign up", "newbie")
	lt.typeText("newbie@example.com")
	lt.waitText("newbie@example.com")
	if strings.Contains(lt.screen(), "newbienewbie") {
		t.Errorf("the e-mail went into the name:\n%s", lt.screen())
	}
}

// TestClosedAccountEndsTheSession: an account closed while its session is
// open ends the session with a reason to tell the person, as does one
// closed before its session subscribed to its events; neither saves
// drafts it can no longer keep.
func TestClosedAccountEndsTheSession(t *testing.T) {
	e := newTestEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	lt := startTerm(t, Options{Service: e.svc, User: &alice, Now: func() time.Time { return testNow }}, 100, 30)
	lt.waitText("1 Feed", "◉ live")
	if _, _, err := e.op.SetActive(e.ctx, "alice", false); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-lt.done:
		lt.done <- err
	case <-time.After(10 * time.Second):
		t.Fatalf("the session did not end; the screen shows:\n%s", lt.screen())
	}
	if why := lt.p.App.Farewell(); !strings.Contains(why, "Your account was deactivated") {
		t.Errorf("the session ended saying %q", why)
	}

	if _, _, err := e.op.SetActive(e.ctx, "bob", false); err != nil {
		t.Fatal(err)
	}
	lt = startTerm(t, Options{Service: e.svc, User: &bob, Now: func() time.Time { return testNow }}, 100, 30)
	select {
	case err := <-lt.done:
		lt.done <- err
	case <-time.After(10 * time.Second):
		t.Fatalf("the session of a closed account did not end; the screen shows:\n%s", lt.screen())
	}
	if why := lt.p.App.Farewell(); why != "Your account is deactivated." {
		t.Errorf("the session of a closed account ended saying %q", why)
	}
}

// TestSignInRefused: a sign-in that OnSignIn refuses leaves the session on
// the welcome screen with the reason, and what was typed: after a sign-up
// the account is made, so the log-in form shows, filled; once a place is
// free, enter signs in.
func TestSignInRefused(t *testing.T) {
	e := newTestEnv(t)
	var full atomic.Bool
	full.Store(true)
	onSignIn := func(model.User) error {
		if full.Load() {
			return model.Errorf(model.EFORBIDDEN, "numeneon is full right now; try again in a few minutes.")
		}
		return nil
	}
	lt := startTerm(t, Options{Service: e.svc, Username: "newbie", SignUp: true, OnSignIn: onSignIn}, 100, 30)
	lt.waitText("Sign up", "newbie")
	lt.typeText("newbie@example.com")
	lt.keys("tab")
	lt.typeText("a good password")
	lt.keys("enter")
	lt.waitText("Log in", "Your account newbie is made.", "numeneon is full right now")
	lt.waitFor("the username and the password in the log-in form", func(s string) bool {
		return strings.Contains(s, "newbie") && strings.Count(s, "•") == len("a good password")
	})
	full.Store(false)
	lt.keys("enter")
	lt.waitText("1 Feed", "newbie")
}

// TestTooSmallDropsKeys: what is typed on the "too small" screen does not
// reach the field hidden under it, nor does a paste.
func TestTooSmallDropsKeys(t *testing.T) {
	e := newTestEnv(t)
	a := New(e.ctx, Options{Service: e.svc})
	settle(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: 60, Height: 20})
	if !strings.Contains(a.Frame().Content, "at least 80×24") {
		t.Fatalf("60×20 does not say it is too small:\n%s", a.Frame().Content)
	}
	typeText(t, a, "secret")
	send(t, a, tea.PasteMsg{Content: "pasted"})
	send(t, a, tea.WindowSizeMsg{Width: 100, Height: 30})
	if got := a.welcome.fields()[0].in.Value(); got != "" {
		t.Errorf("the hidden field took %q", got)
	}
	typeText(t, a, "alice")
	if got := a.welcome.fields()[0].in.Value(); got != "alice" {
		t.Errorf("at 100×30 the field holds %q, want alice", got)
	}
}
