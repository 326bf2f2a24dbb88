package storetest

import (
	"maps"
	"testing"

	"github.com/numeneon/numeneon/model"
)

func runSettings(t *testing.T, open Opener) {
	t.Run("KeptPerPerson", func(t *testing.T) { testSettings(t, newEnv(t, open)) })
	t.Run("Refused", func(t *testing.T) { testSettingsRefused(t, newEnv(t, open)) })
}

func (e *env) wantSettings(actor model.User, want model.Settings, what string) {
	e.t.Helper()
	got, err := e.svc.Settings(e.ctx, actor.ID)
	if err != nil {
		e.t.Fatalf("%s: Settings(%s): %v", what, actor.Username, err)
	}
	if !maps.Equal(got, want) {
		e.t.Errorf("%s: got settings %v, want %v", what, got, want)
	}
}

// testSettings: a person's settings start at the defaults, a set one is
// kept (case-insensitively) and replaced by the next, apart per person,
// and the rows go with the account.
func testSettings(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	e.wantSettings(alice, model.DefaultSettings(), "no settings chosen")
	must(t, e.svc.SetSetting(e.ctx, alice.ID, "theme", "light"), "alice sets the light theme")
	must(t, e.svc.SetSetting(e.ctx, alice.ID, "View", " Column "), "alice picks the Column")
	must(t, e.svc.SetSetting(e.ctx, alice.ID, "previews", "off"), "alice hides previews")
	must(t, e.svc.SetSetting(e.ctx, bob.ID, "notifications", "mentions"), "bob filters mentions")
	must(t, e.svc.SetSetting(e.ctx, alice.ID, "theme", "dark"), "alice changes her mind")
	want := model.DefaultSettings()
	want["theme"], want["view"], want["previews"] = "dark", "column", "off"
	e.wantSettings(alice, want, "alice's settings")
	wantBob := model.DefaultSettings()
	wantBob["notifications"] = "mentions"
	e.wantSettings(bob, wantBob, "bob's settings")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_setting WHERE user_id = $1", alice.ID), 3, "alice's setting rows")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_event WHERE user_id = $1", alice.ID), 0, "events of settings")

	// A value this version does not know (another version wrote it) reads
	// as the default.
	e.exec("UPDATE numeneon_setting SET value = 'sepia' WHERE user_id = $1 AND name = 'theme'", alice.ID)
	want["theme"] = "auto"
	e.wantSettings(alice, want, "alice's settings with an unknown theme")

	e.exec("DELETE FROM users_profile WHERE user_id = $1", bob.ID)
	e.exec("DELETE FROM auth_user WHERE id = $1", bob.ID)
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_setting WHERE user_id = $1", bob.ID), 0, "bob's rows after his account was deleted")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_setting"), 3, "setting rows left")
}

// testSettingsRefused: unknown names and values are refused at their
// field and change nothing; a missing actor is refused.
func testSettingsRefused(t *testing.T, e *env) {
	alice := e.user("alice")
	must(t, e.svc.SetSetting(e.ctx, alice.ID, "scope", "everyone"), "a setting")
	wantField(t, e.svc.SetSetting(e.ctx, alice.ID, "font", "big"), model.EINVALID, "name", "an unknown setting")
	wantField(t, e.svc.SetSetting(e.ctx, alice.ID, "scope", "friends"), model.EINVALID, "value", "an unknown value")
	wantField(t, e.svc.SetSetting(e.ctx, alice.ID, "theme", "dark\x00"), model.EINVALID, "value", "a value with NUL")
	wantField(t, e.svc.SetSetting(e.ctx, alice.ID, "scope", ""), model.EINVALID, "value", "no value")
	wantCode(t, e.svc.SetSetting(e.ctx, 0, "theme", "dark"), model.EUNAUTHORIZED, "signed out")
	_, err := e.svc.Settings(e.ctx, 0)
	wantCode(t, err, model.EUNAUTHORIZED, "settings when signed out")
	want := model.DefaultSettings()
	want["scope"] = "everyone"
	e.wantSettings(alice, want, "after refusals")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_setting"), 1, "setting rows")
}
