package tui

import (
	"os"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/term"
)

// enableEscapes turns on the console's handling of escape sequences
// (Windows 10 and later), which numeneon draws with, and returns what
// puts the console back as it was.
func enableEscapes(out *os.File) (restore func(), err error) {
	h := windows.Handle(out.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return nil, err
	}
	if err := windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING); err != nil {
		return nil, err
	}
	return func() { windows.SetConsoleMode(h, mode) }, nil
}

// sizePoll is how often the console's size is looked at: Windows sends no
// signal when a console is resized.
const sizePoll = 250 * time.Millisecond

// watchSize calls resized with out's size each time it changes, until
// stop is called.
func watchSize(out *os.File, resized func(w, h int)) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(sizePoll)
		defer t.Stop()
		lastW, lastH, _ := term.GetSize(int(out.Fd()))
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if w, h, err := term.GetSize(int(out.Fd())); err == nil && (w != lastW || h != lastH) {
					lastW, lastH = w, h
					resized(w, h)
				}
			}
		}
	}()
	return func() { close(done) }
}
