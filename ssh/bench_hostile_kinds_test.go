package ssh

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The hostile clients of BenchmarkSSHHostile, one function per kind; each
// runs from the address of from and says what the server did wrong.

// newcomer connects as a name that is no account, with a key of its own.
func (h *hostiles) newcomer(from int) (*gossh.Client, error) {
	key, err := hostileKey(from)
	if err != nil {
		return nil, err
	}
	c, err := benchDial(h.addr, from, &gossh.ClientConfig{User: fmt.Sprint("stranger", from), Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}})
	if err == nil {
		h.keep(c)
	}
	return c, err
}

func hostileKey(from int) (gossh.Signer, error) {
	sum := sha256.Sum256([]byte(fmt.Sprint("numeneon hostile ", from)))
	return gossh.NewSignerFromKey(ed25519.NewKeyFromSeed(sum[:]))
}

// resizeStorm reads its screen and sends 2,000 window changes back to
// back; the session must still end on ctrl+c.
func (h *hostiles) resizeStorm(from int) error {
	c, err := h.newcomer(from)
	if err != nil {
		return err
	}
	sess, err := c.NewSession()
	if err != nil {
		return err
	}
	sess.Stdout = io.Discard
	in, err := sess.StdinPipe()
	if err != nil {
		return err
	}
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		return err
	}
	if err := sess.Shell(); err != nil {
		return err
	}
	for j := range 2000 {
		size := gossh.Marshal(struct{ W, H, PW, PH uint32 }{uint32(640 - j%2), uint32(240 - j%2), 0, 0})
		if _, err := sess.SendRequest("window-change", false, size); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(in, "\x03"); err != nil {
		return err
	}
	return sessionEnds(sess, time.Minute, "after a storm of resizes and ctrl+c")
}

// neverRead asks for a screen ten times a second, as a person holding
// ctrl+l down would, and reads none of them: the server must drop it.
func (h *hostiles) neverRead(from int) error {
	key, err := hostileKey(from)
	if err != nil {
		return err
	}
	c, stop, err := openStuck(h.addr, benchAddr(from), fmt.Sprint("stranger", from), key, 640, 240, 100*time.Millisecond)
	if err != nil {
		return err
	}
	h.keep(c)
	stop()
	return nil
}

// envFlood sends a hundred env requests of 100 KB on a session it never
// starts; the server must close the connection, which has no session.
func (h *hostiles) envFlood(from int) error {
	c, err := h.newcomer(from)
	if err != nil {
		return err
	}
	sess, err := c.NewSession()
	if err != nil {
		return err
	}
	value := strings.Repeat("x", 100<<10)
	for j := range 100 {
		if _, err := sess.SendRequest("env", false, gossh.Marshal(struct{ K, V string }{fmt.Sprint("LC_", j), value})); err != nil {
			return err
		}
	}
	if ok, err := sess.SendRequest("env", true, gossh.Marshal(struct{ K, V string }{"LANG", "C"})); err != nil || !ok {
		return fmt.Errorf("LANG after the flood: %v, %v", ok, err)
	}
	sess.Close()
	return clientClosed(c, 2*time.Minute, "after an env flood and no session")
}

// newcomerFlood opens ten sessions on one connection: no more than the
// newcomers' limit per address may run.
func (h *hostiles) newcomerFlood(from int) error {
	c, err := h.newcomer(from)
	if err != nil {
		return err
	}
	ended := make(chan struct{}, 10)
	opened := 0
	for range 10 {
		sess, err := c.NewSession()
		if err != nil {
			return err
		}
		sess.Stdout, sess.Stderr = io.Discard, io.Discard
		if _, err := sess.StdinPipe(); err != nil { // kept open: the session's input
			return err
		}
		if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
			return err
		}
		if err := sess.Shell(); err != nil {
			return err
		}
		opened++
		go func() { sess.Wait(); ended <- struct{}{} }()
	}
	time.Sleep(5 * time.Second)
	if running := opened - len(ended); running > 3 {
		return fmt.Errorf("%d newcomer sessions run from one address", running)
	}
	return c.Close()
}

// noSession signs in and opens no session, or connects and never says a
// word: the server must close it.
func (h *hostiles) noSession(from int) error {
	if from%2 == 0 {
		c, err := h.newcomer(from)
		if err != nil {
			return err
		}
		return clientClosed(c, 2*time.Minute, "signed in with no session")
	}
	d := net.Dialer{Timeout: 30 * time.Second, LocalAddr: benchAddr(from)}
	conn, err := d.Dial("tcp", h.addr)
	if err != nil {
		return err
	}
	h.mu.Lock()
	h.raw = append(h.raw, conn)
	h.mu.Unlock()
	conn.SetReadDeadline(time.Now().Add(2 * time.Minute))
	if _, err := io.Copy(io.Discard, conn); err != nil {
		return fmt.Errorf("a connection that never began its handshake: %w", err)
	}
	return nil
}

// sessionEnds waits for sess to end.
func sessionEnds(sess *gossh.Session, within time.Duration, when string) error {
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	select {
	case <-done:
		return nil
	case <-time.After(within):
		return fmt.Errorf("the session did not end %s within %v", when, within)
	}
}
