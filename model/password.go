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
}

// Hash returns a Django-format hash of password with a fresh random salt.
func (h Hasher) Hash(password string) string {
	return encodeHash(password, randomSalt(), h.iterations())
}

// Verify reports whether password matches a Django pbkdf2_sha256 hash, with
// whatever iteration count the hash names. Unusable ("!…") and foreign hashes
// never match, and answer at once: callers that must not tell them apart
// by time verify against a dummy hash as well (see Service.Login).
func (Hasher) Verify(password, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 4 || parts[0] != hashAlgorithm {
		return false
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n <= 0 || n > 100_000_000 {
		return false
	}
	want := encodeHash(password, parts[2], n)
	return subtle.ConstantTimeCompare([]byte(want), []byte(encoded)) == 1
}

// NeedsUpdate reports whether a hash that verified should be made again,
// as Django does on a successful login: its iteration count is not the
// hasher's, or its salt is shorter than Django's 22 characters. Unusable and
// foreign hashes never verify, so they never reach here.
func (h Hasher) NeedsUpdate(encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 4 || parts[0] != hashAlgorithm {
		return false
	}
	n, err := strconv.Atoi(parts[1])
	return err != nil || n != h.iterations() || len(parts[2]) < saltLength
}

func (h Hasher) iterations() int {
	if h.Iterations <= 0 {
		return DefaultIterations
	}
	return h.Iterations
}

func encodeHash(password, salt string, iterations int) string {
	key, err := pbkdf2.Key(sha256.New, password, []byte(salt), iterations, sha256.Size)
	if err != nil { // only for out-of-range key lengths, which ours is not
		panic(err)
	}
	return fmt.Sprintf("%s$%d$%s$%s", hashAlgorithm, iterations, salt,
		base64.StdEncoding.EncodeToString(key))
}

func randomSalt() string {
	b := make([]byte, saltLength)
	rand.Read(b)
	for i := range b {
		b[i] = saltChars[int(b[i])%len(saltChars)]
	}
	return string(b)
}
