package ssh

import (
	"context"
	"fmt"
	"net"
	"time"

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

// name is who the connection is, for the log: the account, or the name a
// newcomer came with.
func (id identity) name(sshUser string) string {
	if id.user.ID != 0 {
		return plain(id.user.Username)
	}
	return plain(model.NormalizeUsername(sshUser))
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

// accountKey is the context key of the account the SSH user name names.
type accountKey struct{}

// account is the username of the account the connection's SSH user name
// names (Service.LoginName: "alice", "@alice", " ａｌｉｃｅ " and alice's
// e-mail are all alice), "" for none: asked once per connection, since a
// client offers its keys one by one, then tries passwords.
func (s *Server) account(ctx gliderssh.Context) (string, error) {
	if name, ok := ctx.Value(accountKey{}).(string); ok {
		return name, nil
	}
	name, err := s.svc.LoginName(ctx, ctx.User())
	switch model.ErrorCode(err) {
	case "":
	case model.ENOTFOUND, model.EINVALID:
		name = ""
	default:
		return "", err
	}
	ctx.SetValue(accountKey{}, name)
	return name, nil
}

// publicKey lets in a key registered to an account (as that account), and
// an unknown key whose user name names no account (a newcomer, who signs
// up). An unknown key for an existing account is refused, so that the
// client asks for the password.
func (s *Server) publicKey(ctx gliderssh.Context, key gliderssh.PublicKey) bool {
	u, err := s.svc.UserBySSHKey(ctx, gossh.FingerprintSHA256(key))
	switch model.ErrorCode(err) {
	case "":
		// Another account named: its password it is (and the key,
		// someone else's, is not offered to it).
		if name, err := s.account(ctx); err != nil || name != "" && name != u.Username {
			return false
		}
		ctx.SetValue(identityKey{}, &identity{user: u, key: key, keyKnown: true})
		return true
	case model.ENOTFOUND:
		name, err := s.account(ctx)
		if err != nil {
			s.log.Error("looking up an account", "err", err)
			return false
		}
		if name != "" {
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
	return s.passwordLogin(ctx, "password", func() (string, bool) { return password, true })
}

// keyboardInteractive asks for the password (OpenSSH tries this before
// plain password authentication), or nothing at all of a newcomer.
func (s *Server) keyboardInteractive(ctx gliderssh.Context, ask gossh.KeyboardInteractiveChallenge) bool {
	return s.passwordLogin(ctx, "keyboard-interactive", func() (string, bool) {
		answers, err := ask("", "", []string{"Password: "}, []bool{false})
		if err != nil || len(answers) != 1 {
			return "", false
		}
		return answers[0], true
	})
}

func (s *Server) passwordLogin(ctx gliderssh.Context, via string, password func() (string, bool)) bool {
	name, err := s.account(ctx)
	if err != nil {
		s.log.Error("looking up an account", "err", err)
		return false
	}
	if name == "" {
		ctx.SetValue(identityKey{}, &identity{key: offered(ctx)})
		return true
	}
	pw, ok := password()
	if !ok {
		return false
	}
	u, err := s.login(ctx, remoteIP(ctx.RemoteAddr()), name, name, pw, via)
	if err != nil {
		return false
	}
	ctx.SetValue(identityKey{}, &identity{user: u, key: offered(ctx)})
	return true
}

// login checks a password typed at addr for account (the username of the
// account that login names; "" when it names none) through the guard:
// the one way every password typed to this server is checked, whether by
// SSH password, keyboard-interactive or the welcome screen's form, so that
// each gets the same waits, the same check slots and the same log lines.
// via says which it was, for the log.
func (s *Server) login(ctx context.Context, addr, account, login, password, via string) (model.User, error) {
	var u model.User
	var err error
	v, wait := s.guard.check(ctx, model.AddressBlock(addr), account, func() verdict {
		u, err = s.svc.Login(ctx, login, password)
		switch model.ErrorCode(err) {
		case "":
			return right
		case model.EUNAUTHORIZED, model.EINVALID:
			return wrong
		}
		return unchecked
	})
	log := s.log.With("user", plain(account), "addr", addr, "via", via)
	if account == "" {
		log = s.log.With("login", plain(model.NormalizeUsername(login)), "addr", addr, "via", via)
	}
	switch {
	case v == right:
		return u, nil
	case v == waiting:
		log.Warn("password try refused: too many failures", "wait", roundUp(wait))
		return model.User{}, &model.Error{Code: model.ELIMIT, Field: "password",
			Message: "Too many wrong passwords; try again in " + inWords(wait) + "."}
	case v == wrong && account == "":
		log.Info("wrong password: no such account")
	case v == wrong:
		log.Info("wrong password")
	case ctx.Err() != nil:
		log.Debug("password try given up by the client")
		return model.User{}, ctx.Err()
	case err != nil:
		log.Error("checking a password", "err", err)
	default:
		log.Warn("password try not checked: every checker was busy")
		return model.User{}, errBusy
	}
	return model.User{}, err
}

// errBusy is the answer to a try that found no free checker in time.
var errBusy = &model.Error{Code: model.ELIMIT, Field: "password", Message: "The server is busy; try again in a moment."}

// roundUp is a wait in whole seconds, at least one, for the log.
func roundUp(d time.Duration) time.Duration {
	return max(d.Round(time.Second), time.Second)
}

// inWords is a wait as a person reads it: "4 seconds", "2 minutes"
// (rounded up: a person who tries again then is let in).
func inWords(d time.Duration) string {
	if s := int((d + time.Second - 1) / time.Second); s < 60 {
		return plural(max(s, 1), "second")
	}
	return plural(int((d+time.Minute-1)/time.Minute), "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
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
