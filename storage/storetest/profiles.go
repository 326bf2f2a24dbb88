package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

func runProfiles(t *testing.T, open Opener) {
	t.Run("Counts", func(t *testing.T) { testProfileCounts(t, newEnv(t, open)) })
	t.Run("FriendState", func(t *testing.T) { testProfileFriendState(t, newEnv(t, open)) })
	t.Run("Activity", func(t *testing.T) { testProfileActivity(t, newEnv(t, open)) })
	t.Run("Edit", func(t *testing.T) { testEditProfile(t, newEnv(t, open)) })
	t.Run("MissingProfileRow", func(t *testing.T) { testMissingProfile(t, newEnv(t, open)) })
}

func testProfileCounts(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.befriend(alice, bob)
	e.befriend(carol, alice)
	e.befriend(bob, carol) // not alice's
	p1, p2 := e.say(alice, "one"), e.say(alice, "two")
	e.post(alice, model.NewPost{Type: model.Milestones, Content: "three"})
	bobs := e.say(bob, "bob's")
	e.reply(alice, bobs.ID, "a reply is not a post of one's own") // not counted
	e.reply(bob, p1.ID, "bob answers")
	for _, l := range []struct {
		who  model.User
		post int64
	}{{bob, p1.ID}, {carol, p1.ID}, {dave, p2.ID}, {alice, bobs.ID}, {carol, bobs.ID}} {
		must(t, e.svc.Like(e.ctx, l.who.ID, l.post), "like")
	}

	v, err := e.svc.Profile(e.ctx, dave.ID, alice.ID)
	must(t, err, "Profile")
	if v.User.ID != alice.ID || v.User.Username != "alice" || v.Profile.UserID != alice.ID {
		t.Errorf("Profile(alice) is about %+v / profile of %d", v.User, v.Profile.UserID)
	}
	wantInt(t, v.PostCount, 3, "alice's PostCount (top-level posts)")
	wantInt(t, v.FriendCount, 2, "alice's FriendCount")
	wantInt(t, v.LikesReceived, 3, "alice's LikesReceived")
	wantInt(t, v.LikesGiven, 1, "alice's LikesGiven")

	v, err = e.svc.Profile(e.ctx, alice.ID, dave.ID)
	must(t, err, "Profile(dave)")
	if v.PostCount != 0 || v.FriendCount != 0 || v.LikesReceived != 0 || v.LikesGiven != 1 || len(v.Activity) != 0 {
		t.Errorf("dave's profile: posts %d friends %d likes received %d given %d activity %v, want 0 0 0 1 []",
			v.PostCount, v.FriendCount, v.LikesReceived, v.LikesGiven, v.Activity)
	}
	_, err = e.svc.Profile(e.ctx, alice.ID, dave.ID+1000)
	wantCode(t, err, model.ENOTFOUND, "Profile of a missing user")
}

func testProfileFriendState(t *testing.T, e *env) {
	alice, bob, carol, dave, erin := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave"), e.user("erin")
	e.befriend(alice, bob)
	_, err := e.svc.SendFriendRequest(e.ctx, alice.ID, carol.ID)
	must(t, err, "alice asks carol")
	_, err = e.svc.SendFriendRequest(e.ctx, dave.ID, alice.ID)
	must(t, err, "dave asks alice")
	cases := []struct {
		viewer, other model.User
		want          model.FriendState
	}{
		{alice, alice, model.FriendSelf},
		{alice, bob, model.FriendFriends},
		{bob, alice, model.FriendFriends},
		{alice, carol, model.FriendOutgoing},
		{carol, alice, model.FriendIncoming},
		{alice, dave, model.FriendIncoming},
		{dave, alice, model.FriendOutgoing},
		{alice, erin, model.FriendNone},
		{erin, alice, model.FriendNone},
		{bob, carol, model.FriendNone},
	}
	for _, c := range cases {
		v, err := e.svc.Profile(e.ctx, c.viewer.ID, c.other.ID)
		must(t, err, "Profile")
		if v.Friendship != c.want {
			t.Errorf("%s viewing %s: Friendship %d, want %d", c.viewer.Username, c.other.Username, v.Friendship, c.want)
		}
	}
}

func testProfileActivity(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	today := time.Now().UTC().Truncate(24 * time.Hour)
	set := func(p model.Post, tm time.Time) { e.setCreated("posts_post", p.ID, tm) }
	set(e.say(alice, "today, midnight"), today)
	set(e.say(alice, "today, a second later"), today.Add(time.Second))
	set(e.say(alice, "three days ago"), today.AddDate(0, 0, -3).Add(13*time.Hour+123*time.Microsecond))
	set(e.say(alice, "also three days ago"), today.AddDate(0, 0, -3).Add(23*time.Hour+59*time.Minute))
	set(e.say(alice, "ten days ago"), today.AddDate(0, 0, -10).Add(time.Hour))
	set(e.say(alice, "more than a year ago"), today.AddDate(0, 0, -400))
	e.setCreated("posts_post", e.say(bob, "bob's post today").ID, today.Add(time.Minute))

	v, err := e.svc.Profile(e.ctx, bob.ID, alice.ID)
	must(t, err, "Profile")
	wantInt(t, v.PostCount, 6, "PostCount (all time)")
	want := map[time.Time]int{today: 2, today.AddDate(0, 0, -3): 2, today.AddDate(0, 0, -10): 1}
	got := map[time.Time]int{}
	for _, d := range v.Activity {
		if !d.Day.Equal(d.Day.UTC().Truncate(24 * time.Hour)) {
			t.Errorf("activity day %v is not a UTC midnight", d.Day)
		}
		got[d.Day.UTC()] += d.Count
	}
	if len(got) != len(want) || len(v.Activity) != len(want) {
		t.Errorf("activity = %v, want %v", v.Activity, want)
	}
	for day, n := range want {
		if got[day] != n {
			t.Errorf("activity on %s = %d, want %d (all: %v)", day.Format(time.DateOnly), got[day], n, v.Activity)
		}
	}
}

func testEditProfile(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	url := func(n int) string { return "https://example.com/" + strings.Repeat("a", n-len("https://example.com/")) }
	bio := strings.Repeat("😀", 500)
	must(t, e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{
		Bio: ptr(" " + bio + " "), Location: ptr(strings.Repeat("ü", 100)), Avatar: ptr(url(500)),
		Website: ptr(url(500)), FirstName: ptr("Alice"), LastName: ptr("Liddell"),
	}), "UpdateProfile at every limit")
	v, err := e.svc.Profile(e.ctx, bob.ID, alice.ID)
	must(t, err, "Profile")
	p := v.Profile
	if p.Bio != bio || p.Location != strings.Repeat("ü", 100) || p.Avatar != url(500) || p.Website != url(500) {
		t.Errorf("profile after update: bio %d runes, location %q, avatar %d chars, website %d chars",
			len([]rune(p.Bio)), p.Location, len(p.Avatar), len(p.Website))
	}
	if v.User.FirstName != "Alice" || v.User.LastName != "Liddell" {
		t.Errorf("names after update: %q %q", v.User.FirstName, v.User.LastName)
	}
	before := e.snapshot()

	bad := []struct {
		upd   model.ProfileUpdate
		field string
	}{
		{model.ProfileUpdate{Bio: ptr(bio + "!")}, "bio"},
		{model.ProfileUpdate{Location: ptr(strings.Repeat("l", 101))}, "location"},
		{model.ProfileUpdate{Avatar: ptr("ftp://example.com/a.png")}, "avatar"},
		{model.ProfileUpdate{Avatar: ptr(url(501))}, "avatar"},
		{model.ProfileUpdate{Website: ptr("my home page")}, "website"},
		{model.ProfileUpdate{Website: ptr(url(501))}, "website"},
		{model.ProfileUpdate{Website: ptr("javascript:alert(1)")}, "website"},
		{model.ProfileUpdate{FirstName: ptr(strings.Repeat("n", 151))}, "first_name"},
		{model.ProfileUpdate{Bio: ptr("fine"), Location: ptr(strings.Repeat("l", 101))}, "location"},
	}
	for _, b := range bad {
		wantField(t, e.svc.UpdateProfile(e.ctx, alice.ID, b.upd), model.EINVALID, b.field, "UpdateProfile with a bad "+b.field)
	}
	if e.snapshot() != before {
		t.Errorf("refused profile updates changed the database")
	}

	// Only the fields given change; "" clears a URL.
	must(t, e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{Location: ptr("Paris"), Website: ptr("")}), "partial update")
	v, err = e.svc.Profile(e.ctx, alice.ID, alice.ID)
	must(t, err, "Profile")
	if v.Profile.Location != "Paris" || v.Profile.Website != "" || v.Profile.Bio != bio || v.Profile.Avatar != url(500) || v.User.FirstName != "Alice" {
		t.Errorf("after a partial update: %+v, first name %q", v.Profile, v.User.FirstName)
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM users_profile WHERE user_id = $1 AND website = '' AND location = 'Paris'", alice.ID), 1,
		"profile rows with the cleared website ('' not NULL)")
	// Bob's profile is untouched.
	wantInt(t, e.count("SELECT COUNT(*) FROM users_profile WHERE user_id = $1 AND bio = '' AND location = ''", bob.ID), 1, "bob's blank profile rows")
}

func testMissingProfile(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	e.exec("DELETE FROM users_profile WHERE user_id = $1", alice.ID)

	v, err := e.svc.Profile(e.ctx, bob.ID, alice.ID)
	must(t, err, "Profile of a user without a profile row")
	if v.User.Username != "alice" || v.Profile.Bio != "" || v.Profile.Website != "" {
		t.Errorf("Profile without a row = %+v", v)
	}
	p := e.say(alice, "still here")
	if got, err := e.svc.Post(e.ctx, bob.ID, p.ID); err != nil || got.Author.Username != "alice" {
		t.Errorf("Post by a user without a profile: %+v, %v", got, err)
	}
	feed, err := e.svc.Feed(e.ctx, bob.ID, model.FeedEveryone, model.Page{})
	must(t, err, "Feed")
	wantIDs(t, postIDs(feed), []int64{p.ID}, "everyone feed with a profile-less author")
	found, err := e.svc.SearchUsers(e.ctx, bob.ID, "alic")
	must(t, err, "SearchUsers")
	wantIDs(t, userIDs(found), []int64{alice.ID}, "search finds a profile-less user")

	must(t, e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{Bio: ptr("back again")}), "UpdateProfile without a row")
	wantInt(t, e.count(`SELECT COUNT(*) FROM users_profile WHERE user_id = $1 AND bio = 'back again'
		AND avatar = '' AND location = '' AND website = '' AND created_at IS NOT NULL AND updated_at IS NOT NULL`, alice.ID), 1,
		"profile rows made by the update")
	v, err = e.svc.Profile(e.ctx, bob.ID, alice.ID)
	must(t, err, "Profile after the row was made")
	if v.Profile.Bio != "back again" {
		t.Errorf("bio = %q", v.Profile.Bio)
	}
}
