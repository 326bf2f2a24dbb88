package storetest

import (
	"slices"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// notices is a user's notifications as "kind:actor", newest first, and
// the unseen count.
func (e *env) notices(u model.User) ([]string, int) {
	e.t.Helper()
	ns, err := e.svc.Notifications(e.ctx, u.ID, 0, 50)
	must(e.t, err, "Notifications")
	var out []string
	for _, n := range ns {
		out = append(out, string(n.Kind)+":"+n.Actor.Username)
	}
	unseen, err := e.svc.UnseenNotifications(e.ctx, u.ID)
	must(e.t, err, "UnseenNotifications")
	return out, unseen
}

// testShieldedNotifications: the notifications of someone muted (likes,
// replies, mentions, wall posts, requests, new friendships), made before
// the mute or after it, leave the list and its unseen count of the one
// who muted, and come back with an unmute; a block does the same both
// ways, for what the web app writes too; the muted person's own
// notifications do not change.
func testShieldedNotifications(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.befriend(alice, bob)   // alice asks, bob accepts: alice hears bob accepted
	e.befriend(alice, carol) // and carol
	a1 := e.say(alice, "alice's post")
	must(t, e.svc.Like(e.ctx, bob.ID, a1.ID), "bob likes before the mute")

	must(t, e.svc.Mute(e.ctx, alice.ID, bob.ID), "alice mutes bob")
	must(t, e.svc.Mute(e.ctx, alice.ID, dave.ID), "alice mutes dave")
	e.reply(bob, a1.ID, "bob replies")
	e.post(bob, model.NewPost{Content: "hi @alice", MentionedUserID: &alice.ID})
	e.post(bob, model.NewPost{Content: "on your wall", TargetUserID: &alice.ID})
	_, err := e.svc.SendFriendRequest(e.ctx, dave.ID, alice.ID)
	must(t, err, "dave asks alice")
	must(t, e.svc.Like(e.ctx, carol.ID, a1.ID), "carol likes")
	b1 := e.say(bob, "bob's post")
	must(t, e.svc.Like(e.ctx, alice.ID, b1.ID), "alice likes bob's post")

	got, unseen := e.notices(alice)
	wantStrings(t, got, []string{"post.like:carol", "friend.accepted:carol"}, "alice's notifications with bob and dave muted")
	wantInt(t, unseen, 2, "alice's unseen with bob and dave muted")
	got, _ = e.notices(bob)
	// bob accepted alice's request himself: that is no notification of his.
	wantStrings(t, got, []string{"post.like:alice", "friend.request:alice"}, "bob's notifications, muted by alice")

	must(t, e.svc.Unmute(e.ctx, alice.ID, bob.ID), "alice unmutes bob")
	got, unseen = e.notices(alice)
	wantStrings(t, got, []string{"post.like:carol", "post.wall:bob", "post.mention:bob", "post.reply:bob", "post.like:bob",
		"friend.accepted:carol", "friend.accepted:bob"}, "alice's notifications after unmuting bob")
	wantInt(t, unseen, 7, "alice's unseen after unmuting bob")

	// A block hides both ways, and what the web app writes across it.
	must(t, e.svc.Block(e.ctx, carol.ID, alice.ID), "carol blocks alice")
	e.webLike(carol, e.say(alice, "another post").ID)
	got, unseen = e.notices(alice)
	if slices.ContainsFunc(got, func(s string) bool { return s == "post.like:carol" || s == "friend.accepted:carol" }) {
		t.Errorf("alice's notifications show carol, who blocked her: %q", got)
	}
	wantInt(t, unseen, 5, "alice's unseen once carol blocked her")
	got, _ = e.notices(carol)
	wantStrings(t, got, nil, "carol's notifications once she blocked alice")
}
