package storetest

import (
	"testing"

	"github.com/numeneon/numeneon/model"
)

// Case-insensitive matching of letters beyond ASCII: both databases give
// the same answers, which are Postgres's (its lower() on a UTF-8 database
// lowers every letter, as Go does). The cases include letters whose case
// SQLite's trigram index does not fold as Go does (İ, Cherokee).

func runFold(t *testing.T, open Opener) {
	t.Run("Email", func(t *testing.T) { testFoldEmail(t, newEnv(t, open)) })
	t.Run("SearchUsers", func(t *testing.T) { testFoldSearchUsers(t, newEnv(t, open)) })
	t.Run("SearchPosts", func(t *testing.T) { testFoldSearchPosts(t, newEnv(t, open)) })
}

// testFoldEmail: e-mail addresses that differ only in the case of a
// letter beyond ASCII are one address, at sign-up and at login.
func testFoldEmail(t *testing.T, e *env) {
	alice, err := e.svc.SignUp(e.ctx, model.SignUp{Username: "alice", Email: "alice@ÉCOLE.fr", Password: Password})
	must(t, err, "sign up with an internationalized domain")
	for _, email := range []string{"alice@école.fr", "ALICE@École.FR"} {
		_, err := e.svc.SignUp(e.ctx, model.SignUp{Username: "copycat", Email: email, Password: Password})
		wantField(t, err, model.ECONFLICT, "email", "signing up again as "+email)
	}
	got, err := e.svc.Login(e.ctx, "Alice@école.FR", Password)
	must(t, err, "log in by e-mail in another case")
	wantInt(t, int(got.ID), int(alice.ID), "the user logged in by e-mail")

	// The Service refuses letters beyond ASCII before the @, as Django
	// does; the store still keeps such addresses (another program may
	// have written them) apart only by more than case.
	upper := &model.User{Username: "upper", Email: "ÄLICE@x.com", IsActive: true}
	must(t, e.store.CreateUser(e.ctx, upper, "!"), "store a user with ÄLICE@x.com")
	err = e.store.CreateUser(e.ctx, &model.User{Username: "lower", Email: "älice@x.com", IsActive: true}, "!")
	wantField(t, err, model.ECONFLICT, "email", "storing älice@x.com beside ÄLICE@x.com")
	found, _, err := e.store.UserByLogin(e.ctx, "äLiCe@X.com")
	must(t, err, "UserByLogin(äLiCe@X.com)")
	wantInt(t, int(found.ID), int(upper.ID), "the user found by äLiCe@X.com")
	wantInt(t, e.count("SELECT COUNT(*) FROM auth_user"), 2, "users")
}

func testFoldSearchUsers(t *testing.T, e *env) {
	viewer := e.user("viewer")
	named := map[string]model.User{} // usernames that match none of the queries
	for name, upd := range map[string]model.ProfileUpdate{
		"n1": {FirstName: ptr("Élodie")},
		"n2": {LastName: ptr("ÇELIK")},
		"n3": {FirstName: ptr("ΣΟΦΙΑ")},
		"n4": {LastName: ptr("İNCE")},
		"n5": {FirstName: ptr("ᏣᎳᎩ")},
		"n6": {FirstName: ptr("Elodie")},
	} {
		u := e.user(name)
		must(t, e.svc.UpdateProfile(e.ctx, u.ID, upd), "name "+name)
		named[name] = u
	}
	for q, want := range map[string][]string{
		"élo":  {"n1"},
		"ÉLOD": {"n1"},
		"elo":  {"n6"},
		"çel":  {"n2"},
		"ÇeL":  {"n2"},
		"σοφ":  {"n3"},
		"ince": {"n4"},
		"ꮳꮃ":   {"n5"}, // Cherokee small letters, ᏣᎳ lowered
		"ᏣᎳ":   {"n5"},
	} {
		got, err := e.svc.SearchUsers(e.ctx, viewer.ID, q)
		must(t, err, "SearchUsers("+q+")")
		var ids []int64
		for _, name := range want {
			ids = append(ids, named[name].ID)
		}
		wantSameIDs(t, userIDs(got), ids, "SearchUsers("+q+")")
	}
}

func testFoldSearchPosts(t *testing.T, e *env) {
	alice := e.user("alice")
	ecole := e.say(alice, "L'ÉCOLE normale")
	plain := e.say(alice, "une ecole sans accent")
	istanbul := e.say(alice, "İSTANBUL in spring")
	tsalagi := e.say(alice, "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ")
	sofia := e.say(alice, "ΣΟΦΙΑ")
	for q, want := range map[string][]int64{
		"école":        {ecole.ID},
		"ÉCOLE":        {ecole.ID},
		"l'éc":         {ecole.ID},
		"éc":           {ecole.ID}, // too short for the trigram index
		"ecole":        {plain.ID},
		"istanbul":     {istanbul.ID},
		"İstanbul":     {istanbul.ID},
		"n sp":         {istanbul.ID},
		"ꮳꮃꭹ":          {tsalagi.ID},
		"ᏣᎳᎩ ᎦᏬ":       {tsalagi.ID},
		"σοφια":        {sofia.ID},
		"ΣΟΦ":          {sofia.ID},
		"école normal": {ecole.ID},
		"ecole normal": nil,
	} {
		got, err := e.svc.SearchPosts(e.ctx, alice.ID, q, model.Page{})
		must(t, err, "SearchPosts("+q+")")
		wantSameIDs(t, postIDs(got), want, "SearchPosts("+q+")")
	}
}
