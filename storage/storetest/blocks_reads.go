package storetest

import (
	"slices"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// seen is what one viewer sees of the network: the authors of the posts
// in each list, and the people in each.
type seen struct {
	e      *env
	viewer model.User
}

func (e *env) as(viewer model.User) seen { return seen{e, viewer} }

func authors(ps []model.Post) []string {
	var out []string
	for _, p := range ps {
		if !slices.Contains(out, p.Author.Username) {
			out = append(out, p.Author.Username)
		}
	}
	slices.Sort(out)
	return out
}

func names(us []model.UserSummary) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Username)
	}
	slices.Sort(out)
	return out
}

// lists is every list of posts and people the viewer has, by name.
func (s seen) lists(thread, wall model.Post) map[string][]string {
	e, t, me := s.e, s.e.t, s.viewer.ID
	t.Helper()
	out := map[string][]string{}
	for _, scope := range []struct {
		name  string
		scope model.FeedScope
	}{{"home", model.FeedHome}, {"everyone", model.FeedEveryone}} {
		ps, err := e.svc.Feed(e.ctx, me, scope.scope, model.Page{})
		must(t, err, "Feed")
		out[scope.name+" feed"] = authors(ps)
		rows, err := e.svc.River(e.ctx, me, scope.scope, 20, nil)
		must(t, err, "River")
		var rowAuthors []string
		for _, r := range rows {
			rowAuthors = append(rowAuthors, r.Author.Username)
			for _, tp := range model.PostTypes {
				if a := authors(r.Lane(tp)); len(a) > 0 && !slices.Equal(a, []string{r.Author.Username}) {
					t.Errorf("the River row of %s holds posts of %v", r.Author.Username, a)
				}
			}
		}
		slices.Sort(rowAuthors)
		out[scope.name+" river"] = rowAuthors
	}
	found, err := e.svc.SearchPosts(e.ctx, me, "hello", model.Page{})
	must(t, err, "SearchPosts")
	out["post search"] = authors(found)
	replies, err := e.svc.Thread(e.ctx, me, thread.ID, model.Page{})
	must(t, err, "Thread")
	out["thread"] = authors(replies)
	onWall, err := e.svc.UserPosts(e.ctx, me, wall.Author.ID, model.Page{})
	must(t, err, "UserPosts")
	out["a third's profile"] = authors(onWall)
	likers, err := e.svc.Likers(e.ctx, me, thread.ID)
	must(t, err, "Likers")
	out["likers"] = names(likers)
	people, err := e.svc.SearchUsers(e.ctx, me, "numen") // everyone's last name
	must(t, err, "SearchUsers")
	out["people search"] = names(people)
	sugg, err := e.svc.FriendSuggestions(e.ctx, me, 20)
	must(t, err, "FriendSuggestions")
	out["suggestions"] = names(sugg)
	convs, err := e.svc.Conversations(e.ctx, me)
	must(t, err, "Conversations")
	var with []string
	for _, c := range convs {
		with = append(with, c.With.Username)
	}
	out["conversations"] = with
	return out
}

// wantLists compares two views list by list.
func wantLists(t testing.TB, got, want map[string][]string, what string) {
	t.Helper()
	for k, w := range want {
		if !slices.Equal(got[k], w) {
			t.Errorf("%s: %s = %q, want %q", what, k, got[k], w)
		}
	}
}

// without is lists with name taken out of each.
func without(lists map[string][]string, name string) map[string][]string {
	out := map[string][]string{}
	for k, v := range lists {
		out[k] = slices.DeleteFunc(slices.Clone(v), func(s string) bool { return s == name })
	}
	return out
}

// blockWorld is alice and bob, friends of carol, who both write, reply,
// like and write on carol's wall, and dave, a stranger of all.
func (e *env) blockWorld() (alice, bob, carol, dave model.User, thread, wall model.Post) {
	alice, bob, carol, dave = e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.befriend(alice, carol)
	e.befriend(bob, carol)
	last := "Numen"
	for _, u := range []model.User{alice, bob, carol, dave} {
		must(e.t, e.svc.UpdateProfile(e.ctx, u.ID, model.ProfileUpdate{LastName: &last}), "last name")
		e.say(u, "hello from "+u.Username)
		e.post(u, model.NewPost{Type: model.Milestones, Content: "a milestone of " + u.Username})
	}
	thread = e.say(carol, "carol asks")
	wall = e.post(carol, model.NewPost{Content: "carol's wall"})
	for _, u := range []model.User{alice, bob} {
		e.reply(u, thread.ID, "an answer")
		must(e.t, e.svc.Like(e.ctx, u.ID, thread.ID), u.Username+" likes carol's post")
		e.post(u, model.NewPost{Content: "for carol", TargetUserID: &carol.ID})
		_, err := e.svc.SendMessage(e.ctx, u.ID, map[int64]int64{alice.ID: bob.ID, bob.ID: alice.ID}[u.ID], "hi")
		must(e.t, err, u.Username+" writes")
	}
	return alice, bob, carol, dave, thread, wall
}

// testBlockHidesReads: across a block, neither sees the other's posts in
// any feed, River, search, thread or profile, nor the other in likers,
// people search, suggestions or conversations; the other's profile holds
// only who they are and the block; their posts, threads and conversation
// are refused. Unblocking shows everything again.
func testBlockHidesReads(t *testing.T, e *env) {
	alice, bob, _, _, thread, wall := e.blockWorld()
	bobPost := e.say(bob, "bob again")
	bio := "bob's bio"
	must(t, e.svc.UpdateProfile(e.ctx, bob.ID, model.ProfileUpdate{Bio: &bio}), "bob's bio")
	before := map[int64]map[string][]string{alice.ID: e.as(alice).lists(thread, wall), bob.ID: e.as(bob).lists(thread, wall)}
	wantLists(t, before[alice.ID], map[string][]string{"everyone feed": {"alice", "bob", "carol", "dave"},
		"suggestions": {"bob", "dave"}, "conversations": {"bob"}, "likers": {"alice", "bob"}}, "alice before the block")
	wantInt(t, unread(e, alice), 1, "alice's unread before the block")

	must(t, e.svc.Block(e.ctx, alice.ID, bob.ID), "alice blocks bob")
	for _, c := range []struct{ viewer, other model.User }{{alice, bob}, {bob, alice}} {
		who := c.viewer.Username + " (block with " + c.other.Username + ")"
		wantLists(t, e.as(c.viewer).lists(thread, wall), without(before[c.viewer.ID], c.other.Username), who)
		wantInt(t, unread(e, c.viewer), 0, who+": unread messages")
		p, err := e.svc.Profile(e.ctx, c.viewer.ID, c.other.ID)
		must(t, err, who+": Profile")
		if p.User.ID != c.other.ID || !p.Blocking.Either() || p.Profile.Bio != "" || p.PostCount != 0 || len(p.Activity) != 0 {
			t.Errorf("%s: the other's profile holds %+v", who, p)
		}
		_, err = e.svc.UserPosts(e.ctx, c.viewer.ID, c.other.ID, model.Page{})
		wantCode(t, err, model.EFORBIDDEN, who+": the other's posts")
		_, err = e.svc.Messages(e.ctx, c.viewer.ID, c.other.ID, model.Page{})
		wantCode(t, err, model.EFORBIDDEN, who+": the conversation")
	}
	for _, c := range []struct {
		viewer model.User
		msg    string
	}{{alice, "You blocked bob; unblock them first."}, {bob, "You can't see alice's posts."}} {
		target := bobPost.ID
		if c.viewer.ID == bob.ID {
			target = e.say(alice, "alice again").ID
		}
		_, err := e.svc.Post(e.ctx, c.viewer.ID, target)
		wantMessage(t, err, c.msg, c.viewer.Username+" opens the other's post")
		_, err = e.svc.Thread(e.ctx, c.viewer.ID, target, model.Page{})
		wantCode(t, err, model.EFORBIDDEN, c.viewer.Username+" opens the other's thread")
		_, err = e.svc.Likers(e.ctx, c.viewer.ID, target)
		wantCode(t, err, model.EFORBIDDEN, c.viewer.Username+" asks who liked the other's post")
	}

	must(t, e.svc.Unblock(e.ctx, alice.ID, bob.ID), "alice unblocks bob")
	after := e.as(alice).lists(thread, wall)
	wantLists(t, after, map[string][]string{"everyone feed": {"alice", "bob", "carol", "dave"}, "conversations": {"bob"},
		"post search": before[alice.ID]["post search"], "thread": {"alice", "bob"}, "people search": {"bob", "carol", "dave"}},
		"alice after the unblock")
	wantInt(t, unread(e, alice), 1, "alice's unread after the unblock")
}

func unread(e *env, u model.User) int {
	e.t.Helper()
	n, err := e.svc.UnreadCount(e.ctx, u.ID)
	must(e.t, err, "UnreadCount")
	return n
}

// testBlockHidesWebAppRows: what the web app writes across a block (it
// knows none) stays hidden: a friendship does not bring the other's posts
// into the home feed or River, a DM is neither listed nor counted, a
// request is not listed, a reply is not in the thread.
func testBlockHidesWebAppRows(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	a1 := e.say(alice, "hello from alice")
	e.say(bob, "hello from bob")
	must(t, e.svc.Block(e.ctx, bob.ID, alice.ID), "bob blocks alice")
	e.webFriends(alice, bob)
	e.webMessage(alice, bob, "let me in")
	e.webRequest(alice, bob)
	e.exec(`INSERT INTO posts_post (author_id, target_profile_id, type, content, media_url, parent_id, reply_to_comment_id,
		mentioned_user_id, created_at, updated_at, likes_count, comment_count, shares_count)
		VALUES ($1, NULL, 'thoughts', 'bob answers', NULL, $2, NULL, NULL, $3, $3, 0, 0, 0)`, bob.ID, a1.ID, e.ts(base))
	for _, c := range []struct{ viewer, other model.User }{{alice, bob}, {bob, alice}} {
		who := c.viewer.Username
		home, err := e.svc.Feed(e.ctx, c.viewer.ID, model.FeedHome, model.Page{})
		must(t, err, "Feed")
		wantStrings(t, authors(home), []string{who}, who+"'s home feed")
		rows, err := e.svc.River(e.ctx, c.viewer.ID, model.FeedHome, 10, nil)
		must(t, err, "River")
		if len(rows) != 1 || rows[0].Author.ID != c.viewer.ID {
			t.Errorf("%s's home River has %d rows", who, len(rows))
		}
		for _, incoming := range []bool{true, false} {
			rs, err := e.svc.FriendRequests(e.ctx, c.viewer.ID, incoming)
			must(t, err, "FriendRequests")
			if len(rs) != 0 {
				t.Errorf("%s's requests (incoming %v) list %+v", who, incoming, rs)
			}
		}
		convs, err := e.svc.Conversations(e.ctx, c.viewer.ID)
		must(t, err, "Conversations")
		if len(convs) != 0 {
			t.Errorf("%s's conversations: %+v", who, convs)
		}
		wantInt(t, unread(e, c.viewer), 0, who+"'s unread messages")
	}
	replies, err := e.svc.Thread(e.ctx, alice.ID, a1.ID, model.Page{})
	must(t, err, "Thread")
	wantInt(t, len(replies), 0, "replies alice sees under her post")
}

// testMuteHidesPosts: a mute hides the muted person's posts from the one
// who muted, in feeds, Rivers, search, threads and others' walls, and
// them from suggestions; their own profile still shows them (it was
// asked for), and nothing changes for the muted person, nor for the
// friendship. Unmuting shows them again.
func testMuteHidesPosts(t *testing.T, e *env) {
	alice, bob, _, dave, thread, wall := e.blockWorld()
	e.befriend(alice, bob)
	before := map[int64]map[string][]string{alice.ID: e.as(alice).lists(thread, wall), bob.ID: e.as(bob).lists(thread, wall)}
	must(t, e.svc.Mute(e.ctx, alice.ID, bob.ID), "alice mutes bob")
	must(t, e.svc.Mute(e.ctx, alice.ID, dave.ID), "alice mutes dave")

	got := e.as(alice).lists(thread, wall)
	want := without(without(before[alice.ID], "bob"), "dave")
	for _, people := range []string{"likers", "people search", "conversations"} {
		want[people] = before[alice.ID][people] // a mute hides posts, not people
	}
	wantLists(t, got, want, "alice, who muted bob and dave")
	wantLists(t, e.as(bob).lists(thread, wall), before[bob.ID], "bob, muted")
	e.wantFriends(t, alice, bob)
	p, err := e.svc.Profile(e.ctx, alice.ID, bob.ID)
	must(t, err, "bob's profile for alice")
	if p.Blocking != (model.Blocking{Mutes: true}) || p.PostCount == 0 {
		t.Errorf("bob's profile for alice, who muted him: blocking %+v, %d posts", p.Blocking, p.PostCount)
	}
	own, err := e.svc.UserPosts(e.ctx, alice.ID, bob.ID, model.Page{})
	must(t, err, "bob's posts for alice")
	wantStrings(t, authors(own), []string{"bob"}, "bob's profile's posts for alice")
	b1 := own[0]
	if _, err := e.svc.Post(e.ctx, alice.ID, b1.ID); err != nil {
		t.Errorf("alice opens a post of bob's she muted: %v", err)
	}
	// Bob still reaches alice.
	a1 := e.say(alice, "hello again from alice")
	must(t, e.svc.Like(e.ctx, bob.ID, a1.ID), "bob likes alice's post")
	e.reply(bob, a1.ID, "bob answers")
	_, err = e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "still there?")
	must(t, err, "bob writes to alice")

	must(t, e.svc.Unmute(e.ctx, alice.ID, bob.ID), "alice unmutes bob")
	must(t, e.svc.Unmute(e.ctx, alice.ID, dave.ID), "alice unmutes dave")
	got = e.as(alice).lists(thread, wall)
	wantLists(t, got, map[string][]string{"everyone feed": before[alice.ID]["everyone feed"], "thread": before[alice.ID]["thread"],
		"a third's profile": before[alice.ID]["a third's profile"], "suggestions": before[alice.ID]["suggestions"]}, "alice after unmuting")
}
