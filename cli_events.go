package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// EventsCmd prints the event stream: what numeneon (and the web app,
// through the database's triggers) recorded as news for someone.
type EventsCmd struct {
	User   string `placeholder:"NAME" help:"Only the events for this user (the ones their sessions get)."`
	JSON   bool   `name:"json" help:"Print one JSON object per line instead of text."`
	Follow bool   `short:"f" help:"Then print every new event as it happens, until interrupted."`
	Last   int    `short:"n" default:"20" placeholder:"N" help:"How many of the latest events to print first. Default: ${default}."`
}

// Help is the detailed help of events.
func (*EventsCmd) Help() string {
	return `Prints the latest events, oldest first: one line each with the time (UTC), the
event's id, the user it is for, its kind, who caused it, and the post, message
or friend request it is about. With --follow it then prints each new event as
it is committed, by this or any other process, numeneon or the web app, until
it is interrupted (Ctrl-C or SIGTERM, after which it exits 0). Every line is
written as soon as it is ready, so scripts can read the output live; --json
makes each line a JSON object.

Examples:
  numeneon events
  numeneon events --user alice --last 50
  numeneon events --follow --last 0
  numeneon events --follow --json | jq -c 'select(.kind == "message")'`
}

// Validate refuses a negative count (kong calls it after parsing).
func (c *EventsCmd) Validate() error {
	if c.Last < 0 {
		return fmt.Errorf("--last cannot be negative")
	}
	return nil
}

// Run prints the latest events and, with --follow, the new ones.
func (c *EventsCmd) Run(ctx context.Context, a *App, g *Globals) error {
	err := c.run(ctx, a, g)
	if c.Follow && ctx.Err() != nil {
		return nil // interrupted: the way a follow ends
	}
	return err
}

func (c *EventsCmd) run(ctx context.Context, a *App, g *Globals) error {
	op, db, err := a.operator(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	var userID int64
	if c.User != "" {
		u, err := op.UserByUsername(ctx, c.User)
		if model.ErrorCode(err) == model.ENOTFOUND {
			return model.Errorf(model.ENOTFOUND, "There is no user %q.", text.CleanLine(c.User))
		} else if err != nil {
			return err
		}
		userID = u.ID
	}
	p := newEventPrinter(op, a.Stdout, a.Stderr, c.JSON)

	// Follow from the last event printed, or from now when none was asked
	// for. With none of the user's events yet, 0 is "now" as well.
	var after int64
	if c.Follow && c.Last == 0 {
		if after, err = op.LastEventID(ctx); err != nil {
			return fmt.Errorf("events: %w", err)
		}
	}
	var recent []model.Event
	if userID != 0 {
		recent, err = op.RecentEvents(ctx, userID, c.Last)
	} else {
		recent, err = op.RecentEventsAll(ctx, c.Last)
	}
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	for _, ev := range recent {
		if err := p.print(ctx, ev); err != nil {
			return err
		}
		after = ev.ID
	}
	if len(recent) == 0 && c.Last > 0 {
		// On standard error: standard output is for events only, which
		// scripts read.
		whose := ""
		if c.User != "" {
			whose = " for " + text.CleanLine(c.User)
		}
		fmt.Fprintf(a.Stderr, "There are no events%s to show (they are kept for a week).", whose)
		if c.Follow {
			fmt.Fprint(a.Stderr, " Waiting for new ones; Ctrl-C stops.")
		}
		fmt.Fprintln(a.Stderr)
	}
	if !c.Follow {
		return nil
	}
	return follow(ctx, op, userID, after, p)
}

// follow prints the events of userID (0: of everyone) above after as they
// come, until ctx ends.
func follow(ctx context.Context, op *model.Operator, userID, after int64, p *eventPrinter) error {
	var (
		events <-chan model.Event
		err    error
	)
	if userID != 0 {
		events, err = op.Subscribe(ctx, userID, after)
	} else {
		events, err = op.SubscribeAll(ctx, after)
	}
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	for ev := range events {
		if err := p.print(ctx, ev); err != nil {
			return err
		}
	}
	return nil // the channel closes when ctx ends
}

// maxCachedNames bounds the printer's cache of usernames; it starts over
// when full.
const maxCachedNames = 10000

// eventPrinter writes events, one line each, as text or JSON.
type eventPrinter struct {
	op      *model.Operator
	w, warn io.Writer
	json    bool
	names   map[int64]string // cleaned usernames; "" for an account that is gone
	buf     bytes.Buffer
}

func newEventPrinter(op *model.Operator, w, warn io.Writer, asJSON bool) *eventPrinter {
	return &eventPrinter{op: op, w: w, warn: warn, json: asJSON, names: map[int64]string{}}
}

// eventJSON is the --json form of an event. Ids that are not set are left
// out, and so are the names of accounts that no longer exist.
type eventJSON struct {
	ID        int64  `json:"id"`
	At        string `json:"at"`
	UserID    int64  `json:"user_id"`
	User      string `json:"user,omitempty"`
	Kind      string `json:"kind"`
	ActorID   int64  `json:"actor_id,omitempty"`
	Actor     string `json:"actor,omitempty"`
	PostID    int64  `json:"post_id,omitempty"`
	MessageID int64  `json:"message_id,omitempty"`
	RequestID int64  `json:"request_id,omitempty"`
}

// print writes ev as one line and flushes it.
func (p *eventPrinter) print(ctx context.Context, ev model.Event) error {
	user, err := p.name(ctx, ev.UserID)
	if err != nil {
		return err
	}
	var actor string
	if ev.ActorID != 0 {
		if actor, err = p.name(ctx, ev.ActorID); err != nil {
			return err
		}
	}
	p.buf.Reset()
	if p.json {
		line := eventJSON{
			ID: ev.ID, At: ev.At.UTC().Format(time.RFC3339Nano), UserID: ev.UserID, User: user,
			Kind: text.CleanLine(string(ev.Kind)), ActorID: ev.ActorID, Actor: actor,
			PostID: ev.PostID, MessageID: ev.MessageID, RequestID: ev.RequestID,
		}
		enc := json.NewEncoder(&p.buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(&line); err != nil { // ends the line with \n
			return fmt.Errorf("events: %w", err)
		}
	} else {
		b := &p.buf
		b.WriteString(ev.At.UTC().Format("2006-01-02 15:04:05.000"))
		b.WriteString("  #")
		b.WriteString(strconv.FormatInt(ev.ID, 10))
		b.WriteString("  ")
		b.WriteString(orID(user, ev.UserID))
		b.WriteString("  ")
		b.WriteString(text.CleanLine(string(ev.Kind)))
		if ev.ActorID != 0 {
			if ev.Kind == model.EventMessage {
				b.WriteString("  from ")
			} else {
				b.WriteString("  by ")
			}
			b.WriteString(orID(actor, ev.ActorID))
		}
		for _, id := range []struct {
			label string
			id    int64
		}{{"post", ev.PostID}, {"message", ev.MessageID}, {"request", ev.RequestID}} {
			if id.id != 0 {
				fmt.Fprintf(b, "  %s %d", id.label, id.id)
			}
		}
		b.WriteByte('\n')
	}
	if _, err := p.w.Write(p.buf.Bytes()); err != nil {
		return fmt.Errorf("events: %w", err)
	}
	if f, ok := p.w.(interface{ Flush() error }); ok {
		if err := f.Flush(); err != nil {
			return fmt.Errorf("events: %w", err)
		}
	}
	return nil
}

// name returns the cleaned username of id, or "" when the account no
// longer exists. A lookup that fails for another reason (the database is
// reconnecting, say) is reported on the warning writer and not cached, so
// that a long --follow survives it; only the end of ctx stops the print.
func (p *eventPrinter) name(ctx context.Context, id int64) (string, error) {
	if n, ok := p.names[id]; ok {
		return n, nil
	}
	u, err := p.op.User(ctx, id)
	switch {
	case err == nil:
	case model.ErrorCode(err) == model.ENOTFOUND:
		u.Username = ""
	case ctx.Err() != nil:
		return "", ctx.Err()
	default:
		fmt.Fprintf(p.warn, "numeneon: look up user #%d: %s\n", id, text.CleanLine(err.Error()))
		return "", nil
	}
	if len(p.names) >= maxCachedNames {
		clear(p.names)
	}
	n := text.CleanLine(u.Username)
	p.names[id] = n
	return n, nil
}

// orID is name, or #id for an account that is gone.
func orID(name string, id int64) string {
	if name == "" {
		return "#" + strconv.FormatInt(id, 10)
	}
	return name
}
