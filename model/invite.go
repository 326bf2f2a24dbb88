package model

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Invite is an invite code as the operator sees it: the code itself is
// shown once, when it is made, and kept only as its SHA-256, so that
// whoever reads the database cannot sign up with it.
type Invite struct {
	ID        int64
	Hint      string // the code's first characters, to tell codes apart
	Uses      int    // how many sign-ups it lets in
	Used      int    // how many it did
	ExpiresAt *time.Time
	CreatedAt time.Time
}

// Live reports whether the invite still lets someone in at now.
func (i Invite) Live(now time.Time) bool {
	return i.Used < i.Uses && (i.ExpiresAt == nil || i.ExpiresAt.After(now))
}

// InviteStore keeps invite codes for the operator; sign-ups use them up
// through SignUpStore.
type InviteStore interface {
	// CreateInvite stores inv (Hint, Uses, ExpiresAt) with the hash of its
	// code and sets its ID and CreatedAt.
	CreateInvite(ctx context.Context, inv *Invite, codeHash string) error
	// Invites lists every invite, oldest first.
	Invites(ctx context.Context) ([]Invite, error)
	// DeleteInvite revokes an invite: no one signs up with it any more.
	// ENOTFOUND.
	DeleteInvite(ctx context.Context, id int64) error
}

// Limits of invites.
const (
	MaxInvite     = 64 // the longest code worth looking up, as typed
	MaxInviteUses = 10_000
	inviteChars   = 16 // 80 random bits
	inviteHint    = 4
)

// CreateInvite makes an invite code that lets uses people sign up until
// it expires (expires 0: never), and returns the code, which is shown
// this once.
func (o *Operator) CreateInvite(ctx context.Context, uses int, expires time.Duration) (string, Invite, error) {
	switch {
	case uses < 1 || uses > MaxInviteUses:
		return "", Invite{}, Invalid("uses", "An invite lets 1 to %d people in (not %d).", MaxInviteUses, uses)
	case expires < 0:
		return "", Invite{}, Invalid("expires", "An invite cannot expire in the past.")
	}
	raw := rand.Text()[:inviteChars] // base32: letters and the digits 2-7
	inv := Invite{Hint: raw[:inviteHint], Uses: uses}
	if expires > 0 {
		at := o.svc.now().UTC().Add(expires)
		inv.ExpiresAt = &at
	}
	if err := o.store.CreateInvite(ctx, &inv, inviteHash(raw)); err != nil {
		return "", Invite{}, err
	}
	var code strings.Builder
	for i := 0; i < len(raw); i += 4 {
		if i > 0 {
			code.WriteByte('-')
		}
		code.WriteString(raw[i : i+4])
	}
	return code.String(), inv, nil
}

// Invites lists every invite, oldest first.
func (o *Operator) Invites(ctx context.Context) ([]Invite, error) {
	return o.store.Invites(ctx)
}

// RevokeInvite deletes an invite, so that no one signs up with it any more.
func (o *Operator) RevokeInvite(ctx context.Context, id int64) error {
	return o.store.DeleteInvite(ctx, id)
}

// inviteCode is an invite code as typed, as it was made: capital
// letters and digits, whatever the case, the spaces and the dashes.
func inviteCode(typed string) (string, error) {
	if err := validText("invite", "An invite code", typed); err != nil {
		return "", err
	}
	if len(typed) > MaxInvite {
		return "", ErrBadInvite()
	}
	code := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(typed)))
	if code == "" {
		return "", Invalid("invite", "Type your invite code: this server takes new accounts only with one.")
	}
	return code, nil
}

// inviteHash is what is stored of an invite code.
func inviteHash(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}
