package tui

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// perEventCalls are the Service calls a session may make for one live
// event of kind: each reads one thing that the event names (a post whose
// counts changed, the first page of a profile whose wall changed, the
// newest messages of the open conversation, a message edited), whatever
// the sizes of the person's lists. The badges, the toast's name and a
// message's preview come with the event: reading them again made every
// event cost each of its user's sessions three counts (one of them a
// whole list) and a look-up of the actor; the friends' lists move people
// in place. With the panes open, the notifications list reads what is
// newer than it shows, marks it seen and reads the badges again; a new
// friend has the friends' presence read; and the chat reads its list of
// conversations again for a message of the open conversation, an edit or
// a deletion (the one list an event still reads whole).
func perEventCalls(kind model.EventKind, opened bool) map[string]int {
	calls := map[string]int{"Post": 2, "Message": 1, "Messages": 1, "Profile": 1, "UserPosts": 1}
	switch {
	case !opened:
	case slices.Contains(model.NoticeKinds, kind):
		calls["Notifications"], calls["MarkNotificationsSeen"], calls["Counts"] = 1, 1, 1
		if kind == model.EventFriendAccepted {
			calls["OnlineFriends"] = 1
		}
	case kind == model.EventMessage, kind == model.EventMessageEdited, kind == model.EventMessageDeleted:
		calls["Conversations"] = 1
	}
	return calls
}

// TestEventCostPerRecipient has alice's session take one event of each
// kind while her lists (friends, requests, conversations, notifications)
// are long, first with only her feed loaded, then again with every tab
// and the notifications opened, and counts the Service calls each event
// costs it: only those of perEventCalls, none of a list or of the counts.
func TestEventCostPerRecipient(t *testing.T) {
	e := newTestEnv(t)
	ctx := e.ctx
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("setting up: %v", err)
		}
	}
	alice := e.user("alice")
	befriend := func(a, b model.User) {
		t.Helper()
		_, err := e.svc.SendFriendRequest(ctx, a.ID, b.ID)
		must(err)
		must(e.svc.AcceptFriendRequest(ctx, b.ID, e.requestBetween(a, b)))
	}
	mine := e.post(alice, model.NewPost{Content: "a post of alice's"})
	// Long lists: each of the crowd likes her post and writes to her; half
	// are her friends, the others ask to be.
	const crowd = 40
	for i := range crowd {
		u := e.user(fmt.Sprintf("crowd%02d", i))
		if i%2 == 0 {
			befriend(u, alice)
		} else {
			_, err := e.svc.SendFriendRequest(ctx, u.ID, alice.ID)
			must(err)
		}
		must(e.svc.Like(ctx, u.ID, mine.ID))
		_, err := e.svc.SendMessage(ctx, u.ID, alice.ID, "hello from the crowd")
		must(err)
	}

	cs := newCountingService(e.svc)
	lt := startTerm(t, Options{Service: cs, User: &alice}, 120, 40)
	lt.waitText("1 Feed", "live")
	for round, opened := range []bool{false, true} {
		if opened {
			for _, k := range []string{"2", "3", "4", "N"} {
				lt.keys(k)
			}
			lt.waitText("Notifications")
		}
		// Each round's people, in the states its events start from.
		who := func(name string) model.User { return e.user(fmt.Sprintf("%s%d", name, round)) }
		bob, carol, dave, erin, frank, gina := who("bob"), who("carol"), who("dave"), who("erin"), who("frank"), who("gina")
		befriend(alice, bob)
		befriend(alice, carol)
		for _, u := range []model.User{erin, frank} {
			_, err := e.svc.SendFriendRequest(ctx, alice.ID, u.ID)
			must(err)
		}
		_, err := e.svc.SendFriendRequest(ctx, gina.ID, alice.ID)
		must(err)
		_, err = e.svc.SendMessage(ctx, alice.ID, bob.ID, "are you there?")
		must(err)
		toAlice, err := e.svc.SendMessage(ctx, bob.ID, alice.ID, "first draft")
		must(err)
		steps := []struct {
			kind model.EventKind
			act  func() error
			show string // what alice's screen shows after it, if anything
		}{
			{model.EventMessage, func() error { _, err := e.svc.SendMessage(ctx, bob.ID, alice.ID, "ping"); return err },
				bob.Username + ": ping"},
			{model.EventMessageRead, func() error { _, err := e.svc.MarkConversationRead(ctx, bob.ID, alice.ID); return err }, ""},
			{model.EventMessageEdited, func() error { _, err := e.svc.EditMessage(ctx, bob.ID, toAlice.ID, "second draft"); return err }, ""},
			{model.EventMessageDeleted, func() error { return e.svc.DeleteMessage(ctx, bob.ID, toAlice.ID) }, ""},
			{model.EventFriendRequest, func() error { _, err := e.svc.SendFriendRequest(ctx, dave.ID, alice.ID); return err },
				dave.Username + " wants to be your friend"},
			{model.EventFriendAccepted, func() error { return e.svc.AcceptFriendRequest(ctx, erin.ID, e.requestBetween(alice, erin)) },
				erin.Username + " and you are friends now"},
			{model.EventFriendDeclined, func() error { return e.svc.DeclineFriendRequest(ctx, frank.ID, e.requestBetween(alice, frank)) }, ""},
			{model.EventFriendCancelled, func() error { return e.svc.CancelFriendRequest(ctx, gina.ID, e.requestBetween(gina, alice)) }, ""},
			{model.EventLike, func() error { return e.svc.Like(ctx, bob.ID, mine.ID) }, bob.Username + " liked your post"},
			{model.EventReply, func() error {
				_, err := e.svc.CreatePost(ctx, bob.ID, model.NewPost{Content: "a reply", ParentID: &mine.ID})
				return err
			}, bob.Username + " replied to you"},
			{model.EventMention, func() error {
				_, err := e.svc.CreatePost(ctx, carol.ID, model.NewPost{Content: "hi @alice", MentionedUserID: &alice.ID})
				return err
			}, carol.Username + " mentioned you"},
			{model.EventWallPost, func() error {
				_, err := e.svc.CreatePost(ctx, bob.ID, model.NewPost{Content: "on your wall", TargetUserID: &alice.ID})
				return err
			}, bob.Username + " posted on your wall"},
			{model.EventNewPost, func() error { _, err := e.svc.CreatePost(ctx, bob.ID, model.NewPost{Content: "news"}); return err }, ""},
			{model.EventProfile, func() error {
				bio := "new bio"
				return e.svc.UpdateProfile(ctx, bob.ID, model.ProfileUpdate{Bio: &bio})
			}, ""},
			{model.EventUnfriended, func() error { return e.svc.Unfriend(ctx, carol.ID, alice.ID) }, ""},
		}
		lt.idle(0) // and then after each event
		for _, st := range steps {
			cs.take()
			drain(cs.taken)
			if err := st.act(); err != nil {
				t.Fatalf("%s: %v", st.kind, err)
			}
			waitTaken(t, cs.taken, st.kind)
			if st.show != "" {
				lt.waitText(st.show)
			}
			lt.idle(0)
			calls := cs.take()
			allowed := perEventCalls(st.kind, opened)
			for _, name := range slices.Sorted(maps.Keys(calls)) {
				if calls[name] > allowed[name] {
					t.Errorf("a %s event made alice's session (every pane open: %v) call %s %d times; it may %d",
						st.kind, opened, name, calls[name], allowed[name])
				}
			}
		}
	}
}

// waitTaken waits until the session takes an event of kind from its
// stream, passing over others.
func waitTaken(t testing.TB, taken <-chan model.Event, kind model.EventKind) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	var seen []model.EventKind
	for {
		select {
		case ev := <-taken:
			if ev.Kind == kind {
				return
			}
			seen = append(seen, ev.Kind)
		case <-deadline:
			t.Fatalf("the session took no %s event in 10 s; it took %v", kind, seen)
		}
	}
}

// drain empties ch of what is in it now.
func drain(ch <-chan model.Event) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

// TestChatListFollowsEventsInPlace: a DM from someone whose conversation
// is not the open one puts it at the top of the list with one more
// unread and its text, and a profile change renames them, without
// reading the list again.
func TestChatListFollowsEventsInPlace(t *testing.T) {
	e := newSampleEnv(t)
	alice, bob, dave := e.user("alice"), e.user("bob"), e.user("dave")
	p, _ := startChat(t, e, alice, 120, 40)
	if p.open == nil || p.open.with.ID != bob.ID {
		t.Fatalf("the latest conversation (bob's) is not open: %+v", p.open)
	}
	cs := newCountingService(e.svc)
	p.c.Svc = cs
	events := e.follow(alice)
	before := p.unreadWith(dave.ID)
	if _, err := e.svc.SendMessage(e.ctx, dave.ID, alice.ID, "in place, please"); err != nil {
		t.Fatal(err)
	}
	send(t, p, eventMsg{ev: nextEvent(t, events, model.EventMessage)})
	first := "David"
	if err := e.svc.UpdateProfile(e.ctx, dave.ID, model.ProfileUpdate{FirstName: &first}); err != nil {
		t.Fatal(err)
	}
	send(t, p, eventMsg{ev: nextEvent(t, events, model.EventProfile)})
	if calls := cs.take(); len(calls) > 0 {
		t.Errorf("the chat read %v for a DM outside the open conversation and a profile change", calls)
	}
	if top := p.convs[0]; top.With.ID != dave.ID || top.LastMessage.Content != "in place, please" || top.Unread != before+1 {
		t.Errorf("the list's top is %+v; want dave's conversation, its new message, %d unread", top, before+1)
	}
	mustShow(t, p, "David Larsen", "in place, please")
}
