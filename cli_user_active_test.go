package main

import (
	"regexp"
	"testing"
)

// TestUserDeactivate: an account closed by the operator cannot sign in
// and shows as inactive; opening it again lets it in.
func TestUserDeactivate(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
		out := e.ok("", "user", "deactivate", "alice")
		contains(t, "deactivate", out, "Deactivated alice: their open sessions end now", `"numeneon user activate alice"`)
		contains(t, "deactivate again", e.ok("", "user", "deactivate", "@alice"), "alice is deactivated already.")
		if !regexp.MustCompile(`(?m)^1\s+alice\s.*\sno$`).MatchString(e.ok("", "user", "list")) {
			t.Errorf("user list does not show alice inactive:\n%s", e.ok("", "user", "list"))
		}
		contains(t, "activate", e.ok("", "user", "activate", "alice"), "Activated alice: they can sign in again.")
		contains(t, "activate again", e.ok("", "user", "activate", "alice"), "alice is active already.")
		if !regexp.MustCompile(`(?m)^1\s+alice\s.*\syes$`).MatchString(e.ok("", "user", "list")) {
			t.Errorf("user list does not show alice active:\n%s", e.ok("", "user", "list"))
		}
		r := e.fail(1, "", "user", "deactivate", "nobody")
		contains(t, "deactivate nobody", r.stderr, `numeneon: There is no user "nobody".`)
	})
}
