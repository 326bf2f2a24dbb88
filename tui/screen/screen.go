// Package screen draws a terminal application's frames, and only when
// asked: it rewrites the terminal's lines that differ from the last frame
// and keeps no timer. Bubble Tea's own renderer redraws on a ticker (60
// times a second by default) whether or not anything changed; an SSH
// server with a thousand idle sessions would spend a third of a core on
// that. numeneon runs its programs without that renderer and draws through
// a Screen after each update instead.
//
// A Screen keeps of the last frame only two hashes per line, not the
// terminal's cells: a cell costs a cell-based renderer tens of bytes, and
// it keeps two screenfuls of them, so a large terminal ran to tens of
// megabytes per session, and a server holds thousands of sessions. A
// changed line is written whole (cursor to the row, the row erased, the
// line), compactly (see painter), which is a little more than the changed
// cells alone.
package screen

import (
	"bytes"
	"hash/maphash"
	"io"
	"strings"
	"sync"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Frame is what the terminal should show.
type Frame struct {
	// Content is the whole screen: lines of styled text (ANSI SGR), at most
	// the screen's size; what is past its width or height is not shown.
	Content string
	// Title is the terminal window's title.
	Title string
	// Mouse turns mouse reports (clicks, wheel) on.
	Mouse bool
	// Cursor shows the terminal's cursor at a cell; nil hides it.
	Cursor *Position
}

// Position is a cell: column X, row Y, from 0.
type Position struct{ X, Y int }

// Screen is one terminal. Its methods may be called from any goroutine.
type Screen struct {
	mu      sync.Mutex
	out     io.Writer
	profile colorprofile.Profile
	w, h    int
	// rows identifies what each of the terminal's rows shows.
	rows    []row
	seed    maphash.Seed
	last    Frame // without its Content, which rows stands for
	started bool
	closed  bool
}

// New returns a Screen writing to out, a terminal of the given size whose
// environment (TERM, COLORTERM, NO_COLOR) is env; its colours are those env
// says until SetColorProfile says otherwise.
func New(out io.Writer, env []string, width, height int) *Screen {
	s := &Screen{out: out, profile: colorprofile.Env(env), seed: maphash.MakeSeed()}
	s.resize(width, height)
	return s
}

// SetColorProfile sets the colours the terminal can show; frames are
// downsampled to it.
func (s *Screen) SetColorProfile(p colorprofile.Profile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p != s.profile {
		s.profile = p
		clear(s.rows)
	}
}

// Resize tells the Screen the terminal's new size.
func (s *Screen) Resize(width, height int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resize(width, height)
}

func (s *Screen) resize(width, height int) {
	width, height = max(width, 1), max(height, 1)
	if width == s.w && height == s.h {
		return
	}
	// The terminal may have moved its lines about (reflowed, scrolled):
	// every row is written again.
	s.w, s.h = width, height
	s.rows = make([]row, height)
}

// Redraw makes the next Draw write every line, for a terminal whose
// contents something else disturbed (ctrl+l).
func (s *Screen) Redraw() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.rows)
}

// row identifies a line drawn: hashes of the frame's line (unchanged, it
// is not looked at again) and of what was written for it (a line whose
// text changed but not its look is not written again); 0 is unknown, and
// the next frame writes the row whatever it holds.
type row struct{ in, out uint64 }

// frames holds the buffers frames are put together in before their one
// write, shared by every Screen: a session holds none while idle.
var frames = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Draw shows f, writing only the lines that changed since the last frame,
// in one write. The first Draw switches the terminal to the alternate
// screen.
func (s *Screen) Draw(f Frame) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	b := frames.Get().(*bytes.Buffer)
	defer func() {
		if b.Cap() <= 1<<20 {
			b.Reset()
			frames.Put(b)
		}
	}()
	if !s.started {
		s.started = true
		// The background colour query's answer arrives as input, where
		// Bubble Tea reads it (tea.BackgroundColorMsg): dark or light.
		b.WriteString(ansi.SetModeAltScreenSaveCursor + ansi.HideCursor + ansi.SetModeBracketedPaste +
			ansi.RequestBackgroundColor)
	}
	if f.Title != s.last.Title {
		b.WriteString(ansi.SetWindowTitle(f.Title))
	}
	if f.Mouse != s.last.Mouse {
		if f.Mouse {
			b.WriteString(ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr)
		} else {
			b.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseExtSgr)
		}
	}
	// The cursor, when shown, is hidden while lines are written, and put
	// back after.
	hidden := b.Len()
	if s.last.Cursor != nil {
		b.WriteString(ansi.HideCursor)
	}
	wrote := false
	pt := painter{b: b, p: ansi.GetParser(), profile: s.profile, width: s.w}
	defer ansi.PutParser(pt.p)
	rest := f.Content
	for y := range s.rows {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		r := &s.rows[y]
		in := maphash.String(s.seed, line) | 1 // never 0, "unknown"
		if r.in == in {
			continue
		}
		r.in = in
		mark := b.Len()
		writeCSI(b, y+1, 'H') // CUP to the row's first column
		pt.line(line)
		if out := maphash.Bytes(s.seed, b.Bytes()[mark:]) | 1; r.out != out {
			r.out, wrote = out, true
		} else {
			b.Truncate(mark)
		}
	}
	if !wrote {
		b.Truncate(hidden)
	}
	switch c := f.Cursor; {
	case c != nil:
		if wrote || s.last.Cursor == nil || *c != *s.last.Cursor {
			b.WriteString(ansi.CursorPosition(c.X+1, c.Y+1))
		}
		if wrote || s.last.Cursor == nil {
			b.WriteString(ansi.ShowCursor)
		}
		s.last.Cursor = &Position{c.X, c.Y}
	case s.last.Cursor != nil:
		if !wrote {
			b.WriteString(ansi.HideCursor)
		}
		s.last.Cursor = nil
	}
	s.last.Title, s.last.Mouse = f.Title, f.Mouse
	if b.Len() == 0 {
		return nil
	}
	_, err := s.out.Write(b.Bytes())
	return err
}

// Close gives the terminal back as it was: the normal screen, the cursor
// shown, mouse reports and bracketed paste off, the title cleared.
func (s *Screen) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || !s.started {
		s.closed = true
		return nil
	}
	s.closed = true
	var seq strings.Builder
	if s.last.Mouse {
		seq.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseExtSgr)
	}
	if s.last.Title != "" {
		seq.WriteString(ansi.SetWindowTitle(""))
	}
	seq.WriteString(ansi.ResetStyle + ansi.ResetModeBracketedPaste + ansi.ResetModeAltScreenSaveCursor + ansi.ShowCursor)
	_, err := io.WriteString(s.out, seq.String())
	return err
}
