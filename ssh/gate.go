package ssh

import (
	"context"

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

// SignUp makes an account from the sign-up form, its password hashed in a
// check slot.
func (g gate) SignUp(ctx context.Context, f model.SignUp) (model.User, error) {
	f.Address = g.addr
	var u model.User
	var err error
	if !g.s.guard.run(ctx, func() { u, err = g.s.svc.SignUp(ctx, f) }) {
		return model.User{}, errBusy
	}
	if err == nil {
		g.s.log.Info("signed up", "user", plain(u.Username), "addr", g.addr)
	}
	return u, err
}
