package tui

import (
	"strings"
	"testing"
	"time"
)

// TestBurstDrawnTogether: a burst of keys (a paste typed out, a flood) is
// drawn in a few frames, not one per key, and the screen ends showing all
// of it.
func TestBurstDrawnTogether(t *testing.T) {
	e := newSampleEnv(t)
	alice := e.user("alice")
	lt := startTerm(t, Options{Service: e.svc, User: &alice}, 100, 30)
	lt.waitText("1 Feed", "live")
	lt.keys("n")
	lt.waitText("New post", "0/500")
	lt.idle(time.Millisecond)
	before := lt.frames.Load()
	lt.typeText(strings.Repeat("abcdefghij", 30))
	lt.waitText("300/500")
	if frames := lt.frames.Load() - before; frames > 60 {
		t.Errorf("300 keys typed at once were drawn in %d frames", frames)
	}
}
