// Package screen draws a terminal application's frames, and only when
// asked: it changes the terminal's cells that differ from the last frame
// and keeps no timer. Bubble Tea's own renderer redraws on a ticker (60
// times a second by default) whether or not anything changed; an SSH
// server with a thousand idle sessions would spend a third of a core on
// that. numeneon runs its programs without that renderer and draws through
// a Screen after each update instead.
package screen

import (
	"hash/maphash"
	"io"
	"sync"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// Frame is what the terminal should show.
type Frame struct {
	// Content is the whole screen: lines of styled text (ANSI SGR), at most
	// the screen's size.
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
	mu   sync.Mutex
	r    *uv.TerminalRenderer
	w, h int
	last Frame // without its Content, which only content stands for
	// content identifies the last frame's Content (a hash: a screenful
	// of styled text is tens of kilobytes a session would hold idle);
	// stale says the next frame is drawn whatever it holds.
	seed    maphash.Seed
	content uint64
	stale   bool
	started bool
	closed  bool
}

// New returns a Screen writing to out, a terminal of the given size whose
// environment (TERM) is env.
func New(out io.Writer, env []string, width, height int) *Screen {
	r := uv.NewTerminalRenderer(out, env)
	r.SetFullscreen(true)
	r.SetRelativeCursor(false)
	s := &Screen{r: r, w: max(width, 1), h: max(height, 1), seed: maphash.MakeSeed(), stale: true}
	r.Resize(s.w, s.h)
	return s
}

// SetColorProfile sets the colours the terminal can show; frames are
// downsampled to it.
func (s *Screen) SetColorProfile(p colorprofile.Profile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.r.SetColorProfile(p)
	s.stale = true // colours change: draw everything again
}

// SetMapNewline tells the Screen that the terminal's line feed also
// returns the carriage (an SSH session with an emulated terminal writes
// "\r\n" for "\n"), so that it does not count on the column staying.
func (s *Screen) SetMapNewline(mapped bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.r.SetMapNewline(mapped)
}

// Resize tells the Screen the terminal's new size.
func (s *Screen) Resize(width, height int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	width, height = max(width, 1), max(height, 1)
	if width == s.w && height == s.h {
		return
	}
	s.w, s.h = width, height
	s.r.Resize(width, height)
	s.stale = true
}

// Redraw makes the next Draw paint every cell, for a terminal whose
// contents something else disturbed (ctrl+l).
func (s *Screen) Redraw() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.r.Erase()
	s.stale = true
}

// Draw shows f, writing only what changed since the last frame. The first
// Draw switches the terminal to the alternate screen.
func (s *Screen) Draw(f Frame) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	if !s.started {
		s.started = true
		s.r.SaveCursor()
		// The background colour query's answer arrives as input, where
		// Bubble Tea reads it (tea.BackgroundColorMsg): dark or light.
		s.r.WriteString(ansi.SetModeAltScreenSaveCursor + ansi.HideCursor + ansi.SetModeBracketedPaste +
			ansi.RequestBackgroundColor)
		s.r.Erase()
	}
	if f.Title != s.last.Title {
		s.r.WriteString(ansi.SetWindowTitle(f.Title))
	}
	if f.Mouse != s.last.Mouse {
		if f.Mouse {
			s.r.WriteString(ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr)
		} else {
			s.r.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseExtSgr)
		}
	}
	if h := maphash.String(s.seed, f.Content); h != s.content || s.stale {
		s.content, s.stale = h, false
		// The frame's cells are made afresh each time rather than kept:
		// the renderer keeps the screen's cells already, and an idle
		// session (most of a server's) then holds one screenful, not two.
		buf := uv.NewScreenBuffer(s.w, s.h)
		uv.NewStyledString(f.Content).Draw(buf, buf.Bounds())
		s.r.Render(buf.RenderBuffer)
	}
	switch {
	case f.Cursor != nil:
		s.r.MoveTo(f.Cursor.X, f.Cursor.Y)
		if s.last.Cursor == nil {
			s.r.WriteString(ansi.ShowCursor)
		}
	case s.last.Cursor != nil:
		s.r.WriteString(ansi.HideCursor)
	}
	s.last = f
	s.last.Content = ""
	return s.r.Flush()
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
	if s.last.Mouse {
		s.r.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseExtSgr)
	}
	if s.last.Title != "" {
		s.r.WriteString(ansi.SetWindowTitle(""))
	}
	s.r.WriteString(ansi.ResetModeBracketedPaste + ansi.ResetModeAltScreenSaveCursor + ansi.ShowCursor)
	s.r.RestoreCursor()
	return s.r.Flush()
}
