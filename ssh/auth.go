package ssh

import (
	"net"

	gliderssh "charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// identity is who a connection is, as authentication found out: a person
// (user), or a newcomer to sign up (user.ID 0), and the public key they
// came with, if any.
type identity struct {
	user     model.User
	key      gossh.PublicKey
	keyKnown bool // key is registered to user
}

// how says how the person got in, for the log.
func (id identity) how() string {
	switch {
	case id.user.ID == 0:
		return "newcomer"
	case id.keyKnown:
		return "key"
	}
	return "password"
}

type identityKey struct{}

// offeredKey is the context key of a public key a client offered and
// that was not taken: a person who then logs in with a password is
// offered to register it.
type offeredKey struct{}

func identityOf(ctx gliderssh.Context) identity {
	if id, ok := ctx.Value(identityKey{}).(*identity); ok {
		return *id
	}
	return identity{}
}

func offered(ctx gliderssh.Context) gossh.PublicKey {
	k, _ := ctx.Value(offeredKey{}).(gossh.PublicKey)
	return k
}

// existsKey is the context key of accountExists's answer for a name.
type existsKey struct{ name string }

// accountExists is Service.AccountExists, asked once per connection and
// name: a client offers its keys one by one, then tries passwords.
func (s *Server) accountExists(ctx gliderssh.Context, name string) (bool, error) {
	if exists, ok := ctx.Value(existsKey{name}).(bool); ok {
		return exists, nil
	}
	exists, err := s.svc.AccountExists(ctx, name)
	if err == nil {
		ctx.SetValue(existsKey{name}, exists)
	}
	return exists, err
}

// publicKey lets in a key registered to an account (as that account), and
// an unknown key whose user name names no account (a newcomer, who signs
// up). An unknown key for an existing account is refused, so that the
// client asks for the password.
func (s *Server) publicKey(ctx gliderssh.Context, key gliderssh.PublicKey) bool {
	u, err := s.svc.UserBySSHKey(ctx, gossh.FingerprintSHA256(key))
	switch model.ErrorCode(err) {
	case "":
		if name := ctx.User(); model.NormalizeUsername(name) != u.Username {
			// Another account named: its password it is (and the key,
			// someone else's, is not offered to it).
			if exists, err := s.accountExists(ctx, name); err != nil || exists {
				return false
			}
		}
		ctx.SetValue(identityKey{}, &identity{user: u, key: key, keyKnown: true})
		return true
	case model.ENOTFOUND:
		exists, err := s.accountExists(ctx, ctx.User())
		if err != nil {
			s.log.Error("looking up an account", "err", err)
			return false
		}
		if exists {
			ctx.SetValue(offeredKey{}, gossh.PublicKey(key))
			return false
		}
		ctx.SetValue(identityKey{}, &identity{key: key})
		return true
	case model.EUNAUTHORIZED: // a deactivated account
		return false
	}
	s.log.Error("looking up a key", "err", err)
	return false
}

// password checks a password against the account named by the SSH user
// name, as the web app does. A name that is no account lets the newcomer
// in to sign up.
func (s *Server) password(ctx gliderssh.Context, password string) bool {
	return s.passwordLogin(ctx, func() (string, bool) { return password, true })
}

// keyboardInteractive asks for the password (OpenSSH tries this before
// plain password authentication), or nothing at all of a newcomer.
func (s *Server) keyboardInteractive(ctx gliderssh.Context, ask gossh.KeyboardInteractiveChallenge) bool {
	return s.passwordLogin(ctx, func() (string, bool) {
		answers, err := ask("", "", []string{"Password: "}, []bool{false})
		if err != nil || len(answers) != 1 {
			return "", false
		}
		return answers[0], true
	})
}

func (s *Server) passwordLogin(ctx gliderssh.Context, password func() (string, bool)) bool {
	name := ctx.User()
	exists, err := s.accountExists(ctx, name)
	if err != nil {
		s.log.Error("looking up an account", "err", err)
		return false
	}
	if !exists {
		ctx.SetValue(identityKey{}, &identity{key: offered(ctx)})
		return true
	}
	pw, ok := password()
	if !ok {
		return false
	}
	addr := remoteIP(ctx.RemoteAddr())
	var u model.User
	ok, wait := s.guard.check(ctx, addr, model.NormalizeUsername(name), func() bool {
		var err error
		u, err = s.svc.Login(ctx, name, pw)
		return err == nil
	})
	switch {
	case wait > 0:
		s.log.Warn("password try refused: too many failures", "user", plain(name), "addr", addr, "wait", wait.Round(1e9))
		return false
	case !ok:
		s.log.Info("wrong password", "user", plain(name), "addr", addr)
		return false
	}
	ctx.SetValue(identityKey{}, &identity{user: u, key: offered(ctx)})
	return true
}

// plain is what a client sent (a user name, a command), made safe to log
// or show: no control or escape sequences, at most 64 characters.
func plain(s string) string { return cleanCut(s, 64) }

// cleanCut is s on one line through the sanitizer, cut to n characters
// with "…".
func cleanCut(s string, n int) string {
	s = text.CleanLine(s)
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
}

func remoteIP(a net.Addr) string {
	if host, _, err := net.SplitHostPort(a.String()); err == nil {
		return host
	}
	return a.String()
}
