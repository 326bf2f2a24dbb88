package model

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits from the Numeneon models and the database columns (docs/ARCHITECTURE.md,
// "The schema contract with the web app").
const (
	MaxUsername   = 150
	MaxName       = 150
	MaxEmail      = 254
	MinPassword   = 8
	MaxPassword   = 4096 // beyond this a hash is just a way to burn CPU
	MaxBio        = 500
	MaxLocation   = 100
	MaxAvatarURL  = 500
	MaxWebsiteURL = 500 // varchar(500) in the database; the seed's 200 is out of date
	MaxPost       = 500
	MaxMediaURL   = 200 // varchar(200) since the backend's migration 0006
	MaxMessage    = 4000
	MinSearch     = 2
	MaxSearch     = 20
)

// User is an account (Django's auth_user). The password hash is not part
// of it: only UserByLogin returns it, for checking a login.
type User struct {
	ID          int64
	Username    string
	Email       string
	FirstName   string
	LastName    string
	IsActive    bool
	IsStaff     bool
	IsSuperuser bool
	DateJoined  time.Time
	LastLogin   *time.Time
}

// DisplayName is the full name when there is one, else the username.
func (u User) DisplayName() string {
	if n := strings.TrimSpace(u.FirstName + " " + u.LastName); n != "" {
		return n
	}
	return u.Username
}

// Summary returns the parts of u that lists show beside a post or a message.
func (u User) Summary() UserSummary {
	return UserSummary{ID: u.ID, Username: u.Username, FirstName: u.FirstName, LastName: u.LastName}
}

// UserSummary is who wrote a post, sent a message or asked to be a friend.
type UserSummary struct {
	ID        int64
	Username  string
	FirstName string
	LastName  string
}

// DisplayName is the full name when there is one, else the username.
func (u UserSummary) DisplayName() string {
	return User{Username: u.Username, FirstName: u.FirstName, LastName: u.LastName}.DisplayName()
}

// SignUp is what a person gives to make an account.
type SignUp struct {
	Username  string
	Email     string
	Password  string
	FirstName string
	LastName  string
	// Invite is the invite code typed, on a server that asks for one.
	Invite string
	// Address is where the sign-up came from (an SSH client's IP), ""
	// for none: recorded, and counted against the sign-ups per hour.
	Address string
}

// Validate checks the sign-up form the way Django's User model and the
// backend's registration do, after normalizing the username as Django does,
// and returns the first problem (Problems has them all).
func (s *SignUp) Validate() error {
	s.normalize()
	if p := s.Problems(); len(p) > 0 {
		return p[0]
	}
	return nil
}

func (s *SignUp) normalize() {
	s.Username = NormalizeUsername(s.Username)
	s.Email = strings.TrimSpace(s.Email)
	s.FirstName = strings.TrimSpace(s.FirstName)
	s.LastName = strings.TrimSpace(s.LastName)
}

// Problems checks every field of the form on its own, as Validate does,
// and returns each field's problem (EINVALID, at most one a field) in the
// form's order, so that a form can show them all at once. The invite code
// is the Service's to check.
func (s SignUp) Problems() []error {
	s.normalize()
	var out []error
	add := func(err error) bool {
		if err != nil {
			out = append(out, err)
		}
		return err == nil
	}
	if add(ValidateUsername(s.Username)) && ValidateEmail(s.Email) == nil {
		add(emailUsername(s.Username, s.Email))
	}
	add(ValidateEmail(s.Email))
	add(ValidatePassword(s.Password, s.Username))
	for _, f := range []struct{ field, label, value string }{
		{"first_name", "First name", s.FirstName},
		{"last_name", "Last name", s.LastName},
	} {
		if add(validText(f.field, f.label, f.value)) && utf8.RuneCountInString(f.value) > MaxName {
			add(Invalid(f.field, "%s can be at most %d characters.", f.label, MaxName))
		}
	}
	return out
}

// NormalizeUsername is what Django does to a username before it checks
// and stores it: NFKC normalization, so that a fullwidth ＦＵＬＬ is FULL, a
// decomposed é is one letter and x² is x2. Surrounding spaces go too. Text
// that is not valid UTF-8 is left as it is, for ValidateUsername to refuse.
func NormalizeUsername(name string) string {
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) {
		return name
	}
	return norm.NFKC.String(name)
}

// lookupName is a username as typed to find someone: "@alice" is alice,
// normalized as sign-up normalizes.
func lookupName(typed string) (string, error) {
	name := NormalizeUsername(strings.TrimPrefix(strings.TrimSpace(typed), "@"))
	return name, validText("username", "Username", name)
}

// ValidateUsername applies Django's UnicodeUsernameValidator to a
// normalized name: 1 to 150 letters, numbers and @ . + - _ .
func ValidateUsername(name string) error {
	if err := validText("username", "Username", name); err != nil {
		return err
	}
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return Invalid("username", "Username is required.")
	case n > MaxUsername:
		return Invalid("username", "Username can be at most %d characters (it has %d).", MaxUsername, n)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !strings.ContainsRune("@.+-_", r) {
			return Invalid("username", "Username may contain only letters, digits and @ . + - _ (not %q).", r)
		}
		if invisibleLetter(r) {
			return Invalid("username", "Username may not contain invisible letters (%U).", r)
		}
	}
	return nil
}

// ValidatePassword applies the gist of Django's default password
// validators: long enough, not only digits, not the username.
func ValidatePassword(password, username string) error {
	if err := validText("password", "Password", password); err != nil {
		return err
	}
	switch n := utf8.RuneCountInString(password); {
	case n < MinPassword:
		return Invalid("password", "Password must be at least %d characters.", MinPassword)
	case n > MaxPassword:
		return Invalid("password", "Password can be at most %d characters.", MaxPassword)
	}
	if strings.Trim(password, "0123456789") == "" {
		return Invalid("password", "Password cannot be entirely numeric.")
	}
	if username != "" && strings.EqualFold(password, username) {
		return Invalid("password", "Password is too similar to the username.")
	}
	return nil
}
