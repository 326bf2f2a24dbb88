package ssh

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

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

// TestChannelDataBounded: data a client sends on a session channel that
// nothing reads yet (no shell asked for), in packets of one byte, is not
// kept packet by packet: the server holds at most maxInput of it.
func TestChannelDataBounded(t *testing.T) {
	ts := startServer(t)
	ts.user("alice")
	c := mustDial(t, ts.addr, "alice", gossh.PublicKeys(ts.key("alice")))
	ch, reqs, err := c.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	go gossh.DiscardRequests(reqs)
	before := heapAlloc()
	for range 300_000 {
		if _, err := ch.Write([]byte{'x'}); err != nil {
			t.Fatal(err)
		}
	}
	// Answered once the server has taken every packet before it.
	if _, err := ch.SendRequest("env", true, gossh.Marshal(struct{ K, V string }{"LANG", "C"})); err != nil {
		t.Fatal(err)
	}
	var grew int64
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if grew = int64(heapAlloc()) - int64(before); grew < 4<<20 || time.Now().After(deadline) {
			break
		}
	}
	if grew >= 4<<20 {
		t.Errorf("300,000 bytes sent one by one left the heap %.1f MB larger", float64(grew)/(1<<20))
	}
}
