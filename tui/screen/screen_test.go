package screen

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/vt"
)

// term is a Screen wired to a terminal emulator, with the bytes it wrote.
type term struct {
	*Screen
	out bytes.Buffer
	emu *vt.Emulator
	alt bool
}

func newTerm(w, h int) *term {
	t := &term{emu: vt.NewEmulator(w, h)}
	// The emulator answers queries (the background colour) through a pipe
	// that blocks its writer until someone reads: drain it. The reader
	// stays until the test binary exits, as closing the emulator under a
	// reader is a data race inside vt.
	go io.Copy(io.Discard, t.emu)
	t.emu.SetCallbacks(vt.Callbacks{AltScreen: func(on bool) { t.alt = on }})
	t.Screen = New(&t.out, []string{"TERM=xterm-256color"}, w, h)
	return t
}

// draw draws f and feeds what was written to the emulator; it returns
// how many bytes that was.
func (t *term) draw(tb testing.TB, f Frame) int {
	tb.Helper()
	t.out.Reset()
	if err := t.Draw(f); err != nil {
		tb.Fatal(err)
	}
	n := t.out.Len()
	t.emu.Write(t.out.Bytes())
	return n
}

func (t *term) line(y int) string {
	return strings.TrimRight(strings.Split(t.emu.String(), "\n")[y], " ")
}

func TestDrawShowsFrameAndOnlyChanges(t *testing.T) {
	tt := newTerm(40, 5)
	tt.SetColorProfile(colorprofile.TrueColor)
	full := tt.draw(t, Frame{Content: "hello\n\x1b[31mred\x1b[0m 日本語 👍🏽\nthird", Title: "numeneon"})
	if !tt.alt {
		t.Errorf("the first frame did not switch to the alternate screen")
	}
	for y, want := range []string{"hello", "red 日本語 👍🏽", "third"} {
		if got := tt.line(y); got != want {
			t.Errorf("line %d = %q, want %q", y, got, want)
		}
	}
	if c := tt.emu.CellAt(0, 1); c == nil || c.Style.Fg == nil {
		t.Errorf("the red cell has no colour: %+v", c)
	}
	if n := tt.draw(t, Frame{Content: "hello\n\x1b[31mred\x1b[0m 日本語 👍🏽\nthird", Title: "numeneon"}); n != 0 {
		t.Errorf("drawing the same frame again wrote %d bytes, want 0", n)
	}
	if n := tt.draw(t, Frame{Content: "hello\n\x1b[31mred\x1b[0m 日本語 👍🏽\nthirD", Title: "numeneon"}); n == 0 || n >= full {
		t.Errorf("changing one letter wrote %d bytes; want some, fewer than a whole frame (%d)", n, full)
	}
	if got := tt.line(2); got != "thirD" {
		t.Errorf("after the change line 2 = %q", got)
	}
}

func TestResizeRedrawsAndCloseRestores(t *testing.T) {
	tt := newTerm(20, 3)
	tt.draw(t, Frame{Content: "one\ntwo", Mouse: true, Cursor: &Position{X: 2, Y: 1}})
	if p := tt.emu.CursorPosition(); p.X != 2 || p.Y != 1 {
		t.Errorf("cursor at %v, want (2,1)", p)
	}
	if tt.emu.CursorHidden() {
		t.Errorf("the cursor is hidden though the frame shows it")
	}
	tt.draw(t, Frame{Content: "one\ntwo", Mouse: true})
	if !tt.emu.CursorHidden() {
		t.Errorf("the cursor is shown though the frame hides it")
	}
	tt.emu.Resize(30, 4)
	tt.Resize(30, 4)
	if n := tt.draw(t, Frame{Content: "one\ntwo"}); n == 0 {
		t.Errorf("the first frame after a resize wrote nothing")
	}
	if got := tt.line(1); got != "two" {
		t.Errorf("after the resize line 1 = %q", got)
	}
	tt.out.Reset()
	if err := tt.Close(); err != nil {
		t.Fatal(err)
	}
	out := tt.out.String()
	for _, seq := range []string{"\x1b[?1049l", "\x1b[?25h", "\x1b[?2004l"} {
		if !strings.Contains(out, seq) {
			t.Errorf("Close wrote %q, without %q", out, seq)
		}
	}
	if err := tt.Draw(Frame{Content: "late"}); err != nil || tt.out.Len() != len(out) {
		t.Errorf("a Draw after Close wrote something (%v)", err)
	}
}
