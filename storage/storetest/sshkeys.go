package storetest

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
)

func runSSHKeys(t *testing.T, open Opener) {
	t.Run("AddListRemove", func(t *testing.T) { testSSHKeys(t, newEnv(t, open)) })
	t.Run("OneOwner", func(t *testing.T) { testSSHKeyOwners(t, newEnv(t, open)) })
	t.Run("Limit", func(t *testing.T) { testSSHKeyLimit(t, newEnv(t, open)) })
	t.Run("SignIn", func(t *testing.T) { testUserBySSHKey(t, newEnv(t, open)) })
	t.Run("Operator", func(t *testing.T) { testOperatorSSHKeys(t, newEnv(t, open)) })
}

// sshKey makes a fresh Ed25519 public key and returns its authorized_keys
// line (with comment) and fingerprint.
func sshKey(t testing.TB, comment string) (line, fingerprint string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	line = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk)))
	if comment != "" {
		line += " " + comment
	}
	return line, ssh.FingerprintSHA256(pk)
}

func fingerprints(ks []model.SSHKey) []string {
	fps := make([]string, len(ks))
	for i, k := range ks {
		fps[i] = k.Fingerprint
	}
	return fps
}

func wantFingerprints(t testing.TB, ks []model.SSHKey, want []string, what string) {
	t.Helper()
	if got := fingerprints(ks); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s: got keys %v, want %v", what, got, want)
	}
}

// testSSHKeys: keys are added with their fingerprint, type, key and
// comment, listed oldest first, only the owner's, and removed by
// fingerprint with or without the SHA256: prefix.
func testSSHKeys(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	line1, fp1 := sshKey(t, "alice@laptop")
	line2, fp2 := sshKey(t, "")
	k1, err := e.svc.AddSSHKey(e.ctx, alice.ID, line1+"\n")
	must(t, err, "alice adds a key")
	if k1.ID == 0 || k1.UserID != alice.ID || k1.Fingerprint != fp1 || k1.Type != ssh.KeyAlgoED25519 ||
		k1.Comment != "alice@laptop" || k1.PublicKey+" alice@laptop" != line1 || k1.CreatedAt.IsZero() {
		t.Errorf("AddSSHKey = %+v", k1)
	}
	_, err = e.svc.AddSSHKey(e.ctx, alice.ID, line2)
	must(t, err, "alice adds a second key")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_ssh_key WHERE user_id = $1 AND fingerprint = $2 AND public_key = $3 AND comment = $4",
		alice.ID, fp1, k1.PublicKey, "alice@laptop"), 1, "the first key's row")

	ks, err := e.svc.SSHKeys(e.ctx, alice.ID)
	must(t, err, "alice's keys")
	wantFingerprints(t, ks, []string{fp1, fp2}, "alice's keys")
	if len(ks) == 2 {
		got := ks[0]
		if got.ID != k1.ID || got.UserID != alice.ID || got.Type != k1.Type || got.PublicKey != k1.PublicKey ||
			got.Comment != k1.Comment || !sameTime(got.CreatedAt, k1.CreatedAt) || ks[1].Comment != "" {
			t.Errorf("listed %+v, %+v; added %+v", got, ks[1], k1)
		}
	}
	ks, err = e.svc.SSHKeys(e.ctx, bob.ID)
	must(t, err, "bob's keys")
	wantFingerprints(t, ks, nil, "bob's keys")

	must(t, e.svc.RemoveSSHKey(e.ctx, alice.ID, " "+fp1+" "), "alice removes her first key")
	must(t, e.svc.RemoveSSHKey(e.ctx, alice.ID, strings.TrimPrefix(fp2, "SHA256:")), "alice removes her second key by its base64")
	ks, err = e.svc.SSHKeys(e.ctx, alice.ID)
	must(t, err, "alice's keys after removing")
	wantFingerprints(t, ks, nil, "alice's keys after removing")
	wantCode(t, e.svc.RemoveSSHKey(e.ctx, alice.ID, fp1), model.ENOTFOUND, "removing a removed key")
	wantField(t, e.svc.RemoveSSHKey(e.ctx, alice.ID, "  "), model.EINVALID, "fingerprint", "removing an empty fingerprint")

	_, err = e.svc.AddSSHKey(e.ctx, alice.ID, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n")
	wantField(t, err, model.EINVALID, "key", "adding a private key")
	_, err = e.svc.AddSSHKey(e.ctx, alice.ID, "ssh-ed25519 garbage")
	wantField(t, err, model.EINVALID, "key", "adding garbage")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_ssh_key"), 0, "keys after refused adds")
}

// testSSHKeyOwners: a key belongs to one account: registering it again,
// by anyone, is a conflict, and nobody removes another's key.
func testSSHKeyOwners(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	line, fp := sshKey(t, "shared")
	_, err := e.svc.AddSSHKey(e.ctx, alice.ID, line)
	must(t, err, "alice adds a key")
	_, err = e.svc.AddSSHKey(e.ctx, bob.ID, line)
	wantCode(t, err, model.ECONFLICT, "bob adds alice's key")
	if model.ErrorMessage(err) != "That key is already registered." {
		t.Errorf("bob adds alice's key: message %q", model.ErrorMessage(err))
	}
	_, err = e.svc.AddSSHKey(e.ctx, alice.ID, strings.TrimSuffix(line, " shared")+" other comment")
	wantCode(t, err, model.ECONFLICT, "alice adds her key again with another comment")

	wantCode(t, e.svc.RemoveSSHKey(e.ctx, bob.ID, fp), model.ENOTFOUND, "bob removes alice's key")
	u, err := e.svc.UserBySSHKey(e.ctx, fp)
	if err != nil || u.ID != alice.ID {
		t.Errorf("UserBySSHKey after bob's removal = %+v, %v; want alice", u, err)
	}
	_, err = e.op.AddSSHKey(e.ctx, "bob", line)
	wantCode(t, err, model.ECONFLICT, "the operator gives bob alice's key")

	// An account deleted by someone else (the web app) takes its keys
	// with it: the key can be registered again.
	e.exec("DELETE FROM users_profile WHERE user_id = $1", alice.ID)
	e.exec("DELETE FROM auth_user WHERE id = $1", alice.ID)
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_ssh_key"), 0, "keys after alice's account was deleted")
	_, err = e.svc.UserBySSHKey(e.ctx, fp)
	wantCode(t, err, model.ENOTFOUND, "UserBySSHKey of a deleted account's key")
	_, err = e.svc.AddSSHKey(e.ctx, bob.ID, line)
	must(t, err, "bob adds the deleted account's key")
}

// testSSHKeyLimit: an account holds at most MaxSSHKeys keys.
func testSSHKeyLimit(t *testing.T, e *env) {
	alice := e.user("alice")
	var first string
	for i := range model.MaxSSHKeys {
		line, fp := sshKey(t, "")
		if i == 0 {
			first = fp
		}
		_, err := e.svc.AddSSHKey(e.ctx, alice.ID, line)
		must(t, err, "adding a key under the limit")
	}
	line, _ := sshKey(t, "")
	_, err := e.svc.AddSSHKey(e.ctx, alice.ID, line)
	wantField(t, err, model.EINVALID, "key", "adding a key past the limit")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_ssh_key WHERE user_id = $1", alice.ID), model.MaxSSHKeys, "alice's keys")
	must(t, e.svc.RemoveSSHKey(e.ctx, alice.ID, first), "removing one")
	_, err = e.svc.AddSSHKey(e.ctx, alice.ID, line)
	must(t, err, "adding a key after removing one")
}

// testUserBySSHKey: public-key sign-in finds the key's owner; an unknown
// key is ENOTFOUND and a deactivated account EUNAUTHORIZED, which also
// may not manage its keys.
func testUserBySSHKey(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	line, fp := sshKey(t, "")
	_, err := e.svc.AddSSHKey(e.ctx, alice.ID, line)
	must(t, err, "alice adds a key")
	u, err := e.svc.UserBySSHKey(e.ctx, fp)
	if err != nil || u.ID != alice.ID || u.Username != "alice" || !u.IsActive {
		t.Errorf("UserBySSHKey = %+v, %v; want alice", u, err)
	}
	_, unknown := sshKey(t, "")
	_, err = e.svc.UserBySSHKey(e.ctx, unknown)
	wantCode(t, err, model.ENOTFOUND, "UserBySSHKey of an unknown key")
	_, err = e.svc.UserBySSHKey(e.ctx, "")
	wantCode(t, err, model.ENOTFOUND, "UserBySSHKey of nothing")

	e.exec("UPDATE auth_user SET is_active = $1 WHERE id = $2", false, alice.ID)
	_, err = e.svc.UserBySSHKey(e.ctx, fp)
	wantCode(t, err, model.EUNAUTHORIZED, "UserBySSHKey of a deactivated account")
	other, _ := sshKey(t, "")
	_, err = e.svc.AddSSHKey(e.ctx, alice.ID, other)
	wantCode(t, err, model.EFORBIDDEN, "a deactivated account adds a key")
	_, err = e.svc.SSHKeys(e.ctx, alice.ID)
	wantCode(t, err, model.EFORBIDDEN, "a deactivated account lists its keys")
	wantCode(t, e.svc.RemoveSSHKey(e.ctx, alice.ID, fp), model.EFORBIDDEN, "a deactivated account removes a key")
	_, err = e.svc.AddSSHKey(e.ctx, 0, other)
	wantCode(t, err, model.EUNAUTHORIZED, "nobody adds a key")
	if ks, err := e.svc.SSHKeys(e.ctx, bob.ID); err != nil || len(ks) != 0 {
		t.Errorf("bob's keys = %v, %v", ks, err)
	}
}

// testOperatorSSHKeys: the operator manages anyone's keys by username.
func testOperatorSSHKeys(t *testing.T, e *env) {
	e.user("alice")
	line, fp := sshKey(t, "from the operator")
	k, err := e.op.AddSSHKey(e.ctx, "@alice", line)
	must(t, err, "the operator adds alice's key")
	if k.Fingerprint != fp || k.Comment != "from the operator" {
		t.Errorf("Operator.AddSSHKey = %+v", k)
	}
	ks, err := e.op.SSHKeys(e.ctx, "alice")
	must(t, err, "the operator lists alice's keys")
	wantFingerprints(t, ks, []string{fp}, "alice's keys")
	_, err = e.op.SSHKeys(e.ctx, "nobody")
	wantCode(t, err, model.ENOTFOUND, "keys of nobody")
	_, err = e.op.AddSSHKey(e.ctx, "nobody", line)
	wantCode(t, err, model.ENOTFOUND, "adding a key to nobody")
	wantCode(t, e.op.RemoveSSHKey(e.ctx, "nobody", fp), model.ENOTFOUND, "removing a key of nobody")
	must(t, e.op.RemoveSSHKey(e.ctx, "alice", fp), "the operator removes alice's key")
	wantCode(t, e.op.RemoveSSHKey(e.ctx, "alice", fp), model.ENOTFOUND, "removing it again")
}
