package ssh

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"time"

	gliderssh "charm.land/ssh"
)

// Every connection is counted from its first byte to its close, against
// MaxConnections and MaxConnectionsPerAddr, signed in or not; one without
// a session open is closed after NoSessionTimeout; a write to it that
// waits WriteTimeout (its client stopped reading) closes it.

// maxChannelsPerConn bounds the session channels open on one connection,
// as OpenSSH's MaxSessions does: each holds a little memory even before
// it starts.
const maxChannelsPerConn = 10

// connection is a client's connection, as counted.
type connection struct {
	net.Conn
	s    *Server
	addr string // the remote IP

	mu       sync.Mutex
	sessions int         // handlers running
	channels int         // session channels open
	lonely   *time.Timer // closes it while it has no session
	closed   bool
}

type connectionKey struct{}

// connectionOf is the connection a context belongs to.
func connectionOf(ctx gliderssh.Context) *connection {
	c, _ := ctx.Value(connectionKey{}).(*connection)
	return c
}

// accept counts a new connection, or refuses it past the limits (nil).
func (s *Server) accept(ctx gliderssh.Context, conn net.Conn) net.Conn {
	c := &connection{Conn: conn, s: s, addr: remoteIP(conn.RemoteAddr())}
	c.mu.Lock() // the timer's function waits for the timer to be set
	c.lonely = time.AfterFunc(s.cfg.NoSessionTimeout, c.closeLonely)
	c.mu.Unlock()
	s.mu.Lock()
	var refused error
	switch {
	case s.draining:
		refused = errRestarting
	case len(s.conns) >= s.cfg.MaxConnections:
		refused = errFull
	case s.connsAt[c.addr] >= s.cfg.MaxConnectionsPerAddr:
		refused = errAddrConns
	default:
		s.conns[c] = struct{}{}
		s.connsAt[c.addr]++
	}
	s.mu.Unlock()
	if refused != nil {
		c.mu.Lock()
		c.lonely.Stop()
		c.mu.Unlock()
		s.log.Warn("connection refused", "addr", c.addr, "why", refused)
		// Before the SSH version line a server may send lines of text
		// (ssh -v shows them); no handshake is spent on a refusal.
		conn.SetWriteDeadline(time.Now().Add(time.Second))
		io.WriteString(conn, "numeneon: "+refused.Error()+"\r\n")
		return nil // charm.land/ssh closes it
	}
	ctx.SetValue(connectionKey{}, c)
	return c
}

// Write writes to the client, giving up after the write timeout. A
// failed write closes the connection: SSH cannot go on after half a
// packet.
func (c *connection) Write(p []byte) (int, error) {
	c.Conn.SetWriteDeadline(time.Now().Add(c.s.cfg.WriteTimeout))
	n, err := c.Conn.Write(p)
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		c.drop()
	case err != nil:
		c.Close()
	}
	return n, err
}

// drop closes a connection one of whose writes waited the write timeout.
func (c *connection) drop() {
	if first, _ := c.close(); first {
		c.s.log.Warn("connection dropped: a write waited too long", "addr", c.addr, "after", c.s.cfg.WriteTimeout)
	}
}

// Close closes the connection and stops counting it.
func (c *connection) Close() error {
	_, err := c.close()
	return err
}

// close closes the connection and stops counting it; first says that it
// was open.
func (c *connection) close() (first bool, err error) {
	c.mu.Lock()
	first = !c.closed
	c.closed = true
	c.lonely.Stop()
	c.mu.Unlock()
	if s := c.s; first {
		s.mu.Lock()
		if _, counted := s.conns[c]; counted {
			delete(s.conns, c)
			if s.connsAt[c.addr]--; s.connsAt[c.addr] <= 0 {
				delete(s.connsAt, c.addr)
			}
		}
		s.mu.Unlock()
		return true, c.Conn.Close()
	}
	return false, net.ErrClosed
}

// closeLonely closes the connection if it still has no session.
func (c *connection) closeLonely() {
	c.mu.Lock()
	lonely := c.sessions == 0 && !c.closed
	c.mu.Unlock()
	if lonely {
		c.s.log.Info("connection closed: no session", "addr", c.addr, "after", c.s.cfg.NoSessionTimeout)
		c.Close()
	}
}

// sessionStarted and sessionEnded count the sessions under way; the last
// one's end starts the wait for another.
func (c *connection) sessionStarted() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sessions++
	c.lonely.Stop()
}

func (c *connection) sessionEnded() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sessions--; c.sessions == 0 && !c.closed {
		c.lonely.Reset(c.s.cfg.NoSessionTimeout)
	}
}

// openChannel counts a session channel being opened, unless the
// connection has as many as it may.
func (c *connection) openChannel() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.channels >= maxChannelsPerConn {
		return false
	}
	c.channels++
	return true
}

func (c *connection) closeChannel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.channels--
}

// deadline is w (a session's output) with the write timeout: a write that
// waits longer (the client stopped reading, or stopped making room in
// SSH's window for more) drops the connection, and the write fails.
func (c *connection) deadline(w io.Writer) io.Writer { return deadlineWriter{w, c} }

type deadlineWriter struct {
	w io.Writer
	c *connection
}

func (d deadlineWriter) Write(p []byte) (int, error) {
	t := time.AfterFunc(d.c.s.cfg.WriteTimeout, d.c.drop)
	defer t.Stop()
	return d.w.Write(p)
}

// closeConns closes every connection.
func (s *Server) closeConns() {
	s.mu.Lock()
	open := make([]*connection, 0, len(s.conns))
	for c := range s.conns {
		open = append(open, c)
	}
	s.mu.Unlock()
	for _, c := range open {
		c.Close()
	}
}

// Connections is how many connections are open.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}
