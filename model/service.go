package model

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Service holds every use-case of numeneon. Each method that acts for a
// person takes the acting user's id first and checks what that user may do;
// the Store below it does no authorization of its own.
type Service struct {
	store   Store
	hasher  Hasher
	now     func() time.Time
	signUps SignUpRules
	// budgets bound how fast a person writes (WithBudgets).
	budgets map[WriteKind]Budget
}

// Option configures a Service.
type Option func(*Service)

// WithHasher sets the password hasher (tests lower its iteration count).
func WithHasher(h Hasher) Option { return func(s *Service) { s.hasher = h } }

// WithClock sets the clock used for "the last year" and login times.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// NewService returns a Service over store.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, hasher: Hasher{Iterations: DefaultIterations}, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// acting loads the acting user and refuses one whose account is gone or
// closed: every use-case for a person starts here.
func (s *Service) acting(ctx context.Context, actor int64) (User, error) {
	if actor <= 0 {
		return User{}, Errorf(EUNAUTHORIZED, "Sign in first.")
	}
	u, err := s.store.User(ctx, actor)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return User{}, Errorf(EUNAUTHORIZED, "Your account no longer exists.")
	case err != nil:
		return User{}, err
	case !u.IsActive:
		return User{}, Errorf(EFORBIDDEN, "Your account is deactivated.")
	}
	return u, nil
}

// --- accounts ---

// MaxLogin is the longest login (a username or an e-mail address) worth
// looking up: the e-mail column's length.
const MaxLogin = MaxEmail

// Login checks a username or e-mail and a password. A wrong login, a wrong
// password, a closed account and an account without a usable password all
// get the same EUNAUTHORIZED answer after the same work (at least one
// PBKDF2 at the current count, Hasher.Check), so that neither the answer
// nor its time tells them apart. A hash that
// Django would make again (an older iteration count, a short salt) is
// made again, as Django does on login.
func (s *Service) Login(ctx context.Context, login, password string) (User, error) {
	login, err := loginText(login)
	if err != nil {
		return User{}, err
	}
	if err := validText("password", "Password", password); err != nil {
		return User{}, err
	}
	if utf8.RuneCountInString(password) > MaxPassword {
		return User{}, Invalid("password", "A password has at most %d characters.", MaxPassword)
	}
	u, hash, err := s.userByLogin(ctx, login)
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return User{}, err
	}
	if !s.hasher.Check(password, hash) || err != nil || !u.IsActive {
		return User{}, Errorf(EUNAUTHORIZED, "Wrong username or password.")
	}
	if s.hasher.NeedsUpdate(hash) {
		if err := s.store.SetPassword(ctx, u.ID, s.hasher.Hash(password)); err != nil {
			return User{}, err
		}
	}
	now := s.now().UTC()
	u.LastLogin = &now
	return u, s.store.SetLastLogin(ctx, u.ID, now)
}

// ChangePassword replaces the actor's password after checking the old one.
func (s *Service) ChangePassword(ctx context.Context, actor int64, old, new string) error {
	u, err := s.acting(ctx, actor)
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(old) > MaxPassword {
		return Invalid("old_password", "The current password is wrong.")
	}
	hash, err := s.store.PasswordHash(ctx, u.ID)
	if err != nil {
		return err
	}
	if !s.hasher.Check(old, hash) {
		return Invalid("old_password", "The current password is wrong.")
	}
	if err := ValidatePassword(new, u.Username); err != nil {
		return err
	}
	return s.store.SetPassword(ctx, actor, s.hasher.Hash(new))
}

// User returns a user by id, as the actor sees it.
func (s *Service) User(ctx context.Context, actor, id int64) (User, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return User{}, err
	}
	return s.store.User(ctx, id)
}

// UserByUsername returns a user by username ("@name" works too).
func (s *Service) UserByUsername(ctx context.Context, actor int64, username string) (User, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return User{}, err
	}
	name, err := lookupName(username)
	if err != nil {
		return User{}, err
	}
	return s.store.UserByUsername(ctx, name)
}

// --- the live stream ---

// Subscribe delivers the actor's events above after, then each new one as
// it happens, until ctx ends (model.EventStore.Subscribe).
func (s *Service) Subscribe(ctx context.Context, actor, after int64) (<-chan Event, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.Subscribe(ctx, actor, after)
}

// LastEventID is the newest event's id: where a new session starts its
// subscription.
func (s *Service) LastEventID(ctx context.Context) (int64, error) {
	return s.store.LastEventID(ctx)
}

// Live reports whether the event stream is connected to the database.
func (s *Service) Live() bool { return s.store.Live() }

// WatchLive delivers whether the event stream is connected, at once and
// then at each change, until ctx ends: a session's "live" or
// "reconnecting".
func (s *Service) WatchLive(ctx context.Context) <-chan bool { return s.store.WatchLive(ctx) }

// --- profiles and search ---

// activityDays is how far back the profile heatmap reaches.
const activityDays = 365

// Profile returns userID's profile as the actor sees it.
func (s *Service) Profile(ctx context.Context, actor, userID int64) (ProfileView, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return ProfileView{}, err
	}
	u, err := s.store.User(ctx, userID)
	if err != nil {
		return ProfileView{}, err
	}
	b, err := s.store.Blocking(ctx, actor, userID)
	if err != nil {
		return ProfileView{}, err
	}
	if b.Either() {
		// Only who it is and that a block stands: nothing they wrote.
		return ProfileView{User: u, Blocking: b}, nil
	}
	p, err := s.store.Profile(ctx, userID)
	if err != nil {
		return ProfileView{}, err
	}
	since := s.now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -activityDays+1)
	v, err := s.store.ProfileStats(ctx, userID, since)
	if err != nil {
		return ProfileView{}, err
	}
	v.User, v.Profile, v.Blocking = u, p, b
	if v.Friendship, err = s.store.FriendState(ctx, actor, userID); err != nil {
		return ProfileView{}, err
	}
	return v, nil
}

// UpdateProfile edits the actor's own profile.
func (s *Service) UpdateProfile(ctx context.Context, actor int64, upd ProfileUpdate) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	if err := upd.Validate(); err != nil {
		return err
	}
	return s.store.UpdateProfile(ctx, actor, upd)
}

func searchTerm(q string) (string, error) {
	if err := validText("query", "A search", q); err != nil {
		return "", err
	}
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) < MinSearch {
		return "", Invalid("query", "Type at least %d characters to search.", MinSearch)
	}
	if utf8.RuneCountInString(q) > MaxPost {
		return "", Invalid("query", "A search can be at most %d characters.", MaxPost)
	}
	return q, nil
}

// SearchUsers finds at most 20 people other than the actor by username,
// first or last name, leaving out whoever blocks the actor or is blocked
// by them.
func (s *Service) SearchUsers(ctx context.Context, actor int64, q string) ([]UserSummary, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	q, err := searchTerm(strings.TrimPrefix(strings.TrimSpace(q), "@"))
	if err != nil {
		return nil, err
	}
	return s.store.SearchUsers(ctx, actor, q, MaxSearch)
}

// SearchPosts finds top-level posts by content.
func (s *Service) SearchPosts(ctx context.Context, actor int64, q string, page Page) ([]Post, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	q, err := searchTerm(q)
	if err != nil {
		return nil, err
	}
	return s.store.SearchPosts(ctx, actor, q, page.Normalize())
}
