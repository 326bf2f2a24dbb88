package storage

import (
	"context"
	"database/sql"
	"time"
)

// watchSQLite wakes the hub when another process commits: SQLite bumps
// PRAGMA data_version on a connection whenever a commit by any other
// connection changed the file. Where the file can be watched (inotify, on
// Linux), it looks every pollEvery only for a while after the file or its
// log was written (a write comes before the commit it belongs to is
// published, so one look at the write is not enough), and every idlePoll
// otherwise, in case a change went unseen: an idle process does next to
// nothing. Where it cannot, it looks every pollEvery.
func watchSQLite(ctx context.Context, h *hub) {
	// changes is nil, and so never ready, without inotify: then the
	// watcher looks every pollEvery.
	changes, _ := fileChanges(ctx, h.s.path)
	var busyUntil time.Time
	wait := time.NewTimer(pollEvery)
	defer wait.Stop()
	var (
		version int64 = -1
		conn    *sql.Conn
	)
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wait.C:
		case _, ok := <-changes:
			if !ok { // the watch failed: poll instead
				changes = nil
			}
			busyUntil = time.Now().Add(busyWatch)
		}
		next := idlePoll
		if changes == nil || time.Now().Before(busyUntil) {
			next = pollEvery
		}
		wait.Reset(next)
		if conn == nil {
			c, err := h.s.db.Conn(ctx)
			if err != nil {
				h.setLive(false)
				continue
			}
			conn = c
		}
		var v int64
		if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
			h.setLive(false)
			conn.Close()
			conn = nil
			continue
		}
		h.setLive(true)
		if v != version {
			version = v
			h.wake()
		}
	}
}

// Reconnection delays of the Postgres listener: the first after a
// healthy connection dropped, doubling up to the last.
const (
	listenRetryFirst = 100 * time.Millisecond
	listenRetryMax   = 5 * time.Second
)

// watchPostgres holds the process's one LISTEN connection and wakes the
// hub on every notification. When the connection drops it reports the
// stream as not live, reconnects with backoff, and wakes the hub so that
// it catches up on what was written meanwhile. The backoff starts over
// once a connection got as far as LISTEN: each new outage is retried
// quickly, and only an outage that goes on waits longer.
func watchPostgres(ctx context.Context, h *hub) {
	wait := listenRetryFirst
	for ctx.Err() == nil {
		listened, err := listen(ctx, h)
		h.setLive(false)
		if ctx.Err() != nil {
			return
		}
		if listened {
			wait = listenRetryFirst
		}
		h.s.log("event listener lost its connection; reconnecting", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, listenRetryMax)
	}
}

// listenerName is the application_name of the LISTEN connection.
const listenerName = "numeneon-events"

// listen listens until the connection fails; listened reports whether it
// got as far as LISTEN.
func listen(ctx context.Context, h *hub) (listened bool, err error) {
	conn, err := connect(ctx, h.s.url, listenerName, nil)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `LISTEN numeneon_event`); err != nil {
		return false, err
	}
	h.setLive(true)
	h.wake() // catch up on anything committed before LISTEN took effect
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		if n.Payload != h.s.token { // not this Open's own commits, which woke the hub already
			h.wake()
		}
	}
}
