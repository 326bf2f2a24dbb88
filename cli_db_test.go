package main

import (
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/storage/storetest"
)

// TestDatabaseURLs: URLs of other kinds are refused, with the forms that
// work, instead of becoming SQLite files named after them; file names
// with #, % and ? are the files they name; ~/ is the home directory.
func TestDatabaseURLs(t *testing.T) {
	e := newEnv(t)
	t.Chdir(e.dir) // where a URL taken for a relative path would land
	for _, raw := range []string{"mysql://u@db.example/x", "http://example.com/x.db", "MySQL:/x", "postgres:/x", "POSTGRESQL:x",
		"file:x.db?mode=ro"} {
		r := e.run("", "--db", raw, "stats")
		if r.code != 2 || !strings.HasPrefix(r.stderr, "numeneon: database "+raw+": ") {
			t.Errorf("--db %s: exit %d, stderr %q; want 2 and a word about the URL", raw, r.code, r.stderr)
		}
	}
	r := e.run("", "--db", "mysql://u@db.example/x", "stats")
	contains(t, "a MySQL URL", r.stderr, "numeneon does not open mysql: URLs; it takes "+storage.AcceptedForms)
	if entries, _ := os.ReadDir(e.dir); len(entries) > 0 {
		t.Errorf("refused URLs left files behind: %v", entries)
	}

	for raw, name := range map[string]string{
		"a#b.db":        "a#b.db",
		"c%d.db":        "c%d.db",
		"e?f.db":        "e?f.db",
		"sqlite:g#h.db": "g#h.db",
		"file:i%20j.db": "i j.db",
	} {
		if got := dbOf(t, e, "--db", raw); got != name {
			t.Errorf("--db %s: migrate names %q, want %q", raw, got, name)
		}
		if _, err := os.Stat(filepath.Join(e.dir, name)); err != nil {
			t.Errorf("--db %s made no file %q: %v", raw, name, err)
		}
	}

	// ~/ is the home directory where no shell expanded it: in the
	// environment, in the configuration file, in a quoted argument.
	home := filepath.Join(e.dir, "home")
	t.Setenv("HOME", home)
	if got, want := dbOf(t, e, "--db", "~/flag.db"), filepath.Join(home, "flag.db"); got != want {
		t.Errorf("--db ~/flag.db: %s, want %s", got, want)
	}
	e.writeFile("config/numeneon/config.json", `{"db": "~/config.db"}`)
	if got, want := dbOf(t, e), filepath.Join(home, "config.db"); got != want {
		t.Errorf(`{"db": "~/config.db"}: %s, want %s`, got, want)
	}
	t.Setenv("NUMENEON_DB", "sqlite:~/env.db")
	if got, want := dbOf(t, e), filepath.Join(home, "env.db"); got != want {
		t.Errorf("NUMENEON_DB=sqlite:~/env.db: %s, want %s", got, want)
	}
}

// TestPostgresURLForms opens the test server by a URL with its scheme in
// capitals and by libpq's keyword/value form.
func TestPostgresURLForms(t *testing.T) {
	e := newEnv(t)
	u, err := url.Parse(storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	upper := "POSTGRES" + strings.TrimPrefix(u.String(), "postgres")
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	keywords := "host=" + u.Hostname() + " port=" + port + " user=" + u.User.Username() + " dbname=" + strings.TrimPrefix(u.Path, "/")
	for k, v := range u.Query() {
		keywords += " " + k + "=" + v[0]
	}
	for _, raw := range []string{upper, keywords} {
		r := e.run("", "--db", raw, "migrate")
		if r.code != 0 || !strings.Contains(r.stdout, "(postgres)") {
			t.Errorf("--db %s migrate: exit %d\n%s%s", raw, r.code, r.stdout, r.stderr)
		}
	}
}

// TestSecretsNeverPrinted runs commands on connection strings with a
// password, failing ones (a bad port, a space, nobody listening, another
// database) and working ones, and wants the password nowhere in the
// output.
func TestSecretsNeverPrinted(t *testing.T) {
	e := newEnv(t)
	var failing = []string{
		"postgres://u:s3cr3t@127.0.0.1:54x2/db",
		"postgres://u:s3cr3t pw@127.0.0.1/db",
		"postgres://u:s3cr3t@127.0.0.1:1/db?connect_timeout=5",
		"postgres://u@127.0.0.1:1/db?password=s3cr3t&connect_timeout=5",
		"host=127.0.0.1 port=1 user=u password=s3cr3t dbname=db connect_timeout=5",
		"host=127.0.0.1 port=x password='s3cr3t pw'",
		"mysql://u:s3cr3t@db.example/x",
	}
	for _, raw := range failing {
		for _, cmd := range []string{"stats", "migrate", "seed", "events", "user list"} {
			r := e.run("", append([]string{"--db", raw}, strings.Fields(cmd)...)...)
			if r.code == 0 {
				t.Errorf("numeneon --db %s %s worked", raw, cmd)
			}
			if out := r.stdout + r.stderr; strings.Contains(out, "s3cr3t") || !strings.Contains(out, "xxxxx") {
				t.Errorf("numeneon --db %s %s: the password is shown, or not replaced:\n%s", raw, cmd, out)
			}
		}
	}

	// The test server trusts its clients and ignores a password.
	u, err := url.Parse(storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "s3cr3t")
	withQuery := *u
	q := withQuery.Query()
	q.Set("password", "s3cr3t")
	withQuery.User = url.User(u.User.Username())
	withQuery.RawQuery = q.Encode()
	for _, raw := range []string{u.String(), withQuery.String()} {
		for _, cmd := range []string{"migrate", "stats", "seed --users 3 --posts 5 --force", "events", "user list"} {
			r := e.run("", append([]string{"--db", raw}, strings.Fields(cmd)...)...)
			if r.code != 0 {
				t.Errorf("numeneon --db %s %s: exit %d\n%s", storage.Redact(raw), cmd, r.code, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, "s3cr3t") {
				t.Errorf("numeneon --db … %s shows the password:\n%s%s", cmd, r.stdout, r.stderr)
			}
		}
	}
	r := e.run("", "--db", u.String(), "stats")
	contains(t, "stats", r.stdout, "Database          "+strings.Replace(u.String(), "s3cr3t", "xxxxx", 1)+" (postgres)")
}

// TestNotNumeneonDatabase points every command at a SQLite file of another
// program and wants each refused, the file unchanged.
func TestNotNumeneonDatabase(t *testing.T) {
	e := newEnv(t)
	raw, err := sql.Open("sqlite", e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TABLE recipes (id integer PRIMARY KEY, title text)`); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"migrate", "stats", "seed", "seed --clear --yes", "events", "user list"} {
		r := e.fail(1, "", strings.Fields(cmd)...)
		want := "numeneon: database " + e.db + ": This SQLite file is not a Numeneon database: it has tables of another program (recipes) " +
			"and no auth_user table, so numeneon leaves it alone\n"
		if r.stderr != want {
			t.Errorf("numeneon %s: stderr %q, want %q", cmd, r.stderr, want)
		}
	}
	var tables int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil || tables != 1 {
		t.Errorf("the file has %d tables (%v), want its one", tables, err)
	}
}

// TestDatabaseDirectory: only migrate, seed and the default database make
// a missing directory, and they say so; a path that is a directory, or a
// file that is no database, is named as such.
func TestDatabaseDirectory(t *testing.T) {
	e := newEnv(t)
	missing := filepath.Join(e.dir, "no", "such")
	db := filepath.Join(missing, "x.db")
	for _, cmd := range []string{"stats", "events", "user list"} {
		r := e.run("", append([]string{"--db", db}, strings.Fields(cmd)...)...)
		want := "numeneon: database " + db + ": the directory " + missing + " does not exist; check the path, or let 'numeneon migrate' create it\n"
		if r.code != 1 || r.stderr != want {
			t.Errorf("numeneon %s: exit %d, stderr %q; want 1 and %q", cmd, r.code, r.stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(e.dir, "no")); err == nil {
		t.Fatal("a command other than migrate and seed made the directory")
	}
	for i, cmd := range []string{"migrate", "seed --users 2"} {
		dir := filepath.Join(missing, string(rune('a'+i)))
		r := e.run("", append([]string{"--db", filepath.Join(dir, "x.db")}, strings.Fields(cmd)...)...)
		if r.code != 0 || !strings.HasPrefix(r.stderr, "numeneon: created the directory "+dir+" for the database.\n") {
			t.Errorf("numeneon %s into a new directory: exit %d, stderr %q", cmd, r.code, r.stderr)
		}
	}
	// The default database's directory is made by any command, and said.
	r := e.run("", "stats")
	if def := filepath.Join(e.dataHome, "numeneon"); r.code != 0 || r.stderr != "numeneon: created the directory "+def+" for the database.\n" {
		t.Errorf("stats on the default database: exit %d, stderr %q", r.code, r.stderr)
	}

	notDB := e.writeFile("notes.txt", strings.Repeat("not a database\n", 20))
	for path, want := range map[string]string{
		e.dir:                          e.dir + " is a directory, not a database file",
		notDB:                          notDB + " is not a SQLite database file",
		filepath.Join(notDB, "x.db"):   notDB + " is not a directory",
		filepath.Join(notDB, "a/x.db"): filepath.Join(notDB, "a") + ": a part of the path is not a directory",
	} {
		r := e.run("", "--db", path, "migrate")
		if r.code != 1 || r.stderr != "numeneon: database "+path+": "+want+"\n" {
			t.Errorf("migrate %s: exit %d, stderr %q, want %q", path, r.code, r.stderr, want)
		}
	}
}

// TestWriteErrors runs commands whose standard output is /dev/full and
// wants each to fail with a word about it.
func TestWriteErrors(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	e := newEnv(t)
	svc, _ := network(t, e.db)
	must(svc.SendMessage(t.Context(), signUp(t, svc, "alice").ID, signUp(t, svc, "bob").ID, "an event to print"))
	for _, cmd := range []string{"stats", "migrate", "user list", "events", "events --json", "version", "--version", "--help", "seed --users 2 --force"} {
		var stderr strings.Builder
		code := e.app(strings.NewReader(""), full, &stderr).Run(t.Context(), append([]string{"--db", e.db}, strings.Fields(cmd)...))
		if code != 1 || stderr.String() != "numeneon: could not write to standard output: no space left on device\n" && !strings.HasSuffix(stderr.String(), "\nnumeneon: could not write to standard output: no space left on device\n") {
			t.Errorf("numeneon %s > /dev/full: exit %d, stderr %q", cmd, code, stderr.String())
		}
	}

	// The same for a real process, whose output is not the Go writer a
	// test passes in.
	cmd := numeneonProcess(t, "--db", e.db, "stats")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = full, &stderr
	if err := cmd.Run(); cmd.ProcessState.ExitCode() != 1 || stderr.String() != "numeneon: could not write to standard output: no space left on device\n" {
		t.Errorf("numeneon stats > /dev/full: %v, stderr %q", err, stderr.String())
	}
}
