package main

import (
	"database/sql"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/seed"
)

// TestSeedSummary wants the summary to count what the progress lines
// counted and what stats counts afterwards, with plurals and thousands
// separators.
func TestSeedSummary(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"seed"}, {"seed", "--clear", "--yes", "--users", "1200", "--posts", "1500"}} {
		r := e.fail(0, "", args...)
		progress := map[string]string{}
		for _, m := range regexp.MustCompile(`(?m)^([a-z ]+): ([\d,]+) of ([\d,]+) in `).FindAllStringSubmatch(r.stderr, -1) {
			if m[2] != m[3] {
				t.Errorf("%s: a stage ended at %s of %s", args, m[2], m[3])
			}
			progress[m[1]] = m[2]
		}
		m := regexp.MustCompile(`^Seeded \S+ in \S+: ([\d,]+) users, ([\d,]+) posts and ([\d,]+) replies, ([\d,]+) likes, ` +
			`([\d,]+) friendships, ([\d,]+) pending requests, ([\d,]+) messages\.\n`).FindStringSubmatch(r.stdout)
		if m == nil {
			t.Fatalf("%s: no summary:\n%s", args, r.stdout)
		}
		n := func(s string) int {
			v, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if progress["users"] != m[1] || progress["friendships"] != m[5] || progress["messages"] != m[7] ||
			n(progress["posts and replies"]) != n(m[2])+n(m[3]) {
			t.Errorf("%s: the progress lines say %v, the summary %s", args, progress, m[0])
		}
		stats := e.ok("", "stats")
		for label, want := range map[string]string{"Users": m[1], "Posts": m[2], "Replies": m[3], "Likes": m[4],
			"Friendships": m[5], "Pending requests": m[6], "Messages": m[7]} {
			if !regexp.MustCompile(`(?m)^` + label + `\s+` + want + `$`).MatchString(stats) {
				t.Errorf("%s: stats has no %s %s:\n%s", args, label, want, stats)
			}
		}
	}
	if got := seedSummary(seed.Summary{Users: 1, Posts: 1, Replies: 1, Likes: 1, Friendships: 1, Requests: 1, Messages: 1}); got !=
		"1 user, 1 post and 1 reply, 1 like, 1 friendship, 1 pending request, 1 message" {
		t.Errorf("a summary of ones: %s", got)
	}
}

// TestSeedRefusesAccounts: a database with accounts is seeded only with
// --force, and a user called alice is not the sample network.
func TestSeedRefusesAccounts(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
		for _, args := range [][]string{{"seed"}, {"seed", "--users", "5"}} {
			r := e.fail(1, "", args...)
			if r.stderr != "numeneon: The database has an account already. Seeding adds accounts that anyone can log in to "+
				`with the password "numeneon": add --force to add them anyway, or --clear to replace everything.`+"\n" {
				t.Errorf("numeneon %s with an account there: %q", args, r.stderr)
			}
		}
		// alice is not the sample's alice.
		r := e.fail(1, "", "seed", "--force")
		if r.stderr != "numeneon: The database has accounts with usernames of the sample network (alice); "+
			"add --clear to replace everything, or seed a generated network with --users and --posts.\n" {
			t.Errorf("seed --force beside another alice: %q", r.stderr)
		}
		contains(t, "stats after refused seeds", e.ok("", "stats"), "Sample users      alice\n")
		e.ok("", "seed", "--clear", "--yes")
		r = e.fail(1, "", "seed", "--force")
		contains(t, "seed twice", r.stderr, "The sample network is there already")
		e.ok("", "seed", "--force", "--users", "5")
	})
}

// TestSeedConfirmations: --clear needs --yes without a terminal; the
// confirmations and --force cannot come from the configuration file.
func TestSeedConfirmations(t *testing.T) {
	e := newEnv(t)
	e.ok("", "seed")
	before := e.ok("", "stats")
	r := e.fail(2, "", "seed", "--clear")
	if r.stderr != "numeneon: seed --clear deletes every account, post and message of the database; "+
		"add --yes to go ahead (standard input is no terminal to ask on)\n" {
		t.Errorf("seed --clear without a terminal: %q", r.stderr)
	}
	for _, key := range []string{"clear", "yes", "force"} {
		cfg := e.writeFile(key+".json", `{"db": "`+e.db+`", "`+key+`": true}`)
		r := e.fail(2, "", "--config", cfg, "seed")
		want := "numeneon: configuration file " + cfg + `: "` + key + `" can only be given on the command line (--` + key +
			"), not in the configuration file\n"
		if r.stderr != want {
			t.Errorf("%s in the configuration file: stderr %q, want %q", key, r.stderr, want)
		}
	}
	if after := e.ok("", "stats"); after != before {
		t.Errorf("refused seeds changed the database:\n%s\n%s", before, after)
	}
}

func TestSeedLimits(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--users", "9223372036854775807"}, "numeneon: seed: users: A generated network can have at most 1,000,000 users.\n"},
		{[]string{"--users", "1000001"}, "numeneon: seed: users: A generated network can have at most 1,000,000 users.\n"},
		{[]string{"--users=-1"}, "numeneon: seed: users: The number of users cannot be negative.\n"},
		{[]string{"--posts=-5"}, "numeneon: seed: posts: The number of posts cannot be negative.\n"},
	} {
		r := e.fail(2, "", append([]string{"seed"}, tt.args...)...)
		if !strings.HasPrefix(r.stderr, tt.want) {
			t.Errorf("seed %s: stderr %q, want %q", tt.args, r.stderr, tt.want)
		}
	}
	if _, err := os.Stat(e.db); err == nil {
		t.Error("a refused seed opened the database")
	}
}

// TestSeedInterrupt cancels the context of a large seed, as Ctrl-C does,
// once it is under way, and wants it to stop promptly saying what it kept.
func TestSeedInterrupt(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		// Migrated first, so that the early interrupt most likely finds
		// the seed itself under way.
		e.ok("", "migrate")
		for _, when := range []struct{ name, after string }{{"at once", ""}, {"once the users are in", "users: "}} {
			run := e.follow(e.db, "seed", "--clear", "--yes", "--users", "20000", "--posts", "100000000")
			if when.after != "" {
				run.waitIn(&run.stderr, when.after)
			} else {
				time.Sleep(50 * time.Millisecond)
			}
			took := run.interrupt()
			t.Logf("interrupted %s: stopped %s after the interrupt", when.name, took.Round(time.Millisecond))
			if run.code != 1 {
				t.Errorf("exit %d after the interrupt, want 1", run.code)
			}
			stderr := run.stderr.String()
			if strings.Contains(stderr, "context canceled") {
				t.Errorf("stderr after the interrupt:\n%s", stderr)
			}
			users := regexp.MustCompile(`(?m)^Users\s+([\d,]+)$`).FindStringSubmatch(e.ok("", "stats"))
			switch {
			case strings.HasSuffix(stderr, "numeneon: seed interrupted; nothing was changed.\n"),
				// Stopped while the database was being opened, before
				// the seed began.
				stderr == "numeneon: interrupted\n":
				if when.after != "" || users[1] != "0" {
					t.Errorf("%q, but the database has %s users", stderr, users[1])
				}
			case strings.Contains(stderr, "seed interrupted; what it had committed stays: 20,000 users, "):
				if users[1] != "20,000" {
					t.Errorf("the seed kept 20,000 users, it said, but the database has %s", users[1])
				}
			default:
				t.Errorf("the interrupted seed does not say what it kept:\n%s", stderr)
			}
		}
	})
}

// TestClearWebAppTables clears a database the web app made: its stories
// (and a message that answers one) go too; a row of a table numeneon does
// not know that refers to an account stops the clear, naming the table.
func TestClearWebAppTables(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		driver, ddl, story := "sqlite", "storage/testdata/django_sqlite.sql", "'0123456789abcdef0123456789abcdef'"
		if !strings.HasSuffix(e.db, ".db") {
			driver, ddl, story = "pgx", "storage/testdata/django_postgres.sql", "'01234567-89ab-cdef-0123-456789abcdef'"
		}
		raw, err := sql.Open(driver, e.db)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		text, err := os.ReadFile(ddl)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(text)); err != nil {
			t.Fatalf("the web app's tables: %v", err)
		}
		e.ok("", "seed")
		now := "'2026-11-25 17:40:01'"
		for _, q := range []string{
			`INSERT INTO stories_story (id, media_url, media_type, caption, created_at, expires_at, user_id)
				VALUES (` + story + `, 'https://x.example/a.jpg', 'image', NULL, ` + now + `, ` + now + `, 1)`,
			`INSERT INTO messages_app_message (content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
				VALUES ('nice story', false, ` + now + `, 1, 2, ` + story + `)`,
		} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		e.ok("", "seed", "--clear", "--yes")
		var stories int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM stories_story`).Scan(&stories); err != nil || stories != 0 {
			t.Errorf("after seed --clear: %d stories (%v), want 0", stories, err)
		}

		if _, err := raw.Exec(`CREATE TABLE mystudio_project (id integer PRIMARY KEY, owner_id integer NOT NULL
			REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED)`); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`INSERT INTO mystudio_project (id, owner_id) VALUES (1, (SELECT MIN(id) FROM auth_user))`); err != nil {
			t.Fatal(err)
		}
		before := e.ok("", "stats")
		r := e.fail(1, "", "seed", "--clear", "--yes")
		if r.stderr != "numeneon: Cannot clear the database: rows of the table mystudio_project, which numeneon does not know, "+
			"refer to accounts, posts or messages. Delete those rows first, or seed without --clear.\n" {
			t.Errorf("seed --clear beside mystudio_project: %q", r.stderr)
		}
		if after := e.ok("", "stats"); after != before {
			t.Errorf("a refused clear changed the database:\n%s\n%s", before, after)
		}
	})
}
