package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// TestUserInvite: user invite prints a code that signs someone up on an
// invite server, as many times as --uses says; user invites lists the
// codes by their first characters, and revokes one.
func TestUserInvite(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		contains(t, "invites of none", e.ok("", "user", "invites"), "No invites.")
		r := e.run("", "--db", e.db, "user", "invite", "--uses", "2")
		if r.code != 0 {
			t.Fatalf("user invite: exit %d: %s", r.code, r.stderr)
		}
		code := strings.TrimSpace(r.stdout)
		if !regexp.MustCompile(`^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$`).MatchString(code) {
			t.Fatalf("user invite printed %q, want the code alone", r.stdout)
		}
		contains(t, "user invite's note", r.stderr, "Invite 1: 2 sign-ups, expires ")
		never := strings.TrimSpace(e.ok("", "user", "invite", "--expires", "never"))

		out := e.ok("", "user", "invites")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 4 || !regexp.MustCompile(`^ID\s+CODE\s+USED\s+EXPIRES\s+MADE\s+STATE$`).MatchString(lines[0]) {
			t.Fatalf("user invites: want a header, 2 invites and a count:\n%s", out)
		}
		contains(t, "the first invite", lines[1], "1", code[:4]+"-…", "0/2", "live")
		contains(t, "the second invite", lines[2], "2", never[:4]+"-…", "0/1", "never", "live")
		contains(t, "user invites", lines[3], "2 invites")
		if strings.Contains(out, code) || strings.Contains(out, never) {
			t.Errorf("user invites shows whole codes:\n%s", out)
		}

		// The code signs people up on a server that asks for one.
		ctx := context.Background()
		db, err := storage.Open(ctx, e.db)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}),
			model.WithSignUpRules(model.SignUpRules{Mode: model.SignUpInvite}))
		for _, name := range []string{"ann", "bea"} {
			if _, err := svc.SignUp(ctx, model.SignUp{Username: name, Email: name + "@example.com", Password: "good password", Invite: code}); err != nil {
				t.Fatalf("%s signs up with the code: %v", name, err)
			}
		}
		contains(t, "a used-up invite", e.ok("", "user", "invites"), "2/2", "used up")

		contains(t, "user invites --revoke", e.ok("", "user", "invites", "--revoke", "2"), "Revoked invite 2.")
		if _, err := svc.SignUp(ctx, model.SignUp{Username: "cid", Email: "cid@example.com", Password: "good password", Invite: never}); model.ErrorField(err) != "invite" {
			t.Errorf("a sign-up with a revoked code: %v", err)
		}
		r = e.fail(1, "", "user", "invites", "--revoke", "2")
		contains(t, "revoking a revoked invite", r.stderr, "There is no invite 2.")
		contains(t, "user invites after the revoke", e.ok("", "user", "invites"), "1 invite.")
	})
}

// TestUserInviteRefusesBadFlags: --uses and --expires that mean nothing
// are refused with the flag named, exit status 2, before the database is
// touched.
func TestUserInviteRefusesBadFlags(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ flag, want string }{
		{"--uses=0", "--uses must be 1 to 10000"},
		{"--expires=3x", `--expires "3x": give an age`},
		{"--expires=-7d", `--expires "-7d"`},
		{"--expires=0s", `--expires "0s"`},
	} {
		r := e.run("", "--db", e.db, "user", "invite", c.flag)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("user invite %s: exit %d, stderr %q; want 2 and %q", c.flag, r.code, r.stderr, c.want)
		}
	}
}
