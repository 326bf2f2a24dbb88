package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// Sign-up under a server's rules: closed, by invite, a bound per address.

func runSignUps(t *testing.T, open Opener) {
	t.Run("Closed", func(t *testing.T) { testSignUpClosed(t, newEnv(t, open)) })
	t.Run("Invites", func(t *testing.T) { testInvites(t, newEnv(t, open)) })
	t.Run("LastInviteUse", func(t *testing.T) { testLastInviteUse(t, newEnv(t, open)) })
	t.Run("PerAddress", func(t *testing.T) { testSignUpsPerAddress(t, newEnv(t, open)) })
	t.Run("PerAddressRace", func(t *testing.T) { testSignUpsPerAddressRace(t, newEnv(t, open)) })
}

// service is a Service over the env's store that takes sign-ups by rules
// (and the extra options, a clock for one).
func (e *env) service(rules model.SignUpRules, opts ...model.Option) *model.Service {
	opts = append([]model.Option{model.WithHasher(model.Hasher{Iterations: 1000}), model.WithSignUpRules(rules)}, opts...)
	return model.NewService(e.store, opts...)
}

// newcomer is the sign-up form of name from addr with an invite code.
func newcomer(name, addr, invite string) model.SignUp {
	return model.SignUp{Username: name, Email: name + "@example.com", Password: Password, Address: addr, Invite: invite}
}

func testSignUpClosed(t *testing.T, e *env) {
	svc := e.service(model.SignUpRules{Mode: model.SignUpClosed})
	before := e.snapshot()
	_, err := svc.SignUp(e.ctx, newcomer("zed", "10.0.0.1", ""))
	wantCode(t, err, model.EFORBIDDEN, "a sign-up on a closed server")
	wantCode(t, svc.CheckSignUp(e.ctx, newcomer("zed", "10.0.0.1", "")), model.EFORBIDDEN, "a closed server's check")
	if after := e.snapshot(); after != before {
		t.Errorf("a refused sign-up changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// The operator still makes accounts.
	if _, err := e.op.AddUser(e.ctx, newcomer("zed", "", "")); err != nil {
		t.Errorf("the operator adds an account on a closed server: %v", err)
	}
}

// testInvites: an invite code lets in as many people as it has uses, typed
// in any case, with or without its dashes, until it expires or is
// revoked; a sign-up that fails otherwise keeps the use; only the code's
// hash is kept.
func testInvites(t *testing.T, e *env) {
	svc := e.service(model.SignUpRules{Mode: model.SignUpInvite})
	code, inv, err := e.op.CreateInvite(e.ctx, 2, 7*24*time.Hour)
	must(t, err, "CreateInvite")
	if len(code) != 19 || strings.Count(code, "-") != 3 || inv.Hint != code[:4] || inv.Uses != 2 || inv.ExpiresAt == nil {
		t.Fatalf("CreateInvite = %q, %+v", code, inv)
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_invite WHERE code_hash LIKE $1 OR hint = $2",
		"%"+strings.ReplaceAll(code, "-", "")+"%", code), 0, "invites stored with their code")

	_, err = svc.SignUp(e.ctx, newcomer("ann", "10.0.0.1", ""))
	wantField(t, err, model.EINVALID, "invite", "a sign-up without a code")
	_, err = svc.SignUp(e.ctx, newcomer("ann", "10.0.0.1", "AAAA-BBBB-CCCC-DDDD"))
	wantField(t, err, model.EINVALID, "invite", "a sign-up with a wrong code")
	e.user("taken")
	_, err = svc.SignUp(e.ctx, newcomer("taken", "10.0.0.1", code))
	wantField(t, err, model.ECONFLICT, "username", "a sign-up with the code and a taken name")
	wantInt(t, e.count("SELECT used FROM numeneon_invite WHERE id = $1", inv.ID), 0, "uses taken by a failed sign-up")

	ann, err := svc.SignUp(e.ctx, newcomer("ann", "10.0.0.1", "  "+strings.ToLower(code)+" "))
	must(t, err, "a sign-up with the code in small letters")
	must(t, svc.CheckSignUp(e.ctx, newcomer("bea", "10.0.0.2", strings.ReplaceAll(code, "-", ""))), "the check with the last use left")
	_, err = svc.SignUp(e.ctx, newcomer("bea", "10.0.0.2", strings.ReplaceAll(code, "-", " ")))
	must(t, err, "a sign-up with the code's last use")
	_, err = svc.SignUp(e.ctx, newcomer("cid", "10.0.0.3", code))
	wantField(t, err, model.EINVALID, "invite", "a sign-up with a used-up code")
	wantField(t, svc.CheckSignUp(e.ctx, newcomer("cid", "10.0.0.3", code)), model.EINVALID, "invite", "the check of a used-up code")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_signup WHERE user_id = $1 AND address = '10.0.0.1' AND source = '10.0.0.1' AND invite_id = $2",
		ann.ID, inv.ID), 1, "ann's sign-up record")

	expired, inv2, err := e.op.CreateInvite(e.ctx, 5, time.Hour)
	must(t, err, "CreateInvite")
	e.exec("UPDATE numeneon_invite SET expires_at = $1 WHERE id = $2", e.ts(time.Now().Add(-time.Minute)), inv2.ID)
	_, err = svc.SignUp(e.ctx, newcomer("cid", "10.0.0.3", expired))
	wantField(t, err, model.EINVALID, "invite", "a sign-up with an expired code")

	forever, inv3, err := e.op.CreateInvite(e.ctx, 5, 0)
	must(t, err, "CreateInvite without expiry")
	if inv3.ExpiresAt != nil {
		t.Errorf("an invite made to last expires at %v", inv3.ExpiresAt)
	}
	must(t, e.op.RevokeInvite(e.ctx, inv3.ID), "RevokeInvite")
	_, err = svc.SignUp(e.ctx, newcomer("cid", "10.0.0.3", forever))
	wantField(t, err, model.EINVALID, "invite", "a sign-up with a revoked code")
	wantCode(t, e.op.RevokeInvite(e.ctx, inv3.ID), model.ENOTFOUND, "revoking it again")

	list, err := e.op.Invites(e.ctx)
	must(t, err, "Invites")
	if len(list) != 2 || list[0].ID != inv.ID || list[0].Used != 2 || list[0].Live(time.Now()) ||
		list[1].ID != inv2.ID || list[1].Used != 0 || list[1].Live(time.Now()) {
		t.Errorf("Invites = %+v", list)
	}
	for _, bad := range []struct {
		uses    int
		expires time.Duration
		field   string
	}{{0, time.Hour, "uses"}, {model.MaxInviteUses + 1, time.Hour, "uses"}, {1, -time.Hour, "expires"}} {
		_, _, err := e.op.CreateInvite(e.ctx, bad.uses, bad.expires)
		wantField(t, err, model.EINVALID, bad.field, fmt.Sprintf("CreateInvite(%d, %v)", bad.uses, bad.expires))
	}
}

// testLastInviteUse: sign-ups racing for an invite's last use: one wins,
// the others are told the code is used up, and no more accounts are made.
func testLastInviteUse(t *testing.T, e *env) {
	svc := e.service(model.SignUpRules{Mode: model.SignUpInvite})
	for round := range raceRounds / 4 {
		code, inv, err := e.op.CreateInvite(e.ctx, 1, time.Hour)
		must(t, err, "CreateInvite")
		fns := make([]func() error, raceSessions)
		for i := range fns {
			fns[i] = func() error {
				_, err := svc.SignUp(e.ctx, newcomer(fmt.Sprintf("racer%d_%d", round, i), "10.0.0.1", code))
				return err
			}
		}
		won := 0
		for _, err := range race(fns...) {
			if err == nil {
				won++
			} else {
				wantField(t, err, model.EINVALID, "invite", "a sign-up that lost the last use")
			}
		}
		wantInt(t, won, 1, fmt.Sprintf("round %d: sign-ups with the last use", round))
		wantInt(t, e.count("SELECT used FROM numeneon_invite WHERE id = $1", inv.ID), 1, "uses of a one-use invite")
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM auth_user"), raceRounds/4, "accounts made")
}

// testSignUpsPerAddress: an address block makes at most PerHour accounts
// in an hour, IPv6 counted by /64; other addresses, sign-ups without an
// address and sign-ups over an hour old do not count.
func testSignUpsPerAddress(t *testing.T, e *env) {
	const perHour = 3
	svc := e.service(model.SignUpRules{PerHour: perHour})
	for i := range perHour {
		_, err := svc.SignUp(e.ctx, newcomer(fmt.Sprintf("a%d", i), "192.0.2.7", ""))
		must(t, err, "a sign-up within the bound")
	}
	_, err := svc.SignUp(e.ctx, newcomer("a9", "192.0.2.7", ""))
	wantCode(t, err, model.ELIMIT, "a sign-up past the bound")
	wantCode(t, svc.CheckSignUp(e.ctx, newcomer("a9", "192.0.2.7", "")), model.ELIMIT, "the check past the bound")
	_, err = svc.SignUp(e.ctx, newcomer("b0", "192.0.2.8", ""))
	must(t, err, "a sign-up from another address")
	_, err = svc.SignUp(e.ctx, newcomer("local", "", ""))
	must(t, err, "a sign-up without an address")

	for i, addr := range []string{"2001:db8:1:2::1", "2001:db8:1:2:aaaa::5", "2001:db8:1:2:ffff:ffff:ffff:ffff"} {
		_, err := svc.SignUp(e.ctx, newcomer(fmt.Sprintf("v%d", i), addr, ""))
		must(t, err, "an IPv6 sign-up within the bound")
	}
	_, err = svc.SignUp(e.ctx, newcomer("v9", "2001:db8:1:2::9", ""))
	wantCode(t, err, model.ELIMIT, "a sign-up from the same /64 past the bound")
	_, err = svc.SignUp(e.ctx, newcomer("w0", "2001:db8:1:3::1", ""))
	must(t, err, "a sign-up from the next /64")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_signup WHERE source = '2001:db8:1:2::/64'"), perHour, "sign-ups recorded by /64")

	later := e.service(model.SignUpRules{PerHour: perHour}, model.WithClock(func() time.Time { return time.Now().Add(signUpWindowPassed) }))
	_, err = later.SignUp(e.ctx, newcomer("a9", "192.0.2.7", ""))
	must(t, err, "a sign-up an hour later")
}

// signUpWindowPassed is a moment after which today's sign-ups no longer count.
const signUpWindowPassed = time.Hour + time.Minute

// testSignUpsPerAddressRace: many sign-ups from one address at once make
// no more accounts than the bound, on every connection to the database
// (on Postgres each is as another server instance would be).
func testSignUpsPerAddressRace(t *testing.T, e *env) {
	const perHour, tries = 3, 8
	svc := e.service(model.SignUpRules{PerHour: perHour})
	fns := make([]func() error, tries)
	for i := range fns {
		fns[i] = func() error {
			_, err := svc.SignUp(e.ctx, newcomer(fmt.Sprintf("burst%d", i), "198.51.100.1", ""))
			return err
		}
	}
	won := 0
	for _, err := range race(fns...) {
		if err == nil {
			won++
		} else {
			wantCode(t, err, model.ELIMIT, "a sign-up past the bound")
		}
	}
	wantInt(t, won, perHour, "sign-ups from one address at once")
	wantInt(t, e.count("SELECT COUNT(*) FROM auth_user"), perHour, "accounts made")
}
