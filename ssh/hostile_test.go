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
	sc.send("q")
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

// dialStuck connects as user with a key, opens a TUI of w×h, and from then
// on reads nothing more: stop, when the server has been asked for a flood
// of screens (flood), makes the client stop reading.
func dialStuck(t testing.TB, addr, user string, key gossh.Signer, w, h int) (c *gossh.Client, in io.Writer, stop func()) {
	t.Helper()
	// The receive buffer and the segments are made small before
	// connecting, so that the window the client offers stays small and
	// the server's send buffer with it (on loopback, segments of 64 KB
	// would let it hold megabytes).
	d := net.Dialer{Timeout: 10 * time.Second, Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		err := rc.Control(func(fd uintptr) {
			serr = cmp.Or(syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<10),
				syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_MAXSEG, 536))
		})
		return cmp.Or(err, serr)
	}}
	tcp, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	sc := &stuckConn{Conn: tcp, stop: make(chan struct{}), closed: make(chan struct{})}
	conn, chans, reqs, err := gossh.NewClientConn(sc, addr, &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		t.Fatal(err)
	}
	c = gossh.NewClient(conn, chans, reqs)
	t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return c, in, func() { close(sc.stop) }
}

// flood asks a session for a thousand whole screens (ctrl+l redraws),
// more than an SSH window holds.
func flood(t testing.TB, in io.Writer) {
	t.Helper()
	if _, err := io.WriteString(in, strings.Repeat("\x0c", 1000)); err != nil {
		t.Fatal(err)
	}
}

// waitWriteBlocked waits until a session of the server (in this process)
// stands in a write to a client's socket that does not take it.
func waitWriteBlocked(t testing.TB) {
	t.Helper()
	buf := make([]byte, 8<<20)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if strings.Contains(g, "[IO wait") && strings.Contains(g, "ssh.deadlineWriter.Write") {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no session's write waited on its client within 20s")
		}
	}
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
	_, in, stop := dialStuck(t, ts.addr, "alice", key, 200, 60)
	waitSessions(t, ts, 1)
	stop()
	flood(t, in)
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
	_, in, stop := dialStuck(t, ts.addr, "alice", ts.key("alice"), 200, 60)
	sc := openTUI(t, mustDial(t, ts.addr, "bob", gossh.PublicKeys(ts.key("bob"))), 100, 30)
	sc.wait("1 Feed")
	sc.send("n")
	sc.wait("New post")
	sc.send("half a thought")
	sc.wait("half a thought")
	stop()
	flood(t, in)
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

// request sends a session request that wants an answer, and returns it.
func request(t testing.TB, sess *gossh.Session, name string, payload any) bool {
	t.Helper()
	var b []byte
	if payload != nil {
		b = gossh.Marshal(payload)
	}
	ok, err := sess.SendRequest(name, true, b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ok
}

// TestRequestsBounded: a session takes only the environment variables it
// has a use for, a few and short, a terminal name of reasonable length,
// a command of reasonable length, and none of the requests it does not
// know; a flood of large env requests leaves no memory behind.
func TestRequestsBounded(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice")))
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	type kv struct{ Key, Value string }
	for _, tc := range []struct {
		env  kv
		want bool
	}{
		{kv{"LANG", "en_US.UTF-8"}, true},
		{kv{"LC_ALL", "C.UTF-8"}, true},
		{kv{"COLORTERM", "truecolor"}, true},
		{kv{"LD_PRELOAD", "/tmp/x.so"}, false},
		{kv{"LC_HUGE", strings.Repeat("x", 100<<10)}, false},
	} {
		if got := request(t, sess, "env", tc.env); got != tc.want {
			t.Errorf("env %s (%d bytes): %v, want %v", tc.env.Key, len(tc.env.Value), got, tc.want)
		}
	}
	var taken int
	for i := range 30 {
		if request(t, sess, "env", kv{fmt.Sprintf("LC_X%d", i), "y"}) {
			taken++
		}
	}
	if taken+3 != maxEnv {
		t.Errorf("%d env variables taken in all, want %d", taken+3, maxEnv)
	}
	if request(t, sess, "x-unknown@example.com", nil) {
		t.Errorf("an unknown request was accepted")
	}
	if request(t, sess, "pty-req", struct {
		Term         string
		W, H, PW, PH uint32
		Modes        string
	}{strings.Repeat("x", 100<<10), 80, 24, 0, 0, ""}) {
		t.Errorf("a pty-req with a terminal name of 100 KB was accepted")
	}
	if request(t, sess, "exec", struct{ Command string }{"feed " + strings.Repeat("x", 100<<10)}) {
		t.Errorf("an exec of 100 KB was accepted")
	}
	// The session still works.
	var out strings.Builder
	sess.Stdout = &out
	if err := sess.Run("whoami"); err != nil || !strings.Contains(out.String(), "@alice") {
		t.Errorf("whoami after all that: %q, %v", out.String(), err)
	}

	// Hundreds of env requests of 100 KB, not waiting for answers.
	flooder, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer flooder.Close()
	before := heapAlloc()
	value := strings.Repeat("x", 100<<10)
	for i := range 300 {
		if _, err := flooder.SendRequest("env", false, gossh.Marshal(kv{fmt.Sprintf("LC_%d", i), value})); err != nil {
			t.Fatal(err)
		}
	}
	request(t, flooder, "env", kv{"LANG", "C"}) // answered after all the others
	if grew := int64(heapAlloc()) - int64(before); grew > 8<<20 {
		t.Errorf("300 env requests of 100 KB left the heap %d MB larger", grew>>20)
	}
}

// heapAlloc is the heap in use after a collection.
func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestLargeScreenMemory: a newcomer at the largest terminal costs the
// server little memory: what it keeps of its screen does not grow with
// the area (measured here with the clients in the same process, a
// generous bound).
func TestLargeScreenMemory(t *testing.T) {
	const sessions = 5
	ts := startServer(t, func(c *Config) { c.MaxNewcomersPerAddr = sessions })
	warm, out := openRaw(t, mustDial(t, ts.addr, "warm", gossh.PublicKeys(newKey(t))), 100, 30)
	waitRaw(t, out, "Sign up")
	warm.Close()
	waitSessions(t, ts, 0)
	before := heapAlloc()
	for i := range sessions {
		_, out := openRaw(t, mustDial(t, ts.addr, fmt.Sprintf("newbie%d", i), gossh.PublicKeys(newKey(t))), 1000, 500)
		waitRaw(t, out, "Sign up")
	}
	waitSessions(t, ts, sessions)
	per := (int64(heapAlloc()) - int64(before)) / sessions
	t.Logf("heap per newcomer at %dx%d: %.2f MB", maxWidth, maxHeight, float64(per)/(1<<20))
	if per > 4<<20 {
		t.Errorf("a newcomer at %dx%d holds %.1f MB of heap", maxWidth, maxHeight, float64(per)/(1<<20))
	}
}
