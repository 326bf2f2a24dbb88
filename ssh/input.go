package ssh

import (
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// maxInput is how much of a session's input waits for it at most: more
// than any field takes, or than a person types or pastes while a frame is
// drawn.
const maxInput = 1 << 20

// input reads a session channel's data as it comes, whatever the session
// is doing (not started yet, or its program busy), and keeps at most
// maxInput bytes of it; what comes past that meanwhile is dropped. Left
// unread, the SSH channel would keep every packet the client sends (tens
// of bytes of memory for each byte of a one-byte packet) up to its window
// of 2 MB. It also notes when the person last typed.
type input struct {
	mu   sync.Mutex
	more *sync.Cond // signalled when buf or err change
	buf  []byte
	err  error
	last atomic.Int64 // when a byte last came, in Unix ns
}

// newInput starts reading r until it fails.
func newInput(r io.Reader) *input {
	in := &input{}
	in.last.Store(time.Now().UnixNano())
	in.more = sync.NewCond(&in.mu)
	go in.fill(r)
	return in
}

// lastRead is when a byte last came (or the input began).
func (in *input) lastRead() time.Time { return time.Unix(0, in.last.Load()) }

func (in *input) fill(r io.Reader) {
	p := make([]byte, 4<<10)
	for {
		n, err := r.Read(p)
		if n > 0 {
			in.last.Store(time.Now().UnixNano())
		}
		in.mu.Lock()
		in.buf = append(in.buf, p[:min(n, maxInput-len(in.buf))]...)
		in.err = err
		in.more.Signal()
		in.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// Read gives what came, waiting for some.
func (in *input) Read(p []byte) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for len(in.buf) == 0 && in.err == nil {
		in.more.Wait()
	}
	n := copy(p, in.buf)
	in.buf = in.buf[n:]
	if len(in.buf) == 0 {
		in.buf = nil // a burst's memory goes with it
		return n, in.err
	}
	return n, nil
}
