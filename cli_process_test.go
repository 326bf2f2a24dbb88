//go:build linux

package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// openPTY opens a pseudo-terminal: tty is the terminal a command reads,
// pty the side the test types on; what the command writes is thrown away.
func openPTY(t *testing.T) (tty, pty *os.File) {
	t.Helper()
	tty, pty = openRawPTY(t)
	go io.Copy(io.Discard, pty) // the terminal's echo of what the test types
	return tty, pty
}

// TestSeedClearAsks: on a terminal, seed --clear asks first, and anything
// but yes leaves the database as it was.
func TestSeedClearAsks(t *testing.T) {
	e := newEnv(t)
	e.ok("", "seed")
	before := e.ok("", "stats")
	tty, pty := openPTY(t)
	for _, answer := range []string{"no", "", "yes"} {
		if _, err := pty.WriteString(answer + "\n"); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr strings.Builder
		code := e.app(tty, &stdout, &stderr).Run(t.Context(), []string{"--db", e.db, "seed", "--clear"})
		prompt := "seed --clear deletes every account, post, like, friendship, request and message of " + e.db + " (60 accounts, "
		if !strings.HasPrefix(stderr.String(), prompt) || !strings.Contains(stderr.String(), " messages now). Type yes to go ahead: ") {
			t.Errorf("answer %q: the question was %q", answer, stderr.String())
		}
		after := e.ok("", "stats")
		if answer != "yes" {
			if code != 1 || !strings.HasSuffix(stderr.String(), "numeneon: seed --clear cancelled; nothing was changed\n") {
				t.Errorf("answer %q: exit %d, stderr %q", answer, code, stderr.String())
			}
			if after != before {
				t.Errorf("answer %q changed the database:\n%s\n%s", answer, before, after)
			}
			continue
		}
		if code != 0 || !strings.Contains(stdout.String(), "Seeded ") {
			t.Errorf("answer yes: exit %d\n%s%s", code, stdout.String(), stderr.String())
		}
	}
}

// childHome is a home for numeneon processes that run as another user or
// in another mount namespace: a directory all may read, holding a copy of
// the test binary.
type childHome struct {
	dir, exe string
}

func newChildHome(t *testing.T) childHome {
	t.Helper()
	dir, err := os.MkdirTemp("", "numeneon-child-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "numeneon.test")
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return childHome{dir: dir, exe: exe}
}

// command is numeneon with args through prefix (a wrapper such as
// unshare, or nothing), at home in h.dir.
func (h childHome) command(prefix []string, args ...string) *exec.Cmd {
	argv := append(append(prefix, h.exe), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), childEnv+"=1", "HOME="+h.dir, "XDG_CONFIG_HOME="+h.dir, "XDG_DATA_HOME="+h.dir)
	return cmd
}

// want runs cmd and wants exit status code and exactly stderr.
func want(t *testing.T, cmd *exec.Cmd, code int, stderr string) {
	t.Helper()
	var errb strings.Builder
	cmd.Stderr = &errb
	cmd.Run()
	if cmd.ProcessState.ExitCode() != code || errb.String() != stderr {
		t.Errorf("%s: exit %d, stderr %q; want %d and %q", strings.Join(cmd.Args, " "), cmd.ProcessState.ExitCode(), errb.String(), code, stderr)
	}
}

// TestDatabasePermissions runs numeneon as a user who may not write the
// database, or its directory: nobody, when the tests run as root.
func TestDatabasePermissions(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, to run numeneon as another user")
	}
	h := newChildHome(t)
	e := newEnv(t)
	e.db = filepath.Join(h.dir, "theirs.db")
	e.ok("", "migrate")
	locked := filepath.Join(h.dir, "locked")
	if err := os.Mkdir(locked, 0o755); err != nil {
		t.Fatal(err)
	}
	asNobody := func(args ...string) *exec.Cmd {
		cmd := h.command(nil, args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		return cmd
	}
	want(t, asNobody("--db", e.db, "stats"), 1, "numeneon: database "+e.db+": "+e.db+": permission denied\n")
	for _, name := range []string{"new.db", "theirs.db"} {
		db := filepath.Join(locked, name)
		if name == "theirs.db" {
			e.db = db
			e.ok("", "migrate")
			if err := os.Chmod(db, 0o666); err != nil {
				t.Fatal(err)
			}
			os.Remove(db + "-wal")
			os.Remove(db + "-shm")
		}
		want(t, asNobody("--db", db, "migrate"), 1, "numeneon: database "+db+": cannot create files in the directory "+locked+
			", where SQLite keeps the database and its -wal and -shm files: "+locked+": permission denied\n")
	}
}

// TestReadOnlyFileSystem runs numeneon where the database's directory is
// mounted read-only (in a mount namespace of its own, as root).
func TestReadOnlyFileSystem(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, to mount a read-only file system")
	}
	if err := exec.Command("unshare", "-m", "true").Run(); err != nil {
		t.Skipf("no mount namespaces: %v", err)
	}
	h := newChildHome(t)
	e := newEnv(t)
	ro := filepath.Join(h.dir, "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	e.db = filepath.Join(ro, "x.db")
	e.ok("", "migrate")
	readOnly := []string{"unshare", "-m", "sh", "-c", `mount -o bind,ro "$0" "$0" && exec "$@"`, ro}
	want(t, h.command(readOnly, "--db", e.db, "stats"), 1, "numeneon: database "+e.db+": "+e.db+": read-only file system\n")
	db := filepath.Join(ro, "new.db")
	want(t, h.command(readOnly, "--db", db, "migrate"), 1, "numeneon: database "+db+": cannot create files in the directory "+ro+
		", where SQLite keeps the database and its -wal and -shm files: "+ro+": read-only file system\n")
}

// TestInterruptProcess sends SIGINT to a seeding process, as Ctrl-C does.
func TestInterruptProcess(t *testing.T) {
	e := newEnv(t)
	cmd := numeneonProcess(t, "--db", e.db, "seed", "--users", "20000", "--posts", "100000000")
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	for deadline := time.Now().Add(time.Minute); !strings.Contains(stderr.String(), "users: "); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no users after a minute:\n%s", stderr.String())
		}
	}
	start := time.Now()
	cmd.Process.Signal(os.Interrupt)
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("still seeding a minute after SIGINT")
	}
	t.Logf("stopped %s after SIGINT", time.Since(start).Round(time.Millisecond))
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(),
		"numeneon: seed interrupted; what it had committed stays: 20,000 users, ") {
		t.Errorf("exit %d after SIGINT, stderr:\n%s", code, stderr.String())
	}
}
