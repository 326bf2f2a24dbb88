package model

import (
	"context"
	"strings"
	"unicode/utf8"
)

// LoginName returns the username of the account that login names, found
// as Login finds it (userByLogin), active or not: for a server that must
// choose between asking for a password and offering sign-up before anyone
// is signed in, and that counts and logs tries by account. ENOTFOUND when
// no account has that name or e-mail; EINVALID (about "login") for text
// no login can be. It tells no more than sign-up's "That username is
// taken." and "That email already has an account." do.
func (s *Service) LoginName(ctx context.Context, login string) (string, error) {
	login, err := loginText(login)
	if err != nil {
		return "", err
	}
	u, _, err := s.userByLogin(ctx, login)
	return u.Username, err
}

// loginText is a login as typed, normalized as sign-up normalizes a
// username, or why it cannot be one.
func loginText(login string) (string, error) {
	login = NormalizeUsername(login)
	if err := validText("login", "Username", login); err != nil {
		return "", err
	}
	if login == "" {
		return "", Invalid("login", "Type your username or email.")
	}
	if utf8.RuneCountInString(login) > MaxLogin {
		return "", Invalid("login", "A username or email has at most %d characters.", MaxLogin)
	}
	return login, nil
}

// userByLogin finds the account a normalized login names, with its
// password hash: the username, else the e-mail address; else, for a login
// that begins with "@", the same without it. numeneon shows everyone as
// "@name" and takes "@name" wherever a name is typed, so "@alice" (and
// ssh @alice@host) is alice, unless an account is really named "@alice"
// (Django allows it), which is found first.
func (s *Service) userByLogin(ctx context.Context, login string) (User, string, error) {
	u, hash, err := s.store.UserByLogin(ctx, login)
	if rest, ok := strings.CutPrefix(login, "@"); ok && rest != "" && ErrorCode(err) == ENOTFOUND {
		return s.store.UserByLogin(ctx, rest)
	}
	return u, hash, err
}
