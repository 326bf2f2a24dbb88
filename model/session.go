package model

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// SessionStore keeps sign-ins that last until log out. Only the SHA-256 of
// a session's token is stored; the token itself is the signed-in person's.
type SessionStore interface {
	// CreateSession records a sign-in of userID by the hash of its token.
	CreateSession(ctx context.Context, userID int64, tokenHash string) error
	// SessionUser returns the user of the session with this token hash and
	// notes that it was used. ENOTFOUND when there is none.
	SessionUser(ctx context.Context, tokenHash string) (User, error)
	// DeleteSession forgets a session; deleting one that is gone is no error.
	DeleteSession(ctx context.Context, tokenHash string) error
}

// tokenBytes is the randomness of a session token: 256 bits.
const tokenBytes = 32

// StartSession makes a sign-in of the actor that lasts until EndSession
// and returns its token, to be kept where only the actor can read it.
func (s *Service) StartSession(ctx context.Context, actor int64) (string, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return "", err
	}
	b := make([]byte, tokenBytes)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	if err := s.store.CreateSession(ctx, actor, hashToken(token)); err != nil {
		return "", err
	}
	return token, nil
}

// ResumeSession returns the user a session token belongs to.
// EUNAUTHORIZED when the token is unknown (ended, or from another
// database) or its account is deactivated.
func (s *Service) ResumeSession(ctx context.Context, token string) (User, error) {
	token = strings.TrimSpace(token)
	if token == "" || len(token) > 2*tokenBytes {
		return User{}, Errorf(EUNAUTHORIZED, "Sign in again.")
	}
	u, err := s.store.SessionUser(ctx, hashToken(token))
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return User{}, Errorf(EUNAUTHORIZED, "Sign in again.")
	case err != nil:
		return User{}, err
	case !u.IsActive:
		return User{}, Errorf(EUNAUTHORIZED, "This account is deactivated.")
	}
	return u, nil
}

// EndSession forgets a session token (log out).
func (s *Service) EndSession(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, hashToken(strings.TrimSpace(token)))
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
