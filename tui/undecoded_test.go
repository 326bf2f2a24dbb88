package tui

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// blockingAfter gives its data, then fails the test on a further read:
// the client has sent nothing more, and a real read would wait for ever.
type blockingAfter struct {
	t    *testing.T
	data *bytes.Reader
}

func (b *blockingAfter) Read(p []byte) (int, error) {
	if b.data.Len() == 0 {
		b.t.Fatal("read past the bound: on a real connection that waits for ever")
	}
	return b.data.Read(p)
}

// TestUndecodedEndsAtTheBound: exactly maxUndecoded bytes without an
// event end the input, without a read that would wait for more (the
// SSH server drops what a client sends past its own bound, and the
// client may then send nothing more).
func TestUndecodedEndsAtTheBound(t *testing.T) {
	in := &undecoded{r: &blockingAfter{t: t, data: bytes.NewReader(make([]byte, maxUndecoded))}}
	n, err := io.Copy(io.Discard, in)
	if !errors.Is(err, ErrInputOverflow) || n != maxUndecoded {
		t.Fatalf("read %d bytes and ended with %v, want %d and ErrInputOverflow", n, err, maxUndecoded)
	}
}
