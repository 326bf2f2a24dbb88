package tui

import (
	"slices"

	"github.com/numeneon/numeneon/model"
)

// arrived shows a message from someone else, whose conversation is not
// the open one, from what its event carries: their conversation goes to
// the top of the list with one more unread, without reading the list.
// It reports false when the event cannot tell enough (the list has not
// come, the sender is gone, or the message was gone when it was read).
func (p *chat) arrived(ev model.Event) bool {
	if !p.loaded || ev.Actor.ID == 0 || ev.ActorID == p.c.User.ID || ev.Text == "" {
		return false
	}
	cv := model.Conversation{}
	if i := slices.IndexFunc(p.convs, func(c model.Conversation) bool { return c.With.ID == ev.ActorID }); i >= 0 {
		cv = p.convs[i]
		p.convs = slices.Delete(slices.Clone(p.convs), i, i+1)
	}
	cv.With, cv.Unread = ev.Actor, cv.Unread+1
	cv.LastMessage = model.Message{ID: ev.MessageID, SenderID: ev.ActorID, ReceiverID: p.c.User.ID, Content: ev.Text, CreatedAt: ev.At}
	p.convs = append([]model.Conversation{cv}, p.convs...)
	p.syncList()
	return true
}

// rename shows someone's new name in the list and the open conversation.
func (p *chat) rename(u model.UserSummary) {
	if u.ID == 0 {
		return
	}
	for i := range p.convs {
		if p.convs[i].With.ID == u.ID {
			p.convs[i].With = u
		}
	}
	if v := p.open; v != nil && v.with.ID == u.ID && v.with != u {
		v.with = u
		v.changed()
	}
}
