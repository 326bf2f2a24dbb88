package tui

import (
	"context"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
)

// liveTerm is a whole session running as it does for a person: a Program
// on a terminal emulator, which turns what the program writes into a
// screen, and keys into the bytes a terminal sends.
type liveTerm struct {
	t      testing.TB
	p      *Program
	emu    *vt.Emulator
	mu     sync.Mutex // the emulator is not safe for concurrent use
	msgs   atomic.Int64
	writes atomic.Int64 // bytes
	frames atomic.Int64 // writes: a frame is one
	done   chan error
	cancel context.CancelFunc
	out    chan []byte
	in     *io.PipeReader
	// changed is signalled after each write reaches the emulator.
	changed  chan struct{}
	stopOnce sync.Once
	// seen records, for each text watched, whether any frame showed it.
	seen map[string]bool
	// frame, when set, is called with the screen after each write.
	frame func(screen string)
}

// onFrame calls fn with the screen after each write the program makes.
func (lt *liveTerm) onFrame(fn func(screen string)) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	lt.frame = fn
}

// watch starts recording whether the screen ever shows text, even for a
// moment between two waits.
func (lt *liveTerm) watch(text string) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	if lt.seen == nil {
		lt.seen = map[string]bool{}
	}
	lt.seen[text] = strings.Contains(lt.emu.String(), text)
}

// saw reports whether the screen showed a watched text.
func (lt *liveTerm) saw(text string) bool {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	return lt.seen[text]
}

// termWriter hands what the program draws to the emulator without ever
// waiting for it, as a real terminal's output buffer does: the emulator
// answers queries (the background colour) through its input, which the
// program reads, so writing to it directly from the program's event loop
// would wait for the event loop itself.
type termWriter struct{ out chan<- []byte }

func (w termWriter) Write(p []byte) (int, error) {
	w.out <- append([]byte(nil), p...)
	return len(p), nil
}

// feed applies the program's output to the emulator.
func (lt *liveTerm) feed(out <-chan []byte) {
	for p := range out {
		lt.mu.Lock()
		lt.writes.Add(int64(len(p)))
		lt.frames.Add(1)
		lt.emu.Write(p)
		if lt.frame != nil {
			lt.frame(lt.emu.String())
		}
		if lt.seen != nil {
			scr := lt.emu.String()
			for text := range lt.seen {
				if strings.Contains(scr, text) {
					lt.seen[text] = true
				}
			}
		}
		lt.mu.Unlock()
		select {
		case lt.changed <- struct{}{}:
		default:
		}
	}
}

// startTerm runs a session of opts on a w×h emulated terminal until the
// test ends.
func startTerm(t testing.TB, opts Options, w, h int) *liveTerm {
	t.Helper()
	return startTermProfile(t, opts, w, h, colorprofile.ANSI256)
}

// startTermProfile is startTerm on a terminal that shows the colours of
// profile.
func startTermProfile(t testing.TB, opts Options, w, h int, profile colorprofile.Profile) *liveTerm {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	lt := &liveTerm{t: t, emu: vt.NewEmulator(w, h), done: make(chan error, 1), cancel: cancel,
		changed: make(chan struct{}, 1)}
	count := tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
		lt.msgs.Add(1)
		return msg
	})
	out := make(chan []byte, 1024)
	lt.out = out
	go lt.feed(out)
	// The program reads the emulator's input through a pipe of its own,
	// which stop closes: the emulator cannot be closed under a reader.
	in, inw := io.Pipe()
	lt.in = in
	go func() {
		io.Copy(inw, lt.emu)
		inw.Close()
	}()
	lt.p = NewProgram(ctx, opts, Terminal{In: in, Out: termWriter{out}, Env: []string{"TERM=xterm-256color"},
		Width: w, Height: h, Profile: &profile}, tea.WithoutSignalHandler(), count)
	go func() { lt.done <- lt.p.Run() }()
	t.Cleanup(lt.stop)
	return lt
}

// stop ends the session and waits for it; again is a no-op.
func (lt *liveTerm) stop() { lt.stopOnce.Do(lt.end) }

func (lt *liveTerm) end() {
	lt.cancel()
	select {
	case err := <-lt.done:
		if err != nil {
			lt.t.Errorf("the program ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		lt.t.Errorf("the program did not end")
	}
	lt.in.Close()
	// Ends the copier, whether it reads the emulator (it gets EOF) or had
	// a write to the program refused already (a program that quit by
	// itself reads no more; a wake-up byte would then wait for ever).
	lt.emu.InputPipe().(*io.PipeWriter).CloseWithError(io.EOF)
}

// screen is the text the terminal shows now.
func (lt *liveTerm) screen() string {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	return lt.emu.String()
}

// waitFor waits until the screen satisfies ok, for up to ten seconds.
func (lt *liveTerm) waitFor(what string, ok func(screen string) bool) {
	lt.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		s := lt.screen()
		if ok(s) {
			return
		}
		select {
		case <-lt.changed:
		case <-time.After(50 * time.Millisecond): // conditions that are not about the screen
		case <-deadline:
			lt.t.Fatalf("waited 10s for %s; the screen shows:\n%s", what, lt.screen())
		}
	}
}

// waitText waits until the screen shows each of texts.
func (lt *liveTerm) waitText(texts ...string) {
	lt.t.Helper()
	lt.waitFor(strings.Join(texts, " and "), func(s string) bool { return containsAll(s, texts...) })
}

// keys presses keys, written as key.Matches reads them ("j", "enter",
// "ctrl+s", "alt+enter").
func (lt *liveTerm) keys(keys ...string) {
	for _, k := range keys {
		m := keyPress(k)
		lt.mu.Lock()
		lt.emu.SendKey(uv.KeyPressEvent{Code: m.Code, Mod: uv.KeyMod(m.Mod), Text: m.Text})
		lt.mu.Unlock()
		if k == "esc" {
			// A lone ESC byte is only a key once nothing follows it for a
			// moment (else it starts a sequence), as when a person types.
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// sendBytes sends what a terminal sends for keys the emulator cannot
// encode (shift+up is "\x1b[1;2A" in xterm and the terminals after it).
func (lt *liveTerm) sendBytes(s string) {
	if _, err := lt.emu.InputPipe().Write([]byte(s)); err != nil {
		lt.t.Fatalf("sending %q: %v", s, err)
	}
}

// typeText types s.
func (lt *liveTerm) typeText(s string) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	lt.emu.SendText(s)
}

// idle waits until the session has been quiet for a second (what it
// started, loads and their answers, has settled, even on a loaded
// machine), and returns how many messages it handled and bytes it wrote
// over the next d.
func (lt *liveTerm) idle(d time.Duration) (msgs, bytes int64) {
	deadline := time.Now().Add(30 * time.Second)
	for quiet := 0; quiet < 100; {
		if time.Now().After(deadline) {
			lt.t.Fatalf("the session was never quiet for a second in 30s: %d messages, %d bytes so far", lt.msgs.Load(), lt.writes.Load())
		}
		m, w := lt.msgs.Load(), lt.writes.Load()
		time.Sleep(10 * time.Millisecond)
		if lt.msgs.Load() == m && lt.writes.Load() == w {
			quiet++
		} else {
			quiet = 0
		}
	}
	m, w := lt.msgs.Load(), lt.writes.Load()
	time.Sleep(d)
	return lt.msgs.Load() - m, lt.writes.Load() - w
}
