package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// TestEventPayload: an event reaches a subscriber with what its session
// shows, so that no session reads anything for it: the actor's names, a
// new message's text and, for the kinds that change them, the user's
// counts after it, equal to what the Service counts (blocked people left
// out); whoever wrote the row, the web app too, and from a catch-up as
// live. Kinds that change no count carry none.
func TestEventPayload(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			url := b.url(t)
			db, svc := evService(t, url)
			a, bob, c, d := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob"), evSignUp(t, svc, "carol"), evSignUp(t, svc, "dave")
			ok := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			first := "Bob"
			ok(svc.UpdateProfile(ctx, bob, model.ProfileUpdate{FirstName: &first}))
			evMust(svc.SendFriendRequest(ctx, a, c)).of(t)
			ok(svc.AcceptFriendRequest(ctx, c, requestID(t, svc, a, c)))
			a1 := evMust(svc.CreatePost(ctx, a, model.NewPost{Content: "alice's post"})).of(t).ID
			ok(svc.Block(ctx, a, d))
			web := webApp(t, b.name, url)
			const message = `INSERT INTO messages_app_message (content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
				VALUES ($1, $2, $3, $4, $5, NULL)`
			if _, err := web.ExecContext(ctx, message, "across the block", false, djangoTime(b.name, time.Now()), a, d); err != nil {
				t.Fatal(err)
			}
			before := evMust(db.LastEventID(ctx)).of(t)
			r := evRecord(t, db, a, before)

			// The web app writes bob's DM; the Service the rest.
			if _, err := web.ExecContext(ctx, message, "hi from the web", false, djangoTime(b.name, time.Now()), a, bob); err != nil {
				t.Fatal(err)
			}
			r.await(t, 1)
			evMust(svc.SendFriendRequest(ctx, bob, a)).of(t)
			r.await(t, 2)
			ok(svc.Like(ctx, bob, a1))
			r.await(t, 3)
			evMust(svc.CreatePost(ctx, c, model.NewPost{Content: "carol's news"})).of(t)
			live := r.exactly(t, 4)

			bobSummary := model.UserSummary{ID: bob, Username: "bob", FirstName: "Bob"}
			want := []struct {
				kind   model.EventKind
				actor  model.UserSummary
				text   string
				counts *model.Counts
			}{
				{model.EventMessage, bobSummary, "hi from the web", &model.Counts{Unread: 1, Notices: 1}},
				{model.EventFriendRequest, bobSummary, "", &model.Counts{Unread: 1, Requests: 1, Notices: 2}},
				{model.EventLike, bobSummary, "", &model.Counts{Unread: 1, Requests: 1, Notices: 3}},
				{model.EventNewPost, model.UserSummary{ID: c, Username: "carol"}, "", nil},
			}
			check := func(how string, got []model.Event) {
				t.Helper()
				for i, w := range want {
					ev := got[i]
					if ev.Kind != w.kind || ev.Actor != w.actor || ev.Text != w.text {
						t.Errorf("%s: event %d is %s by %+v saying %q; want %s by %+v saying %q", how, i, ev.Kind, ev.Actor, ev.Text, w.kind, w.actor, w.text)
					}
					switch {
					case w.counts == nil && ev.Counts != nil:
						t.Errorf("%s: a %s event carries counts %+v; it changes none", how, ev.Kind, *ev.Counts)
					case w.counts != nil && ev.Counts == nil:
						t.Errorf("%s: a %s event carries no counts", how, ev.Kind)
					case w.counts != nil && *ev.Counts != *w.counts && how == "live":
						t.Errorf("%s: a %s event carries counts %+v; want %+v", how, ev.Kind, *ev.Counts, *w.counts)
					}
				}
			}
			check("live", live)
			// The counts the events carry are the Service's.
			counts := evMust(svc.Counts(ctx, a)).of(t)
			unread := evMust(svc.UnreadCount(ctx, a)).of(t)
			requests := len(evMust(svc.FriendRequests(ctx, a, true)).of(t))
			unseen := evMust(svc.UnseenNotifications(ctx, a)).of(t)
			if w := (model.Counts{Unread: unread, Requests: requests, Notices: unseen}); counts != w || counts != *live[2].Counts {
				t.Errorf("Counts = %+v; the Service counts %+v, the last event carried %+v", counts, w, *live[2].Counts)
			}
			// A catch-up carries the same, with the counts of its moment.
			check("caught up", evRecord(t, db, a, before).exactly(t, 4))
		})
	}
}
