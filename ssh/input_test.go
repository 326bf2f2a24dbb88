package ssh

import (
	"bytes"
	"io"
	"testing"
	"time"
)

// TestInputBounded: a session's input is taken as it comes even while
// nothing reads it, and at most maxInput bytes of it wait; what was kept
// comes out in order, then the end.
func TestInputBounded(t *testing.T) {
	r, w := io.Pipe()
	in := newInput(r)
	began := in.lastRead()
	sent := bytes.Repeat([]byte("0123456789"), maxInput/5) // twice the bound
	wrote := make(chan error, 1)
	go func() {
		_, err := w.Write(sent)
		w.Close()
		wrote <- err
	}()
	select {
	case err := <-wrote:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the input was not taken while nothing read it")
	}
	for ended := false; !ended; time.Sleep(time.Millisecond) { // all of it taken
		in.mu.Lock()
		ended = in.err != nil
		in.mu.Unlock()
	}
	got, err := io.ReadAll(in)
	if err != nil || !bytes.Equal(got, sent[:maxInput]) {
		t.Errorf("read %d bytes (%v), want the first %d of what was sent", len(got), err, maxInput)
	}
	if !in.lastRead().After(began) {
		t.Errorf("the input's last moment was not noted")
	}
}
