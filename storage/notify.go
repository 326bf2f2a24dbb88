package storage

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// On Postgres a NOTIFY in a writing transaction takes the server's one
// notify lock at commit and keeps it until the commit is flushed: every
// such writer, in every process, waits for the flushes of all before it.
// numeneon's transactions therefore skip the trigger's NOTIFY (quietTx,
// migration 00020), and each process wakes the listeners itself: after a
// commit it pokes its notifier, which sends one NOTIFY outside any
// writer's transaction for every commit since its last one, at most one
// per notifyGap. Writers that are not numeneon (the web app) still notify
// from the trigger. A process that dies between its commit and its NOTIFY
// leaves the other processes to find the events at their next safety poll.
// Its NOTIFY carries the Open's token, so that its own listener, whose hub
// the commit woke already, lets it pass.

// quietTx marks a transaction as one whose commit the process announces
// itself.
const quietTx = `SET LOCAL numeneon.notify = 'off'`

// notifyGap is the least time between two NOTIFYs of one process: the
// delay it adds to a delivery in another process, and what bounds the
// wake-ups it costs every listener.
const notifyGap = 10 * time.Millisecond

// notifierName is the application_name of the notifier's connection.
const notifierName = "numeneon-notify"

type notifier struct {
	s      *DB
	poked  chan struct{}
	stop   context.CancelFunc
	done   chan struct{}
	conn   *pgx.Conn // owned by run; nil until needed and after a failure
	failed bool      // the last NOTIFY failed (and was logged)
}

func newNotifier(s *DB) *notifier {
	ctx, stop := context.WithCancel(context.Background())
	n := &notifier{s: s, poked: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	go n.run(ctx)
	return n
}

// poke asks for a NOTIFY soon; it never blocks. A nil notifier (SQLite)
// does nothing.
func (n *notifier) poke() {
	if n == nil {
		return
	}
	select {
	case n.poked <- struct{}{}:
	default:
	}
}

// close sends the NOTIFY still owed, so that a command's last write (an
// account closed by `numeneon user deactivate`) reaches the instances
// before the process exits, and stops.
func (n *notifier) close() {
	if n == nil {
		return
	}
	n.stop()
	<-n.done
}

func (n *notifier) run(ctx context.Context) {
	defer close(n.done)
	gap := time.NewTimer(0)
	defer gap.Stop()
	for {
		select {
		case <-ctx.Done():
			n.flush()
			return
		case <-n.poked:
		}
		n.send(ctx)
		gap.Reset(notifyGap)
		select {
		case <-ctx.Done():
		case <-gap.C:
		}
	}
}

// flush sends the NOTIFY owed at close, if any, within a second.
func (n *notifier) flush() {
	defer func() {
		if n.conn != nil {
			n.conn.Close(context.Background())
		}
	}()
	select {
	case <-n.poked:
	default:
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	n.send(ctx)
}

// send sends one NOTIFY on the notifier's own connection, whose commits
// do not wait for a flush (the NOTIFY is no data: a crash loses only a
// wake-up), so it holds the notify lock for the least time. It logs the
// first failure of a run and the success that ends it.
func (n *notifier) send(ctx context.Context) {
	err := n.notify(ctx)
	switch {
	case err != nil && ctx.Err() == nil && !n.failed:
		n.failed = true
		n.s.log("waking the other instances failed; they find the events at their next poll", "err", err)
	case err == nil && n.failed:
		n.failed = false
		n.s.Logger.Info("waking the other instances works again")
	}
}

func (n *notifier) notify(ctx context.Context) error {
	if n.conn == nil {
		conn, err := connect(ctx, n.s.url, notifierName, map[string]string{"synchronous_commit": "off"})
		if err != nil {
			return err
		}
		n.conn = conn
	}
	if _, err := n.conn.Exec(ctx, `SELECT pg_notify('numeneon_event', $1)`, n.s.token); err != nil {
		n.conn.Close(context.Background())
		n.conn = nil
		return err
	}
	return nil
}

// connect opens a connection of its own to the database at url, named
// for operators' pg_stat_activity, with the given settings.
func connect(ctx context.Context, url, name string, settings map[string]string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["application_name"] = name
	for k, v := range settings {
		cfg.RuntimeParams[k] = v
	}
	return pgx.ConnectConfig(ctx, cfg)
}
