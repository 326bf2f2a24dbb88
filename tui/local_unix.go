//go:build unix

package tui

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"
)

// enableEscapes readies out for escape sequences: a Unix terminal takes
// them as it is.
func enableEscapes(*os.File) (restore func(), err error) { return func() {}, nil }

// watchSize calls resized with out's size each time the terminal says it
// changed (SIGWINCH), until stop is called.
func watchSize(out *os.File, resized func(w, h int)) (stop func()) {
	winch := make(chan os.Signal, 1)
	signal.Notify(winch, syscall.SIGWINCH)
	go func() {
		for range winch {
			if w, h, err := term.GetSize(int(out.Fd())); err == nil {
				resized(w, h)
			}
		}
	}()
	return func() {
		signal.Stop(winch)
		close(winch)
	}
}
