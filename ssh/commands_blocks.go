package ssh

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
)

// Blocks and mutes: block, unblock, mute, unmute USER, and blocks, the
// list of them.

// block blocks someone: their friendship and requests with the user end.
func (r *cmdRunner) block(c *cmdSpec, args []string) error {
	return r.shield(c, args, r.svc.Block, "blocked", "blocked %s: neither of you can reach the other or see the other's posts")
}

// unblock lifts a block.
func (r *cmdRunner) unblock(c *cmdSpec, args []string) error {
	return r.shield(c, args, r.svc.Unblock, "unblocked", "unblocked %s")
}

// mute mutes someone: their posts and notifications are hidden from the user.
func (r *cmdRunner) mute(c *cmdSpec, args []string) error {
	return r.shield(c, args, r.svc.Mute, "muted", "muted %s: their posts and notifications are hidden from you")
}

// unmute lifts a mute.
func (r *cmdRunner) unmute(c *cmdSpec, args []string) error {
	return r.shield(c, args, r.svc.Unmute, "unmuted", "unmuted %s")
}

// shield makes one of the four changes about the person args name, and
// says so.
func (r *cmdRunner) shield(c *cmdSpec, args []string, change func(ctx context.Context, actor, other int64) error, status, done string) error {
	u, asJSON, err := r.personArgs(c, args)
	if err != nil {
		return err
	}
	if err := change(r.ctx, r.user.ID, u.ID); err != nil {
		return err
	}
	return r.related(u, asJSON, status, done)
}

// blockJSON is one person blocked or muted.
type blockJSON struct {
	User  userJSON  `json:"user"`
	Kind  string    `json:"kind"` // "block" or "mute"
	Since time.Time `json:"since"`
}

// blocks lists whom the user blocks and mutes, the newest first.
func (r *cmdRunner) blocks(c *cmdSpec, args []string) error {
	asJSON, err := r.listFlags(c, args)
	if err != nil {
		return err
	}
	bs, err := r.svc.Blocks(r.ctx, r.user.ID)
	if err != nil {
		return err
	}
	if asJSON {
		out := struct {
			Blocks []blockJSON `json:"blocks"`
		}{Blocks: []blockJSON{}}
		for _, b := range bs {
			out.Blocks = append(out.Blocks, blockJSON{User: toUser(b.User), Kind: string(b.Kind), Since: b.Since.UTC()})
		}
		return r.printJSON(out)
	}
	var b strings.Builder
	for _, x := range bs {
		kind := "blocked"
		if x.Kind == model.Muted {
			kind = "muted"
		}
		fmt.Fprintf(&b, "%s %s · %s\n", kind, nameLine(x.User), agoText(x.Since, r.now()))
	}
	return r.print(b.String())
}
