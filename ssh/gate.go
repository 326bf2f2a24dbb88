package ssh

import (
	"context"
	"fmt"

	"github.com/numeneon/numeneon/model"
)

// gate is how the welcome screen of an SSH session logs in and signs up
// (tui.Gate): a password typed in its log-in form is checked through the
// server's guard like one typed to SSH (Server.login), and a sign-up's
// hash takes one of the guard's check slots, so that newcomers can neither
// guess passwords faster nor hash more at once than anyone else.
type gate struct {
	s    *Server
	addr string // the client's IP address
}

// Login checks a login and password typed in the log-in form.
func (g gate) Login(ctx context.Context, login, password string) (model.User, error) {
	name, err := g.s.svc.LoginName(ctx, login)
	switch model.ErrorCode(err) {
	case "", model.ENOTFOUND:
	default:
		return model.User{}, err
	}
	u, err := g.s.login(ctx, g.addr, name, login, password, "log-in form")
	if err == nil {
		g.s.log.Info("logged in", "user", plain(u.Username), "addr", g.addr, "via", "log-in form")
	}
	return u, err
}

// SignUp makes an account from the sign-up form. What would be refused
// anyway is refused before the hash; on a server that takes new accounts
// by invite, a wrong code counts against the address as a wrong password
// does (and an address that must wait is told so at the code). The hash
// takes a check slot.
func (g gate) SignUp(ctx context.Context, f model.SignUp) (model.User, error) {
	f.Address = g.addr
	u, err := g.signUp(ctx, f)
	switch {
	case err == nil:
		g.s.log.Info("signed up", "user", plain(u.Username), "addr", g.addr)
	case model.ErrorCode(err) == model.ELIMIT && model.ErrorField(err) == "":
		g.s.log.Warn("sign-up refused: too many accounts from the address", "addr", g.addr)
	case model.ErrorCode(err) == model.EINTERNAL:
		g.s.log.Error("signing up", "addr", g.addr, "err", err)
	}
	return u, err
}

func (g gate) signUp(ctx context.Context, f model.SignUp) (model.User, error) {
	if err := g.check(ctx, f); err != nil {
		return model.User{}, err
	}
	var u model.User
	var err error
	if !g.s.guard.run(ctx, func() { u, err = g.s.svc.SignUp(ctx, f) }) {
		g.s.log.Warn("sign-up not made: every checker was busy", "addr", g.addr)
		return model.User{}, errBusy
	}
	return u, err
}

// check is Service.CheckSignUp, and with invites, a try in the guard.
func (g gate) check(ctx context.Context, f model.SignUp) error {
	if g.s.svc.SignUpRules().Mode != model.SignUpInvite {
		return g.s.svc.CheckSignUp(ctx, f)
	}
	var err error
	v, wait := g.s.guard.check(ctx, model.AddressBlock(g.addr), "", func() verdict {
		err = g.s.svc.CheckSignUp(ctx, f)
		switch {
		case err == nil:
			return right
		case model.ErrorCode(err) == model.EINVALID && model.ErrorField(err) == "invite":
			return wrong
		}
		return unchecked // not about the code: not a guess
	})
	switch v {
	case waiting:
		g.s.log.Warn("invite code try refused: too many failures", "addr", g.addr, "wait", roundUp(wait))
		return &model.Error{Code: model.ELIMIT, Field: "invite",
			Message: "Too many wrong tries from your address; try again in " + inWords(wait) + "."}
	case wrong:
		g.s.log.Info("wrong invite code", "addr", g.addr)
	case unchecked:
		if err == nil {
			return errBusy
		}
	}
	return err
}

// noAccount tells a newcomer who gave a command, which needs an account,
// how to get one.
func (s *Server) noAccount(name string) string {
	switch s.svc.SignUpRules().Mode {
	case model.SignUpClosed:
		return fmt.Sprintf("there is no account %q, and this server takes no new accounts.", name)
	case model.SignUpInvite:
		return fmt.Sprintf("there is no account %q. Connect without a command to sign up with your invite code: ssh %s@<host>", name, name)
	}
	return fmt.Sprintf("there is no account %q. Connect without a command to sign up: ssh %s@<host>", name, name)
}
