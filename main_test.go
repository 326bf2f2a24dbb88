package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/storage/storetest"
)

// childEnv makes the test binary run numeneon's main instead of the
// tests, for tests that need a real process (see numeneonProcess).
const childEnv = "NUMENEON_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		main()
	}
	// The developer's own settings must not reach the tests.
	os.Unsetenv("NUMENEON_DB")
	os.Unsetenv("NUMENEON_CONFIG")
	os.Exit(m.Run())
}

// numeneonProcess is numeneon with args as a process of its own: the test
// binary, which runs main when childEnv is set.
func numeneonProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	return cmd
}

// env is a temporary home for one test: its XDG directories and a database.
type env struct {
	t                               *testing.T
	dir                             string
	dataHome, configHome, stateHome string
	db                              string // a SQLite file
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	return &env{
		t:          t,
		dir:        dir,
		dataHome:   filepath.Join(dir, "data"),
		configHome: filepath.Join(dir, "config"),
		stateHome:  filepath.Join(dir, "state"),
		db:         filepath.Join(dir, "test.db"),
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs numeneon with args and stdin as its standard input. Password
// hashes are cheap here; the hash format does not depend on the cost.
func (e *env) run(stdin string, args ...string) result {
	e.t.Helper()
	var out, errb bytes.Buffer
	code := e.app(strings.NewReader(stdin), &out, &errb).Run(context.Background(), args)
	return result{code, out.String(), errb.String()}
}

// app is numeneon in the test's home with the given standard streams.
func (e *env) app(stdin io.Reader, stdout, stderr io.Writer) *App {
	return &App{
		Stdin:      stdin,
		Stdout:     stdout,
		Stderr:     stderr,
		DataHome:   e.dataHome,
		ConfigHome: e.configHome,
		StateHome:  e.stateHome,
		Hasher:     model.Hasher{Iterations: 1000},
	}
}

// backends runs fn with an env whose database (e.db) is a fresh SQLite
// file and, with NUMENEON_TEST_POSTGRES, a fresh PostgreSQL schema.
func backends(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newEnv(t)) })
	t.Run("postgres", func(t *testing.T) {
		e := newEnv(t)
		e.db = storetest.PostgresURL(t)
		fn(t, e)
	})
}

// ok runs a command against the test database and fails unless it exits 0.
func (e *env) ok(stdin string, args ...string) string {
	e.t.Helper()
	r := e.run(stdin, append([]string{"--db", e.db}, args...)...)
	if r.code != 0 {
		e.t.Fatalf("numeneon %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// fail runs a command against the test database and wants exit status code.
func (e *env) fail(code int, stdin string, args ...string) result {
	e.t.Helper()
	r := e.run(stdin, append([]string{"--db", e.db}, args...)...)
	if r.code != code {
		e.t.Fatalf("numeneon %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
	}
	return r
}

func (e *env) writeFile(name, content string) string {
	e.t.Helper()
	p := filepath.Join(e.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func contains(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, got)
		}
	}
}

func TestMigrate(t *testing.T) {
	e := newEnv(t)
	out := e.ok("", "migrate")
	contains(t, "first migrate", out, "Database: "+e.db+" (sqlite)", "Applied", "auth_user", "posts_post")
	out = e.ok("", "migrate")
	contains(t, "second migrate", out, "up to date; nothing to do")
	if strings.Contains(out, "Applied") {
		t.Errorf("second migrate applied something:\n%s", out)
	}
}

func TestUsers(t *testing.T) {
	e := newEnv(t)
	e.ok("", "migrate")

	out := e.ok("first password\n", "user", "add", "alice", "--email", "alice@example.com",
		"--first", "Alice", "--last", "Liddell", "--password-stdin")
	contains(t, "user add", out, "Created user alice")
	e.ok("another password\r\n", "user", "add", "bob", "--email=bob@example.com", "--password-stdin")

	out = e.ok("", "user", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("user list: want a header, 2 users and a count:\n%s", out)
	}
	if !regexp.MustCompile(`^ID\s+USERNAME\s+NAME\s+EMAIL\s+JOINED\s+ACTIVE$`).MatchString(lines[0]) {
		t.Errorf("user list header: %q", lines[0])
	}
	if !regexp.MustCompile(`^1\s+alice\s+Alice Liddell\s+alice@example\.com\s+\d{4}-\d\d-\d\d\s+yes$`).MatchString(lines[1]) {
		t.Errorf("user list row: %q", lines[1])
	}
	if !regexp.MustCompile(`^2\s+bob\s+-\s+bob@example\.com\s+`).MatchString(lines[2]) {
		t.Errorf("user list row: %q", lines[2])
	}
	contains(t, "user list", lines[3], "2 users")

	out = e.ok("second password\n", "user", "passwd", "alice", "--password-stdin")
	contains(t, "user passwd", out, "Changed the password of alice")

	db, err := storage.Open(context.Background(), e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
	if _, err := svc.Login(context.Background(), "alice", "second password"); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	if _, err := svc.Login(context.Background(), "alice", "first password"); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("login with the old password: %v, want %s", err, model.EUNAUTHORIZED)
	}
	// The \r of a Windows line ending is not part of the password.
	if _, err := svc.Login(context.Background(), "bob", "another password"); err != nil {
		t.Errorf("login of bob: %v", err)
	}
}

func TestUserErrors(t *testing.T) {
	e := newEnv(t)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")

	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"bad username", "good password\n", []string{"user", "add", "al ice", "--email", "x@example.com", "--password-stdin"},
			"numeneon: Username may contain only"},
		{"bad email", "good password\n", []string{"user", "add", "carol", "--email", "carol", "--password-stdin"},
			"numeneon: \"carol\" is not a valid email address."},
		{"short password", "short\n", []string{"user", "add", "carol", "--email", "carol@example.com", "--password-stdin"},
			"numeneon: Password must be at least 8 characters."},
		{"no password", "", []string{"user", "add", "carol", "--email", "carol@example.com", "--password-stdin"},
			"numeneon: No password on standard input."},
		{"not a terminal", "", []string{"user", "add", "carol", "--email", "carol@example.com"},
			"--password-stdin"},
		{"taken username", "good password\n", []string{"user", "add", "alice", "--email", "other@example.com", "--password-stdin"},
			`"alice" is taken`},
		{"taken email", "good password\n", []string{"user", "add", "carol", "--email", "alice@example.com", "--password-stdin"},
			"numeneon: That email already has an account."},
		{"passwd of nobody", "good password\n", []string{"user", "passwd", "nobody", "--password-stdin"},
			`There is no user "nobody".`},
		{"passwd too short", "short\n", []string{"user", "passwd", "alice", "--password-stdin"},
			"numeneon: Password must be at least 8 characters."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.fail(1, tt.stdin, tt.args...)
			contains(t, "stderr", r.stderr, tt.want)
			if strings.Contains(r.stderr, "Something went wrong") {
				t.Errorf("a domain error was reported as internal: %s", r.stderr)
			}
			if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("want one line on stderr, got:\n%s", r.stderr)
			}
		})
	}
	out := e.ok("", "user", "list")
	if strings.Contains(out, "carol") {
		t.Errorf("a failed user add left an account:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{
		{"bogus"},
		{"user", "add"},
		{"user", "add", "alice"}, // no --email
		{"seed", "--users", "many"},
		{"seed", "--users=-1"},
		{"stats", "--no-such-flag"},
	} {
		r := e.fail(2, "", args...)
		if r.stderr == "" {
			t.Errorf("numeneon %s: nothing on stderr", strings.Join(args, " "))
		}
	}
}

func TestHelp(t *testing.T) {
	e := newEnv(t)
	for _, cmd := range []string{"", "run", "migrate", "seed", "user", "user add", "user passwd", "user list", "stats", "events", "version"} {
		args := append(strings.Fields(cmd), "--help")
		r := e.run("", args...)
		if r.code != 0 {
			t.Errorf("numeneon %s --help: exit %d\n%s", cmd, r.code, r.stderr)
			continue
		}
		usage := strings.TrimSpace("Usage: numeneon " + cmd)
		contains(t, "numeneon "+cmd+" --help", r.stdout, usage, "--db=URL")
	}
	// The default paths come from the XDG directories.
	r := e.run("", "--help")
	contains(t, "--help", r.stdout, filepath.Join(e.dataHome, "numeneon", "numeneon.db"))
}

func TestVersion(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"--version"}, {"version"}} {
		r := e.run("", args...)
		if r.code != 0 || r.stdout != "numeneon dev\n" {
			t.Errorf("numeneon %s: exit %d, stdout %q, want \"numeneon dev\\n\"", args[0], r.code, r.stdout)
		}
	}
}

func TestStatsAndRun(t *testing.T) {
	e := newEnv(t)
	out := e.ok("", "stats")
	contains(t, "stats of an empty database", out, "Users ", "Pending requests ", "Messages ", "The database is empty")
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	out = e.ok("", "stats")
	if !regexp.MustCompile(`(?m)^Users\s+1$`).MatchString(out) {
		t.Errorf("stats: want 1 user:\n%s", out)
	}
	contains(t, "stats", out, "Sample users      alice")

	// The app itself needs a terminal (TestRunOnTerminal runs it on one).
	for _, args := range [][]string{nil, {"run"}, {"demo"}} {
		r := e.fail(1, "", args...)
		contains(t, "the app without a terminal", r.stderr, "numeneon needs a terminal", "numeneon stats, events and user")
	}
}

func TestSeed(t *testing.T) {
	if testing.Short() {
		t.Skip("seeding in -short mode")
	}
	e := newEnv(t)
	r := e.fail(0, "", "seed", "--clear", "--yes")
	if strings.TrimSpace(r.stdout) == "" {
		t.Errorf("seed printed no summary")
	}
	// stderr is no terminal here: one line per stage, no progress bar.
	if r.stderr == "" || strings.Contains(r.stderr, "\r") {
		t.Errorf("seed progress on a non-terminal:\n%q", r.stderr)
	}
	contains(t, "seed", r.stdout, `password is "`+seed.Password+`"`)
	out := e.ok("", "stats")
	if regexp.MustCompile(`(?m)^Users\s+0$`).MatchString(out) {
		t.Errorf("stats after seed: no users:\n%s", out)
	}
	// The first seeded user logs in with the password seed said.
	first := regexp.MustCompile(`(?m)^Sample users\s+([^,\s]+)`).FindStringSubmatch(out)
	if first == nil {
		t.Fatalf("stats after seed: no sample users:\n%s", out)
	}
	db, err := storage.Open(context.Background(), e.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := model.NewService(db).Login(context.Background(), first[1], seed.Password); err != nil {
		t.Errorf("login of seeded user %s: %v", first[1], err)
	}
}

// dbOf runs migrate and returns the database it named.
func dbOf(t *testing.T, e *env, args ...string) string {
	t.Helper()
	r := e.run("", append(args, "migrate")...)
	if r.code != 0 {
		t.Fatalf("numeneon %s migrate: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	m := regexp.MustCompile(`Database: (.*) \(sqlite\)`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("migrate named no database:\n%s", r.stdout)
	}
	return m[1]
}

func TestDBPrecedence(t *testing.T) {
	e := newEnv(t)
	var (
		def     = filepath.Join(e.dataHome, "numeneon", "numeneon.db")
		fromCfg = filepath.Join(e.dir, "config.db")
		fromEnv = filepath.Join(e.dir, "env.db")
		fromArg = filepath.Join(e.dir, "flag.db")
	)
	if got := dbOf(t, e); got != def {
		t.Errorf("default: %s, want %s", got, def)
	}
	if _, err := os.Stat(def); err != nil {
		t.Errorf("the default database was not made: %v", err)
	}

	// The default configuration file is read when it exists.
	e.writeFile("config/numeneon/config.json", `{"db": "`+fromCfg+`"}`)
	if got := dbOf(t, e); got != fromCfg {
		t.Errorf("config file: %s, want %s", got, fromCfg)
	}
	t.Setenv("NUMENEON_DB", fromEnv)
	if got := dbOf(t, e); got != fromEnv {
		t.Errorf("env over config file: %s, want %s", got, fromEnv)
	}
	if got := dbOf(t, e, "--db", fromArg); got != fromArg {
		t.Errorf("flag over env: %s, want %s", got, fromArg)
	}
	// An empty variable counts as unset.
	t.Setenv("NUMENEON_DB", "")
	if got := dbOf(t, e); got != fromCfg {
		t.Errorf("empty env: %s, want the config file's %s", got, fromCfg)
	}
}

func TestConfigFile(t *testing.T) {
	e := newEnv(t)
	other := filepath.Join(e.dir, "other.db")
	e.writeFile("config/numeneon/config.json", `{"db": "`+filepath.Join(e.dir, "default-config.db")+`"}`)
	cfg := e.writeFile("my.json", `{"db": "`+other+`"}`)

	// --config and NUMENEON_CONFIG replace the default file.
	if got := dbOf(t, e, "--config", cfg); got != other {
		t.Errorf("--config: %s, want %s", got, other)
	}
	t.Setenv("NUMENEON_CONFIG", cfg)
	if got := dbOf(t, e); got != other {
		t.Errorf("NUMENEON_CONFIG: %s, want %s", got, other)
	}
	t.Setenv("NUMENEON_CONFIG", "")

	// Any flag can be set there, a command's too.
	sample := e.writeFile("sample.json", `{"db": "`+e.db+`", "sample": 0}`)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	r := e.run("", "--config", sample, "stats")
	if r.code != 0 || strings.Contains(r.stdout, "Sample users") {
		t.Errorf("stats with sample 0 from the config file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Values of the wrong type are refused, naming the file and the key;
	// kong would take 1.5 for 1.
	for _, tt := range []struct{ content, cmd, want string }{
		{`{"users": 1.5}`, "seed", `"users" must be a whole number`},
		{`{"users": "5"}`, "seed", `"users" must be a whole number`},
		{`{"users": 1e30}`, "seed", `"users" must be a whole number`},
		{`{"sample": true}`, "stats", `"sample" must be a whole number`},
		{`{"db": 5}`, "stats", `"db" must be a string (in double quotes)`},
		{`{"json": "yes"}`, "events", `"json" must be true or false`},
		{`{"password_stdin": 1}`, "user passwd alice", `"password_stdin" must be true or false`},
	} {
		path := e.writeFile("typed.json", tt.content)
		r := e.run("", append([]string{"--config", path}, strings.Fields(tt.cmd)...)...)
		if want := "numeneon: configuration file " + path + ": " + tt.want + "\n"; r.code != 2 || r.stderr != want {
			t.Errorf("%s for %s: exit %d, stderr %q; want 2 and %q", tt.content, tt.cmd, r.code, r.stderr, want)
		}
	}
	typed := e.writeFile("typed.json", `{"db": "`+e.db+`", "users": 2, "posts": 1e1, "force": false}`)
	if r := e.run("", "--config", typed, "stats"); r.code != 2 || !strings.Contains(r.stderr, `"force" can only be given on the command line`) {
		t.Errorf("force in the configuration file: exit %d, stderr %q", r.code, r.stderr)
	}
	typed = e.writeFile("typed.json", `{"db": "`+e.db+`", "users": 2, "posts": 1e1}`)
	if r := e.run("", "--config", typed, "seed", "--force"); r.code != 0 || !strings.Contains(r.stdout, ": 2 users, ") {
		t.Errorf("seed with whole numbers from the configuration file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	for name, content := range map[string]string{
		"missing": "",
		"broken":  `{"db": `,
		"unknown": `{"database": "x.db"}`,
	} {
		path := filepath.Join(e.dir, name+".json")
		if content != "" {
			e.writeFile(name+".json", content)
		}
		r := e.run("", "--config", path, "stats")
		if r.code != 2 {
			t.Errorf("%s config file: exit %d, want 2\n%s", name, r.code, r.stderr)
		}
		contains(t, name+" config file", r.stderr, path)
	}
}

func TestSeedProgressLines(t *testing.T) {
	var b bytes.Buffer
	p := newSeedProgress(&b)
	for i := int64(0); i <= 1500; i += 500 {
		p.update("users", i, 1500)
	}
	p.update("posts", 10, 20)
	p.finish()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "users: 1,500 of 1,500") || !strings.HasPrefix(lines[1], "posts: 10 of 20") {
		t.Errorf("progress lines:\n%s", b.String())
	}
}

func TestHelpers(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "0 users", 1: "1 user", 2: "2 users", 12345: "12,345 users"} {
		if got := count(n, "user", "users"); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestEmptyDBFlag(t *testing.T) {
	e := newEnv(t)
	r := e.run("", "--db", "", "stats")
	if r.code != 2 || !strings.Contains(r.stderr, "--db") {
		t.Errorf("--db \"\": exit %d, stderr %q; want 2 and a word about --db", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(e.dataHome, "numeneon", "numeneon.db")); err == nil {
		t.Errorf("--db \"\" opened the default database")
	}
}
