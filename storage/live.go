package storage

import "context"

// The stream's connection state, for sessions to show "live" or
// "reconnecting" without asking over and over.

// setLive records whether the stream is connected and tells the watchers
// when that changes.
func (h *hub) setLive(v bool) {
	if h.live.Swap(v) == v {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.liveWatchers {
		offer(ch, v)
	}
}

// offer puts v in ch (of capacity 1) in place of any state not read yet:
// a slow reader gets the latest state, and the hub never waits.
func offer(ch chan bool, v bool) {
	select {
	case <-ch:
	default:
	}
	ch <- v
}

// WatchLive delivers whether the event stream is connected: the state now,
// then each change, until ctx ends; then the channel is closed. A reader
// that falls behind gets only the latest state.
func (s *DB) WatchLive(ctx context.Context) <-chan bool {
	h := s.hub
	ch := make(chan bool, 1)
	h.mu.Lock()
	h.liveWatchers[ch] = struct{}{}
	offer(ch, h.live.Load())
	h.mu.Unlock()
	context.AfterFunc(ctx, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.liveWatchers, ch)
		close(ch)
	})
	return ch
}
