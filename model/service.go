package model

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Service holds every use-case of numeneon. Each method that acts for a
// person takes the acting user's id first and checks what that user may do;
// the Store below it does no authorization of its own.
type Service struct {
	store  Store
	hasher Hasher
	now    func() time.Time
	// dummyHash is verified when a login names nobody, so that a wrong
	// username takes as long as a wrong password. Made on first use: a
	// hash costs as much as a login.
	dummyHash func() string
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
	s.dummyHash = sync.OnceValue(func() string { return s.hasher.Hash("numeneon-dummy-password") })
	return s
}

// Store returns the store the service runs on.
func (s *Service) Store() Store { return s.store }

// --- accounts ---

// SignUp makes an account and its profile.
func (s *Service) SignUp(ctx context.Context, f SignUp) (User, error) {
	if err := f.Validate(); err != nil {
		return User{}, err
	}
	u := User{Username: f.Username, Email: f.Email, FirstName: f.FirstName, LastName: f.LastName, IsActive: true}
	if err := s.store.CreateUser(ctx, &u, s.hasher.Hash(f.Password)); err != nil {
		return User{}, err
	}
	return u, nil
}

// Login checks a username or e-mail and a password. A wrong login and a
// wrong password get the same EUNAUTHORIZED answer.
func (s *Service) Login(ctx context.Context, login, password string) (User, error) {
	login = strings.TrimSpace(login)
	u, hash, err := s.store.UserByLogin(ctx, login)
	if ErrorCode(err) == ENOTFOUND {
		s.hasher.Verify(password, s.dummyHash())
		return User{}, Errorf(EUNAUTHORIZED, "Wrong username or password.")
	}
	if err != nil {
		return User{}, err
	}
	if !s.hasher.Verify(password, hash) || !u.IsActive {
		return User{}, Errorf(EUNAUTHORIZED, "Wrong username or password.")
	}
	now := s.now().UTC()
	u.LastLogin = &now
	return u, s.store.SetLastLogin(ctx, u.ID, now)
}

// ChangePassword replaces the actor's password after checking the old one.
func (s *Service) ChangePassword(ctx context.Context, actor int64, old, new string) error {
	u, err := s.store.User(ctx, actor)
	if err != nil {
		return err
	}
	_, hash, err := s.store.UserByLogin(ctx, u.Username)
	if err != nil {
		return err
	}
	if !s.hasher.Verify(old, hash) {
		return Invalid("old_password", "The current password is wrong.")
	}
	if err := ValidatePassword(new, u.Username); err != nil {
		return err
	}
	return s.store.SetPassword(ctx, actor, s.hasher.Hash(new))
}

// ResetPassword sets a user's password without the old one. It is for the
// operator's command line, never for a session.
func (s *Service) ResetPassword(ctx context.Context, username, password string) error {
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil {
		return err
	}
	if err := ValidatePassword(password, u.Username); err != nil {
		return err
	}
	return s.store.SetPassword(ctx, u.ID, s.hasher.Hash(password))
}

// Users lists accounts by id for the operator's command line.
func (s *Service) Users(ctx context.Context, afterID int64, limit int) ([]User, error) {
	return s.store.Users(ctx, afterID, Page{Limit: limit}.Normalize().Limit)
}

// User returns a user by id.
func (s *Service) User(ctx context.Context, id int64) (User, error) {
	return s.store.User(ctx, id)
}

// UserByUsername returns a user by exact username.
func (s *Service) UserByUsername(ctx context.Context, username string) (User, error) {
	return s.store.UserByUsername(ctx, strings.TrimPrefix(strings.TrimSpace(username), "@"))
}

// --- profiles and search ---

// activityDays is how far back the profile heatmap reaches.
const activityDays = 365

// Profile returns userID's profile as the actor sees it.
func (s *Service) Profile(ctx context.Context, actor, userID int64) (ProfileView, error) {
	u, err := s.store.User(ctx, userID)
	if err != nil {
		return ProfileView{}, err
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
	v.User, v.Profile = u, p
	if v.Friendship, err = s.store.FriendState(ctx, actor, userID); err != nil {
		return ProfileView{}, err
	}
	return v, nil
}

// UpdateProfile edits the actor's own profile.
func (s *Service) UpdateProfile(ctx context.Context, actor int64, upd ProfileUpdate) error {
	if err := upd.Validate(); err != nil {
		return err
	}
	return s.store.UpdateProfile(ctx, actor, upd)
}

func searchTerm(q string) (string, error) {
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
// first or last name.
func (s *Service) SearchUsers(ctx context.Context, actor int64, q string) ([]UserSummary, error) {
	q, err := searchTerm(strings.TrimPrefix(strings.TrimSpace(q), "@"))
	if err != nil {
		return nil, err
	}
	return s.store.SearchUsers(ctx, actor, q, MaxSearch)
}

// SearchPosts finds top-level posts by content.
func (s *Service) SearchPosts(ctx context.Context, actor int64, q string, page Page) ([]Post, error) {
	q, err := searchTerm(q)
	if err != nil {
		return nil, err
	}
	return s.store.SearchPosts(ctx, actor, q, page.Normalize())
}
