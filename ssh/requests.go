package ssh

import (
	"strings"
	"sync"

	gliderssh "charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// A session channel's requests (pty-req, env, shell, window-change…) come
// in on one loop per connection (x/crypto/ssh's), which waits while a
// channel's small queue of requests is full: then nothing more of the
// connection is read, the client's window adjustments included, and every
// write to it waits for ever. charm.land/ssh's request loop waits in turn
// on a one-slot channel of window sizes, which a session reads only as
// fast as its program takes them. So each channel's requests go through a
// filter that never waits: window changes become the latest size of the
// session, which takes it when it can; what the session has no use for is
// refused there; the rest is queued (a few) for charm.land/ssh's loop.

// Bounds of what a client may ask of a session.
const (
	maxQueued  = 16       // requests waiting for charm.land/ssh's loop
	maxEnv     = 16       // env variables accepted
	maxEnvSize = 256      // bytes of an env variable's name and value
	maxTerm    = 64       // bytes of a pty-req's terminal name
	maxPtyReq  = 4 << 10  // bytes of a pty-req (the modes are a few each)
	maxCommand = 32 << 10 // bytes of an exec's command: a DM of 4,000 characters fits
)

// sessionChannel handles a "session" channel as charm.land/ssh does, but
// with its requests through filterRequests, its input read as it comes
// (input), and its handler told the channel; at most maxChannelsPerConn of
// them per connection.
func (s *Server) sessionChannel(srv *gliderssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx gliderssh.Context) {
	c := connectionOf(ctx)
	if !c.openChannel() {
		nc.Reject(gossh.ResourceShortage, "too many sessions on one connection")
		return
	}
	defer c.closeChannel()
	ch := &channel{NewChannel: nc, size: latestSize{changed: make(chan struct{}, 1)}}
	// DefaultSessionHandler reads these fields of its server, and runs
	// Handler for the session: a server of this one channel.
	one := &gliderssh.Server{
		Handler:                func(sess gliderssh.Session) { s.handle(sess, c, ch) },
		PtyCallback:            srv.PtyCallback,
		PtyHandler:             srv.PtyHandler,
		SessionRequestCallback: srv.SessionRequestCallback,
		SubsystemHandlers:      srv.SubsystemHandlers,
	}
	gliderssh.DefaultSessionHandler(one, conn, ch, ctx)
}

// channel is a new session channel as numeneon takes it: once accepted,
// its requests come through filterRequests, its data through an input
// that reads it as it comes, whether or not a session reads it yet.
type channel struct {
	gossh.NewChannel
	size latestSize // the latest window size its client asked for
	in   *input     // its data; set by Accept
}

func (c *channel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	c.in = newInput(ch)
	return inputChannel{ch, c.in}, filterRequests(reqs, &c.size), nil
}

// inputChannel is a channel read through its input.
type inputChannel struct {
	gossh.Channel
	in *input
}

func (c inputChannel) Read(p []byte) (int, error) { return c.in.Read(p) }

// filterRequests reads in for as long as it is open, never waiting, and
// hands on what charm.land/ssh's loop should see (closed after in).
func filterRequests(in <-chan *gossh.Request, size *latestSize) <-chan *gossh.Request {
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		f := requestFilter{size: size}
		for {
			var next *gossh.Request
			var send chan<- *gossh.Request
			if len(f.queue) > 0 {
				next, send = f.queue[0], out
			}
			select {
			case req, ok := <-in:
				if !ok {
					return
				}
				f.take(req)
			case send <- next:
				f.queue[0] = nil
				f.queue = f.queue[1:]
			}
		}
	}()
	return out
}

// requestFilter is what filterRequests holds: the requests to hand on.
type requestFilter struct {
	queue []*gossh.Request
	size  *latestSize
	env   int
}

// take answers req or queues it.
func (f *requestFilter) take(req *gossh.Request) {
	ok := true
	switch req.Type {
	case "window-change":
		var win struct{ W, H, PW, PH uint32 }
		if ok = gossh.Unmarshal(req.Payload, &win) == nil; ok {
			f.size.set(int(win.W), int(win.H))
		}
		req.Reply(ok, nil)
		return
	case "env":
		var kv struct{ Key, Value string }
		ok = gossh.Unmarshal(req.Payload, &kv) == nil && f.env < maxEnv &&
			len(kv.Key)+len(kv.Value) <= maxEnvSize && acceptEnv(kv.Key)
		if ok {
			f.env++
		}
	case "pty-req":
		var pty struct {
			Term string
			Rest []byte `ssh:"rest"`
		}
		ok = len(req.Payload) <= maxPtyReq && gossh.Unmarshal(req.Payload, &pty) == nil && len(pty.Term) <= maxTerm
	case "exec":
		ok = len(req.Payload) <= maxCommand
	case "shell", "signal", "break", "subsystem":
	default:
		ok = false
	}
	if !ok || len(f.queue) >= maxQueued {
		req.Reply(false, nil)
		return
	}
	f.queue = append(f.queue, req)
}

// acceptEnv says whether a client's environment variable is taken, as
// OpenSSH's AcceptEnv does: the terminal's type and colours, the locale.
func acceptEnv(name string) bool {
	switch name {
	case "TERM", "LANG", "COLORTERM", "NO_COLOR":
		return true
	}
	return strings.HasPrefix(name, "LC_")
}

// latestSize is the last window size a session was asked for; changed is
// signalled when it changes.
type latestSize struct {
	mu      sync.Mutex
	w, h    int
	changed chan struct{}
}

func (l *latestSize) set(w, h int) {
	l.mu.Lock()
	l.w, l.h = w, h
	l.mu.Unlock()
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

func (l *latestSize) get() (w, h int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w, l.h
}
