package theme

import "testing"

// TestSessionsShareTheirLook: the sessions of one theme point at one look;
// a session that changes its theme (in place, as the App does) shows the
// other, and every other session keeps its own.
func TestSessionsShareTheirLook(t *testing.T) {
	a, b, light := New(true), New(true), New(false)
	if a.Look != b.Look || a.Look == light.Look {
		t.Fatalf("two dark sessions look through %p and %p, a light one through %p", a.Look, b.Look, light.Look)
	}
	*a = *New(false)
	if !b.Dark || a.Dark || a.Look != light.Look {
		t.Errorf("after one session went light: it is dark %v, the other dark %v", a.Dark, b.Dark)
	}
	if b.Body.GetForeground() == a.Body.GetForeground() {
		t.Errorf("both sessions write text in %v", a.Body.GetForeground())
	}
}
