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
	before, start := lt.frames.Load(), time.Now()
	lt.typeText(strings.Repeat("abcdefghij", 30))
	lt.waitText("300/500")
	// However slow the machine, the frames are at most those the rate
	// allows in the time the keys took (and a few that were under way).
	allowed := framesAtOnce + int64(framesPerSecond*time.Since(start).Seconds()) + 2
	if frames := lt.frames.Load() - before; frames > allowed {
		t.Errorf("300 keys typed at once were drawn in %d frames (the rate allows %d)", frames, allowed)
	}
}
