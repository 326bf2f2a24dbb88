package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// pubKey makes a fresh Ed25519 key and returns its .pub line (with
// comment), its fingerprint and the private key's PEM.
func pubKey(t *testing.T, comment string) (line, fingerprint, private string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, comment)
	if err != nil {
		t.Fatal(err)
	}
	line = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk)))
	if comment != "" {
		line += " " + comment
	}
	return line, ssh.FingerprintSHA256(pk), string(pem.EncodeToMemory(block))
}

func TestUserKeys(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
		e.ok("good password\n", "user", "add", "bob", "--email", "bob@example.com", "--password-stdin")
		out := e.ok("", "user", "keys", "alice")
		contains(t, "keys of nobody's keys", out, "alice has no SSH keys.", "--add")

		line1, fp1, _ := pubKey(t, "alice@laptop")
		line2, fp2, _ := pubKey(t, "")
		line3, fp3, _ := pubKey(t, "work\x1b[31m")
		out = e.ok("", "user", "keys", "alice", "--add", e.writeFile("id_ed25519.pub", line1+"\n"))
		contains(t, "--add FILE", out, "Added "+fp1+" (ssh-ed25519, alice@laptop) to alice.")
		file := "# alice's keys\n\n" + line2 + "\r\n  " + line3 + "\n"
		out = e.ok(file, "user", "keys", "@alice", "--add", "-")
		contains(t, "--add -", out, "Added "+fp2+" (ssh-ed25519) to alice.", "Added "+fp3+" (ssh-ed25519, work) to alice.")
		if strings.Contains(out, "\x1b") {
			t.Errorf("a comment's escape sequence reached the terminal: %q", out)
		}

		out = e.ok("", "user", "keys", "alice")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 5 {
			t.Fatalf("user keys: want a header, 3 keys and a count:\n%s", out)
		}
		if !regexp.MustCompile(`^FINGERPRINT\s+TYPE\s+COMMENT\s+ADDED$`).MatchString(lines[0]) {
			t.Errorf("user keys header: %q", lines[0])
		}
		row := regexp.MustCompile(`^(SHA256:\S+)\s+ssh-ed25519\s+(.+?)\s+\d{4}-\d\d-\d\d$`)
		for i, want := range []struct{ fp, comment string }{{fp1, "alice@laptop"}, {fp2, "-"}, {fp3, "work"}} {
			m := row.FindStringSubmatch(lines[i+1])
			if m == nil || m[1] != want.fp || m[2] != want.comment {
				t.Errorf("user keys row %d: %q, want %s with comment %q", i+1, lines[i+1], want.fp, want.comment)
			}
		}
		contains(t, "user keys", lines[4], "3 keys")
		contains(t, "bob's keys", e.ok("", "user", "keys", "bob"), "bob has no SSH keys.")

		out = e.ok("", "user", "keys", "alice", "--remove", fp2)
		contains(t, "--remove", out, "Removed the key "+fp2+" of alice.")
		out = e.ok("", "user", "keys", "alice")
		if strings.Contains(out, fp2) || !strings.Contains(out, "2 keys") {
			t.Errorf("keys after --remove:\n%s", out)
		}

		// Of several lines, the good ones are added and each bad one named.
		line4, fp4, _ := pubKey(t, "")
		r := e.fail(1, line4+"\nnot a key\n"+line1+"\n", "user", "keys", "bob", "--add", "-")
		contains(t, "stdout of a partly bad file", r.stdout, "Added "+fp4+" (ssh-ed25519) to bob.")
		contains(t, "stderr of a partly bad file", r.stderr,
			"numeneon: line 2: That is not a public key",
			"numeneon: line 3: That key is already registered.",
			"numeneon: 2 keys were not added.")
		contains(t, "bob's keys", e.ok("", "user", "keys", "bob"), fp4, "1 key")
	})
}

func TestUserKeysErrors(t *testing.T) {
	e := newEnv(t)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	line, fp, private := pubKey(t, "")
	e.ok(line, "user", "keys", "alice", "--add", "-")

	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"keys of nobody", "", []string{"user", "keys", "nobody"}, `There is no user "nobody".`},
		{"add to nobody", line, []string{"user", "keys", "nobody", "--add", "-"}, `There is no user "nobody".`},
		{"private key", private, []string{"user", "keys", "alice", "--add", "-"},
			"numeneon: That is a private key; give the public one (the .pub file)."},
		{"empty input", "\n# nothing\n", []string{"user", "keys", "alice", "--add", "-"}, "numeneon: No public key found"},
		{"missing file", "", []string{"user", "keys", "alice", "--add", "/nonexistent/id.pub"}, "no such file or directory"},
		{"garbage", "hello", []string{"user", "keys", "alice", "--add", "-"}, "numeneon: line 1: That is not a public key"},
		{"remove unknown", "", []string{"user", "keys", "alice", "--remove", "SHA256:nope"}, "There is no key SHA256:nope on this account."},
		{"remove empty", "", []string{"user", "keys", "alice", "--remove", " "}, "numeneon: Give the key's fingerprint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.fail(1, tt.stdin, tt.args...)
			contains(t, "stderr", r.stderr, tt.want)
			if strings.Contains(r.stderr, "Something went wrong") {
				t.Errorf("a domain error was reported as internal: %s", r.stderr)
			}
		})
	}
	if r := e.fail(2, "", "user", "keys", "alice", "--add", "-", "--remove", fp); !strings.Contains(r.stderr, "--add") {
		t.Errorf("--add with --remove: %s", r.stderr)
	}
	cfg := e.writeFile("keys.json", `{"db": "`+e.db+`", "remove": "`+fp+`"}`)
	if r := e.run("", "--config", cfg, "user", "keys", "alice"); r.code != 2 || !strings.Contains(r.stderr, `"remove" can only be given on the command line`) {
		t.Errorf("remove in the configuration file: exit %d, stderr %q", r.code, r.stderr)
	}
	contains(t, "alice's keys", e.ok("", "user", "keys", "alice"), fp, "1 key")
}

// TestNotUTF8 feeds every way a person gives numeneon text (arguments,
// standard input, a key file, the environment, the configuration file)
// bytes that are not UTF-8: each is refused, saying so, and nothing with
// a U+FFFD in place of the bad bytes is stored.
func TestNotUTF8(t *testing.T) {
	e := newEnv(t)
	e.ok("good password\n", "user", "add", "alice", "--email", "alice@example.com", "--password-stdin")
	for _, tt := range []struct {
		name, stdin string
		args        []string
		code        int
		want        string
	}{
		{"first name", "good password\n", []string{"user", "add", "joe", "--email", "joe@example.com", "--first", "Jo\xffe", "--password-stdin"},
			2, "is not valid UTF-8 text"},
		{"last name", "good password\n", []string{"user", "add", "joe", "--email", "joe@example.com", "--last=Bl\xc3ow", "--password-stdin"},
			2, "is not valid UTF-8 text"},
		{"username", "good password\n", []string{"user", "add", "jo\xffe", "--email", "joe@example.com", "--password-stdin"},
			2, "is not valid UTF-8 text"},
		{"e-mail", "good password\n", []string{"user", "add", "joe", "--email", "jo\xffe@example.com", "--password-stdin"},
			2, "is not valid UTF-8 text"},
		{"new password", "good pass\xffword\n", []string{"user", "add", "joe", "--email", "joe@example.com", "--password-stdin"},
			1, "numeneon: Password is not valid UTF-8 text."},
		{"passwd", "good pass\xffword\n", []string{"user", "passwd", "alice", "--password-stdin"},
			1, "numeneon: Password is not valid UTF-8 text."},
		{"passwd's name", "good password\n", []string{"user", "passwd", "al\xffice", "--password-stdin"},
			2, "is not valid UTF-8 text"},
	} {
		r := e.fail(tt.code, tt.stdin, tt.args...)
		contains(t, tt.name+": stderr", r.stderr, tt.want)
	}
	line, _, _ := pubKey(t, "lap\xfftop")
	r := e.fail(1, "", "user", "keys", "alice", "--add", e.writeFile("bad.pub", line+"\n"))
	contains(t, "a key with a comment that is not UTF-8", r.stderr, "not valid UTF-8 text")

	cfg := e.writeFile("bad.json", "{\"db\": \""+e.db+"\", \"first\": \"Jo\xffe\"}")
	r = e.fail(2, "good password\n", "--config", cfg, "user", "add", "joe", "--email", "joe@example.com", "--password-stdin")
	contains(t, "a configuration file that is not UTF-8", r.stderr, cfg+": not valid UTF-8 text")

	t.Setenv("NUMENEON_DB", e.db+"\xff")
	r = e.run("", "stats")
	if r.code != 2 || !strings.Contains(r.stderr, "NUMENEON_DB is not valid UTF-8 text") {
		t.Errorf("NUMENEON_DB that is not UTF-8: exit %d, stderr %q", r.code, r.stderr)
	}
	t.Setenv("NUMENEON_DB", "")

	out := e.ok("", "user", "list")
	if strings.Contains(out, "joe") || strings.Contains(out, "\uFFFD") {
		t.Errorf("a refused account was stored:\n%s", out)
	}
	if n := strings.Count(e.ok("", "user", "keys", "alice"), "ssh-ed25519"); n != 0 {
		t.Errorf("a key with a bad comment was added (%d keys)", n)
	}
}
