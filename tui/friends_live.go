package tui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// event follows a live event in place, reading nothing but who of the
// friends is online when there is a new one: the event says who did it
// (Event.Actor), so a request, an answer or an unfriending by someone
// else moves that person between the lists, and a profile change renames
// them. What the person did themselves elsewhere names them as the
// actor, not the other one, and loads the lists again, as does an event
// before the lists came or from someone gone.
func (f *friends) event(ev model.Event) tea.Cmd {
	own := ev.ActorID == f.c.User.ID
	if isFriendEvent(ev.Kind) && !own {
		f.status = outcome{} // what it says may no longer be so
	}
	switch {
	case ev.Kind == model.EventProfile:
		f.rename(ev.Actor)
	case !isFriendEvent(ev.Kind):
		return nil
	case own || ev.Actor.ID == 0 || !f.loaded:
		return f.load()
	default:
		f.moved(ev)
	}
	if ev.ActorID == f.cardFor {
		f.cardFor = 0 // their card is read again
	}
	if ev.Kind == model.EventFriendAccepted {
		return f.loadPresence()
	}
	return nil
}

// moved puts the actor of a friend event where it leaves them: asking
// (the incoming requests), a friend, or in none of the lists.
func (f *friends) moved(ev model.Event) {
	for s := range secSearch {
		f.drop(s, ev.ActorID)
	}
	switch ev.Kind {
	case model.EventFriendRequest:
		f.put(secIncoming, personRow{user: ev.Actor, at: ev.At, requestID: ev.RequestID})
	case model.EventFriendAccepted:
		f.put(secFriends, personRow{user: ev.Actor, at: ev.At})
	}
}

// put adds a row at the top of a section (each is newest first).
func (f *friends) put(s friendSection, row personRow) {
	f.setList(s, append([]personRow{row}, f.lists[s]...))
}

// drop takes someone out of a section.
func (f *friends) drop(s friendSection, id int64) {
	f.setList(s, slices.DeleteFunc(slices.Clone(f.lists[s]), func(p personRow) bool { return p.user.ID == id }))
}

// rename shows someone's new name wherever they are listed.
func (f *friends) rename(u model.UserSummary) {
	for s := range f.lists {
		for i := range f.lists[s] {
			if f.lists[s][i].user.ID == u.ID && u.ID != 0 {
				f.lists[s][i].user = u
			}
		}
	}
}
