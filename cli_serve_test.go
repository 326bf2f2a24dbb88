package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestServe: numeneon serve makes its host key in the data directory,
// logs where it listens, serves a password login and commands within its
// limits, and on its context's end (SIGINT, SIGTERM) stops and exits 0.
func TestServe(t *testing.T) {
	e := newEnv(t)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	e.ok("good password\n", "user", "add", "bob", "--email", "bob@example.com", "--password-stdin")
	addr, stderr, stop := serving(t, e, "--budget", "message=1/2", "--max-connections-per-addr", "1")
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
	// --budget message=1/2: two messages at once, not three.
	for i := range 3 {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		out, err := s.CombinedOutput("dm bob hello")
		if refused := strings.Contains(string(out), "Slow down: at most 1 message a minute."); refused != (i == 2) || (err == nil) != (i < 2) {
			t.Errorf("dm %d: %q, %v", i+1, out, err)
		}
	}
	second, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	second.SetReadDeadline(time.Now().Add(10 * time.Second))
	if said, _ := io.ReadAll(second); !strings.Contains(string(said), "Too many connections from your address") {
		t.Errorf("a second connection with --max-connections-per-addr 1 was told %q", said)
	}
	second.Close()
	c.Close()
	if got := stop(); got != 0 {
		t.Errorf("serve exited %d:\n%s", got, stderr.String())
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
	addr, stderr, _ := serving(t, e)
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
	// Each refused write is an internal error of its own (with its
	// reference); what happened to the file is said once.
	if n := strings.Count(logs, "refusing writes"); n != 1 {
		t.Errorf("the server logged the removal %d times, want once:\n%s", n, logs)
	}
}

// TestServeRefusesBadLimits: limits that mean nothing are refused with
// the flag named, exit status 2.
func TestServeRefusesBadLimits(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ flag, want string }{
		{"--max-sessions=0", "--max-sessions must be at least 1"},
		{"--max-sessions-per-user=-1", "--max-sessions-per-user must be at least 1"},
		{"--idle-timeout=5s", "--idle-timeout must be a minute or more"},
		{"--max-newcomers=0", "--max-newcomers must be at least 1"},
		{"--max-newcomers-per-addr=0", "--max-newcomers-per-addr must be at least 1"},
		{"--max-connections=0", "--max-connections must be at least 1"},
		{"--max-connections-per-addr=-3", "--max-connections-per-addr must be at least 1"},
		{"--no-session-timeout=1s", "--no-session-timeout must be 10 seconds or more"},
		{"--write-timeout=10ms", "--write-timeout must be a second or more"},
		{"--listen=nonsense", `--listen "nonsense": give HOST:PORT`},
		{"--signups-per-hour=-1", "--signups-per-hour must be 0 (no bound) or more"},
		{"--signup=maybe", `--signup must be one of "open","closed","invite" but got "maybe"`},
		{"--budget=dm=30/10", `--budget "dm=30/10": give KIND=PER_MINUTE/BURST`},
		{"--budget=message=0/10", `--budget "message=0/10": the rate must be a number above 0`},
	} {
		r := e.run("", "--db", e.db, "serve", c.flag)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("serve %s: exit %d, stderr %q; want 2 and %q", c.flag, r.code, r.stderr, c.want)
		}
	}
}

// serving runs numeneon serve with args on e's database, and returns the
// address it listens on, its standard error, and stop, which stops it as
// SIGINT or SIGTERM would and returns its exit status (called at the
// test's end if not before).
func serving(t *testing.T, e *env, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- e.app(strings.NewReader(""), &bytes.Buffer{}, stderr).Run(ctx, append([]string{"--db", e.db, "serve", "--listen", "127.0.0.1:0"}, args...))
	}()
	stop := sync.OnceValue(func() int {
		cancel()
		select {
		case code := <-exit:
			return code
		case <-time.After(10 * time.Second):
			t.Errorf("serve did not stop:\n%s", stderr.String())
			return -1
		}
	})
	t.Cleanup(func() { stop() })
	addr := regexp.MustCompile(`serving addr=(\S+)`)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], stderr, stop
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not say where it listens:\n%s", stderr.String())
		}
	}
}

// TestServeSignup: --signup reaches the server: on a closed one a
// newcomer's command is told that no accounts are made; on an invite one,
// to sign up with the code.
func TestServeSignup(t *testing.T) {
	e := newEnv(t)
	for mode, want := range map[string]string{"closed": "takes no new accounts", "invite": "sign up with your invite code"} {
		addr, _, _ := serving(t, e, "--signup", mode)
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		signer, err := gossh.NewSignerFromKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "newbie", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		out, _ := s.CombinedOutput("feed")
		if !strings.Contains(string(out), want) {
			t.Errorf("serve --signup %s: a newcomer's command says %q, want %q", mode, out, want)
		}
		c.Close()
	}
}
