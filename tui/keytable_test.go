package tui

import (
	"context"
	"io"
	"reflect"
	"sync"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
)

// reads gives one of its strings at each Read, then io.EOF.
type reads []string

func (r *reads) Read(p []byte) (int, error) {
	if len(*r) == 0 {
		return 0, io.EOF
	}
	n := copy(p, (*r)[0])
	*r = (*r)[1:]
	return n, nil
}

// decodeAll decodes seqs, each read at once, with a decoder of the
// process for term.
func decodeAll(term string, seqs ...string) ([]uv.Event, *uv.TerminalReader) {
	in := reads(seqs)
	r := newTerminalReader(&undecoded{r: &in}, term)
	events := make(chan uv.Event)
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.StreamEvents(context.Background(), events)
	}()
	var got []uv.Event
	for {
		select {
		case ev := <-events:
			got = append(got, ev)
		case <-done:
			return got, r
		}
	}
}

// TestDecodersShareTheirKeyTable: the sessions of one TERM decode with one
// table of keys, that of the first; many decoding at once (under -race)
// each get their own keys, those found in the table included.
func TestDecodersShareTheirKeyTable(t *testing.T) {
	table := func(r *uv.TerminalReader) uintptr {
		return reflect.ValueOf(r).Elem().FieldByName("table").Pointer()
	}
	scannerTable := func(r *uv.TerminalReader) uintptr {
		return reflect.ValueOf(r).Elem().FieldByName("eventScanner").Elem().FieldByName("table").Pointer()
	}
	_, first := decodeAll("xterm-256color")
	_, second := decodeAll("xterm-256color")
	_, other := decodeAll("vt100")
	if table(first) != table(second) || scannerTable(second) != table(first) {
		t.Errorf("two decoders of xterm-256color have tables %#x and %#x (its scanner's: %#x)", table(first), table(second), scannerTable(second))
	}
	if table(other) == table(first) {
		t.Error("a decoder of vt100 has the table of xterm-256color")
	}

	// "\x1b[a" (shift+up, rxvt's) is only in the table.
	want := []uv.Event{
		uv.KeyPressEvent{Code: uv.KeyUp, Mod: uv.ModShift},
		uv.KeyPressEvent{Code: 'x', Text: "x"},
		uv.KeyPressEvent{Code: uv.KeyDown},
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			term := []string{"xterm-256color", "rxvt-unicode", "screen"}[i%3]
			got, _ := decodeAll(term, "\x1b[a", "x", "\x1b[B")
			if !reflect.DeepEqual(got, want) {
				t.Errorf("a decoder of %s made %#v, want %#v", term, got, want)
			}
		})
	}
	wg.Wait()
}
