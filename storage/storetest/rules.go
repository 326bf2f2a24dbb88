package storetest

import (
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// runRules checks the web app's rules that the Service applies before
// anything reaches the database, on each database: what Django normalizes,
// what no column may hold, and who may act at all.
func runRules(t *testing.T, open Opener) {
	t.Run("BadText", func(t *testing.T) { testBadText(t, newEnv(t, open)) })
	t.Run("NormalizedUsernames", func(t *testing.T) { testNormalizedUsernames(t, newEnv(t, open)) })
	t.Run("LoginUpgradesHash", func(t *testing.T) { testLoginUpgradesHash(t, newEnv(t, open)) })
	t.Run("InactiveActor", func(t *testing.T) { testInactiveActor(t, newEnv(t, open)) })
}

// testBadText sends invalid UTF-8 and NUL in every text a person can send:
// each is refused as EINVALID about its field and nothing is written. (On
// SQLite such text would be stored and then break every page of the web app
// that reads the row; Postgres refuses it with an internal error.)
func testBadText(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	e.befriend(alice, bob)
	p := e.say(alice, "a post")
	before := e.snapshot()
	for _, bad := range []struct{ name, s string }{{"invalid UTF-8", "caf\xe9"}, {"NUL", "nul\x00here"}} {
		url := "https://example.com/" + bad.s
		cases := []struct {
			what, field string
			err         error
		}{
			{"sign-up username", "username", second(e.svc.SignUp(e.ctx, model.SignUp{Username: "x" + bad.s, Email: "x@example.com", Password: Password}))},
			{"sign-up e-mail", "email", second(e.svc.SignUp(e.ctx, model.SignUp{Username: "x", Email: bad.s + "@example.com", Password: Password}))},
			{"sign-up password", "password", second(e.svc.SignUp(e.ctx, model.SignUp{Username: "x", Email: "x@example.com", Password: Password + bad.s}))},
			{"sign-up first name", "first_name", second(e.svc.SignUp(e.ctx, model.SignUp{Username: "x", Email: "x@example.com", Password: Password, FirstName: bad.s}))},
			{"sign-up last name", "last_name", second(e.svc.SignUp(e.ctx, model.SignUp{Username: "x", Email: "x@example.com", Password: Password, LastName: bad.s}))},
			{"login", "login", second(e.svc.Login(e.ctx, "alice"+bad.s, Password))},
			{"login password", "password", second(e.svc.Login(e.ctx, "alice", Password+bad.s))},
			{"post", "content", second(e.svc.CreatePost(e.ctx, alice.ID, model.NewPost{Content: bad.s}))},
			{"media URL", "media_url", second(e.svc.CreatePost(e.ctx, alice.ID, model.NewPost{Type: model.Media, MediaURL: url}))},
			{"reply", "content", second(e.svc.CreatePost(e.ctx, bob.ID, model.NewPost{Content: bad.s, ParentID: &p.ID}))},
			{"wall post", "content", second(e.svc.CreatePost(e.ctx, bob.ID, model.NewPost{Content: bad.s, TargetUserID: &alice.ID}))},
			{"edit", "content", second(e.svc.EditPost(e.ctx, alice.ID, p.ID, model.PostUpdate{Content: ptr(bad.s)}))},
			{"edit media URL", "media_url", second(e.svc.EditPost(e.ctx, alice.ID, p.ID, model.PostUpdate{MediaURL: ptr(url)}))},
			{"message", "content", second(e.svc.SendMessage(e.ctx, alice.ID, bob.ID, bad.s))},
			{"bio", "bio", e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{Bio: ptr(bad.s)})},
			{"location", "location", e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{Location: ptr(bad.s)})},
			{"website", "website", e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{Website: ptr(url)})},
			{"avatar", "avatar", e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{Avatar: ptr(url)})},
			{"first name", "first_name", e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{FirstName: ptr(bad.s)})},
			{"last name", "last_name", e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{LastName: ptr(bad.s)})},
			{"people search", "query", second(e.svc.SearchUsers(e.ctx, alice.ID, "bo"+bad.s))},
			{"post search", "query", second(e.svc.SearchPosts(e.ctx, alice.ID, "po"+bad.s, model.Page{}))},
			{"user lookup", "username", second(e.svc.UserByUsername(e.ctx, alice.ID, "bob"+bad.s))},
			{"password change", "password", e.svc.ChangePassword(e.ctx, alice.ID, Password, "a new secret"+bad.s)},
		}
		for _, c := range cases {
			wantField(t, c.err, model.EINVALID, c.field, c.what+" with "+bad.name)
		}
	}
	if after := e.snapshot(); after != before {
		t.Errorf("refused text changed the tables:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// testNormalizedUsernames: Django stores and looks up usernames after NFKC
// normalization, so a name typed in fullwidth letters, with a decomposed
// accent or with a superscript digit is the plain name, at sign-up and at
// login, and names Django accepts once normalized are accepted.
func testNormalizedUsernames(t *testing.T, e *env) {
	cases := []struct{ typed, stored string }{
		{"ＦＵＬＬ", "FULL"},
		{"Zoe\u0301", "Zoé"}, // e + combining acute: one letter once composed
		{"x²", "x2"},
		{"ﬁne", "fine"}, // the ligature
	}
	for i, c := range cases {
		u, err := e.svc.SignUp(e.ctx, model.SignUp{Username: c.typed, Email: "n" + string(rune('a'+i)) + "@example.com", Password: Password})
		if err != nil {
			t.Errorf("sign up %q: %v", c.typed, err)
			continue
		}
		if u.Username != c.stored {
			t.Errorf("sign up %q stored %q, want %q", c.typed, u.Username, c.stored)
		}
		wantInt(t, e.count("SELECT COUNT(*) FROM auth_user WHERE username = $1", c.stored), 1, "rows named "+c.stored)
		for _, login := range []string{c.typed, c.stored} {
			if got, err := e.svc.Login(e.ctx, login, Password); err != nil || got.ID != u.ID {
				t.Errorf("login as %q: %+v, %v", login, got, err)
			}
		}
	}
	// Normalized, the fullwidth name is taken.
	_, err := e.svc.SignUp(e.ctx, model.SignUp{Username: "FULL", Email: "full2@example.com", Password: Password})
	wantField(t, err, model.ECONFLICT, "username", "sign up FULL after ＦＵＬＬ")
}

// testLoginUpgradesHash: a hash with another iteration count (older
// Django: 260,000 or 870,000) or a short salt is made again at the
// hasher's count on a successful login, as Django does; a failed login
// leaves it as it was.
func testLoginUpgradesHash(t *testing.T, e *env) {
	bob := e.user("bob")
	e.exec("UPDATE auth_user SET password = $1 WHERE id = $2", djangoHash, bob.ID) // 390,000 iterations, salt "seasalt"
	_, err := e.svc.Login(e.ctx, "bob", "wrong password")
	wantCode(t, err, model.EUNAUTHORIZED, "a wrong password")
	if got := e.str("SELECT password FROM auth_user WHERE id = $1", bob.ID); got != djangoHash {
		t.Errorf("a failed login changed the hash to %q", got)
	}
	_, err = e.svc.Login(e.ctx, "bob", "lètmein")
	must(t, err, "login with Django's hash")
	got := e.str("SELECT password FROM auth_user WHERE id = $1", bob.ID)
	parts := strings.Split(got, "$")
	if len(parts) != 4 || parts[1] != "1000" || len(parts[2]) < 22 || !(model.Hasher{}).Verify("lètmein", got) {
		t.Errorf("after login the hash is %q, want the password at 1000 iterations (the test hasher's) with a 22-character salt", got)
	}
	_, err = e.svc.Login(e.ctx, "bob", "lètmein")
	must(t, err, "login with the upgraded hash")
	if again := e.str("SELECT password FROM auth_user WHERE id = $1", bob.ID); again != got {
		t.Errorf("a hash at the current count was made again: %q then %q", got, again)
	}
}

// testInactiveActor: a deactivated account can do nothing through the
// Service, even with a session that was open before; nobody can ask it to
// be a friend, write on its wall or message it.
func testInactiveActor(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	e.befriend(alice, bob)
	p := e.say(bob, "bob's post")
	e.exec("UPDATE auth_user SET is_active = $1 WHERE id = $2", false, alice.ID)
	before := e.snapshot()
	refused := []struct {
		what string
		err  error
	}{
		{"post", second(e.svc.CreatePost(e.ctx, alice.ID, model.NewPost{Content: "still here"}))},
		{"reply", second(e.svc.CreatePost(e.ctx, alice.ID, model.NewPost{Content: "still here", ParentID: &p.ID}))},
		{"message", second(e.svc.SendMessage(e.ctx, alice.ID, bob.ID, "hello"))},
		{"like", e.svc.Like(e.ctx, alice.ID, p.ID)},
		{"share", e.svc.SharePost(e.ctx, alice.ID, p.ID)},
		{"friend request", second(e.svc.SendFriendRequest(e.ctx, alice.ID, carol.ID))},
		{"unfriend", e.svc.Unfriend(e.ctx, alice.ID, bob.ID)},
		{"profile edit", e.svc.UpdateProfile(e.ctx, alice.ID, model.ProfileUpdate{Bio: ptr("hi")})},
		{"feed", second(e.svc.Feed(e.ctx, alice.ID, model.FeedHome, model.Page{}))},
		{"conversations", second(e.svc.Conversations(e.ctx, alice.ID))},
		{"subscribe", second(e.svc.Subscribe(e.ctx, alice.ID, 0))},
	}
	for _, r := range refused {
		wantCode(t, r.err, model.EFORBIDDEN, "a deactivated account's "+r.what)
	}
	toInactive := []struct {
		what string
		err  error
	}{
		{"a friend request", second(e.svc.SendFriendRequest(e.ctx, carol.ID, alice.ID))},
		{"a message", second(e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "are you there?"))},
		{"a wall post", second(e.svc.CreatePost(e.ctx, bob.ID, model.NewPost{Content: "hi", TargetUserID: &alice.ID}))},
	}
	for _, r := range toInactive {
		wantCode(t, r.err, model.EFORBIDDEN, r.what+" to a deactivated account")
	}
	if after := e.snapshot(); after != before {
		t.Errorf("actions of or toward a deactivated account changed the tables:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	_, err := e.svc.Feed(e.ctx, 999999, model.FeedHome, model.Page{})
	wantCode(t, err, model.EUNAUTHORIZED, "the feed of an account that does not exist")
	_, err = e.svc.Subscribe(e.ctx, 0, 0)
	wantCode(t, err, model.EUNAUTHORIZED, "a subscription before signing in (actor 0)")
}
