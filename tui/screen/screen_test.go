package screen

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
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

// TestColoursDownsampled: colours are drawn in what the terminal shows;
// without a terminal, text only.
func TestColoursDownsampled(t *testing.T) {
	line := "\x1b[1;38;2;255;0;0mred\x1b[m"
	for _, tc := range []struct {
		profile colorprofile.Profile
		colour  bool // a colour left at all
		basic   bool // one of the 16
	}{
		{colorprofile.TrueColor, true, false},
		{colorprofile.ANSI, true, true},
		{colorprofile.ASCII, false, false},
	} {
		tt := newTerm(20, 2)
		tt.SetColorProfile(tc.profile)
		tt.draw(t, Frame{Content: line})
		c := tt.emu.CellAt(0, 0)
		if c == nil || c.Content != "r" {
			t.Fatalf("%v: the first cell is %+v", tc.profile, c)
		}
		_, basic := c.Style.Fg.(ansi.BasicColor)
		if (c.Style.Fg != nil) != tc.colour || basic != tc.basic {
			t.Errorf("%v: the colour drawn is %#v", tc.profile, c.Style.Fg)
		}
		if c.Style.Attrs&uv.AttrBold == 0 {
			t.Errorf("%v: bold was lost", tc.profile)
		}
	}
	tt := newTerm(20, 2)
	tt.SetColorProfile(colorprofile.NoTTY)
	tt.draw(t, Frame{Content: line})
	if got := tt.line(0); got != "red" {
		t.Errorf("without a terminal line 0 = %q", got)
	}
	if bytes.Contains(tt.out.Bytes(), []byte("\x1b[0;")) {
		t.Errorf("without a terminal a style was written: %q", tt.out.String())
	}
}

// TestLinesCutAndContained: a line longer than the screen is cut at its
// width (a wide character that would cross the edge left out), and
// nothing in a line moves the cursor or clears the screen.
func TestLinesCutAndContained(t *testing.T) {
	tt := newTerm(5, 3)
	tt.draw(t, Frame{Content: "abcd日本\nsecond line is long\nthird"})
	for y, want := range []string{"abcd", "secon", "third"} {
		if got := tt.line(y); got != want {
			t.Errorf("line %d = %q, want %q", y, got, want)
		}
	}
	tt.draw(t, Frame{Content: "x\x1b[2J\x1b[3Ay\r\tz\nse\x07\x1b]0;title\x07 two\nthird"})
	for y, want := range []string{"xyz", "se tw", "third"} {
		if got := tt.line(y); got != want {
			t.Errorf("after sequences line %d = %q, want %q", y, got, want)
		}
	}
}

// TestSameLookNotWritten: a line whose text changed but not its look
// (styles split and reset differently) is not written again; blanks in a
// colour are kept, plain ones are skipped over.
func TestSameLookNotWritten(t *testing.T) {
	tt := newTerm(30, 2)
	tt.SetColorProfile(colorprofile.TrueColor)
	tt.draw(t, Frame{Content: "\x1b[31mred\x1b[0m          \x1b[44m   \x1b[m|"})
	if n := tt.draw(t, Frame{Content: "\x1b[31mr\x1b[m\x1b[31med\x1b[m\x1b[32m  \x1b[m        \x1b[44m \x1b[44m  \x1b[m|   "}); n != 0 {
		t.Errorf("a line that looks the same was written again: %q", tt.out.String())
	}
	if got := tt.line(0); got != "red             |" {
		t.Errorf("line 0 = %q", got)
	}
	if c := tt.emu.CellAt(14, 0); c == nil || c.Style.Bg == nil {
		t.Errorf("a coloured blank lost its colour: %+v", c)
	}
	if bytes.Contains(tt.out.Bytes(), []byte("          ")) {
		t.Errorf("a run of plain blanks was written out: %q", tt.out.String())
	}
}

// TestHyperlinks: a link covers its text, and ends with it.
func TestHyperlinks(t *testing.T) {
	tt := newTerm(30, 2)
	tt.draw(t, Frame{Content: "see " + ansi.SetHyperlink("https://example.com/") + "here" + ansi.ResetHyperlink() + " now\nnext"})
	if c := tt.emu.CellAt(5, 0); c == nil || c.Link.URL != "https://example.com/" {
		t.Errorf("the link's cell: %+v", c)
	}
	if c := tt.emu.CellAt(9, 0); c == nil || c.Link.URL != "" {
		t.Errorf("the cell after the link: %+v", c)
	}
	if c := tt.emu.CellAt(0, 1); c == nil || c.Link.URL != "" {
		t.Errorf("the next line is linked: %+v", c)
	}
}

// BenchmarkRedraw: a whole screen of 640×240 written again (a resize, or
// ctrl+l), mostly blank as large screens are, with a styled word per line.
func BenchmarkRedraw(b *testing.B) {
	line := strings.Repeat(" ", 300) + "\x1b[1;38;5;45mnumeneon\x1b[m \x1b[38;5;103mthe social network\x1b[m" + strings.Repeat(" ", 313)
	frame := Frame{Content: strings.TrimSuffix(strings.Repeat(line+"\n", 240), "\n")}
	s := New(io.Discard, []string{"TERM=xterm-256color"}, 640, 240)
	for b.Loop() {
		s.Redraw()
		if err := s.Draw(frame); err != nil {
			b.Fatal(err)
		}
	}
}
