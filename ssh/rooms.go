package ssh

import (
	"github.com/numeneon/numeneon/model"
)

// Sessions are counted in two rooms: the signed-in people's (at most
// MaxSessions, MaxSessionsPerUser of one account) and the newcomers', who
// are not signed in (at most MaxNewcomers, MaxNewcomersPerAddr from one
// address). Strangers filling theirs never keep a person out of the other.

// The refusals of a connection or a session past a limit.
var (
	errRestarting = model.Errorf(model.EFORBIDDEN, "numeneon is restarting; connect again in a moment.")
	errFull       = model.Errorf(model.EFORBIDDEN, "numeneon is full right now; try again in a few minutes.")
	errAddrFull   = model.Errorf(model.EFORBIDDEN, "Too many people are signing up from your address right now; try again in a few minutes.")
	errAddrConns  = model.Errorf(model.EFORBIDDEN, "Too many connections from your address; close some first.")
)

// errUserFull is the refusal of a session past an account's limit.
func (s *Server) errUserFull() error {
	return model.Errorf(model.EFORBIDDEN, "You have %d sessions open already, the most there can be; close one first.", s.cfg.MaxSessionsPerUser)
}

// admit counts a new session of user (0 for a newcomer) from its address
// against the limits of its room, or says why not.
func (s *Server) admit(x *session, user int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining {
		return errRestarting
	}
	if user == 0 {
		switch {
		case s.newcomers >= s.cfg.MaxNewcomers:
			return errFull
		case s.newcomer[x.addr] >= s.cfg.MaxNewcomersPerAddr:
			return errAddrFull
		}
		s.newcomers++
		s.newcomer[x.addr]++
	} else {
		switch {
		case s.signed >= s.cfg.MaxSessions:
			return errFull
		case s.perUser[user] >= s.cfg.MaxSessionsPerUser:
			return s.errUserFull()
		}
		s.join(x, user)
	}
	s.sessions[x] = struct{}{}
	return nil
}

// join counts x as a session of user.
func (s *Server) join(x *session, user int64) {
	x.user = user
	s.signed++
	s.perUser[user]++
}

// leave uncounts x from its room.
func (s *Server) leave(x *session) {
	if x.user == 0 {
		s.newcomers--
		if s.newcomer[x.addr]--; s.newcomer[x.addr] <= 0 {
			delete(s.newcomer, x.addr)
		}
		return
	}
	s.signed--
	if s.perUser[x.user]--; s.perUser[x.user] <= 0 {
		delete(s.perUser, x.user)
	}
	x.user = 0
}

// signIn moves x to the room of user, who signed in within it (a
// newcomer who logged in or signed up, someone who logged in as someone
// else), or says why not; a session refused stays as it was. moved says
// that x was not user's already.
func (s *Server) signIn(x *session, user int64) (moved bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if x.user == user {
		return false, nil
	}
	if _, open := s.sessions[x]; !open {
		return false, errRestarting // it is ending
	}
	switch {
	case x.user == 0 && s.signed >= s.cfg.MaxSessions: // (a switch of account keeps its place)
		return false, errFull
	case s.perUser[user] >= s.cfg.MaxSessionsPerUser:
		return false, s.errUserFull()
	}
	s.leave(x)
	s.join(x, user)
	return true, nil
}

// release forgets a session that ended.
func (s *Server) release(x *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, open := s.sessions[x]; open {
		delete(s.sessions, x)
		s.leave(x)
	}
}

// Sessions is how many sessions are open, signed in or not.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
