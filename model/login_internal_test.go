package model

import (
	"context"
	"testing"
)

// loginStore answers UserByLogin with one account and its hash; the Store
// it embeds is nil, so any other call fails the test loudly.
type loginStore struct {
	Store
	user User
	hash string
}

func (s loginStore) UserByLogin(_ context.Context, login string) (User, string, error) {
	if login != s.user.Username {
		return User{}, "", Errorf(ENOTFOUND, "no such user")
	}
	return s.user, s.hash, nil
}

// TestFailedLoginSpendsTheDefault: a failed login spends the iterations
// of one hash at the current count, whatever the account: one whose hash
// is older and cheaper spends the iterations it lacks (Django's
// harden_runtime), and a login that names nobody, or an account whose
// hash is unusable ("!…"), foreign, malformed or empty, spends a whole
// hash; so the time of the answer does not tell which it was. Counted in
// iterations, not timed.
func TestFailedLoginSpendsTheDefault(t *testing.T) {
	const current = 1000
	old := Hasher{Iterations: 100}.Hash("the password")
	for _, c := range []struct {
		what, login, hash string
		want              int
	}{
		{"an unknown login", "nobody", "", current},
		{"an unusable password", "alice", "!Xy3unusable", current},
		{"a foreign hash", "alice", "bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuv", current},
		{"a malformed count", "alice", "pbkdf2_sha256$lots$seasalt$AAAA", current},
		{"an empty hash", "alice", "", current},
		{"a hash at the current count", "alice", Hasher{Iterations: current}.Hash("the password"), current},
		{"an older, cheaper hash", "alice", old, current},
		{"a costlier hash", "alice", Hasher{Iterations: 3000}.Hash("the password"), 3000},
	} {
		store := loginStore{user: User{ID: 1, Username: "alice", IsActive: true}, hash: c.hash}
		s := NewService(store, WithHasher(Hasher{Iterations: current}))
		spent := 0
		s.hasher.derive = func(password string, salt []byte, n int) []byte {
			spent += n
			return Hasher{}.key(password, salt, n)
		}
		_, err := s.Login(context.Background(), c.login, "a wrong password")
		if ErrorCode(err) != EUNAUTHORIZED {
			t.Errorf("%s: Login gave %v, want EUNAUTHORIZED", c.what, err)
		}
		if spent != c.want {
			t.Errorf("%s: a wrong password spent %d iterations, want %d", c.what, spent, c.want)
		}
	}
}

// TestLoginCapsLengthBeforeHashing: a login or password longer than any
// that can exist is refused at once, as EINVALID about its field, before
// the store is asked (the nil Store would panic) or anything is hashed.
func TestLoginCapsLengthBeforeHashing(t *testing.T) {
	s := NewService(nil, WithHasher(Hasher{Iterations: 10}))
	long := make([]byte, 10<<20)
	for i := range long {
		long[i] = 'p'
	}
	for _, c := range []struct{ login, password, field string }{
		{"alice", string(long), "password"},
		{string(long[:MaxLogin+1]), "password", "login"},
	} {
		_, err := s.Login(context.Background(), c.login, c.password)
		if ErrorCode(err) != EINVALID || ErrorField(err) != c.field {
			t.Errorf("Login with a %d-byte %s: %v, want EINVALID about %s", max(len(c.login), len(c.password)), c.field, err, c.field)
		}
	}
}

func TestNeedsUpdate(t *testing.T) {
	h := Hasher{Iterations: 1000}
	for _, c := range []struct {
		hash string
		want bool
	}{
		{h.Hash("x"), false},
		{Hasher{Iterations: 999}.Hash("x"), true},
		{Hasher{Iterations: 260_000}.Hash("x"), true},
		{"pbkdf2_sha256$1000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c=", true}, // a 7-character salt
		{"!unusable", false},
		{"argon2$whatever", false},
	} {
		if got := h.NeedsUpdate(c.hash); got != c.want {
			t.Errorf("NeedsUpdate(%q) = %v, want %v", c.hash, got, c.want)
		}
	}
}

func TestNormalizeUsername(t *testing.T) {
	for typed, want := range map[string]string{
		" ＦＵＬＬ ":    "FULL",
		"Zoe\u0301": "Zoé",
		"x²":        "x2",
		"ﬁne":       "fine",
		"alice":     "alice",
		"bad\xff":   "bad\xff", // left for ValidateUsername to refuse
	} {
		if got := NormalizeUsername(typed); got != want {
			t.Errorf("NormalizeUsername(%q) = %q, want %q", typed, got, want)
		}
	}
	if err := ValidateUsername(NormalizeUsername("x²")); err != nil {
		t.Errorf("x² is refused after normalization: %v", err)
	}
}

// BenchmarkWrongPassword times a wrong password at Django's cost for each
// kind of account: all should take about as long (one hash at 1,000,000).
func BenchmarkWrongPassword(b *testing.B) {
	for _, c := range []struct{ what, login, hash string }{
		{"unknown", "nobody", ""},
		{"current", "alice", Hasher{}.Hash("the password")},
		{"django3.2", "alice", Hasher{Iterations: 260_000}.Hash("the password")},
		{"django1.10", "alice", Hasher{Iterations: 30_000}.Hash("the password")},
	} {
		b.Run(c.what, func(b *testing.B) {
			s := NewService(loginStore{user: User{ID: 1, Username: "alice", IsActive: true}, hash: c.hash})
			for b.Loop() {
				s.Login(context.Background(), c.login, "a wrong password")
			}
		})
	}
}
