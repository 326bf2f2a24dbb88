package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/storage/storetest"
)

// TestReconnecting: when PostgreSQL drops the event stream's connection,
// the tab bar says "reconnecting" until the stream is back, then "live";
// what is being typed stays, and messages sent meanwhile arrive.
func TestReconnecting(t *testing.T) {
	e := openTestEnv(t, storetest.PostgresURL(t))
	alice, bob := e.user("alice"), e.user("bob")
	lt := startTerm(t, Options{Service: e.svc, User: &alice, Now: func() time.Time { return testNow }}, 120, 40)
	lt.waitText("1 Feed", "◉ live")
	lt.keys("n")
	lt.waitText("New post")
	lt.typeText("half a thought")
	lt.watch("reconnecting")
	var cut int
	if err := e.db.SQL().QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'numeneon-events' AND datname = current_database()`).Scan(&cut); err != nil || cut == 0 {
		t.Fatalf("terminated %d listeners: %v", cut, err)
	}
	lt.waitFor("the stream to go down and come back", func(s string) bool {
		return lt.saw("reconnecting") && containsAll(s, "◉ live")
	})
	lt.waitText("half a thought")
	if _, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "still there?"); err != nil {
		t.Fatal(err)
	}
	lt.waitText("bob: still there?")
}

// containsAll reports whether s contains every one of texts.
func containsAll(s string, texts ...string) bool {
	for _, x := range texts {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
