package model

import (
	"context"
	"net/netip"
	"time"
	"unicode/utf8"
)

// SignUpMode is how a server takes new accounts from strangers.
type SignUpMode string

// The sign-up modes; the zero value is SignUpOpen.
const (
	SignUpOpen   SignUpMode = "open"   // anyone signs up
	SignUpClosed SignUpMode = "closed" // no one: accounts come from the operator or the web app
	SignUpInvite SignUpMode = "invite" // with an invite code the operator made
)

// SignUpRules is how a Service takes sign-ups (WithSignUpRules). The zero
// value takes anyone, without limit: a local numeneon, whose person runs
// the database anyway.
type SignUpRules struct {
	Mode SignUpMode
	// PerHour bounds the accounts made from one address block
	// (AddressBlock) in an hour, on every instance on the database;
	// 0 is no bound. Sign-ups without an address are not bounded.
	PerHour int
}

// signUpWindow is the time over which SignUpRules.PerHour counts.
const signUpWindow = time.Hour

// maxAddress is the longest address recorded; an IPv6 address with a
// zone is the longest there is.
const maxAddress = 100

// WithSignUpRules sets how the Service takes sign-ups.
func WithSignUpRules(r SignUpRules) Option { return func(s *Service) { s.signUps = r } }

// SignUpRules returns how the Service takes sign-ups, for a screen that
// shows newcomers the right form.
func (s *Service) SignUpRules() SignUpRules { return s.signUps }

// SignUpTicket is what the store checks and records of one sign-up.
type SignUpTicket struct {
	// Address is where it came from ("" for nowhere in particular); the
	// sign-ups of its AddressBlock are counted.
	Address string
	// InviteHash is the SHA-256 (hex) of the invite code, "" when none
	// is asked for.
	InviteHash string
	// Limit bounds the sign-ups from Source after Since; 0 is no bound.
	Limit int
	Since time.Time
}

// SignUpStore keeps sign-ups: the accounts made, invite codes, and where
// each sign-up came from.
type SignUpStore interface {
	// CheckSignUp answers, without writing, what SignUpUser would about
	// the ticket: ErrBadInvite when its invite is used up, expired, revoked
	// or never was; ErrTooManySignUps when its source made Limit accounts
	// since Since already.
	CheckSignUp(ctx context.Context, t SignUpTicket) error
	// SignUpUser is CreateUser for a sign-up, in one transaction that also
	// uses one use of the invite (the last use goes to one sign-up only,
	// however many race for it), checks the block's count (serialized
	// with the other sign-ups from that block, on every instance) and
	// records the sign-up. The errors of CheckSignUp and CreateUser.
	SignUpUser(ctx context.Context, u *User, passwordHash string, t SignUpTicket) error
}

// ErrBadInvite is the answer to an invite code that lets no one in.
func ErrBadInvite() error {
	return Invalid("invite", "That invite code is not valid: mistyped, used up, expired or revoked.")
}

// ErrTooManySignUps is the answer to a sign-up from an address that made
// limit accounts in the last hour.
func ErrTooManySignUps(limit int) error {
	return Errorf(ELIMIT, "%d accounts were made from your address in the last hour, the most there can be; try again later.", limit)
}

// SignUp makes an account and its profile, as the Service's rules allow:
// none when sign-up is closed (EFORBIDDEN), only with a valid invite
// code in invite mode (EINVALID about "invite"), and no more per address
// and hour than the rules say (ELIMIT). The address and the time are
// recorded.
func (s *Service) SignUp(ctx context.Context, f SignUp) (User, error) {
	t, err := s.checkSignUp(ctx, &f)
	if err != nil {
		return User{}, err
	}
	u := User{Username: f.Username, Email: f.Email, FirstName: f.FirstName, LastName: f.LastName, IsActive: true}
	if err := s.store.SignUpUser(ctx, &u, s.hasher.Hash(f.Password), t); err != nil {
		return User{}, err
	}
	return u, nil
}

// CheckSignUp answers what SignUp would, short of its hash and its write
// (and of a sign-up racing it): for a server that rations hashing and
// counts wrong invite codes as it counts wrong passwords.
func (s *Service) CheckSignUp(ctx context.Context, f SignUp) error {
	_, err := s.checkSignUp(ctx, &f)
	return err
}

func (s *Service) checkSignUp(ctx context.Context, f *SignUp) (SignUpTicket, error) {
	if s.signUps.Mode == SignUpClosed {
		return SignUpTicket{}, Errorf(EFORBIDDEN, "This server takes no new accounts.")
	}
	if err := f.Validate(); err != nil {
		return SignUpTicket{}, err
	}
	t := SignUpTicket{Address: cut(f.Address, maxAddress)}
	if t.Address != "" && s.signUps.PerHour > 0 {
		t.Limit, t.Since = s.signUps.PerHour, s.now().Add(-signUpWindow)
	}
	if s.signUps.Mode == SignUpInvite {
		code, err := inviteCode(f.Invite)
		if err != nil {
			return SignUpTicket{}, err
		}
		t.InviteHash = inviteHash(code)
	}
	return t, s.store.CheckSignUp(ctx, t)
}

// AddressBlock is the block of addresses that one client is taken to
// hold, by which sign-ups and password tries are counted: an IPv4 address
// itself, and the /64 of an IPv6 one (a single host is usually given a
// whole /64). Text that is no IP address is returned as it is.
func AddressBlock(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	ip = ip.Unmap()
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.WithZone("").Prefix(64)
	return p.String()
}

// cut is s cut to at most n runes.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
