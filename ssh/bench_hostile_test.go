package ssh

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// BenchmarkSSHHostile: 100 signed-in people, ten of them with a chat open,
// while 100 hostile clients, twenty of each kind and each from an address
// of its own, do their worst with the server's defaults: storms of window
// changes, clients that stop reading, floods of env requests, newcomers
// opening sessions by the dozen, connections that open no session. It
// reports the DMs' time to the screen before and during (target: p99
// under 100 ms during), and checks that every hostile connection ends (the
// server's doing, within its timeouts), that the server's resident memory
// comes back within 10 % of where it was, and that SIGTERM, with clients
// stuck, stops the server within its grace, every person told.
func BenchmarkSSHHostile(b *testing.B) {
	path, accts := benchSSHFile(b)
	raiseFileLimit(b)
	for b.Loop() {
		logs := &syncBuffer{}
		p := startServerProcTo(b, path, logs)
		rs, svc := dmReceivers(b, p, path, accts[:100])
		calm := timeDMs(b, svc, rs, 100)
		before := p.stats()
		p.ask("heap before-hostile", "ok")

		// DMs go on for as long as the hostile clients last: every hostile
		// connection must end, by the server's doing, within its timeouts.
		start := time.Now()
		p.ask("cpu-start hostile", "ok")
		h := &hostiles{addr: p.addr}
		h.start(0, 20)
		hostileDone := make(chan struct{})
		go func() { h.wg.Wait(); close(hostileDone) }()
		over := func() bool { // the hostile clients are done, and their connections gone
			select {
			case <-hostileDone:
				conns, sessions := p.conns()
				return conns == before.Conns && sessions == before.Sessions
			default:
				return false
			}
		}
		var during []time.Duration
		var peak procStats
		for deadline := time.Now().Add(3 * time.Minute); !over() && time.Now().Before(deadline); {
			during = append(during, timeDMs(b, svc, rs, 20)...)
			if len(during) == 200 { // the first 10 s or so, the busiest
				p.ask("cpu-stop", "ok")
				peak = p.stats()
			}
		}
		if !over() {
			conns, sessions := p.conns()
			b.Errorf("3 minutes after the hostile clients came: %d connections and %d sessions, want the people's %d and %d",
				conns, sessions, before.Conns, before.Sessions)
		}
		ended := time.Since(start)
		for _, err := range h.errs {
			b.Error(err)
		}
		time.Sleep(5 * time.Second) // the last of their goroutines end
		after := p.stats()
		p.ask("heap after-hostile", "ok")
		p.ask("goroutines after-hostile", "ok")
		if growth := float64(after.RSS)/float64(before.RSS) - 1; growth > 0.10 {
			b.Errorf("resident memory %.0f MB before the hostile clients, %.0f MB after they ended (+%.0f %%)",
				float64(before.RSS)/(1<<20), float64(after.RSS)/(1<<20), 100*growth)
		}
		h.closeAll()

		// SIGTERM with clients stuck in the server's writes.
		stuck := &hostiles{addr: p.addr}
		stuck.startKind(1000, 20, stuck.neverRead)
		stuck.wg.Wait()
		for deadline := time.Now().Add(time.Minute); p.ask("stuck", "stuck") != "20"; time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				b.Fatalf("%s sessions of 20 stuck in a write after a minute", p.ask("stuck", "stuck"))
			}
		}
		took, shutErr := p.terminate()
		if shutErr != "<nil>" || took > benchGrace {
			b.Errorf("SIGTERM: stopped after %v (grace %v): %s", took, benchGrace, shutErr)
		}
		for _, r := range rs {
			if _, err := r.sc.waitText("the server is restarting", 5*time.Second); err != nil {
				b.Error(err)
			}
		}
		stuck.closeAll()
		b.Logf("before %+v; peak %+v; after %+v", before, peak, after)
		b.Logf("%d DMs while the hostile clients lasted; the server refused %d sessions or connections and dropped %d",
			len(during), strings.Count(logs.String(), "refused"), strings.Count(logs.String(), "dropped"))
		b.ReportMetric(percentile(calm, 0.50), "calm-p50-ms")
		b.ReportMetric(percentile(calm, 0.99), "calm-p99-ms")
		b.ReportMetric(percentile(during, 0.50), "hostile-p50-ms")
		b.ReportMetric(percentile(during, 0.99), "hostile-p99-ms")
		b.ReportMetric(ended.Seconds(), "hostile-ended-s")
		b.ReportMetric(float64(before.RSS)/(1<<20), "rss-MB-before")
		b.ReportMetric(float64(peak.RSS)/(1<<20), "rss-MB-peak")
		b.ReportMetric(float64(after.RSS)/(1<<20), "rss-MB-after")
		b.ReportMetric(took.Seconds(), "sigterm-s")
		b.ReportMetric(0, "ns/op")
	}
}

// terminate sends the server SIGTERM and returns how long it took to
// stop, by its own count, and Shutdown's error ("<nil>").
func (p *serverProc) terminate() (time.Duration, string) {
	p.b.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.b.Fatal(err)
	}
	ns, shutErr, _ := strings.Cut(p.read("stopped"), " ")
	took, _ := strconv.ParseInt(ns, 10, 64)
	p.stop()
	return time.Duration(took), shutErr
}

// hostiles runs hostile clients, each from a loopback address of its own
// (benchDial's from, past the accounts'), and collects what went wrong.
type hostiles struct {
	addr string
	wg   sync.WaitGroup

	mu      sync.Mutex
	errs    []error
	clients []*gossh.Client
	raw     []net.Conn
}

// start runs n clients of each kind, numbered from first.
func (h *hostiles) start(first, n int) {
	for k, kind := range []func(int) error{h.resizeStorm, h.neverRead, h.envFlood, h.newcomerFlood, h.noSession} {
		if os.Getenv("TMPKIND") != "" && os.Getenv("TMPKIND") != fmt.Sprint(k) {
			continue
		}
		h.startKind(first+k*n, n, kind)
	}
}

func (h *hostiles) startKind(first, n int, kind func(int) error) {
	for i := first; i < first+n; i++ {
		h.wg.Go(func() {
			if err := kind(40_000 + i); err != nil {
				h.mu.Lock()
				h.errs = append(h.errs, fmt.Errorf("hostile client %d: %w", i, err))
				h.mu.Unlock()
			}
		})
	}
}

func (h *hostiles) keep(c *gossh.Client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.clients = append(h.clients, c)
}

// closeAll closes what the clients left open.
func (h *hostiles) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range h.clients {
		c.Close()
	}
	for _, c := range h.raw {
		c.Close()
	}
}
