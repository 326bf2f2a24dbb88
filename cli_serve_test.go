package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestServe: numeneon serve makes its host key in the data directory,
// logs where it listens, serves a password login and a command, and on
// its context's end (SIGINT, SIGTERM) stops and exits 0.
func TestServe(t *testing.T) {
	e := newEnv(t)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	addr, stderr, code, cancel := startServe(t, e)
	defer cancel()
	key := filepath.Join(e.dataHome, "numeneon", "ssh_host_ed25519")
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the host key: %v, %v", fi, err)
	}
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "alice", Auth: []gossh.AuthMethod{gossh.Password("good password")},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("logging in: %v\n%s", err, stderr.String())
	}
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Output("whoami")
	if err != nil || !strings.Contains(string(out), "@alice") {
		t.Errorf("whoami: %q, %v", out, err)
	}
	c.Close()
	cancel()
	select {
	case got := <-code:
		if got != 0 {
			t.Errorf("serve exited %d:\n%s", got, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("serve did not stop:\n%s", stderr.String())
	}
	logs := stderr.String()
	for _, want := range []string{"command", "user=alice", "stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log has no %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "good password") {
		t.Errorf("the log holds the password:\n%s", logs)
	}
}

// TestServeFileGone: the SQLite file of a running numeneon serve is
// removed; a post by SSH then fails (it used to succeed into the unlinked
// file, lost for good), and the server's log says why, once.
func TestServeFileGone(t *testing.T) {
	e := newEnv(t)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	addr, stderr, _, cancel := startServe(t, e)
	defer cancel()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "alice", Auth: []gossh.AuthMethod{gossh.Password("good password")},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("logging in: %v\n%s", err, stderr.String())
	}
	defer c.Close()
	post := func(text string) (string, error) {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		out, err := s.CombinedOutput("post " + text)
		return string(out), err
	}
	if out, err := post("kept"); err != nil {
		t.Fatalf("post: %v\n%s", err, out)
	}
	if err := os.Remove(e.db); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		out, err := post("lost")
		var exit *gossh.ExitError
		if !errors.As(err, &exit) || exit.ExitStatus() == 0 || !strings.Contains(out, "Something went wrong") {
			t.Fatalf("a post with the database file removed: %v\n%s", err, out)
		}
	}
	logs := stderr.String()
	if n := strings.Count(logs, "was removed after numeneon opened it"); n != 1 {
		t.Errorf("the server logged the removal %d times, want once:\n%s", n, logs)
	}
}

// startServe runs numeneon serve on e's database and a free port, and
// returns where it listens, its standard error, its exit status to come,
// and what stops it.
func startServe(t *testing.T, e *env) (addr string, stderr *syncBuffer, code <-chan int, cancel func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = &syncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- e.app(strings.NewReader(""), &bytes.Buffer{}, stderr).Run(ctx, []string{"--db", e.db, "serve", "--listen", "127.0.0.1:0"})
	}()
	re := regexp.MustCompile(`serving addr=(\S+)`)
	var m []string
	for deadline := time.Now().Add(20 * time.Second); m == nil; time.Sleep(10 * time.Millisecond) {
		if m = re.FindStringSubmatch(stderr.String()); m == nil && time.Now().After(deadline) {
			cancel()
			t.Fatalf("the server did not say where it listens:\n%s", stderr.String())
		}
	}
	return m[1], stderr, exit, cancel
}

// TestServeRefusesBadLimits: limits that mean nothing are refused with
// the flag named, exit status 2.
func TestServeRefusesBadLimits(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ flag, want string }{
		{"--max-sessions=0", "--max-sessions must be at least 1"},
		{"--max-sessions-per-user=-1", "--max-sessions-per-user must be at least 1"},
		{"--idle-timeout=5s", "--idle-timeout must be a minute or more"},
		{"--listen=nonsense", `--listen "nonsense": give HOST:PORT`},
	} {
		r := e.run("", "--db", e.db, "serve", c.flag)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("serve %s: exit %d, stderr %q; want 2 and %q", c.flag, r.code, r.stderr, c.want)
		}
	}
}
