package storetest

import (
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// Blocks and mutes: the rows, what a block refuses (here), what blocks
// and mutes hide (blocks_reads.go) and the notifications they silence
// (blocks_notices.go).
func runBlocks(t *testing.T, open Opener) {
	t.Run("Rows", func(t *testing.T) { testBlockRows(t, newEnv(t, open)) })
	t.Run("EndsFriendship", func(t *testing.T) { testBlockEndsFriendship(t, newEnv(t, open)) })
	t.Run("RefusesWrites", func(t *testing.T) { testBlockRefusesWrites(t, newEnv(t, open)) })
	t.Run("Mentions", func(t *testing.T) { testBlockMentions(t, newEnv(t, open)) })
	t.Run("HidesReads", func(t *testing.T) { testBlockHidesReads(t, newEnv(t, open)) })
	t.Run("HidesWebAppRows", func(t *testing.T) { testBlockHidesWebAppRows(t, newEnv(t, open)) })
	t.Run("MuteHidesPosts", func(t *testing.T) { testMuteHidesPosts(t, newEnv(t, open)) })
	t.Run("Notifications", func(t *testing.T) { testShieldedNotifications(t, newEnv(t, open)) })
}

// --- what the web app, which knows no blocks, may write ---

// webFriends makes a and b friends as the web app does, block or not.
func (e *env) webFriends(a, b model.User) {
	e.t.Helper()
	for _, p := range [][2]int64{{a.ID, b.ID}, {b.ID, a.ID}} {
		e.exec("INSERT INTO friends_friendship (created_at, user_id, friend_id) VALUES ($1, $2, $3)", e.ts(time.Now()), p[0], p[1])
	}
}

// webRequest is a friend request from a to b written by the web app.
func (e *env) webRequest(a, b model.User) int64 {
	e.t.Helper()
	e.exec("INSERT INTO friends_friendrequest (created_at, from_user_id, to_user_id) VALUES ($1, $2, $3)", e.ts(time.Now()), a.ID, b.ID)
	return int64(e.count("SELECT id FROM friends_friendrequest WHERE from_user_id = $1 AND to_user_id = $2", a.ID, b.ID))
}

// webMessage is a DM from a to b written by the web app.
func (e *env) webMessage(a, b model.User, content string) {
	e.t.Helper()
	e.exec(`INSERT INTO messages_app_message (content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
		VALUES ($1, $2, $3, $4, $5, NULL)`, content, false, e.ts(time.Now()), b.ID, a.ID)
}

// webLike is a like of post by u written by the web app.
func (e *env) webLike(u model.User, post int64) {
	e.t.Helper()
	e.exec("INSERT INTO posts_like (created_at, post_id, user_id) VALUES ($1, $2, $3)", e.ts(time.Now()), post, u.ID)
	e.exec("UPDATE posts_post SET likes_count = likes_count + 1 WHERE id = $1", post)
}

// blocks lists whom u blocks and mutes, as "kind:name".
func (e *env) blocks(u model.User) []string {
	e.t.Helper()
	bs, err := e.svc.Blocks(e.ctx, u.ID)
	must(e.t, err, "Blocks of "+u.Username)
	var out []string
	for _, b := range bs {
		out = append(out, string(b.Kind)+":"+b.User.Username)
		if b.Since.IsZero() {
			e.t.Errorf("%s's %s of %s has no time", u.Username, b.Kind, b.User.Username)
		}
	}
	return out
}

// testBlockRows: blocking and muting make one row each, newest first in
// the list, both kinds of one person apart; twice is a conflict, lifting
// what is not there is not found, oneself and nobody are refused; the
// rows go with either account.
func testBlockRows(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	must(t, e.svc.Block(e.ctx, alice.ID, bob.ID), "alice blocks bob")
	must(t, e.svc.Mute(e.ctx, alice.ID, carol.ID), "alice mutes carol")
	must(t, e.svc.Mute(e.ctx, alice.ID, bob.ID), "alice mutes bob too")
	must(t, e.svc.Block(e.ctx, dave.ID, alice.ID), "dave blocks alice")
	wantStrings(t, e.blocks(alice), []string{"mute:bob", "mute:carol", "block:bob"}, "alice's list")
	wantStrings(t, e.blocks(bob), nil, "bob's list")

	err := e.svc.Block(e.ctx, alice.ID, bob.ID)
	wantCode(t, err, model.ECONFLICT, "blocking twice")
	wantMessage(t, err, "You blocked bob already.", "blocking twice")
	wantMessage(t, e.svc.Mute(e.ctx, alice.ID, carol.ID), "You muted carol already.", "muting twice")
	wantField(t, e.svc.Block(e.ctx, alice.ID, alice.ID), model.EINVALID, "user", "blocking oneself")
	wantField(t, e.svc.Mute(e.ctx, alice.ID, alice.ID), model.EINVALID, "user", "muting oneself")
	wantCode(t, e.svc.Block(e.ctx, alice.ID, 999_999), model.ENOTFOUND, "blocking nobody")
	wantCode(t, e.svc.Block(e.ctx, 0, bob.ID), model.EUNAUTHORIZED, "blocking signed out")

	must(t, e.svc.Unmute(e.ctx, alice.ID, bob.ID), "alice unmutes bob")
	err = e.svc.Unmute(e.ctx, alice.ID, bob.ID)
	wantCode(t, err, model.ENOTFOUND, "unmuting twice")
	wantMessage(t, err, "You have not muted bob.", "unmuting twice")
	wantMessage(t, e.svc.Unblock(e.ctx, alice.ID, carol.ID), "You have not blocked carol.", "unblocking the unblocked")
	wantMessage(t, e.svc.Unblock(e.ctx, bob.ID, alice.ID), "You have not blocked alice.", "bob lifts alice's block")
	wantStrings(t, e.blocks(alice), []string{"mute:carol", "block:bob"}, "alice's list after unmuting bob")

	// Either account going takes the rows with it, whoever deletes it.
	must(t, e.svc.Mute(e.ctx, carol.ID, alice.ID), "carol mutes alice")
	e.exec("DELETE FROM users_profile WHERE user_id = $1", alice.ID)
	e.exec("DELETE FROM auth_user WHERE id = $1", alice.ID)
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_block"), 0, "block rows after alice's account went")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_mute"), 0, "mute rows after alice's account went")
}

// testBlockEndsFriendship: a block ends the friendship and withdraws the
// requests both ways; unblocking brings neither back. The whole block is
// one transaction: one that fails leaves what the web app wrote meanwhile.
func testBlockEndsFriendship(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.befriend(alice, bob)
	_, err := e.svc.SendFriendRequest(e.ctx, carol.ID, alice.ID)
	must(t, err, "carol asks alice")
	_, err = e.svc.SendFriendRequest(e.ctx, alice.ID, dave.ID)
	must(t, err, "alice asks dave")
	e.befriend(bob, carol)

	for _, u := range []model.User{bob, carol, dave} {
		must(t, e.svc.Block(e.ctx, alice.ID, u.ID), "alice blocks "+u.Username)
	}
	if ab, ba := e.friendRows(alice, bob); ab+ba != 0 {
		t.Errorf("friendship rows alice-bob after the block: %d and %d", ab, ba)
	}
	wantInt(t, e.requestRows(alice, carol), 0, "carol's request to alice after alice blocked her")
	wantInt(t, e.requestRows(alice, dave), 0, "alice's request to dave after she blocked him")
	e.wantFriends(t, bob, carol) // others' friendships stay
	p, err := e.svc.Profile(e.ctx, alice.ID, bob.ID)
	must(t, err, "alice sees bob's profile")
	if p.Friendship != model.FriendNone || p.Blocking != (model.Blocking{Blocks: true}) {
		t.Errorf("bob's profile for alice: friendship %v, blocking %+v", p.Friendship, p.Blocking)
	}

	must(t, e.svc.Unblock(e.ctx, alice.ID, bob.ID), "alice unblocks bob")
	if ab, ba := e.friendRows(alice, bob); ab+ba != 0 {
		t.Errorf("unblocking brought the friendship back: %d and %d rows", ab, ba)
	}
	// The friendship the web app makes again is not ended by a block that
	// fails.
	e.webFriends(alice, carol)
	wantCode(t, e.svc.Block(e.ctx, alice.ID, carol.ID), model.ECONFLICT, "blocking carol again")
	e.wantFriends(t, alice, carol)
}

// testBlockRefusesWrites: across a block neither can message, befriend,
// reply to (anywhere in a thread whose post or comment is the other's),
// like, share or write on the wall of the other; the one who blocked is
// told so, the one blocked only that they can't. Nothing is written, and
// all of it works again after an unblock. Unliking still works.
func testBlockRefusesWrites(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	e.befriend(alice, carol)
	e.befriend(bob, carol)
	a1 := e.say(alice, "alice's post")
	b1 := e.say(bob, "bob's post")
	c1 := e.say(carol, "carol's post")
	ac := e.reply(alice, c1.ID, "alice's comment on carol's post")
	bc := e.reply(bob, c1.ID, "bob's comment on carol's post")
	ca := e.reply(carol, a1.ID, "carol's comment on alice's post")
	cb := e.reply(carol, b1.ID, "carol's comment on bob's post")
	must(t, e.svc.Like(e.ctx, bob.ID, a1.ID), "bob likes alice's post before the block")
	must(t, e.svc.Block(e.ctx, alice.ID, bob.ID), "alice blocks bob")
	e.webFriends(alice, bob) // so that the wall is refused for the block, not for want of a friendship
	req := e.webRequest(bob, alice)

	type attempt struct {
		what string
		do   func(from model.User, to model.User, post, comment, aside int64) error
	}
	attempts := []attempt{
		{"message", func(f, to model.User, _, _, _ int64) error {
			return second(e.svc.SendMessage(e.ctx, f.ID, to.ID, "hi"))
		}},
		{"befriend", func(f, to model.User, _, _, _ int64) error {
			return second(e.svc.SendFriendRequest(e.ctx, f.ID, to.ID))
		}},
		{"reply to the post", func(f, _ model.User, post, _, _ int64) error {
			return second(e.svc.CreatePost(e.ctx, f.ID, model.NewPost{Content: "x", ParentID: &post}))
		}},
		{"reply to a comment under the post", func(f, _ model.User, _, comment, _ int64) error {
			return second(e.svc.CreatePost(e.ctx, f.ID, model.NewPost{Content: "x", ParentID: &comment}))
		}},
		{"reply to the other's comment elsewhere", func(f, _ model.User, _, _, aside int64) error {
			return second(e.svc.CreatePost(e.ctx, f.ID, model.NewPost{Content: "x", ParentID: &aside}))
		}},
		{"reply naming the other's comment", func(f, _ model.User, _, _, aside int64) error {
			return second(e.svc.CreatePost(e.ctx, f.ID, model.NewPost{Content: "x", ParentID: &c1.ID, ReplyToCommentID: &aside}))
		}},
		{"like", func(f, _ model.User, post, _, _ int64) error { return e.svc.Like(e.ctx, f.ID, post) }},
		{"toggle a like", func(f, _ model.User, post, _, _ int64) error { return second(e.svc.ToggleLike(e.ctx, f.ID, post)) }},
		{"share", func(f, _ model.User, post, _, _ int64) error { return e.svc.SharePost(e.ctx, f.ID, post) }},
		{"toggle a share", func(f, _ model.User, post, _, _ int64) error { return second(e.svc.ToggleShare(e.ctx, f.ID, post)) }},
		{"write on the wall", func(f, to model.User, _, _, _ int64) error {
			return second(e.svc.CreatePost(e.ctx, f.ID, model.NewPost{Content: "x", TargetUserID: &to.ID}))
		}},
	}
	blockedMsgs := map[string]string{"message": "You can't message alice.", "befriend": "You can't befriend alice.",
		"like": "You can't like alice's posts.", "share": "You can't share alice's posts.",
		"write on the wall": "You can't post on alice's wall.", "reply to the post": "You can't reply to alice's posts."}
	before := e.snapshot()
	for _, a := range attempts {
		err := a.do(bob, alice, a1.ID, ca.ID, ac.ID)
		wantCode(t, err, model.EFORBIDDEN, "bob, blocked, tries to "+a.what)
		if want, ok := blockedMsgs[a.what]; ok {
			wantMessage(t, err, want, "bob, blocked, tries to "+a.what)
		}
		err = a.do(alice, bob, b1.ID, cb.ID, bc.ID)
		wantCode(t, err, model.EFORBIDDEN, "alice, who blocked, tries to "+a.what)
		wantMessage(t, err, "You blocked bob; unblock them first.", "alice, who blocked, tries to "+a.what)
	}
	wantCode(t, e.svc.AcceptFriendRequest(e.ctx, alice.ID, req), model.EFORBIDDEN, "alice accepts the web app's request from bob")
	if after := e.snapshot(); after != before {
		t.Errorf("refused writes across a block changed the tables:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	must(t, e.svc.Unlike(e.ctx, bob.ID, a1.ID), "bob takes his like back across the block")
	wantInt(t, e.likesConsistent(a1.ID), 0, "alice's post's likes after bob's unlike")
	must(t, e.svc.DeclineFriendRequest(e.ctx, alice.ID, req), "alice declines the web app's request from bob")
	// Others reach both as before.
	e.reply(carol, a1.ID, "carol still replies to alice")
	e.reply(carol, b1.ID, "carol still replies to bob")

	must(t, e.svc.Unblock(e.ctx, alice.ID, bob.ID), "alice unblocks bob")
	for _, a := range attempts {
		err := a.do(bob, alice, a1.ID, ca.ID, ac.ID)
		if a.what == "befriend" && model.ErrorCode(err) == model.ECONFLICT {
			continue // they are friends by the web app's rows
		}
		if err != nil {
			t.Errorf("bob tries to %s after the unblock: %v", a.what, err)
		}
	}
}

// testBlockMentions: a post that mentions someone across a block is kept
// without the mention, either way, so nobody is told; a mention of anyone
// else stays.
func testBlockMentions(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	must(t, e.svc.Block(e.ctx, alice.ID, bob.ID), "alice blocks bob")
	for _, c := range []struct {
		author, mentioned model.User
		kept              bool
	}{{bob, alice, false}, {alice, bob, false}, {carol, alice, true}, {bob, carol, true}} {
		what := c.author.Username + " mentions " + c.mentioned.Username
		p := e.post(c.author, model.NewPost{Content: "hey @" + c.mentioned.Username, MentionedUserID: &c.mentioned.ID})
		if p.Content != "hey @"+c.mentioned.Username {
			t.Errorf("%s: the post says %q", what, p.Content)
		}
		if got := p.Mentioned != nil; got != c.kept {
			t.Errorf("%s: mention kept = %v, want %v", what, got, c.kept)
		}
		wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_event WHERE kind = 'post.mention' AND post_id = $1", p.ID),
			map[bool]int{true: 1, false: 0}[c.kept], what+": mention events")
	}
}

// wantMessage checks the message a person is shown.
func wantMessage(t testing.TB, err error, want, what string) {
	t.Helper()
	if got := model.ErrorMessage(err); got != want {
		t.Errorf("%s: message %q, want %q", what, got, want)
	}
}

// wantStrings checks an exact, ordered list.
func wantStrings(t testing.TB, got, want []string, what string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %q, want %q", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s = %q, want %q", what, got, want)
			return
		}
	}
}
