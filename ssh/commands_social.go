package ssh

import (
	"context"
	"fmt"
	"strings"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// whoami prints who the session is signed in as.
func (r *cmdRunner) whoami(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(args, 0); err != nil {
		return err
	}
	u, err := r.svc.User(r.ctx, r.user.ID, r.user.ID)
	if err != nil {
		return err
	}
	if *asJSON {
		return r.printJSON(toUser(u.Summary()))
	}
	return r.print(fmt.Sprintf("%s · %s · id %d\n", atName(u.Summary()), text.CleanLine(u.DisplayName()), u.ID))
}

// friends lists the user's friends, the newest friendship first.
func (r *cmdRunner) friends(c *cmdSpec, args []string) error {
	asJSON, err := r.listFlags(c, args)
	if err != nil {
		return err
	}
	fs, err := r.svc.Friends(r.ctx, r.user.ID, r.user.ID)
	if err != nil {
		return err
	}
	if asJSON {
		out := struct {
			Friends []friendJSON `json:"friends"`
		}{Friends: []friendJSON{}}
		for _, f := range fs {
			out.Friends = append(out.Friends, friendJSON{User: toUser(f.User), Since: f.Since.UTC()})
		}
		return r.printJSON(out)
	}
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s · since %s\n", nameLine(f.User), f.Since.UTC().Format("2006-01-02"))
	}
	return r.print(b.String())
}

// requests lists the pending friend requests, incoming then outgoing.
func (r *cmdRunner) requests(c *cmdSpec, args []string) error {
	asJSON, err := r.listFlags(c, args)
	if err != nil {
		return err
	}
	in, err := r.svc.FriendRequests(r.ctx, r.user.ID, true)
	if err != nil {
		return err
	}
	out, err := r.svc.FriendRequests(r.ctx, r.user.ID, false)
	if err != nil {
		return err
	}
	type request struct {
		model.FriendRequest
		direction string
		other     model.UserSummary
	}
	var list []request
	for _, q := range in {
		list = append(list, request{q, "incoming", q.From})
	}
	for _, q := range out {
		list = append(list, request{q, "outgoing", q.To})
	}
	if asJSON {
		out := struct {
			Requests []requestJSON `json:"requests"`
		}{Requests: []requestJSON{}}
		for _, q := range list {
			out.Requests = append(out.Requests, requestJSON{ID: q.ID, Direction: q.direction, User: toUser(q.other), CreatedAt: q.CreatedAt.UTC()})
		}
		return r.printJSON(out)
	}
	var b strings.Builder
	for _, q := range list {
		fmt.Fprintf(&b, "%s %s · %s\n", q.direction, nameLine(q.other), agoText(q.CreatedAt, r.now()))
	}
	return r.print(b.String())
}

// listFlags parses the flags of a command that lists something: --json
// and no arguments.
func (r *cmdRunner) listFlags(c *cmdSpec, args []string) (bool, error) {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	args, err := r.parse(c, fs, args)
	if err != nil {
		return false, err
	}
	return *asJSON, wantArgs(args, 0)
}

// personArgs parses the flags of a command about one person and finds them.
func (r *cmdRunner) personArgs(c *cmdSpec, args []string) (model.User, bool, error) {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	args, err := r.parse(c, fs, args)
	if err != nil {
		return model.User{}, false, err
	}
	if err := wantArgs(args, 1); err != nil {
		return model.User{}, false, err
	}
	u, err := r.person(args[0])
	return u, *asJSON, err
}

// related prints the outcome of a change of relation with u.
func (r *cmdRunner) related(u model.User, asJSON bool, status, plain string) error {
	if asJSON {
		return r.printJSON(relationJSON{User: toUser(u.Summary()), Status: status})
	}
	return r.print(fmt.Sprintf(plain, atName(u.Summary())) + "\n")
}

// befriend asks someone to be friends (or accepts when they had asked).
func (r *cmdRunner) befriend(c *cmdSpec, args []string) error {
	u, asJSON, err := r.personArgs(c, args)
	if err != nil {
		return err
	}
	res, err := r.svc.SendFriendRequest(r.ctx, r.user.ID, u.ID)
	if err != nil {
		return err
	}
	if res == model.RequestAccepted {
		return r.related(u, asJSON, "friends", "%s had asked you too: you are friends now")
	}
	return r.related(u, asJSON, "requested", "asked %s to be your friend")
}

// incoming finds the pending request u sent the user.
func (r *cmdRunner) incoming(u model.User) (model.FriendRequest, error) {
	in, err := r.svc.FriendRequests(r.ctx, r.user.ID, true)
	if err != nil {
		return model.FriendRequest{}, err
	}
	for _, q := range in {
		if q.From.ID == u.ID {
			return q, nil
		}
	}
	return model.FriendRequest{}, model.Errorf(model.ENOTFOUND, "%s has not asked you to be friends.", atName(u.Summary()))
}

// accept accepts someone's friend request.
func (r *cmdRunner) accept(c *cmdSpec, args []string) error {
	return r.answerRequest(c, args, r.svc.AcceptFriendRequest, "friends", "you and %s are friends now")
}

// decline declines someone's friend request.
func (r *cmdRunner) decline(c *cmdSpec, args []string) error {
	return r.answerRequest(c, args, r.svc.DeclineFriendRequest, "declined", "declined %s's request")
}

// answerRequest answers the pending friend request of the person args
// name (accepts or declines it), and says so.
func (r *cmdRunner) answerRequest(c *cmdSpec, args []string, answer func(ctx context.Context, actor, id int64) error, status, done string) error {
	u, asJSON, err := r.personArgs(c, args)
	if err != nil {
		return err
	}
	q, err := r.incoming(u)
	if err != nil {
		return err
	}
	if err := answer(r.ctx, r.user.ID, q.ID); err != nil {
		return err
	}
	return r.related(u, asJSON, status, done)
}

// unfriend ends a friendship.
func (r *cmdRunner) unfriend(c *cmdSpec, args []string) error {
	u, asJSON, err := r.personArgs(c, args)
	if err != nil {
		return err
	}
	if err := r.svc.Unfriend(r.ctx, r.user.ID, u.ID); err != nil {
		return err
	}
	return r.related(u, asJSON, "unfriended", "you and %s are no longer friends")
}

// dm sends a direct message.
func (r *cmdRunner) dm(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return cmdUsagef("missing USER")
	}
	content, err := r.textArg(args[1:])
	if err != nil {
		return err
	}
	u, err := r.person(args[0])
	if err != nil {
		return err
	}
	m, err := r.svc.SendMessage(r.ctx, r.user.ID, u.ID, content)
	if err != nil {
		return err
	}
	if *asJSON {
		return r.printJSON(toMessage(m))
	}
	return r.print(fmt.Sprintf("sent to %s\n", atName(u.Summary())))
}

// lastLineRunes is how much of a conversation's last message the plain
// inbox shows.
const lastLineRunes = 100

// inbox lists the conversations, the latest first.
func (r *cmdRunner) inbox(c *cmdSpec, args []string) error {
	asJSON, err := r.listFlags(c, args)
	if err != nil {
		return err
	}
	convs, err := r.svc.Conversations(r.ctx, r.user.ID)
	if err != nil {
		return err
	}
	if asJSON {
		out := struct {
			Conversations []conversationJSON `json:"conversations"`
		}{Conversations: []conversationJSON{}}
		for _, cv := range convs {
			out.Conversations = append(out.Conversations, conversationJSON{With: toUser(cv.With), Unread: cv.Unread, LastMessage: toMessage(cv.LastMessage)})
		}
		return r.printJSON(out)
	}
	var b strings.Builder
	for _, cv := range convs {
		m := cv.LastMessage
		fmt.Fprintf(&b, "%s · %d unread · %s\n", nameLine(cv.With), cv.Unread, agoText(m.CreatedAt, r.now()))
		from := atName(cv.With)
		if m.SenderID == r.user.ID {
			from = "you"
		}
		fmt.Fprintf(&b, "  %s: %s\n", from, cleanCut(m.Content, lastLineRunes))
	}
	return r.print(b.String())
}
