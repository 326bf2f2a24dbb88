package ssh

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage/storetest"
)

// Sign-up over SSH as the server takes new accounts: closed, by invite,
// a bound per address.

// signUpScreen opens the welcome screen of a newcomer named name.
func signUpScreen(t *testing.T, ts *testServer, name string) *screen {
	t.Helper()
	return openTUI(t, mustDial(t, ts.addr, name, gossh.PublicKeys(newKey(t))), 100, 30)
}

// TestSignUpClosed: on a closed server a newcomer is told so and how to
// get in, gets no sign-up form (not even with ctrl+n), and can still log
// in with an account's password; a command says the same.
func TestSignUpClosed(t *testing.T) {
	ts := startServerWith(t, serverDB(t, t.TempDir()+"/ssh.db"), []model.Option{model.WithSignUpRules(model.SignUpRules{Mode: model.SignUpClosed})})
	ts.user("alice")
	sc := signUpScreen(t, ts, "newbie")
	sc.wait("takes no new accounts", "log in with its password", "SSH key registered to it", "Log in")
	sc.send("\x0e") // ctrl+n
	time.Sleep(200 * time.Millisecond)
	if scr := sc.text(); strings.Contains(scr, "Sign up") || strings.Contains(scr, "E-mail") {
		t.Fatalf("a closed server shows a sign-up form:\n%s", scr)
	}
	sc.send("\x15alice\t" + testPassword + "\r")
	sc.wait("1 Feed", "alice")

	c := mustDial(t, ts.addr, "nobody", gossh.PublicKeys(newKey(t)))
	if _, errOut, code := runCmd(t, c, "", "feed"); code != 1 || !strings.Contains(errOut, "takes no new accounts") {
		t.Errorf("a newcomer's command on a closed server: %q, %d", errOut, code)
	}
}

// TestSignUpByInvite: on an invite server the sign-up form asks for the
// code; a wrong one is said at its field and keeps what was typed, and
// counts as a failed try of the address; the right one signs up, once
// per use.
func TestSignUpByInvite(t *testing.T) {
	ts := startServerWith(t, serverDB(t, t.TempDir()+"/ssh.db"), []model.Option{model.WithSignUpRules(model.SignUpRules{Mode: model.SignUpInvite})})
	ts.stopClock()
	code, _, err := ts.op.CreateInvite(context.Background(), 1, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	sc := signUpScreen(t, ts, "newbie")
	sc.wait("Sign up", "Invite code", "newbie")
	sc.send("newbie@example.com\t" + testPassword + "\tWRONG-CODE-0000\r")
	sc.wait("That invite code is not valid")
	if scr := sc.text(); !strings.Contains(scr, "newbie@example.com") || !strings.Contains(scr, "WRONG-CODE-0000") {
		t.Errorf("what was typed is gone after a wrong code:\n%s", scr)
	}
	ts.logLines("wrong invite code", 1)
	sc.send("\x15" + strings.ToLower(code) + "\r") // the code field has the focus
	sc.wait("1 Feed", "newbie")

	again := signUpScreen(t, ts, "second")
	again.wait("Invite code")
	again.send("second@example.com\t" + testPassword + "\t" + code + "\r")
	again.wait("That invite code is not valid")
	// Guessing codes is throttled as guessing passwords is.
	for i := range freeFailures {
		again.send(fmt.Sprintf("\x15GUESS-%04d\r", i))
		ts.logLines("wrong invite code", 3+i)
	}
	again.send("\x15ANOTHER-GUESS\r")
	again.wait("Too many wrong tries from your address")
}

// TestSignUpTakesACheckSlot: a sign-up's password hash waits for one of
// the server's few check slots, as a login's check does.
func TestSignUpTakesACheckSlot(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.PasswordChecks = 1 })
	sc := signUpScreen(t, ts, "newbie")
	sc.wait("Sign up", "newbie")
	ts.srv.guard.slots <- struct{}{}
	sc.send("newbie@example.com\t" + testPassword + "\r")
	sc.wait("One moment")
	time.Sleep(300 * time.Millisecond)
	if scr := sc.text(); strings.Contains(scr, "1 Feed") {
		t.Fatalf("the sign-up was hashed while every checker was busy:\n%s", scr)
	}
	<-ts.srv.guard.slots
	sc.wait("1 Feed", "newbie")
}

// TestSignUpsPerAddressAcrossInstances: two servers on one PostgreSQL
// database count one address's sign-ups together: past the bound, the
// next newcomer is told why, whichever instance they reach.
func TestSignUpsPerAddressAcrossInstances(t *testing.T) {
	url := storetest.PostgresURL(t)
	rules := model.SignUpRules{PerHour: 2}
	a := startServerWith(t, serverDB(t, url), []model.Option{model.WithSignUpRules(rules)}, func(c *Config) { c.Instance = "a" })
	b := startServerWith(t, serverDB(t, url), []model.Option{model.WithSignUpRules(rules)}, func(c *Config) { c.Instance = "b" })
	for i, ts := range []*testServer{a, b, a} {
		name := fmt.Sprintf("newbie%d", i)
		sc := signUpScreen(t, ts, name)
		sc.wait("Sign up", name)
		sc.send(name + "@example.com\t" + testPassword + "\r")
		if i < rules.PerHour {
			sc.wait("1 Feed", name)
			continue
		}
		sc.wait("2 accounts were made from your address in the last hour", "try again later.")
		if scr := sc.text(); !strings.Contains(scr, name+"@example.com") {
			t.Errorf("what was typed is gone after a refused sign-up:\n%s", scr)
		}
	}
	a.logLines("too many accounts from the address", 1)
}
