package model

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// DefaultIterations is Django 5.2's PBKDF2 iteration count, the count new
// hashes are made with so that the web backend never needs to re-hash them.
const DefaultIterations = 1_000_000

const (
	hashAlgorithm = "pbkdf2_sha256"
	saltChars     = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	saltLength    = 22
)

// Hasher makes and checks Django pbkdf2_sha256 password hashes
// ("pbkdf2_sha256$<iterations>$<salt>$<base64 hash>").
type Hasher struct {
	// Iterations for new hashes; tests and the seed lower it for speed.
	Iterations int
	// derive is PBKDF2-HMAC-SHA256 (nil); tests count the iterations a
	// check spends through it.
	derive func(password string, salt []byte, iterations int) []byte
}

// Hash returns a Django-format hash of password with a fresh random salt.
func (h Hasher) Hash(password string) string {
	return h.encode(password, randomSalt(), h.iterations())
}

// Verify reports whether password matches a Django pbkdf2_sha256 hash, with
// whatever iteration count the hash names. Unusable ("!…"), foreign and
// malformed hashes never match, and answer at once: a login checks with
// Check, which does not.
func (h Hasher) Verify(password, encoded string) bool {
	n, salt, ok := parseHash(encoded)
	return ok && h.matches(password, encoded, salt, n)
}

// Check is Verify for a login: whatever encoded is, a wrong password
// costs at least one hash at the hasher's count, so that the time of the
// answer does not tell accounts apart. An older, cheaper hash spends the
// iterations it lacks, as Django's harden_runtime does; an unusable,
// foreign, malformed or missing hash spends a whole hash on nothing.
func (h Hasher) Check(password, encoded string) bool {
	n, salt, ok := parseHash(encoded)
	if !ok {
		h.key(password, []byte("numeneon-no-hash"), h.iterations())
		return false
	}
	if h.matches(password, encoded, salt, n) {
		return true
	}
	if extra := h.iterations() - n; extra > 0 {
		h.key(password, []byte(salt), extra)
	}
	return false
}

func (h Hasher) matches(password, encoded, salt string, n int) bool {
	want := h.encode(password, salt, n)
	return subtle.ConstantTimeCompare([]byte(want), []byte(encoded)) == 1
}

// parseHash returns the iteration count and salt of a pbkdf2_sha256 hash;
// ok is false for any other string (and for absurd counts).
func parseHash(encoded string) (iterations int, salt string, ok bool) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 4 || parts[0] != hashAlgorithm {
		return 0, "", false
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n <= 0 || n > 100_000_000 {
		return 0, "", false
	}
	return n, parts[2], true
}

// NeedsUpdate reports whether a hash that verified should be made again,
// as Django does on a successful login: its iteration count is not the
// hasher's, or its salt is shorter than Django's 22 characters. Unusable and
// foreign hashes never verify, so they never reach here.
func (h Hasher) NeedsUpdate(encoded string) bool {
	n, salt, ok := parseHash(encoded)
	return ok && (n != h.iterations() || len(salt) < saltLength)
}

func (h Hasher) iterations() int {
	if h.Iterations <= 0 {
		return DefaultIterations
	}
	return h.Iterations
}

func (h Hasher) encode(password, salt string, iterations int) string {
	return fmt.Sprintf("%s$%d$%s$%s", hashAlgorithm, iterations, salt,
		base64.StdEncoding.EncodeToString(h.key(password, []byte(salt), iterations)))
}

func (h Hasher) key(password string, salt []byte, iterations int) []byte {
	if h.derive != nil {
		return h.derive(password, salt, iterations)
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil { // only for out-of-range key lengths, which ours is not
		panic(err)
	}
	return key
}

func randomSalt() string {
	b := make([]byte, saltLength)
	rand.Read(b)
	for i := range b {
		b[i] = saltChars[int(b[i])%len(saltChars)]
	}
	return string(b)
}
