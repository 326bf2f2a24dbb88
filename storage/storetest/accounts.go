package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// djangoHash is quoted from Django's tests/auth_tests/test_hashers.py
// (test_pbkdf2): make_password("lètmein", "seasalt", "pbkdf2_sha256").
const djangoHash = "pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c="

func runAccounts(t *testing.T, open Opener) {
	t.Run("SignUp", func(t *testing.T) { testSignUp(t, newEnv(t, open)) })
	t.Run("SignUpRules", func(t *testing.T) { testSignUpRules(t, newEnv(t, open)) })
	t.Run("Login", func(t *testing.T) { testLogin(t, newEnv(t, open)) })
	t.Run("LoginName", func(t *testing.T) { testLoginName(t, newEnv(t, open)) })
	t.Run("ChangePassword", func(t *testing.T) { testChangePassword(t, newEnv(t, open)) })
	t.Run("ListUsers", func(t *testing.T) { testListUsers(t, newEnv(t, open)) })
	t.Run("ConcurrentSignUp", func(t *testing.T) { testConcurrentSignUp(t, newEnv(t, open)) })
}

// testConcurrentSignUp has ten people claim one username, and ten others
// one e-mail address, at the same moment, in several rounds: exactly one of
// each wins and the others get ECONFLICT about the field (there is no unique
// index on auth_user.email in Django's schema, so the store must serialize
// this itself).
func testConcurrentSignUp(t *testing.T, e *env) {
	const n, rounds = 10, 5
	for round := range rounds {
		name, email := fmt.Sprintf("popular%d", round), fmt.Sprintf("shared%d@example.com", round)
		start := make(chan struct{})
		errs := make([]error, 2*n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				_, errs[i] = e.svc.SignUp(e.ctx, model.SignUp{Username: name,
					Email: fmt.Sprintf("p%d.%d@example.com", round, i), Password: Password})
			})
			wg.Go(func() {
				<-start
				_, errs[n+i] = e.svc.SignUp(e.ctx, model.SignUp{Username: fmt.Sprintf("claimant%d_%d", round, i),
					Email: email, Password: Password})
			})
		}
		close(start)
		wg.Wait()
		for k, field := range []string{"username", "email"} {
			ok := 0
			for _, err := range errs[k*n : (k+1)*n] {
				if err == nil {
					ok++
				} else {
					wantField(t, err, model.ECONFLICT, field, "a concurrent sign-up with a taken "+field)
				}
			}
			wantInt(t, ok, 1, fmt.Sprintf("round %d: concurrent sign-ups that won the %s", round, field))
		}
		wantInt(t, e.count("SELECT COUNT(*) FROM auth_user WHERE username = $1", name), 1, "users named "+name)
		wantInt(t, e.count("SELECT COUNT(*) FROM auth_user WHERE email = $1", email), 1, "users with e-mail "+email)
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM users_profile"), e.count("SELECT COUNT(*) FROM auth_user"), "profiles vs users")
	if _, err := e.svc.Login(e.ctx, "shared0@example.com", Password); err != nil {
		t.Errorf("e-mail login after the race: %v", err)
	}
}

func testSignUp(t *testing.T, e *env) {
	u, err := e.svc.SignUp(e.ctx, model.SignUp{Username: "alice", Email: "alice@example.com",
		Password: Password, FirstName: "Alice", LastName: "Liddell"})
	must(t, err, "sign up")
	if u.ID == 0 || u.DateJoined.IsZero() || !u.IsActive || u.IsStaff || u.IsSuperuser || u.LastLogin != nil {
		t.Errorf("SignUp returned %+v", u)
	}
	got, err := e.svc.User(e.ctx, u.ID, u.ID)
	must(t, err, "User")
	if got.Username != "alice" || got.Email != "alice@example.com" || got.FirstName != "Alice" ||
		got.LastName != "Liddell" || !got.IsActive || got.IsStaff || got.IsSuperuser || got.LastLogin != nil {
		t.Errorf("User(%d) = %+v", u.ID, got)
	}
	if !sameTime(got.DateJoined, u.DateJoined) {
		t.Errorf("date_joined read back %v, SignUp said %v", got.DateJoined, u.DateJoined)
	}
	byName, err := e.svc.UserByUsername(e.ctx, u.ID, "@alice")
	must(t, err, "UserByUsername")
	wantInt(t, int(byName.ID), int(u.ID), "UserByUsername(@alice).ID")
	_, err = e.svc.UserByUsername(e.ctx, u.ID, "nobody")
	wantCode(t, err, model.ENOTFOUND, "UserByUsername(nobody)")
	_, err = e.svc.User(e.ctx, u.ID, u.ID+1000)
	wantCode(t, err, model.ENOTFOUND, "User(missing)")

	// The row is what Django would have written.
	hash := e.str("SELECT password FROM auth_user WHERE id = $1", u.ID)
	if !strings.HasPrefix(hash, "pbkdf2_sha256$1000$") || !(model.Hasher{}).Verify(Password, hash) {
		t.Errorf("auth_user.password = %q, want a pbkdf2_sha256 hash of the password", hash)
	}
	wantInt(t, e.count(`SELECT COUNT(*) FROM auth_user WHERE id = $1 AND is_active AND NOT is_staff
		AND NOT is_superuser AND last_login IS NULL AND date_joined IS NOT NULL`, u.ID), 1,
		"auth_user rows with Django's flags")
	// The profile row is made with the user, with blank (not NULL) fields.
	wantInt(t, e.count(`SELECT COUNT(*) FROM users_profile WHERE user_id = $1 AND bio = '' AND avatar = ''
		AND location = '' AND website = '' AND created_at IS NOT NULL AND updated_at IS NOT NULL`, u.ID), 1,
		"users_profile rows of the new user")
}

func testSignUpRules(t *testing.T, e *env) {
	form := func(name, email string) model.SignUp {
		return model.SignUp{Username: name, Email: email, Password: Password}
	}
	e.user("alice")
	long := strings.Repeat("x", 150)
	u, err := e.svc.SignUp(e.ctx, form(long, "long@example.com"))
	must(t, err, "sign up a 150-character username")
	if got, err := e.svc.UserByUsername(e.ctx, u.ID, long); err != nil || got.ID != u.ID {
		t.Errorf("the 150-character username reads back as %+v, %v", got, err)
	}
	uni, err := e.svc.SignUp(e.ctx, form("Zoë_Ψυχή.名前", "zoe@example.com"))
	must(t, err, "sign up a username of unicode letters")
	if got, err := e.svc.User(e.ctx, u.ID, uni.ID); err != nil || got.Username != "Zoë_Ψυχή.名前" {
		t.Errorf("unicode username reads back as %q, %v", got.Username, err)
	}
	users := e.count("SELECT COUNT(*) FROM auth_user")

	cases := []struct {
		name        string
		f           model.SignUp
		code, field string
	}{
		{"151 characters", form(strings.Repeat("y", 151), "y@example.com"), model.EINVALID, "username"},
		{"a space", form("bad name", "bad@example.com"), model.EINVALID, "username"},
		{"a bang", form("bad!", "bad@example.com"), model.EINVALID, "username"},
		{"empty username", form("", "empty@example.com"), model.EINVALID, "username"},
		{"no e-mail", form("bob", ""), model.EINVALID, "email"},
		{"bad e-mail", form("bob", "bob-at-example.com"), model.EINVALID, "email"},
		{"short password", model.SignUp{Username: "bob", Email: "bob@example.com", Password: "short"}, model.EINVALID, "password"},
		{"taken username", form("alice", "other@example.com"), model.ECONFLICT, "username"},
		{"taken e-mail", form("bob", "alice@example.com"), model.ECONFLICT, "email"},
	}
	for _, c := range cases {
		_, err := e.svc.SignUp(e.ctx, c.f)
		wantField(t, err, c.code, c.field, "sign up with "+c.name)
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM auth_user"), users, "auth_user rows after refused sign-ups")
	wantInt(t, e.count("SELECT COUNT(*) FROM users_profile"), users, "users_profile rows after refused sign-ups")
	// The refused e-mail is still free for its rightful owner.
	e.user("bob")
}

// testLoginName: a login names one account however it is spelt (the
// username normalized, "@" and the username, the e-mail in any case),
// and Login finds the same; an account really named "@carol" (Django
// allows it) is found before carol.
func testLoginName(t *testing.T, e *env) {
	alice := e.user("alice")
	e.user("carol")
	dave := e.user("dave")
	e.exec("UPDATE auth_user SET username = '@carol' WHERE id = $1", dave.ID)
	for login, want := range map[string]string{
		"alice": "alice", "@alice": "alice", " ａｌｉｃｅ ": "alice", "ALICE@Example.com": "alice",
		"@alice@example.com": "alice", "carol": "carol", "@carol": "@carol",
	} {
		got, err := e.svc.LoginName(e.ctx, login)
		if err != nil || got != want {
			t.Errorf("LoginName(%q) = %q, %v; want %q", login, got, err, want)
		}
	}
	if u, err := e.svc.Login(e.ctx, "@alice", Password); err != nil || u.ID != alice.ID {
		t.Errorf("Login(@alice) = %+v, %v", u, err)
	}
	for _, login := range []string{"nobody", "@", "@nobody"} {
		_, err := e.svc.LoginName(e.ctx, login)
		wantCode(t, err, model.ENOTFOUND, "LoginName("+login+")")
	}
	_, err := e.svc.LoginName(e.ctx, " ")
	wantField(t, err, model.EINVALID, "login", "LoginName without a name")
}

func testLogin(t *testing.T, e *env) {
	alice := e.user("alice")
	for _, login := range []string{"alice", " alice ", "alice@example.com", "ALICE@Example.COM"} {
		u, err := e.svc.Login(e.ctx, login, Password)
		if err != nil {
			t.Errorf("Login(%q): %v", login, err)
			continue
		}
		if u.ID != alice.ID || u.LastLogin == nil {
			t.Errorf("Login(%q) = %+v", login, u)
		}
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM auth_user WHERE id = $1 AND last_login IS NOT NULL", alice.ID), 1,
		"users with last_login after a login")
	if u, err := e.svc.User(e.ctx, alice.ID, alice.ID); err != nil || u.LastLogin == nil {
		t.Errorf("User after login: LastLogin %v, err %v", u.LastLogin, err)
	}

	refused := []struct{ login, password string }{
		{"alice", "wrong password"},
		{"alice", ""},
		{"alice@example.com", "wrong password"},
		{"nobody", Password},
		{"nobody@example.com", Password},
	}
	for _, r := range refused {
		_, err := e.svc.Login(e.ctx, r.login, r.password)
		wantCode(t, err, model.EUNAUTHORIZED, "Login("+r.login+", "+r.password+")")
	}

	_, err := e.svc.Login(e.ctx, " ", Password)
	wantField(t, err, model.EINVALID, "login", "Login without a username")

	// A hash written by Django (another iteration count, a short salt).
	bob := e.user("bob")
	e.exec("UPDATE auth_user SET password = $1 WHERE id = $2", djangoHash, bob.ID)
	if u, err := e.svc.Login(e.ctx, "bob", "lètmein"); err != nil || u.ID != bob.ID {
		t.Errorf("Login with Django's hash: %+v, %v", u, err)
	}
	_, err = e.svc.Login(e.ctx, "bob", "lètmeinz")
	wantCode(t, err, model.EUNAUTHORIZED, "Login with the wrong password for Django's hash")

	// An unusable password never logs in, even when typed literally.
	carol := e.user("carol")
	e.exec("UPDATE auth_user SET password = $1 WHERE id = $2", "!unusablepasswordxyz", carol.ID)
	_, err = e.svc.Login(e.ctx, "carol", "!unusablepasswordxyz")
	wantCode(t, err, model.EUNAUTHORIZED, "Login with an unusable password")

	// An inactive account cannot log in.
	e.exec("UPDATE auth_user SET is_active = $1 WHERE id = $2", false, alice.ID)
	_, err = e.svc.Login(e.ctx, "alice", Password)
	wantCode(t, err, model.EUNAUTHORIZED, "Login of an inactive user")
	if u, err := e.op.User(e.ctx, alice.ID); err != nil || u.IsActive {
		t.Errorf("User of a deactivated account: IsActive %v, err %v", u.IsActive, err)
	}
}

func testChangePassword(t *testing.T, e *env) {
	alice := e.user("alice")
	const next = "a much better secret"
	before := e.str("SELECT password FROM auth_user WHERE id = $1", alice.ID)

	err := e.svc.ChangePassword(e.ctx, alice.ID, "not my password", next)
	wantField(t, err, model.EINVALID, "old_password", "ChangePassword with a wrong old password")
	err = e.svc.ChangePassword(e.ctx, alice.ID, Password, "short")
	wantField(t, err, model.EINVALID, "password", "ChangePassword to a short password")
	err = e.svc.ChangePassword(e.ctx, alice.ID, Password, "alice")
	wantField(t, err, model.EINVALID, "password", "ChangePassword to the username")
	if got := e.str("SELECT password FROM auth_user WHERE id = $1", alice.ID); got != before {
		t.Errorf("refused password changes changed the hash")
	}

	must(t, e.svc.ChangePassword(e.ctx, alice.ID, Password, next), "ChangePassword")
	if _, err := e.svc.Login(e.ctx, "alice", next); err != nil {
		t.Errorf("Login with the new password: %v", err)
	}
	_, err = e.svc.Login(e.ctx, "alice", Password)
	wantCode(t, err, model.EUNAUTHORIZED, "Login with the old password")
	if got := e.str("SELECT password FROM auth_user WHERE id = $1", alice.ID); !strings.HasPrefix(got, "pbkdf2_sha256$") || got == before {
		t.Errorf("auth_user.password after a change = %q", got)
	}

	must(t, e.op.ResetPassword(e.ctx, "alice", "reset by operator"), "ResetPassword")
	if _, err := e.svc.Login(e.ctx, "alice", "reset by operator"); err != nil {
		t.Errorf("Login after ResetPassword: %v", err)
	}
	wantCode(t, e.op.ResetPassword(e.ctx, "nobody", "reset by operator"), model.ENOTFOUND, "ResetPassword(nobody)")
}

func testListUsers(t *testing.T, e *env) {
	us := e.users("user", 7)
	got, err := e.op.Users(e.ctx, 0, 3)
	must(t, err, "Users")
	var ids []int64
	for _, u := range got {
		ids = append(ids, u.ID)
	}
	wantIDs(t, ids, []int64{us[0].ID, us[1].ID, us[2].ID}, "Users(0, 3)")
	got, err = e.op.Users(e.ctx, us[4].ID, 10)
	must(t, err, "Users")
	ids = nil
	for _, u := range got {
		ids = append(ids, u.ID)
		if u.Username == "" || u.Email == "" {
			t.Errorf("Users returned %+v", u)
		}
	}
	wantIDs(t, ids, []int64{us[5].ID, us[6].ID}, "Users after the fifth")
}
