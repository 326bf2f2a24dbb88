package ssh

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/log/v2"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The end-to-end tests run a real server on 127.0.0.1:0 over a real
// database, and connect to it with golang.org/x/crypto/ssh clients whose
// screens are read through a terminal emulator.

// testPassword is every test account's password.
const testPassword = "a good long password"

// testServer is a running server and what it serves.
type testServer struct {
	t    testing.TB
	srv  *Server
	addr string
	db   *storage.DB
	svc  *model.Service
	op   *model.Operator
	logs *syncBuffer
	done chan error
}

// serverDB opens a migrated database at url (a SQLite path or a
// PostgreSQL URL) for a test.
func serverDB(t testing.TB, url string) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// startServer serves a new SQLite database; startServerOn serves db.
func startServer(t testing.TB, cfg ...func(*Config)) *testServer {
	t.Helper()
	return startServerOn(t, serverDB(t, filepath.Join(t.TempDir(), "ssh.db")), cfg...)
}

func startServerOn(t testing.TB, db *storage.DB, cfg ...func(*Config)) *testServer {
	t.Helper()
	return startServerWith(t, db, nil, cfg...)
}

// startServerWith serves db with a Service made with opts besides the
// tests' cheap hasher.
func startServerWith(t testing.TB, db *storage.DB, opts []model.Option, cfg ...func(*Config)) *testServer {
	t.Helper()
	hasher := model.WithHasher(model.Hasher{Iterations: 1000})
	ts := &testServer{t: t, db: db, svc: model.NewService(db, append(opts, hasher)...), op: model.NewOperator(db, hasher),
		logs: &syncBuffer{}, done: make(chan error, 1)}
	c := Config{
		Listen:      "127.0.0.1:0",
		HostKeyPath: filepath.Join(t.TempDir(), "host_key"),
		Logger:      log.NewWithOptions(ts.logs, log.Options{Level: log.DebugLevel}),
	}
	for _, f := range cfg {
		f(&c)
	}
	srv, err := New(c, ts.svc)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.srv, ts.addr = srv, l.Addr().String()
	go func() { ts.done <- srv.Serve(l) }()
	t.Cleanup(func() { ts.stop() })
	return ts
}

// stop shuts the server down (once) and returns Serve's error.
func (ts *testServer) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts.srv.Shutdown(ctx)
	select {
	case err := <-ts.done:
		ts.done <- err
		return err
	case <-ctx.Done():
		ts.t.Errorf("Serve did not return after Shutdown")
		return ctx.Err()
	}
}

// user makes an account with testPassword.
func (ts *testServer) user(name string) model.User {
	ts.t.Helper()
	u, err := ts.op.AddUser(context.Background(), model.SignUp{Username: name, Email: name + "@example.com", Password: testPassword})
	if err != nil {
		ts.t.Fatal(err)
	}
	return u
}

// key makes a key and registers it to username.
func (ts *testServer) key(username string) gossh.Signer {
	ts.t.Helper()
	k := newKey(ts.t)
	if _, err := ts.op.AddSSHKey(context.Background(), username, string(gossh.MarshalAuthorizedKey(k.PublicKey()))); err != nil {
		ts.t.Fatal(err)
	}
	return k
}

func newKey(t testing.TB) gossh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// befriend makes a and b friends.
func (ts *testServer) befriend(a, b model.User) {
	ts.t.Helper()
	ctx := context.Background()
	if _, err := ts.svc.SendFriendRequest(ctx, a.ID, b.ID); err != nil {
		ts.t.Fatal(err)
	}
	reqs, err := ts.svc.FriendRequests(ctx, b.ID, true)
	if err != nil || len(reqs) == 0 {
		ts.t.Fatalf("no request to accept: %v", err)
	}
	if err := ts.svc.AcceptFriendRequest(ctx, b.ID, reqs[0].ID); err != nil {
		ts.t.Fatal(err)
	}
}

// dial connects as user with the given ways to authenticate.
func dial(t testing.TB, addr, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

func mustDial(t testing.TB, addr, user string, auth ...gossh.AuthMethod) *gossh.Client {
	t.Helper()
	c, err := dial(t, addr, user, auth...)
	if err != nil {
		t.Fatalf("connecting as %s: %v", user, err)
	}
	return c
}

// runCmd runs a script command and returns its output and exit status.
func runCmd(t testing.TB, c *gossh.Client, stdin string, cmd string) (stdout, stderr string, code int) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdin, s.Stdout, s.Stderr = strings.NewReader(stdin), &out, &errb
	err = s.Run(cmd)
	var exit *gossh.ExitError
	switch {
	case err == nil:
	case asExit(err, &exit):
		code = exit.ExitStatus()
	default:
		t.Fatalf("%s: %v", cmd, err)
	}
	return out.String(), errb.String(), code
}

func asExit(err error, target **gossh.ExitError) bool {
	e, ok := err.(*gossh.ExitError)
	if ok {
		*target = e
	}
	return ok
}

// screen is a TUI session on a pseudo-terminal of the server, read
// through a terminal emulator.
type screen struct {
	t     testing.TB
	sess  *gossh.Session
	stdin io.WriteCloser
	mu    sync.Mutex
	emu   *vt.Emulator
	ended chan error
}

// openTUI opens a TUI session of w×h on c.
func openTUI(t testing.TB, c *gossh.Client, w, h int) *screen {
	t.Helper()
	return openTUICommand(t, c, w, h, "")
}

// openTUICommand opens a session of w×h with a terminal on c that runs
// command (ssh -t HOST command), or the shell when it is "".
func openTUICommand(t testing.TB, c *gossh.Client, w, h int, command string) *screen {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	sc := &screen{t: t, sess: sess, emu: vt.NewEmulator(w, h), ended: make(chan error, 1)}
	sc.stdin, err = sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	// The emulator's answers to the app's queries go back as input.
	go io.Copy(sc.stdin, sc.emu)
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				sc.mu.Lock()
				sc.emu.Write(buf[:n])
				sc.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	start := sess.Shell
	if command != "" {
		start = func() error { return sess.Start(command) }
	}
	if err := start(); err != nil {
		t.Fatal(err)
	}
	go func() { sc.ended <- sess.Wait() }()
	t.Cleanup(func() { sess.Close() })
	return sc
}

func (sc *screen) text() string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.emu.String()
}

// wait waits until the screen shows every text.
func (sc *screen) wait(texts ...string) {
	sc.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		scr := sc.text()
		all := true
		for _, x := range texts {
			all = all && strings.Contains(scr, x)
		}
		if all {
			return
		}
		if time.Now().After(deadline) {
			sc.t.Fatalf("waited for %q; the screen shows:\n%s", texts, scr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (sc *screen) send(keys string) {
	sc.t.Helper()
	if _, err := io.WriteString(sc.stdin, keys); err != nil {
		sc.t.Fatal(err)
	}
}

// quit answers the question q asks over SSH. A q that came while the
// program still had an earlier, too small window size was dropped (keys
// on the "too small" screen are): q goes again until the question shows.
func (sc *screen) quit() {
	sc.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		sc.send("q")
		for wait := time.Now().Add(time.Second); time.Now().Before(wait); time.Sleep(10 * time.Millisecond) {
			select {
			case err := <-sc.ended: // a second q quit: the session is over
				sc.ended <- err // for end
				return
			default:
			}
			if strings.Contains(sc.text(), "Quit numeneon?") {
				sc.send("y")
				return
			}
		}
	}
	sc.t.Fatalf("q never asked to quit; the screen shows:\n%s", sc.text())
}

// end waits for the session to end.
func (sc *screen) end() {
	sc.t.Helper()
	select {
	case <-sc.ended:
	case <-time.After(15 * time.Second):
		sc.t.Fatalf("the session did not end; the screen shows:\n%s", sc.text())
	}
}

// syncBuffer is a bytes.Buffer that several goroutines write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// rawSession is a TUI session whose output is kept as it came.
type rawSession struct {
	*gossh.Session
	in io.WriteCloser
}

func (r rawSession) Write(p []byte) (int, error) { return r.in.Write(p) }

// openRaw opens a TUI session of w×h on c whose output goes to out.
func openRaw(t testing.TB, c *gossh.Client, w, h int) (rawSession, *syncBuffer) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	sess.Stdout = out
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return rawSession{sess, in}, out
}

// waitRaw waits until out holds text.
func waitRaw(t testing.TB, out *syncBuffer, text string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out.String(), text); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited for %q; the output is %q", text, out.String())
		}
	}
}
