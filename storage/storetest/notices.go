package storetest

import (
	"testing"

	"github.com/numeneon/numeneon/model"
)

func runNotices(t *testing.T, open Opener) {
	t.Run("Sessions", func(t *testing.T) { testSessions(t, newEnv(t, open)) })
	t.Run("Notifications", func(t *testing.T) { testNotifications(t, newEnv(t, open)) })
	t.Run("FilterAndMarkAllRead", func(t *testing.T) { testNoticeFilterAndMarkAll(t, newEnv(t, open)) })
}

// testNoticeFilterAndMarkAll: a filter lists only its kinds, newest
// first, paged like the whole list; marking all read marks read and seen
// those up to the id given (the rest stay unread), only the person's own,
// and says how many changed.
func testNoticeFilterAndMarkAll(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	p := e.say(alice, "alice's post")
	must(t, e.svc.Like(e.ctx, bob.ID, p.ID), "bob likes")
	e.reply(bob, p.ID, "bob replies")
	e.post(carol, model.NewPost{Content: "hi @alice", MentionedUserID: &alice.ID})
	// A request to alice, then one of hers accepted (her own acceptance
	// would tell her nothing).
	if _, err := e.svc.SendFriendRequest(e.ctx, carol.ID, alice.ID); err != nil {
		t.Fatalf("carol asks alice: %v", err)
	}
	e.befriend(alice, dave)
	kinds := func(filter model.NoticeFilter, before int64, limit int) ([]model.EventKind, []model.Notification) {
		t.Helper()
		ns, err := e.svc.Notifications(e.ctx, alice.ID, before, limit, filter)
		must(t, err, "Notifications "+string(filter))
		var ks []model.EventKind
		for _, n := range ns {
			ks = append(ks, n.Kind)
		}
		return ks, ns
	}
	want := func(got, want []model.EventKind, what string) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %v, want %v", what, got, want)
			return
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: %v, want %v", what, got, want)
				return
			}
		}
	}
	all, ns := kinds(model.NoticesAll, 0, 50)
	want(all, []model.EventKind{model.EventFriendAccepted, model.EventFriendRequest, model.EventMention, model.EventReply, model.EventLike}, "all")
	got, mentions := kinds(model.NoticesMentions, 0, 50)
	want(got, []model.EventKind{model.EventMention, model.EventReply}, "mentions")
	got, _ = kinds(model.NoticesMentions, mentions[0].ID, 50)
	want(got, []model.EventKind{model.EventReply}, "mentions below the first")
	got, _ = kinds(model.NoticesRequests, 0, 50)
	want(got, []model.EventKind{model.EventFriendAccepted, model.EventFriendRequest}, "requests")
	_, err := e.svc.Notifications(e.ctx, alice.ID, 0, 50, "likes")
	wantField(t, err, model.EINVALID, "filter", "an unknown filter")

	// Up to the mention: the two newer ones stay unread and unseen.
	n, err := e.svc.MarkAllNotificationsRead(e.ctx, alice.ID, ns[2].ID)
	must(t, err, "mark all read up to the mention")
	wantInt(t, n, 3, "marked read")
	_, ns = kinds(model.NoticesAll, 0, 50)
	for i, x := range ns {
		if x.Read != (i >= 2) || x.Seen != (i >= 2) {
			t.Errorf("notification %d (%s) after marking up to the mention: read %v seen %v", i, x.Kind, x.Read, x.Seen)
		}
	}
	unseen, _ := e.svc.UnseenNotifications(e.ctx, alice.ID)
	wantInt(t, unseen, 2, "unseen after marking up to the mention")
	n, err = e.svc.MarkAllNotificationsRead(e.ctx, bob.ID, 0)
	must(t, err, "bob marks all of his")
	wantInt(t, n, 0, "bob's notifications marked (he has none)")
	n, err = e.svc.MarkAllNotificationsRead(e.ctx, alice.ID, 0)
	must(t, err, "mark all read")
	wantInt(t, n, 2, "marked read the second time")
	n, _ = e.svc.MarkAllNotificationsRead(e.ctx, alice.ID, 0)
	wantInt(t, n, 0, "marked read again")
	unseen, _ = e.svc.UnseenNotifications(e.ctx, alice.ID)
	wantInt(t, unseen, 0, "unseen after marking all")
	_, ns = kinds(model.NoticesAll, 0, 50)
	for i, x := range ns {
		if !x.Read || !x.Seen {
			t.Errorf("notification %d (%s) after marking all: read %v seen %v", i, x.Kind, x.Read, x.Seen)
		}
	}
	_, err = e.svc.MarkAllNotificationsRead(e.ctx, 0, 0)
	wantCode(t, err, model.EUNAUTHORIZED, "signed out")
}

// testSessions: a sign-in lasts until it is ended, only its hash is
// stored, and a deactivated account's session no longer works.
func testSessions(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	token, err := e.svc.StartSession(e.ctx, alice.ID)
	must(t, err, "StartSession")
	if len(token) < 40 {
		t.Errorf("token %q is too short to be unguessable", token)
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_session WHERE token_hash = $1", token), 0, "sessions stored with the token in clear")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_session WHERE user_id = $1", alice.ID), 1, "alice's sessions")
	u, err := e.svc.ResumeSession(e.ctx, token)
	if err != nil || u.ID != alice.ID {
		t.Errorf("ResumeSession = %+v, %v; want alice", u, err)
	}
	other, err := e.svc.StartSession(e.ctx, bob.ID)
	must(t, err, "bob's session")
	if other == token {
		t.Errorf("two sessions got the same token")
	}
	for _, bad := range []string{"", "not-a-token", token + "x", string(make([]byte, 100))} {
		_, err := e.svc.ResumeSession(e.ctx, bad)
		wantCode(t, err, model.EUNAUTHORIZED, "ResumeSession of a wrong token")
	}
	must(t, e.svc.EndSession(e.ctx, token), "EndSession")
	_, err = e.svc.ResumeSession(e.ctx, token)
	wantCode(t, err, model.EUNAUTHORIZED, "ResumeSession after EndSession")
	must(t, e.svc.EndSession(e.ctx, token), "EndSession twice")
	if u, err := e.svc.ResumeSession(e.ctx, other); err != nil || u.ID != bob.ID {
		t.Errorf("bob's session after alice logged out: %+v, %v", u, err)
	}
	e.exec("UPDATE auth_user SET is_active = $1 WHERE id = $2", false, bob.ID)
	_, err = e.svc.ResumeSession(e.ctx, other)
	wantCode(t, err, model.EUNAUTHORIZED, "ResumeSession of a deactivated account")
	_, err = e.svc.StartSession(e.ctx, bob.ID)
	wantCode(t, err, model.EFORBIDDEN, "StartSession of a deactivated account")
}

// testNotifications: likes, replies, mentions, wall posts, requests and
// new friendships make notifications, newest first, with who did it and
// what post; one's own actions and other kinds do not; the seen mark only
// goes up; read marks are per notification and only one's own.
func testNotifications(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	p := e.say(alice, "alice's post")
	must(t, e.svc.Like(e.ctx, bob.ID, p.ID), "bob likes")
	must(t, e.svc.Like(e.ctx, alice.ID, p.ID), "alice likes her own post")
	r := e.reply(bob, p.ID, "bob replies")
	e.reply(alice, p.ID, "alice replies to herself")
	m := e.post(carol, model.NewPost{Content: "hi @alice", MentionedUserID: &alice.ID})
	_, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "a DM is not a notification")
	must(t, err, "bob writes")
	e.befriend(carol, alice) // carol asks (a request to alice), alice accepts: she did it, no notification
	w := e.post(carol, model.NewPost{Content: "on your wall", TargetUserID: &alice.ID})

	ns, err := e.svc.Notifications(e.ctx, alice.ID, 0, 50)
	must(t, err, "Notifications")
	type line struct {
		kind   model.EventKind
		actor  string
		thread int64
	}
	var got []line
	for _, n := range ns {
		got = append(got, line{n.Kind, n.Actor.Username, n.ThreadID})
		if n.Seen || n.Read {
			t.Errorf("a new notification is seen %v / read %v", n.Seen, n.Read)
		}
	}
	want := []line{
		{model.EventWallPost, "carol", w.ID},
		{model.EventFriendRequest, "carol", 0},
		{model.EventMention, "carol", m.ID},
		{model.EventReply, "bob", p.ID},
		{model.EventLike, "bob", p.ID},
	}
	if len(got) != len(want) {
		t.Fatalf("notifications %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("notification %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if ns[3].Excerpt != "bob replies" || ns[3].PostID != r.ID || ns[4].Excerpt != "alice's post" {
		t.Errorf("excerpts: reply %q (post %d), like %q", ns[3].Excerpt, ns[3].PostID, ns[4].Excerpt)
	}
	// Paging by event id.
	older, err := e.svc.Notifications(e.ctx, alice.ID, ns[1].ID, 2)
	must(t, err, "older notifications")
	if len(older) != 2 || older[0].ID != ns[2].ID || older[1].ID != ns[3].ID {
		t.Errorf("the page below %d = %+v", ns[1].ID, older)
	}

	unseen, err := e.svc.UnseenNotifications(e.ctx, alice.ID)
	must(t, err, "UnseenNotifications")
	wantInt(t, unseen, 5, "unseen notifications")
	must(t, e.svc.MarkNotificationsSeen(e.ctx, alice.ID, ns[1].ID), "mark seen")
	must(t, e.svc.MarkNotificationsSeen(e.ctx, alice.ID, ns[4].ID), "mark seen lower") // never goes down
	unseen, _ = e.svc.UnseenNotifications(e.ctx, alice.ID)
	wantInt(t, unseen, 1, "unseen after seeing up to the request")
	must(t, e.svc.MarkNotificationRead(e.ctx, alice.ID, ns[3].ID), "mark the reply read")
	must(t, e.svc.MarkNotificationRead(e.ctx, alice.ID, ns[3].ID), "mark it read twice")
	wantCode(t, e.svc.MarkNotificationRead(e.ctx, bob.ID, ns[3].ID), model.ENOTFOUND, "bob marks alice's notification read")
	ns, _ = e.svc.Notifications(e.ctx, alice.ID, 0, 50)
	for i, n := range ns {
		if n.Seen != (i >= 1) || n.Read != (i == 3) {
			t.Errorf("notification %d (%s): seen %v read %v", i, n.Kind, n.Seen, n.Read)
		}
	}
	// A deleted post leaves its notifications without an excerpt.
	must(t, e.svc.DeletePost(e.ctx, carol.ID, m.ID), "carol deletes the mention")
	ns, _ = e.svc.Notifications(e.ctx, alice.ID, 0, 50)
	for _, n := range ns {
		if n.Kind == model.EventMention && n.Excerpt != "" {
			t.Errorf("the mention's excerpt after its post was deleted: %q", n.Excerpt)
		}
	}
}
