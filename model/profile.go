package model

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Profile is the part of an account a person edits (users_profile).
type Profile struct {
	ID        int64
	UserID    int64
	Bio       string
	Avatar    string
	Location  string
	Website   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ProfileUpdate changes the fields that are not nil.
type ProfileUpdate struct {
	Bio       *string
	Avatar    *string
	Location  *string
	Website   *string
	FirstName *string
	LastName  *string
}

// Validate checks each field given against the model's limits.
func (u *ProfileUpdate) Validate() error {
	fields := []struct {
		field, label string
		value        *string
		max          int
		url          bool
	}{
		{"bio", "Bio", u.Bio, MaxBio, false},
		{"location", "Location", u.Location, MaxLocation, false},
		{"first_name", "First name", u.FirstName, MaxName, false},
		{"last_name", "Last name", u.LastName, MaxName, false},
		{"avatar", "Avatar", u.Avatar, MaxAvatarURL, true},
		{"website", "Website", u.Website, MaxWebsiteURL, true},
	}
	for _, f := range fields {
		if f.value == nil {
			continue
		}
		*f.value = strings.TrimSpace(*f.value)
		if err := validText(f.field, f.label, *f.value); err != nil {
			return err
		}
		switch n := utf8.RuneCountInString(*f.value); {
		case f.url && n > 0:
			if err := ValidateURL(f.field, f.label, *f.value, f.max); err != nil {
				return err
			}
		case n > f.max:
			return Invalid(f.field, "%s can be at most %d characters (it has %d).", f.label, f.max, n)
		}
	}
	return nil
}

// ValidateURL requires an absolute http or https URL of at most max
// characters.
func ValidateURL(field, label, raw string, max int) error {
	if n := utf8.RuneCountInString(raw); n > max {
		return Invalid(field, "%s can be at most %d characters (it has %d).", label, max, n)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Invalid(field, "%s must be an http:// or https:// address.", label)
	}
	if strings.ContainsAny(raw, " \t\r\n") {
		return Invalid(field, "%s cannot contain spaces.", label)
	}
	return nil
}

// ProfileView is a profile as others see it, with counts for its header and
// a year of activity for its heatmap.
type ProfileView struct {
	User          User
	Profile       Profile
	PostCount     int // top-level posts written
	FriendCount   int
	LikesReceived int // likes on the user's posts
	LikesGiven    int
	Friendship    FriendState // the viewer's relation to this user
	Activity      []DayCount  // posts per day over the last year, days with none left out
	// Blocking is how the two shield themselves from each other; while
	// either blocks the other, the view holds only the user.
	Blocking Blocking
}

// DayCount is how many posts a user made on one UTC day.
type DayCount struct {
	Day   time.Time // midnight UTC
	Count int
}

// FriendState is how the viewer stands with another user.
type FriendState int

// The ways two users can stand with each other.
const (
	FriendNone     FriendState = iota // strangers
	FriendSelf                        // the viewer themself
	FriendFriends                     // friends
	FriendOutgoing                    // the viewer asked and waits
	FriendIncoming                    // the other asked the viewer
)
