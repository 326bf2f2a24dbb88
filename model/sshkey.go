package model

import (
	"context"
	"crypto/rsa"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"
)

// Limits of SSH keys.
const (
	MaxSSHKeyLine    = 16 << 10 // bytes of one authorized_keys line; an RSA-16384 key is about 2.8 KiB
	MaxSSHKeys       = 20       // keys per account
	MaxSSHKeyComment = 100      // characters of a key's comment (longer ones are cut)
	minRSABits       = 2048
)

// SSHKey is a public key that signs its owner in over SSH.
type SSHKey struct {
	ID          int64
	UserID      int64
	Fingerprint string // SHA256:… as ssh-keygen -l prints it
	Type        string // ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, …
	PublicKey   string // the authorized_keys form: type and base64, without options or comment
	Comment     string
	CreatedAt   time.Time
}

// SSHKeyStore keeps the public keys of SSH sign-in.
type SSHKeyStore interface {
	// AddSSHKey stores k (Fingerprint, Type, PublicKey, Comment) for
	// userID and returns it with ID, UserID and CreatedAt set. ECONFLICT
	// when the fingerprint is registered already, to anyone; EINVALID
	// (field key) when userID has max keys already. Adds for one user are
	// serialized, so the limit holds under concurrency.
	AddSSHKey(ctx context.Context, userID int64, k SSHKey, max int) (SSHKey, error)
	// SSHKeys lists userID's keys, oldest first.
	SSHKeys(ctx context.Context, userID int64) ([]SSHKey, error)
	// DeleteSSHKey removes userID's key with this fingerprint. ENOTFOUND
	// when userID has no such key (someone else's included).
	DeleteSSHKey(ctx context.Context, userID int64, fingerprint string) error
	// UserBySSHKey returns the owner of the key with this fingerprint.
	// ENOTFOUND when no account has it.
	UserBySSHKey(ctx context.Context, fingerprint string) (User, error)
}

// IsKeyBlock reports whether s is a key that spans lines (a private key,
// or a public key in the RFC 4716 form), which ParseAuthorizedKey
// refuses whole with one message rather than line by line.
func IsKeyBlock(s string) bool { return isPrivateKey(s) || isSSH2Key(s) }

func isPrivateKey(s string) bool {
	return strings.Contains(s, "PRIVATE KEY-----") || strings.HasPrefix(strings.TrimSpace(s), "PuTTY-User-Key-File-")
}

func isSSH2Key(s string) bool {
	return strings.HasPrefix(strings.TrimSpace(s), "---- BEGIN SSH2 PUBLIC KEY")
}

// ParseAuthorizedKey reads one public key in the authorized_keys form
// ("ssh-ed25519 AAAA… comment"), as in a .pub file. The key is refused
// (EINVALID, field key) when it is not one public key: empty, too long,
// garbage, a private key, several keys, a key with options before it, a
// certificate, a DSA key or an RSA key under 2048 bits. The comment is
// cut to MaxSSHKeyComment characters.
func ParseAuthorizedKey(line string) (SSHKey, error) {
	if len(line) > MaxSSHKeyLine {
		return SSHKey{}, Invalid("key", "That is too long for a public key (at most %d KiB).", MaxSSHKeyLine>>10)
	}
	if isPrivateKey(line) {
		return SSHKey{}, Invalid("key", "That is a private key; give the public one (the .pub file).")
	}
	if err := validText("key", "A public key", line); err != nil {
		return SSHKey{}, err
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return SSHKey{}, Invalid("key", "Give a public key, the line of a .pub file (ssh-ed25519 AAAA…).")
	}
	if isSSH2Key(line) {
		return SSHKey{}, Invalid("key", "Give the key in OpenSSH's form: convert it with ssh-keygen -i -f FILE.")
	}
	if strings.ContainsAny(line, "\r\n") {
		return SSHKey{}, Invalid("key", "Give one public key at a time, on one line.")
	}
	pk, comment, options, rest, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return SSHKey{}, Invalid("key", "That is not a public key; give the line of a .pub file (ssh-ed25519 AAAA…).")
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return SSHKey{}, Invalid("key", "Give one public key at a time, on one line.")
	}
	if len(options) > 0 {
		return SSHKey{}, Invalid("key", "Give the key without the options before it (from=…, command=…): numeneon keeps none.")
	}
	if _, ok := pk.(*ssh.Certificate); ok {
		return SSHKey{}, Invalid("key", "Certificates are not supported; give a plain public key.")
	}
	if pk.Type() == ssh.KeyAlgoDSA {
		return SSHKey{}, Invalid("key", "DSA keys are no longer safe; make an Ed25519 key with ssh-keygen -t ed25519.")
	}
	if ck, ok := pk.(ssh.CryptoPublicKey); ok {
		if r, ok := ck.CryptoPublicKey().(*rsa.PublicKey); ok && r.N.BitLen() < minRSABits {
			return SSHKey{}, Invalid("key", "This RSA key has %d bits; use at least %d, or an Ed25519 key (ssh-keygen -t ed25519).",
				r.N.BitLen(), minRSABits)
		}
	}
	return SSHKey{
		Fingerprint: ssh.FingerprintSHA256(pk),
		Type:        pk.Type(),
		PublicKey:   strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))),
		Comment:     keyComment(comment),
	}, nil
}

// keyComment trims a key's comment to one line of at most
// MaxSSHKeyComment characters.
func keyComment(c string) string {
	c = strings.TrimSpace(c)
	if utf8.RuneCountInString(c) > MaxSSHKeyComment {
		c = strings.TrimSpace(string([]rune(c)[:MaxSSHKeyComment]))
	}
	return c
}

// normalizeFingerprint checks a fingerprint as a person may type it:
// "SHA256:…" or the base64 part alone.
func normalizeFingerprint(fp string) (string, error) {
	fp = strings.TrimSpace(fp)
	if err := validText("fingerprint", "A fingerprint", fp); err != nil {
		return "", err
	}
	if fp == "" {
		return "", Invalid("fingerprint", "Give the key's fingerprint (SHA256:…).")
	}
	if len(fp) > 100 {
		return "", Invalid("fingerprint", "That is not a key fingerprint (SHA256:…).")
	}
	if !strings.HasPrefix(fp, "SHA256:") {
		fp = "SHA256:" + fp
	}
	return fp, nil
}

// AddSSHKey registers a public key (one authorized_keys line) with which
// the actor signs in over SSH. ECONFLICT when the key is registered
// already, by anyone; EINVALID (field key) for a bad key or past
// MaxSSHKeys.
func (s *Service) AddSSHKey(ctx context.Context, actor int64, line string) (SSHKey, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return SSHKey{}, err
	}
	return addSSHKey(ctx, s.store, actor, line)
}

func addSSHKey(ctx context.Context, store SSHKeyStore, userID int64, line string) (SSHKey, error) {
	k, err := ParseAuthorizedKey(line)
	if err != nil {
		return SSHKey{}, err
	}
	return store.AddSSHKey(ctx, userID, k, MaxSSHKeys)
}

// SSHKeys lists the actor's public keys, oldest first.
func (s *Service) SSHKeys(ctx context.Context, actor int64) ([]SSHKey, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.SSHKeys(ctx, actor)
}

// RemoveSSHKey removes one of the actor's keys by its fingerprint
// ("SHA256:…", or the part after the colon). ENOTFOUND when the actor has
// no such key.
func (s *Service) RemoveSSHKey(ctx context.Context, actor int64, fingerprint string) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	return removeSSHKey(ctx, s.store, actor, fingerprint)
}

func removeSSHKey(ctx context.Context, store SSHKeyStore, userID int64, fingerprint string) error {
	fp, err := normalizeFingerprint(fingerprint)
	if err != nil {
		return err
	}
	if err := store.DeleteSSHKey(ctx, userID, fp); ErrorCode(err) == ENOTFOUND {
		return Errorf(ENOTFOUND, "There is no key %s on this account.", fp)
	} else if err != nil {
		return err
	}
	return nil
}

// UserBySSHKey is the SSH server's public-key authentication: the account
// that registered the key with this fingerprint (ssh.FingerprintSHA256 of
// the key the client offered). ENOTFOUND when no account has it;
// EUNAUTHORIZED when its account is deactivated.
func (s *Service) UserBySSHKey(ctx context.Context, fingerprint string) (User, error) {
	fp, err := normalizeFingerprint(fingerprint)
	if err != nil {
		return User{}, Errorf(ENOTFOUND, "Unknown key.")
	}
	u, err := s.store.UserBySSHKey(ctx, fp)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return User{}, Errorf(ENOTFOUND, "Unknown key.")
	case err != nil:
		return User{}, err
	case !u.IsActive:
		return User{}, Errorf(EUNAUTHORIZED, "This account is deactivated.")
	}
	return u, nil
}

// SSHKeys lists a user's public keys, oldest first.
func (o *Operator) SSHKeys(ctx context.Context, username string) ([]SSHKey, error) {
	u, err := o.UserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	return o.store.SSHKeys(ctx, u.ID)
}

// AddSSHKey registers a public key (one authorized_keys line) for a user,
// with the rules of Service.AddSSHKey.
func (o *Operator) AddSSHKey(ctx context.Context, username, line string) (SSHKey, error) {
	u, err := o.UserByUsername(ctx, username)
	if err != nil {
		return SSHKey{}, err
	}
	return addSSHKey(ctx, o.store, u.ID, line)
}

// RemoveSSHKey removes a user's key by its fingerprint. ENOTFOUND when the
// user has no such key.
func (o *Operator) RemoveSSHKey(ctx context.Context, username, fingerprint string) error {
	u, err := o.UserByUsername(ctx, username)
	if err != nil {
		return err
	}
	return removeSSHKey(ctx, o.store, u.ID, fingerprint)
}
