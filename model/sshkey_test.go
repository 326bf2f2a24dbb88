package model_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
)

// ed25519Line makes a fresh Ed25519 key and returns its authorized_keys
// line without a comment, and the private key in OpenSSH's PEM form.
func ed25519Line(t *testing.T) (string, string, ssh.PublicKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))), string(pem.EncodeToMemory(block)), pk
}

func TestParseAuthorizedKey(t *testing.T) {
	line, private, pk := ed25519Line(t)
	k, err := model.ParseAuthorizedKey("  " + line + " alice@laptop  \n")
	if err != nil {
		t.Fatalf("ParseAuthorizedKey: %v", err)
	}
	if k.Fingerprint != ssh.FingerprintSHA256(pk) || !strings.HasPrefix(k.Fingerprint, "SHA256:") {
		t.Errorf("Fingerprint = %q, want %q", k.Fingerprint, ssh.FingerprintSHA256(pk))
	}
	if k.Type != ssh.KeyAlgoED25519 || k.PublicKey != line || k.Comment != "alice@laptop" {
		t.Errorf("got type %q key %q comment %q; want %q %q %q", k.Type, k.PublicKey, k.Comment, ssh.KeyAlgoED25519, line, "alice@laptop")
	}
	if k, err := model.ParseAuthorizedKey(line + " " + strings.Repeat("é", 150)); err != nil || len([]rune(k.Comment)) != model.MaxSSHKeyComment {
		t.Errorf("a long comment: %v, %d characters; want it cut to %d", err, len([]rune(k.Comment)), model.MaxSSHKeyComment)
	}

	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	smallPK, _ := ssh.NewPublicKey(&small.PublicKey)
	other, _, _ := ed25519Line(t)
	bad := []struct {
		what, line, message string
	}{
		{"empty", "  \n", "Give a public key"},
		{"garbage", "hello world", "not a public key"},
		{"bad base64", "ssh-ed25519 AAAA!!!! me", "not a public key"},
		{"private key", private, "That is a private key; give the public one (the .pub file)."},
		{"too long", line + " " + strings.Repeat("x", model.MaxSSHKeyLine), "too long"},
		{"two keys", line + "\n" + other, "one public key"},
		{"options", `command="rm -rf /" ` + line, "without the options"},
		{"invalid UTF-8", line + " \xff", "UTF-8"},
		{"NUL", line + " a\x00b", "NUL"},
		{"small RSA", strings.TrimSpace(string(ssh.MarshalAuthorizedKey(smallPK))), "1024 bits"},
		{"SSH2 form", "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----", "ssh-keygen -i"},
	}
	for _, b := range bad {
		_, err := model.ParseAuthorizedKey(b.line)
		wantInvalid(t, b.what, err, "key")
		if !strings.Contains(model.ErrorMessage(err), b.message) {
			t.Errorf("%s: message %q does not say %q", b.what, model.ErrorMessage(err), b.message)
		}
	}
}
