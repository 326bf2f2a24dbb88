package ssh

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
)

// The load generator: accounts with keys on a seeded network, and SSH
// clients whose screens are read through terminal emulators.

// benchAccounts is how many accounts the SSH benchmarks sign in with, one
// session each.
const benchAccounts = 1000

// benchSessionsEnv sets how many sessions the benchmarks of 1,000 open
// (fewer while developing); at most benchAccounts.
const benchSessionsEnv = "NUMENEON_BENCH_SSH_SESSIONS"

func benchSessions() int {
	if n, err := strconv.Atoi(os.Getenv(benchSessionsEnv)); err == nil && n > 0 {
		return min(n, benchAccounts)
	}
	return benchAccounts
}

// benchAccount is a seeded account, its registered key and one friend.
type benchAccount struct {
	ID         int64
	Name       string
	Key        gossh.Signer
	Friend     int64
	FriendName string
}

// benchKey is the account's ed25519 key, the same on every run, so that
// the keys registered in the cached file still match.
func benchKey(b *testing.B, username string) gossh.Signer {
	sum := sha256.Sum256([]byte("numeneon ssh bench " + username))
	s, err := gossh.NewSignerFromKey(ed25519.NewKeyFromSeed(sum[:]))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// benchSSHFile is a SQLite file of 1,000 accounts with friendships, posts
// and messages, each account with its key registered, made on first use
// and kept in $NUMENEON_BENCH_DIR (default: the temp dir).
func benchSSHFile(b *testing.B) (string, []benchAccount) {
	return benchSSHFileOf(b, benchAccounts)
}

// benchSSHFileOf is benchSSHFile's network with n accounts, 20 posts and
// messages each.
func benchSSHFileOf(b *testing.B, n int) (string, []benchAccount) {
	b.Helper()
	dir := os.Getenv("NUMENEON_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("numeneon-ssh-bench-%d.db", n))
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	var keys int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM numeneon_ssh_key`).Scan(&keys); err != nil {
		b.Fatal(err)
	}
	if keys < n {
		b.Logf("seeding %d accounts with keys into %s (once)", n, path)
		hasher := model.Hasher{Iterations: 1000}
		if _, err := seed.Run(ctx, db, seed.Options{Users: n, Posts: 20 * n, Clear: true, Hasher: hasher}); err != nil {
			b.Fatal(err)
		}
		op := model.NewOperator(db, model.WithHasher(hasher))
		for _, a := range readAccounts(b, db, n) {
			if _, err := op.AddSSHKey(ctx, a.Name, string(gossh.MarshalAuthorizedKey(benchKey(b, a.Name).PublicKey()))); err != nil {
				b.Fatal(err)
			}
		}
	}
	accts := readAccounts(b, db, n)
	for i := range accts {
		accts[i].Key = benchKey(b, accts[i].Name)
	}
	return path, accts
}

// readAccounts reads the first n accounts and a friend of each.
func readAccounts(b *testing.B, db *storage.DB, n int) []benchAccount {
	rows, err := db.SQL().Query(`SELECT u.id, u.username, COALESCE(f.friend_id, 0), COALESCE(fu.username, '')
		FROM auth_user u
		LEFT JOIN (SELECT user_id, MIN(friend_id) AS friend_id FROM friends_friendship GROUP BY user_id) f ON f.user_id = u.id
		LEFT JOIN auth_user fu ON fu.id = f.friend_id
		ORDER BY u.id LIMIT $1`, n)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var accts []benchAccount
	for rows.Next() {
		var a benchAccount
		if err := rows.Scan(&a.ID, &a.Name, &a.Friend, &a.FriendName); err != nil {
			b.Fatal(err)
		}
		accts = append(accts, a)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	if len(accts) < n {
		b.Fatalf("%d accounts in the bench file, want %d", len(accts), n)
	}
	return accts
}

// raiseFileLimit lets this process (and the servers it starts, which
// inherit it) hold a few thousand sockets.
func raiseFileLimit(b *testing.B) { raiseFileLimitFor(b, benchAccounts) }

// raiseFileLimitFor lets this process and its servers hold the sockets of
// n sessions.
func raiseFileLimitFor(b *testing.B, n int) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatal(err)
	}
	if want := uint64(3 * n * 2); lim.Cur < want {
		lim.Cur = min(want, lim.Max)
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			b.Fatal(err)
		}
		if lim.Cur < uint64(n+200) {
			b.Fatalf("ulimit -n is %d at most: too few for %d sessions", lim.Max, n)
		}
	}
}

// benchScreen is a TUI session over a real SSH connection, its output
// read through a terminal emulator; a waiter is woken at each write.
type benchScreen struct {
	client  *gossh.Client
	sess    *gossh.Session
	stdin   io.WriteCloser
	mu      sync.Mutex
	emu     *vt.Emulator
	changed chan struct{}
	closed  atomic.Bool
}

// benchAddr is a loopback address of its own for each from (127.1.x.y):
// the load generator's clients come from many addresses, as people do, and
// the server's limits per address count them so.
func benchAddr(from int) *net.TCPAddr {
	return &net.TCPAddr{IP: net.IPv4(127, 1, byte(from>>8), byte(from))}
}

// benchDial connects to addr from benchAddr(from).
func benchDial(addr string, from int, cfg *gossh.ClientConfig) (*gossh.Client, error) {
	cfg.HostKeyCallback = gossh.InsecureIgnoreHostKey()
	d := net.Dialer{Timeout: 30 * time.Second, LocalAddr: benchAddr(from)}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// connectScreen connects as a with its key and opens a TUI of w×h.
func connectScreen(addr string, a benchAccount, w, h int) (*benchScreen, error) {
	c, err := benchDial(addr, int(a.ID), &gossh.ClientConfig{User: a.Name, Auth: []gossh.AuthMethod{gossh.PublicKeys(a.Key)}})
	if err != nil {
		return nil, fmt.Errorf("connecting as %s: %w", a.Name, err)
	}
	sc := &benchScreen{client: c, emu: vt.NewEmulator(w, h), changed: make(chan struct{}, 1)}
	fail := func(err error) (*benchScreen, error) { sc.close(); return nil, fmt.Errorf("%s: %w", a.Name, err) }
	if sc.sess, err = c.NewSession(); err != nil {
		return fail(err)
	}
	if sc.stdin, err = sc.sess.StdinPipe(); err != nil {
		return fail(err)
	}
	out, err := sc.sess.StdoutPipe()
	if err != nil {
		return fail(err)
	}
	if err := sc.sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		return fail(err)
	}
	go io.Copy(sc.stdin, sc.emu) // the emulator's answers to the app's queries
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				sc.mu.Lock()
				sc.emu.Write(buf[:n])
				sc.mu.Unlock()
				select {
				case sc.changed <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sc.sess.Shell(); err != nil {
		return fail(err)
	}
	return sc, nil
}

// waitText waits until the screen shows text, and returns the moment it
// was seen: right after the write that drew it.
func (sc *benchScreen) waitText(text string, timeout time.Duration) (time.Time, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		sc.mu.Lock()
		scr := sc.emu.String()
		sc.mu.Unlock()
		if strings.Contains(scr, text) {
			return time.Now(), nil
		}
		select {
		case <-sc.changed:
		case <-deadline.C:
			return time.Time{}, fmt.Errorf("waited %v for %q; the screen shows:\n%s", timeout, text, scr)
		}
	}
}

func (sc *benchScreen) send(keys string) error {
	_, err := io.WriteString(sc.stdin, keys)
	return err
}

func (sc *benchScreen) close() {
	if sc.closed.Swap(true) {
		return
	}
	if sc.sess != nil {
		sc.sess.Close()
	}
	sc.client.Close()
	sc.emu.Close()
}

// connectAll connects accts (workers at a time) on terminals of 120×30,
// each until its screen shows want, and returns the screens and each
// one's time to want.
func connectAll(addr string, accts []benchAccount, want string, workers int) ([]*benchScreen, []time.Duration, error) {
	return connectAllOn(addr, accts, 120, 30, want, workers)
}

// connectAllOn is connectAll on terminals of w×h.
func connectAllOn(addr string, accts []benchAccount, w, h int, want string, workers int) ([]*benchScreen, []time.Duration, error) {
	screens := make([]*benchScreen, len(accts))
	took := make([]time.Duration, len(accts))
	errs := make(chan error, len(accts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				start := time.Now()
				sc, err := connectScreen(addr, accts[i], w, h)
				if err == nil {
					var seen time.Time
					if seen, err = sc.waitText(want, 60*time.Second); err == nil {
						took[i] = seen.Sub(start)
					}
					screens[i] = sc
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	for i := range accts {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		closeAll(screens)
		return nil, nil, err
	}
	return screens, took, nil
}

// closeAll closes the screens that are there, a few at a time.
func closeAll(screens []*benchScreen) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for _, sc := range screens {
		if sc == nil {
			continue
		}
		sem <- struct{}{}
		wg.Go(func() { defer func() { <-sem }(); sc.close() })
	}
	wg.Wait()
}
