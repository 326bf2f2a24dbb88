package model_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// Known answers for pbkdf2_sha256 in Django's format.
//
// The first two are quoted from Django's own test suite,
// django/django tests/auth_tests/test_hashers.py:
//   - test_pbkdf2 (Django 4.1/4.2, 390,000 iterations):
//     make_password("lètmein", "seasalt", "pbkdf2_sha256") ==
//     "pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c="
//   - test_low_level_pbkdf2 (Django 1.10/1.11, 30,000 iterations):
//     PBKDF2PasswordHasher().encode("lètmein", "seasalt2") ==
//     "pbkdf2_sha256$30000$seasalt2$a75qzbogeVhNFeMqhdgyyoqGKpIzYUo651sq57RERew="
//
// The 1,000,000-iteration one (Django 5.2's count) and the 260,000 one
// (Django 3.2's) were computed independently with Python's
// hashlib.pbkdf2_hmac("sha256", "lètmein".encode(), b"seasalt", n), the
// primitive Django's PBKDF2PasswordHasher calls, and base64-encoded as Django
// does; the same two strings also appear in third-party Django-compatible
// hashers' test suites.
var djangoVectors = []struct {
	name, password, encoded string
}{
	{"django test_pbkdf2 (4.1)", "lètmein", "pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c="},
	{"django test_low_level_pbkdf2 (1.10)", "lètmein", "pbkdf2_sha256$30000$seasalt2$a75qzbogeVhNFeMqhdgyyoqGKpIzYUo651sq57RERew="},
	{"hashlib, Django 3.2 count", "lètmein", "pbkdf2_sha256$260000$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="},
	{"hashlib, Django 5.2 count", "lètmein", "pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps="},
}

func TestVerifyDjangoVectors(t *testing.T) {
	var h model.Hasher // the iteration count of the hasher must not matter
	for _, v := range djangoVectors {
		t.Run(v.name, func(t *testing.T) {
			if !h.Verify(v.password, v.encoded) {
				t.Errorf("Verify(%q, %q) = false, want true", v.password, v.encoded)
			}
			for _, wrong := range []string{"lètmeinz", "letmein", "LÈTMEIN", ""} {
				if h.Verify(wrong, v.encoded) {
					t.Errorf("Verify(%q, %q) = true, want false", wrong, v.encoded)
				}
			}
		})
	}
}

var hashFormat = regexp.MustCompile(`^pbkdf2_sha256\$(\d+)\$([A-Za-z0-9]{22})\$([A-Za-z0-9+/]{43}=)$`)

func TestHashRoundTrip(t *testing.T) {
	h := model.Hasher{Iterations: 1000}
	for _, pw := range []string{"lètmein", "correct horse battery staple", "😀 emoji password 😀", strings.Repeat("x", 4096)} {
		enc := h.Hash(pw)
		m := hashFormat.FindStringSubmatch(enc)
		if m == nil {
			t.Fatalf("Hash(%.20q) = %q, not Django's pbkdf2_sha256 format", pw, enc)
		}
		if m[1] != "1000" {
			t.Errorf("Hash(%.20q) used %s iterations, want 1000", pw, m[1])
		}
		if !h.Verify(pw, enc) {
			t.Errorf("Verify(%.20q, Hash(%.20q)) = false", pw, pw)
		}
		if h.Verify(pw+"x", enc) {
			t.Errorf("Verify accepted a wrong password for %q", enc)
		}
	}
	a, b := h.Hash("same password"), h.Hash("same password")
	if a == b {
		t.Errorf("two hashes of one password are equal (%q): the salt is not random", a)
	}
}

func TestHashDefaultIterations(t *testing.T) {
	enc := model.Hasher{}.Hash("lètmein")
	m := hashFormat.FindStringSubmatch(enc)
	if m == nil || m[1] != "1000000" {
		t.Fatalf("Hasher{}.Hash = %q, want pbkdf2_sha256 with 1000000 iterations", enc)
	}
	if model.DefaultIterations != 1_000_000 {
		t.Errorf("DefaultIterations = %d, want Django 5.2's 1000000", model.DefaultIterations)
	}
	if len(enc) < 88 || len(enc) > 89 {
		t.Errorf("len(hash) = %d, Django's are 88-89 characters", len(enc))
	}
}

func TestVerifyOtherIterationCount(t *testing.T) {
	enc := model.Hasher{Iterations: 2345}.Hash("another password")
	if !strings.HasPrefix(enc, "pbkdf2_sha256$2345$") {
		t.Fatalf("hash = %q", enc)
	}
	for _, h := range []model.Hasher{{Iterations: 1000}, {Iterations: 1}, {}} {
		if !h.Verify("another password", enc) {
			t.Errorf("Hasher{%d}.Verify of a 2345-iteration hash = false", h.Iterations)
		}
	}
	// The iteration count is part of the hash: changing it breaks it.
	forged := strings.Replace(enc, "$2345$", "$2346$", 1)
	if (model.Hasher{}).Verify("another password", forged) {
		t.Errorf("Verify accepted a hash whose iteration count was changed")
	}
}

func TestUnusableAndForeignHashesNeverVerify(t *testing.T) {
	var h model.Hasher
	good := djangoVectors[0].encoded
	cases := []struct{ password, encoded string }{
		{"", "!"},
		{"!", "!"},
		{"lètmein", "!" + strings.Repeat("a", 40)},
		{"", "!" + strings.Repeat("a", 40)},
		{"!" + strings.Repeat("a", 40), "!" + strings.Repeat("a", 40)},
		{"lètmein", "!" + good},
		{"lètmein", ""},
		{"", ""},
		{"lètmein", strings.Replace(good, "pbkdf2_sha256", "pbkdf2_sha1", 1)},
		{"lètmein", strings.Replace(good, "pbkdf2_sha256", "argon2", 1)},
		{"lètmein", strings.Replace(good, "$390000$", "$abc$", 1)},
		{"lètmein", strings.Replace(good, "$390000$", "$0$", 1)},
		{"lètmein", strings.Replace(good, "$390000$", "$-1$", 1)},
		{"lètmein", good + "$extra"},
		{"lètmein", strings.TrimSuffix(good, "=")},
		{"lètmein", "pbkdf2_sha256$390000$seasalt"},
		{"lètmein", "md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3"},
	}
	for _, c := range cases {
		if h.Verify(c.password, c.encoded) {
			t.Errorf("Verify(%q, %q) = true, want false", c.password, c.encoded)
		}
	}
}
