package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"golang.org/x/term"
	"golang.org/x/time/rate"

	"github.com/numeneon/numeneon/tui/screen"
)

// Terminal is where a session runs: its input and output, its
// environment (TERM, COLORFGBG…), its size and, when known, its colours.
type Terminal struct {
	In     io.Reader
	Out    io.Writer
	Env    []string
	Width  int
	Height int
	// Profile is the colours the terminal shows; nil detects them from
	// Out and Env.
	Profile *colorprofile.Profile
}

// Program is one running session: a Bubble Tea program whose frames are
// drawn by a screen.Screen, only when something changed.
type Program struct {
	*tea.Program
	App    *App
	screen *screen.Screen
	in     io.Reader
	term   string // TERM, for decoding the input
	// overflow says that the input was cut: more than maxUndecoded
	// bytes came without an event.
	overflow atomic.Bool
}

// NewProgram makes the program of one session on a terminal. Extra
// options (tea.WithoutSignalHandler for a server, …) are passed on.
func NewProgram(ctx context.Context, opts Options, t Terminal, extra ...tea.ProgramOption) *Program {
	app := New(ctx, opts)
	scr := screen.New(t.Out, t.Env, t.Width, t.Height)
	profile := colorprofile.Env(t.Env)
	if t.Profile != nil {
		profile = *t.Profile
	}
	app.c.Plain = profile <= colorprofile.Ascii
	p := &Program{App: app, screen: scr, in: t.In, term: getenv(t.Env, "TERM")}
	popts := []tea.ProgramOption{
		tea.WithContext(ctx),
		// The input goes in through pumpInput, not Bubble Tea's reader.
		tea.WithInput(nil),
		tea.WithOutput(t.Out),
		tea.WithEnvironment(t.Env),
		tea.WithWindowSize(t.Width, t.Height),
		// Frames go through the screen. Bubble Tea still runs a ticker at
		// its frame rate to flush its own few writes; one a second is
		// the least it takes.
		tea.WithoutRenderer(),
		tea.WithFPS(1),
	}
	if t.Profile != nil {
		popts = append(popts, tea.WithColorProfile(*t.Profile))
	}
	p.Program = tea.NewProgram(newDrawn(app, scr), append(popts, extra...)...)
	return p
}

// finishCalls bounds how long an ending session waits for its Service
// calls under way.
const finishCalls = 5 * time.Second

// Run runs the session until it quits, then gives the terminal back once
// the Service calls under way have finished.
func (p *Program) Run() error {
	ended := make(chan struct{})
	go p.pumpInput(ended)
	_, err := p.Program.Run()
	close(ended)
	ctx, cancel := context.WithTimeout(context.Background(), finishCalls)
	p.App.c.calls.wait(ctx)
	cancel()
	// The session's own context may be over (a dropped connection): the
	// drafts are saved under one of their own.
	ctx, cancel = context.WithTimeout(context.Background(), finishCalls)
	if derr := p.App.SaveDrafts(ctx); derr != nil && err == nil {
		err = fmt.Errorf("saving drafts: %w", derr)
	}
	if serr := p.App.SaveSettings(ctx); serr != nil && err == nil {
		err = fmt.Errorf("saving settings: %w", serr)
	}
	cancel()
	if cerr := p.screen.Close(); err == nil {
		err = cerr
	}
	if p.overflow.Load() {
		return ErrInputOverflow
	}
	// A session killed, cancelled, or whose terminal went away (a dropped
	// SSH connection) ended the ordinary way.
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// pumpInput decodes the terminal's input into events and hands them to
// the program, until the input ends, which ends the program too: no one
// can type to it any more (an SSH client closed its session, or sent more
// than maxUndecoded without an event). Bubble Tea's own reader does the
// same but can stay blocked for ever handing an event to a program that
// has ended (one session in a hundred over SSH), keeping all of the
// session; Send gives up once the program has ended, and the decoder is
// drained until the input ends (the session's connection closes after the
// program ends, so that is soon).
func (p *Program) pumpInput(ended <-chan struct{}) {
	events := make(chan uv.Event)
	decoded := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := &undecoded{r: p.in}
	go func() {
		defer close(decoded)
		err := newTerminalReader(in, p.term).StreamEvents(ctx, events)
		p.overflow.Store(errors.Is(err, ErrInputOverflow))
	}()
	for {
		select {
		case ev := <-events:
			in.n.Store(0)
			p.Send(ev)
		case <-ended:
			cancel()
			ended = nil
		case <-decoded:
			if ended != nil {
				p.Quit()
			}
			return
		}
	}
}

// maxUndecoded is how much input may come without making an event (in a
// paste, or an escape sequence): the decoder keeps all of it until then.
// No field takes a megabyte.
const maxUndecoded = 1 << 20

// ErrInputOverflow is Run's error when the terminal sent more than
// maxUndecoded bytes without an event; the session ended.
var ErrInputOverflow = errors.New("the terminal sent a megabyte with no key in it, nor the end of a paste")

// undecoded is the terminal's input, counting what was read since the
// decoder last made an event, and failing past maxUndecoded.
type undecoded struct {
	r io.Reader
	n atomic.Int64
}

func (u *undecoded) Read(p []byte) (int, error) {
	// At the bound, not past it: a client whose paste was cut by the
	// server's own bound on waiting input may send nothing more, and a
	// read then would wait for ever with a megabyte held.
	if u.n.Load() >= maxUndecoded {
		return 0, ErrInputOverflow
	}
	n, err := u.r.Read(p)
	u.n.Add(int64(n))
	return n, err
}

// getenv is the value of key in env, "" when it is not there.
func getenv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], key+"="); ok {
			return v
		}
	}
	return ""
}

// drawn is the model Bubble Tea runs: the App, drawn after its updates.
type drawn struct {
	app     *App
	screen  *screen.Screen
	frames  *rate.Limiter
	undrawn bool // an update is not drawn yet
	ticking bool // a drawMsg is on its way
}

// A session draws a frame after each update, a few in a row at once (a
// DM's arrival takes two or three), and at most framesPerSecond beyond:
// updates that come faster (a burst of keys, pasted or flooded) are drawn
// together, and a session's drawing costs a bounded share of a core
// whatever its client sends. A frame put off is drawn when its time comes;
// nothing ticks otherwise.
const (
	framesPerSecond = 60
	framesAtOnce    = 5
)

// drawMsg draws a frame that was put off.
type drawMsg struct{}

func newDrawn(app *App, scr *screen.Screen) *drawn {
	return &drawn{app: app, screen: scr, frames: rate.NewLimiter(framesPerSecond, framesAtOnce)}
}

func (d *drawn) Init() tea.Cmd { return d.app.Init() }

func (d *drawn) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	if _, ok := msg.(drawMsg); ok {
		d.ticking = false
	} else {
		cmd, d.undrawn = d.update(msg), true
	}
	switch {
	case !d.undrawn:
	case d.frames.Allow():
		d.undrawn = false
		if err := d.screen.Draw(d.app.Frame()); err != nil {
			return d, tea.Quit // the terminal is gone
		}
	case !d.ticking:
		d.ticking = true
		cmd = tea.Batch(cmd, tea.Tick(time.Second/framesPerSecond, func(time.Time) tea.Msg { return drawMsg{} }))
	}
	return d, cmd
}

// update hands msg to the screen, if it concerns it, and to the App.
func (d *drawn) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		d.screen.Resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		d.screen.SetColorProfile(msg.Profile)
	case redrawMsg:
		d.screen.Redraw()
	}
	return d.app.Update(msg)
}

// View is empty: the screen draws, not Bubble Tea's renderer.
func (d *drawn) View() tea.View { return tea.View{} }

// ErrNoTerminal is RunLocal's error when its input or output is not a
// terminal.
var ErrNoTerminal = errors.New("numeneon needs a terminal: its standard input and output must both be one")

// RunLocal runs a session on a terminal of the process (in and out, its
// standard input and output): raw mode, the size and its changes, the
// alternate screen, all given back at the end.
func RunLocal(ctx context.Context, opts Options, in, out *os.File) error {
	if !term.IsTerminal(int(in.Fd())) || !term.IsTerminal(int(out.Fd())) {
		return ErrNoTerminal
	}
	w, h, err := term.GetSize(int(out.Fd()))
	if err != nil {
		return err
	}
	state, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return err
	}
	defer term.Restore(int(in.Fd()), state)
	restore, err := enableEscapes(out)
	if err != nil {
		return err
	}
	defer restore()
	// The input's read loop (pumpInput) ends with the process.
	p := NewProgram(ctx, opts, Terminal{In: in, Out: out, Env: os.Environ(), Width: w, Height: h})
	stop := watchSize(out, func(w, h int) { p.Send(tea.WindowSizeMsg{Width: w, Height: h}) })
	defer stop()
	err = p.Run()
	if why := p.App.Farewell(); why != "" {
		fmt.Fprintf(out, "numeneon: %s\r\n", why)
	}
	return err
}
