package ssh

import (
	"context"
	"sync"
	"time"

	"charm.land/log/v2"

	"github.com/numeneon/numeneon/model"
)

// heartbeat is how often an instance renews the presence of its people;
// well inside model.PresenceTTL, so that a friend who is online never
// blinks offline, while a crashed instance's people go offline by
// themselves.
const heartbeat = 20 * time.Second

// presence keeps the presence rows of this instance's signed-in sessions:
// made at sign-in, renewed together once per heartbeat, deleted at the
// end. The same heartbeat prunes what crashed instances left behind.
type presence struct {
	svc      *model.Service
	instance string
	log      *log.Logger

	stopOnce sync.Once
	quit     chan struct{}
	done     chan struct{}
}

func newPresence(svc *model.Service, instance string, log *log.Logger) *presence {
	return &presence{svc: svc, instance: instance, log: log,
		quit: make(chan struct{}), done: make(chan struct{})}
}

func (p *presence) start() {
	go func() {
		defer close(p.done)
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-t.C:
				p.beat()
			}
		}
	}()
}

func (p *presence) stop() {
	p.stopOnce.Do(func() {
		close(p.quit)
		<-p.done
	})
}

func (p *presence) beat() {
	ctx, cancel := context.WithTimeout(context.Background(), heartbeat/2)
	defer cancel()
	if err := p.svc.RenewPresence(ctx, p.instance); err != nil {
		p.log.Error("renewing presence", "err", err)
	}
	if err := p.svc.PrunePresence(ctx, time.Now().Add(-2*model.PresenceTTL)); err != nil {
		p.log.Error("pruning presence", "err", err)
	}
}

// online marks user online in a session.
func (p *presence) online(ctx context.Context, user int64, session string) {
	if err := p.svc.SetOnline(ctx, user, session, p.instance); err != nil {
		p.log.Error("marking online", "err", err)
	}
}

// offline ends a session's presence (one never marked online is no
// error).
func (p *presence) offline(session string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.svc.SetOffline(ctx, session); err != nil {
		p.log.Error("marking offline", "err", err)
	}
}
