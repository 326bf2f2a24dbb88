package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

func runUsernames(t *testing.T, open Opener) {
	t.Run("LookAlikes", func(t *testing.T) { testLookAlikes(t, newEnv(t, open)) })
	t.Run("OthersAccounts", func(t *testing.T) { testOthersAccounts(t, newEnv(t, open)) })
	t.Run("ConcurrentLookAlikes", func(t *testing.T) { testConcurrentLookAlikes(t, newEnv(t, open)) })
	t.Run("EmailUsernames", func(t *testing.T) { testEmailUsernames(t, newEnv(t, open)) })
}

// webUser inserts an account as the Numeneon web app (or its admin)
// would, past numeneon's rules, with Password as its password.
func (e *env) webUser(username, email string) int64 {
	e.t.Helper()
	var id int64
	err := e.db.QueryRowContext(e.ctx, `INSERT INTO auth_user (password, last_login, is_superuser, username,
		first_name, last_name, email, is_staff, is_active, date_joined)
		VALUES ($1, NULL, $2, $3, '', '', $4, $2, $5, $6) RETURNING id`,
		model.Hasher{Iterations: 1000}.Hash(Password), false, username, email, true, e.ts(time.Now())).Scan(&id)
	if err != nil {
		e.t.Fatalf("insert %s as the web app: %v", username, err)
	}
	return id
}

// signUp signs up name with e-mail name@example.com (ASCII-fied for the
// look-alikes, whose e-mail does not matter).
func (e *env) signUp(name string, n int) error {
	_, err := e.svc.SignUp(e.ctx, model.SignUp{Username: name, Email: fmt.Sprintf("someone%d@example.com", n), Password: Password})
	return err
}

// testLookAlikes: beside alice, a name that differs only in case, or in
// letters that look like hers, is refused at the username field; other
// names are not.
func testLookAlikes(t *testing.T, e *env) {
	_, err := e.svc.SignUp(e.ctx, model.SignUp{Username: "alice", Email: "alice@example.com", Password: Password, FirstName: "Alice"})
	must(t, err, "sign up alice")
	e.user("m")
	for i, name := range []string{
		"Alice", "ALICE", "\u0430lice", "a1ice", "al\u0456ce", "alIce", "ａｌｉｃｅ", "\U0001d51e\U0001d529\U0001d526\U0001d520\U0001d522", "rn",
	} {
		err := e.signUp(name, i)
		wantField(t, err, model.ECONFLICT, "username", fmt.Sprintf("sign-up of %q beside alice and m", name))
	}
	for i, name := range []string{"alice2", "malice", "алиса", "アリス", "nn"} {
		must(t, e.signUp(name, 100+i), "sign up "+name)
	}
	wantField(t, e.signUp("alice\u3164", 200), model.EINVALID, "username", "a name with a Hangul filler")
	wantInt(t, e.count(`SELECT COUNT(*) FROM auth_user`), 7, "accounts")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_username`), 7, "accounts with keys")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_username_todo`), 0, "accounts queued")
}

// testOthersAccounts: accounts that the web app makes, renames and
// deletes are covered without numeneon reading auth_user for them: the
// triggers queue them, the next sign-up covers them. Look-alike pairs the
// web app made stay as they are, and still log in.
func testOthersAccounts(t *testing.T, e *env) {
	bob := e.webUser("bob", "bob@example.com")
	e.webUser("Bob", "bob2@example.com")
	e.webUser("b\u043eb", "bob3@example.com") // a Cyrillic о
	carol := e.webUser("carol", "carol@example.com")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_username_todo`), 4, "accounts queued by the web app")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_username`), 0, "accounts with keys before a sign-up")

	wantField(t, e.signUp("BOB", 1), model.ECONFLICT, "username", "a look-alike of the web app's bob")
	wantField(t, e.signUp("Carol", 2), model.ECONFLICT, "username", "a look-alike of the web app's carol")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_username_todo`), 0, "accounts queued after a sign-up")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_username`), 4, "accounts with keys after a sign-up")
	for _, name := range []string{"bob", "Bob", "b\u043eb"} {
		if _, err := e.svc.Login(e.ctx, name, Password); err != nil {
			t.Errorf("%q of a look-alike pair the web app made cannot log in: %v", name, err)
		}
	}

	// The web app's admin renames carol: her old name is free, the new one
	// taken.
	e.exec(`UPDATE auth_user SET username = $1 WHERE id = $2`, "caroline", carol)
	must(t, e.signUp("Carol", 3), "sign up Carol once carol is caroline")
	wantField(t, e.signUp("CAROLINE", 4), model.ECONFLICT, "username", "a look-alike of the renamed caroline")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_username WHERE user_id = $1 AND username = 'caroline'`, carol), 1,
		"caroline's keys")

	// Deleted by the web app: the name is free again.
	bobs := []any{"bob", "Bob", "b\u043eb"}
	e.exec(`DELETE FROM users_profile WHERE user_id IN (SELECT id FROM auth_user WHERE username IN ($1, $2, $3))`, bobs...)
	e.exec(`DELETE FROM auth_user WHERE username IN ($1, $2, $3)`, bobs...)
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_username WHERE user_id = $1`, bob), 0, "keys of a deleted account")
	must(t, e.signUp("BOB", 5), "sign up BOB once every bob is gone")
}

// testConcurrentLookAlikes: two people sign up look-alike names at the
// same moment, in several rounds: one of each pair wins, the other is
// told the name is too close, and never are both accounts made.
func testConcurrentLookAlikes(t *testing.T, e *env) {
	const rounds = 8
	for round := range rounds {
		names := []string{fmt.Sprintf("eve%d", round), fmt.Sprintf("\u0435ve%d", round), fmt.Sprintf("EVE%d", round)}
		start := make(chan struct{})
		errs := make([]error, len(names))
		var wg sync.WaitGroup
		for i, name := range names {
			wg.Go(func() {
				<-start
				errs[i] = e.signUp(name, round*10+i)
			})
		}
		close(start)
		wg.Wait()
		won := 0
		for i, err := range errs {
			if err == nil {
				won++
				continue
			}
			wantField(t, err, model.ECONFLICT, "username", fmt.Sprintf("round %d: %q", round, names[i]))
		}
		wantInt(t, won, 1, fmt.Sprintf("round %d: look-alikes that won", round))
	}
	wantInt(t, e.count(`SELECT COUNT(*) FROM auth_user`), rounds, "accounts")
}

// testEmailUsernames: an address is its owner's. A username may be an
// e-mail address only when it is the account's own; logging in with an
// address finds its owner even where an older account (made by the web
// app) has it as its username; and an address that is someone's username
// cannot be signed up with.
func testEmailUsernames(t *testing.T, e *env) {
	bob := e.user("bob")
	_, err := e.svc.SignUp(e.ctx, model.SignUp{Username: "bob@example.com", Email: "mallory@example.com", Password: Password})
	wantField(t, err, model.EINVALID, "username", "bob's address as mallory's username")
	own, err := e.svc.SignUp(e.ctx, model.SignUp{Username: "Erin@Example.com", Email: "erin@example.com", Password: Password})
	must(t, err, "sign up with one's own address as the username")
	if u, err := e.svc.Login(e.ctx, "erin@example.com", Password); err != nil || u.ID != own.ID {
		t.Errorf("login with the address that is also the username: %+v, %v", u, err)
	}

	// The web app let mallory take bob's address as her username; bob
	// still logs in with his address, mallory with her own.
	mallory := e.webUser("bob@example.com", "mallory@example.com")
	u, err := e.svc.Login(e.ctx, "BOB@example.com", Password)
	if err != nil || u.ID != bob.ID {
		t.Errorf("bob's login by e-mail found %d (%v), want bob (%d)", u.ID, err, bob.ID)
	}
	if u, err := e.svc.Login(e.ctx, "mallory@example.com", Password); err != nil || u.ID != mallory {
		t.Errorf("mallory's login by e-mail found %d (%v), want %d", u.ID, err, mallory)
	}
	must(t, e.svc.ChangePassword(e.ctx, mallory, Password, "a new password 1"), "mallory changes her password")
	if _, err := e.svc.Login(e.ctx, "bob@example.com", Password); err != nil {
		t.Errorf("mallory's new password changed bob's: %v", err)
	}

	// An address nobody has yet, but that is someone's username.
	e.webUser("dan@example.com", "daniel@example.com")
	_, err = e.svc.SignUp(e.ctx, model.SignUp{Username: "dan", Email: "Dan@example.com", Password: Password})
	wantField(t, err, model.ECONFLICT, "email", "signing up with an address that is another's username")
}
