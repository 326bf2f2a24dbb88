package ssh

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// Conversation limits: --limit is 1..MaxConversationLimit, the newest
// DefaultConversationLimit messages by default.
const (
	DefaultConversationLimit = 20
	MaxConversationLimit     = 100
)

// conversation prints the newest messages with someone, oldest first.
// It reads only: nothing is marked read.
func (r *cmdRunner) conversation(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	limit := fs.Int("limit", DefaultConversationLimit, "how many messages, the newest, 1 to "+strconv.Itoa(MaxConversationLimit))
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(args, 1); err != nil {
		return err
	}
	if *limit < 1 || *limit > MaxConversationLimit {
		return cmdUsagef("--limit must be between 1 and %d", MaxConversationLimit)
	}
	u, err := r.person(args[0])
	if err != nil {
		return err
	}
	msgs, err := r.svc.Messages(r.ctx, r.user.ID, u.ID, model.Page{Limit: *limit})
	if err != nil {
		return err
	}
	slices.Reverse(msgs)
	if *asJSON {
		out := struct {
			With     userJSON      `json:"with"`
			Messages []messageJSON `json:"messages"`
		}{With: toUser(u.Summary()), Messages: []messageJSON{}}
		for _, m := range msgs {
			out.Messages = append(out.Messages, toMessage(m))
		}
		return r.printJSON(out)
	}
	var b strings.Builder
	for _, m := range msgs {
		r.writeMessage(&b, m, u.Summary())
	}
	return r.print(b.String())
}

// writeMessage writes one message: a header line (#ID @sender · 3m ago,
// and "edited" when it was), then its lines, indented.
func (r *cmdRunner) writeMessage(b *strings.Builder, m model.Message, with model.UserSummary) {
	from := atName(with)
	if m.SenderID == r.user.ID {
		from = "you"
	}
	fmt.Fprintf(b, "#%d %s · %s", m.ID, from, agoText(m.CreatedAt, r.now()))
	if m.Edited() {
		b.WriteString(" · edited")
	}
	b.WriteByte('\n')
	for _, l := range strings.Split(text.Clean(m.Content), "\n") {
		if strings.TrimSpace(l) != "" {
			fmt.Fprintf(b, "  %s\n", l)
		}
	}
}

// editMessage changes the text of a message one sent.
func (r *cmdRunner) editMessage(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return cmdUsagef("missing ID")
	}
	id, err := parseMessageID(args[0])
	if err != nil {
		return err
	}
	content, err := r.textArg(args[1:])
	if err != nil {
		return err
	}
	m, err := r.svc.EditMessage(r.ctx, r.user.ID, id, content)
	if err != nil {
		return err
	}
	if *asJSON {
		return r.printJSON(toMessage(m))
	}
	return r.print(fmt.Sprintf("edited #%d\n", m.ID))
}

// deleteMessage deletes a message one sent.
func (r *cmdRunner) deleteMessage(c *cmdSpec, args []string) error {
	id, asJSON, err := r.oneID(c, args, parseMessageID)
	if err != nil {
		return err
	}
	if err := r.svc.DeleteMessage(r.ctx, r.user.ID, id); err != nil {
		return err
	}
	if asJSON {
		return r.printJSON(struct {
			ID      int64 `json:"id"`
			Deleted bool  `json:"deleted"`
		}{id, true})
	}
	return r.print(fmt.Sprintf("deleted #%d\n", id))
}
