package tui

import (
	"strings"
	"testing"
	"time"
)

// ended reports whether the session's program ends within d, leaving its
// outcome for stop.
func (lt *liveTerm) ended(d time.Duration) bool {
	select {
	case err := <-lt.done:
		lt.done <- err
		return true
	case <-time.After(d):
		return false
	}
}

// TestEscLeavesOneLevelAndQAsks: 3 / gr esc esc q used to end the
// session (and, over SSH, the connection): the first esc leaves the
// field, the second the search, and q on the tab asks before it quits;
// any other key keeps the session, q then y ends it.
func TestEscLeavesOneLevelAndQAsks(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	lt := startTerm(t, Options{Service: e.svc, User: &alice, Remote: true}, 100, 30)
	lt.waitText("1 Feed", "live")
	lt.keys("3")
	lt.waitText("Suggestions")
	lt.keys("/")
	lt.waitText("Find people")
	lt.typeText("gr")
	lt.waitText("› gr")
	lt.keys("esc")
	lt.waitText("/ search") // the field let go: the tab's own keys are back
	lt.keys("esc")
	lt.waitFor("the search closed", func(s string) bool { return !strings.Contains(s, "Find people") })
	lt.keys("q")
	lt.waitText("Quit numeneon?", "This ends your SSH session.")
	if lt.ended(200 * time.Millisecond) {
		t.Fatal("3 / gr esc esc q ended the session")
	}
	lt.keys("x") // anything but y or q keeps it
	lt.waitFor("the question gone", func(s string) bool { return !strings.Contains(s, "Quit numeneon?") })
	if lt.ended(200 * time.Millisecond) {
		t.Fatal("x after q ended the session")
	}
	lt.keys("q")
	lt.waitText("Quit numeneon?")
	lt.keys("y")
	if !lt.ended(10 * time.Second) {
		t.Fatalf("q then y did not end the session; the screen shows:\n%s", lt.screen())
	}
}

// TestQuitAsksWithADraft: a local session quits at q, unless something
// typed was not sent; q twice then quits.
func TestQuitAsksWithADraft(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	lt := startTerm(t, Options{Service: e.svc, User: &alice}, 100, 30)
	lt.waitText("1 Feed", "live")
	lt.keys("n")
	lt.waitText("New post")
	lt.typeText("half a thought")
	lt.keys("esc")
	lt.waitFor("the composer closed", func(s string) bool { return !strings.Contains(s, "New post") })
	lt.keys("q")
	lt.waitText("Quit numeneon?", "kept as a draft")
	if lt.ended(200 * time.Millisecond) {
		t.Fatal("q with a draft ended the session at once")
	}
	lt.keys("q")
	if !lt.ended(10 * time.Second) {
		t.Fatalf("q twice did not end the session; the screen shows:\n%s", lt.screen())
	}

	again := startTerm(t, Options{Service: e.svc, User: &alice}, 100, 30)
	again.waitText("1 Feed", "live")
	// The draft was kept, and comes back: the question again.
	again.keys("n")
	again.waitText("half a thought")
	again.keys("esc")
	again.waitFor("the composer closed", func(s string) bool { return !strings.Contains(s, "New post") })
	again.keys("q")
	again.waitText("Quit numeneon?")
	again.keys("y")
	if !again.ended(10 * time.Second) {
		t.Fatal("q y did not end the session")
	}
}
