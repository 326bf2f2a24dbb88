package ssh

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
)

// posts gives u n long posts, so that a screen of the feed is full.
func (ts *testServer) posts(u model.User, n int) {
	ts.t.Helper()
	for i := range n {
		content := fmt.Sprintf("post %d: %s", i, strings.Repeat("a rather long line of words ", 15))
		if _, err := ts.svc.CreatePost(context.Background(), u.ID, model.NewPost{Type: model.Thoughts, Content: content}); err != nil {
			ts.t.Fatal(err)
		}
	}
}

// windowChange asks the server to resize sess to w×h, not waiting for an
// answer (as ssh does on SIGWINCH).
func windowChange(t testing.TB, sess *gossh.Session, w, h int) {
	t.Helper()
	if _, err := sess.SendRequest("window-change", false, gossh.Marshal(struct{ W, H, PW, PH uint32 }{uint32(w), uint32(h), 0, 0})); err != nil {
		t.Fatal(err)
	}
}

// TestResizeStorm: hundreds of window changes back to back, from a client
// that reads what it is sent, leave the session working: it answers keys
// and quits on q.
func TestResizeStorm(t *testing.T) {
	ts := startServer(t)
	ts.posts(ts.user("alice"), 40)
	sc := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice"))), 120, 30)
	sc.wait("1 Feed", "live")
	for i := range 300 {
		windowChange(t, sc.sess, 640-i%2, 240-i%2)
	}
	windowChange(t, sc.sess, 120, 30)
	sc.send("2")
	sc.wait("Posts and wall", "40 posts")
	sc.send("qy") // q on a tab asks over SSH; y quits
	sc.end()
	waitSessions(t, ts, 0)
}

// stuckConn is a client's connection that stops reading when told to,
// as a client that hangs does: what the server sends piles up in the
// sockets' buffers (made small here) until its writes wait.
type stuckConn struct {
	net.Conn
	stop, closed chan struct{}
	once         sync.Once
}

func (c *stuckConn) Read(p []byte) (int, error) {
	select {
	case <-c.stop:
		<-c.closed
		return 0, net.ErrClosed
	default:
		return c.Conn.Read(p)
	}
}

func (c *stuckConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// dialStuck connects as user with a key and opens a TUI of w×h; stop makes
// the client stop reading, and from then on ask for a whole screen every
// 5 ms, until the server drops it.
func dialStuck(t testing.TB, addr, user string, key gossh.Signer, w, h int) (stop func()) {
	t.Helper()
	c, stop, err := openStuck(addr, nil, user, key, w, h, 5*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return stop
}

// openStuck is dialStuck from the local address from (nil: any), asking
// for a screen every so often.
func openStuck(addr string, from *net.TCPAddr, user string, key gossh.Signer, w, h int, every time.Duration) (c *gossh.Client, stop func(), err error) {
	// The receive buffer and the segments are made small before
	// connecting, so that the window the client offers stays small and
	// the server's send buffer with it (on loopback, segments of 64 KB
	// would let it hold megabytes).
	d := net.Dialer{Timeout: 10 * time.Second, LocalAddr: from, Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		err := rc.Control(func(fd uintptr) {
			serr = cmp.Or(syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<10),
				syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_MAXSEG, 536))
		})
		return cmp.Or(err, serr)
	}}
	tcp, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	sc := &stuckConn{Conn: tcp, stop: make(chan struct{}), closed: make(chan struct{})}
	conn, chans, reqs, err := gossh.NewClientConn(sc, addr, &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		tcp.Close()
		return nil, nil, err
	}
	c = gossh.NewClient(conn, chans, reqs)
	sess, err := c.NewSession()
	if err == nil {
		sess.Stdin = screenFlood{every: every, start: sc.stop, done: sc.closed}
		err = sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{})
	}
	if err == nil {
		err = sess.Shell()
	}
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	return c, func() { close(sc.stop) }, nil
}

// screenFlood is a client's input that, once started, asks for a whole
// screen again (ctrl+l) every so often, until done.
type screenFlood struct {
	every       time.Duration
	start, done <-chan struct{}
}

func (f screenFlood) Read(p []byte) (int, error) {
	select {
	case <-f.start:
	case <-f.done:
		return 0, io.EOF
	}
	select {
	case <-time.After(f.every):
		return copy(p, "\x0c"), nil
	case <-f.done:
		return 0, io.EOF
	}
}

// waitWriteBlocked waits until a session of the server (in this process)
// stands in a write to a client's socket that does not take it.
func waitWriteBlocked(t testing.TB) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); writesWaiting() == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no session's write waited on its client within 20s")
		}
	}
}

// writesWaiting is how many sessions of the servers in this process stand
// in a write to a client's socket that does not take it, as their
// goroutines' stacks show.
func writesWaiting() int {
	buf := make([]byte, 8<<20)
	n := 0
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "[IO wait") && strings.Contains(g, "ssh.deadlineWriter.Write") {
			n++
		}
	}
	return n
}

// TestStuckClientDropped: a client that stops reading what it is sent is
// dropped once a write to it has waited the write timeout: the session
// ends, its person goes offline, its connection is closed, and the server
// serves the next person.
func TestStuckClientDropped(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.WriteTimeout = 500 * time.Millisecond })
	alice, bob := ts.user("alice"), ts.user("bob")
	ts.befriend(alice, bob)
	ts.posts(alice, 40)
	key := ts.key("alice")
	stop := dialStuck(t, ts.addr, "alice", key, 200, 60)
	waitSessions(t, ts, 1)
	stop()
	waitSessions(t, ts, 0)
	waitConnections(t, ts, 0)
	if !strings.Contains(ts.logs.String(), "a write waited too long") {
		t.Errorf("the session ended, not for the write timeout:\n%s", ts.logs)
	}
	if online, err := ts.svc.OnlineFriends(context.Background(), bob.ID); err != nil || online[alice.ID] {
		t.Errorf("alice is still online for bob: %v, %v", online, err)
	}
	sc := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(key)), 100, 30)
	sc.wait("1 Feed")
}

// waitConnections waits until the server counts n connections.
func waitConnections(t testing.TB, ts *testServer, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for ts.srv.Connections() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections open, want %d", ts.srv.Connections(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestShutdownWithStuckClient: a session whose client stopped reading
// holds up neither Shutdown, which returns within its grace, nor the other
// sessions, which are told and whose drafts are kept.
func TestShutdownWithStuckClient(t *testing.T) {
	ts := startServer(t)
	ts.posts(ts.user("alice"), 40)
	bob := ts.user("bob")
	stop := dialStuck(t, ts.addr, "alice", ts.key("alice"), 200, 60)
	sc := openTUI(t, mustDial(t, ts.addr, "bob", gossh.PublicKeys(ts.key("bob"))), 100, 30)
	sc.wait("1 Feed")
	sc.send("n")
	sc.wait("New post")
	sc.send("half a thought")
	sc.wait("half a thought")
	stop()
	waitWriteBlocked(t)

	const grace = 2 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- ts.srv.Shutdown(ctx) }()
	select {
	case err := <-shut:
		if err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	case <-time.After(grace + 5*time.Second):
		t.Fatalf("Shutdown with a %v grace had not returned %v later", grace, grace+5*time.Second)
	}
	sc.end()
	if !strings.Contains(sc.text(), "the server is restarting") {
		t.Errorf("bob was not told; his screen shows:\n%s", sc.text())
	}
	drafts, err := ts.svc.Drafts(context.Background(), bob.ID)
	if err != nil || drafts["post"].Content != "half a thought" {
		t.Errorf("bob's draft after shutdown: %+v, %v", drafts, err)
	}
	waitSessions(t, ts, 0)
	waitConnections(t, ts, 0)
}

// TestEndlessPaste: a paste that never ends is not kept without bound:
// past a megabyte the session ends, and the server serves the next one.
func TestEndlessPaste(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	key := ts.key("alice")
	sc := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(key)), 100, 30)
	sc.wait("1 Feed")
	go func() {
		sc.stdin.Write([]byte("\x1b[200~"))
		chunk := []byte(strings.Repeat("pasted text ", 1000))
		for range 200 { // 2.4 MB
			if _, err := sc.stdin.Write(chunk); err != nil {
				return
			}
		}
	}()
	sc.end()
	if !strings.Contains(ts.logs.String(), "a megabyte") {
		t.Errorf("the log does not say why the session ended:\n%s", ts.logs)
	}
	again := openTUI(t, mustDial(t, ts.addr, "alice", gossh.PublicKeys(key)), 100, 30)
	again.wait("1 Feed")
}
