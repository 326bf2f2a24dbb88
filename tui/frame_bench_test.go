package tui

import (
	"fmt"
	"io"
	"runtime"
	"testing"
)

// BenchmarkFrameBytes: what a signed-in session at 120×40 writes to its
// terminal for the frames a person makes most (moving down the feed,
// typing a letter in the composer, moving between tabs) and for a whole
// screen drawn again (ctrl+l), in bytes per frame.
func BenchmarkFrameBytes(b *testing.B) {
	e := newSampleEnv(b)
	alice := e.user("alice")
	for b.Loop() {
		q := startQuiet(b, Options{Service: e.svc, User: &alice})
		q.settle()
		press := func(keys string) int64 {
			before := q.bytes.Load()
			if _, err := io.WriteString(q.in, keys); err != nil {
				b.Fatal(err)
			}
			q.settle()
			return q.bytes.Load() - before
		}
		var down, tab int64
		for range 5 {
			down += press("j")
		}
		for _, k := range []string{"2", "3", "4", "1"} {
			tab += press(k)
		}
		full := press("\x0c")
		press("n")
		var typed int64
		for _, r := range "hello" {
			typed += press(string(r))
		}
		q.stop()
		b.ReportMetric(float64(down)/5, "B/feed-down")
		b.ReportMetric(float64(typed)/5, "B/typed-letter")
		b.ReportMetric(float64(tab)/4, "B/tab-switch")
		b.ReportMetric(float64(full), "B/full-frame")
		b.ReportMetric(0, "ns/op")
	}
}

// BenchmarkLargeWelcome: the heap one newcomer's session holds at a large
// terminal (the welcome screen, drawn), for each of a few sizes.
func BenchmarkLargeWelcome(b *testing.B) {
	e := newSampleEnv(b)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for b.Loop() {
		for _, size := range [][2]int{{120, 40}, {640, 240}, {1000, 500}} {
			const sessions = 5
			before := heap()
			var qs []*quietSession
			for range sessions {
				q := startQuietSize(b, Options{Service: e.svc, SignUp: true, Username: "newbie"}, size[0], size[1])
				qs = append(qs, q)
			}
			for _, q := range qs {
				q.settle()
			}
			b.ReportMetric(float64(heap()-before)/sessions/(1<<20), fmt.Sprintf("heap-MB/session-%dx%d", size[0], size[1]))
			for _, q := range qs {
				q.stop()
			}
		}
		b.ReportMetric(0, "ns/op")
	}
}
