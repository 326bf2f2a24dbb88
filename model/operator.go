package model

import "context"

// OperatorStore is what the operator's use-cases need beyond Store.
type OperatorStore interface {
	Store
	InviteStore
	// Stats counts what the database holds and picks up to sample
	// usernames (the first ones by id).
	Stats(ctx context.Context, sample int) (Stats, error)
	// RecentEvents returns the newest n events of userID (above 0),
	// oldest first. EINVALID for a userID of 0 or less.
	RecentEvents(ctx context.Context, userID int64, n int) ([]Event, error)
	// RecentEventsAll returns the newest n events of everyone, oldest first.
	RecentEventsAll(ctx context.Context, n int) ([]Event, error)
	// SubscribeAll is Subscribe to every user's events.
	SubscribeAll(ctx context.Context, after int64) (<-chan Event, error)
	// SetActive opens or closes an account; closing records an
	// EventAccountClosed for it. changed is false when it already stood
	// that way. ENOTFOUND is not reported: the caller looked the user up.
	SetActive(ctx context.Context, userID int64, active bool) (changed bool, err error)
}

// Stats is what the database holds.
type Stats struct {
	Users, Posts, Replies, Likes, Friendships, Requests, Messages int64
	Sample                                                        []string // a few usernames, as stored
}

// Operator holds the use-cases of whoever runs the database: adding and
// listing accounts, setting a password without the old one, everyone's
// event stream, counts. They act for no one and check no one, so the
// command line builds an Operator and a session never gets one.
type Operator struct {
	store OperatorStore
	svc   *Service // for the rules accounts share with sign-up
}

// NewOperator returns the operator's use-cases over store.
func NewOperator(store OperatorStore, opts ...Option) *Operator {
	return &Operator{store: store, svc: NewService(store, opts...)}
}

// AddUser makes an account and its profile, as sign-up does.
func (o *Operator) AddUser(ctx context.Context, f SignUp) (User, error) {
	return o.svc.SignUp(ctx, f)
}

// User returns a user by id.
func (o *Operator) User(ctx context.Context, id int64) (User, error) {
	return o.store.User(ctx, id)
}

// UserByUsername returns a user by username ("@name" works too).
func (o *Operator) UserByUsername(ctx context.Context, username string) (User, error) {
	name, err := lookupName(username)
	if err != nil {
		return User{}, err
	}
	return o.store.UserByUsername(ctx, name)
}

// Users lists accounts by id, after afterID.
func (o *Operator) Users(ctx context.Context, afterID int64, limit int) ([]User, error) {
	return o.store.Users(ctx, afterID, Page{Limit: limit}.Normalize().Limit)
}

// ResetPassword sets a user's password without the old one.
func (o *Operator) ResetPassword(ctx context.Context, username, password string) error {
	u, err := o.UserByUsername(ctx, username)
	if err != nil {
		return err
	}
	if err := ValidatePassword(password, u.Username); err != nil {
		return err
	}
	return o.store.SetPassword(ctx, u.ID, o.svc.hasher.Hash(password))
}

// SetActive opens (active) or closes an account, as Django's is_active
// does: a closed account cannot sign in, here or on the web app, and its
// open sessions end at once, on every instance (EventAccountClosed).
// changed is false when the account already stood that way.
func (o *Operator) SetActive(ctx context.Context, username string, active bool) (u User, changed bool, err error) {
	if u, err = o.UserByUsername(ctx, username); err != nil {
		return User{}, false, err
	}
	changed, err = o.store.SetActive(ctx, u.ID, active)
	u.IsActive = active
	return u, changed, err
}

// Stats counts what the database holds.
func (o *Operator) Stats(ctx context.Context, sample int) (Stats, error) {
	return o.store.Stats(ctx, sample)
}

// RecentEvents returns the newest n events of one user, oldest first.
func (o *Operator) RecentEvents(ctx context.Context, userID int64, n int) ([]Event, error) {
	return o.store.RecentEvents(ctx, userID, n)
}

// RecentEventsAll returns the newest n events of everyone, oldest first.
func (o *Operator) RecentEventsAll(ctx context.Context, n int) ([]Event, error) {
	return o.store.RecentEventsAll(ctx, n)
}

// Subscribe follows one user's events above after.
func (o *Operator) Subscribe(ctx context.Context, userID, after int64) (<-chan Event, error) {
	return o.store.Subscribe(ctx, userID, after)
}

// SubscribeAll follows everyone's events above after.
func (o *Operator) SubscribeAll(ctx context.Context, after int64) (<-chan Event, error) {
	return o.store.SubscribeAll(ctx, after)
}

// LastEventID is the newest event's id.
func (o *Operator) LastEventID(ctx context.Context) (int64, error) {
	return o.store.LastEventID(ctx)
}
