package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestServe: numeneon serve makes its host key in the data directory,
// logs where it listens, serves a password login and a command within its
// limits, and on its context's end (SIGINT, SIGTERM) stops and exits 0.
func TestServe(t *testing.T) {
	e := newEnv(t)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- e.app(strings.NewReader(""), &bytes.Buffer{}, &stderr).Run(ctx, []string{"--db", e.db, "serve", "--listen", "127.0.0.1:0",
			"--max-connections-per-addr", "1"})
	}()
	addr := regexp.MustCompile(`serving addr=(\S+)`)
	var m []string
	for deadline := time.Now().Add(20 * time.Second); m == nil; time.Sleep(10 * time.Millisecond) {
		if m = addr.FindStringSubmatch(stderr.String()); m == nil && time.Now().After(deadline) {
			t.Fatalf("the server did not say where it listens:\n%s", stderr.String())
		}
	}
	key := filepath.Join(e.dataHome, "numeneon", "ssh_host_ed25519")
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the host key: %v, %v", fi, err)
	}
	c, err := gossh.Dial("tcp", m[1], &gossh.ClientConfig{User: "alice", Auth: []gossh.AuthMethod{gossh.Password("good password")},
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
	second, err := net.Dial("tcp", m[1])
	if err != nil {
		t.Fatal(err)
	}
	second.SetReadDeadline(time.Now().Add(10 * time.Second))
	if said, _ := io.ReadAll(second); !strings.Contains(string(said), "Too many connections from your address") {
		t.Errorf("a second connection with --max-connections-per-addr 1 was told %q", said)
	}
	second.Close()
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
	} {
		r := e.run("", "--db", e.db, "serve", c.flag)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("serve %s: exit %d, stderr %q; want 2 and %q", c.flag, r.code, r.stderr, c.want)
		}
	}
}
