package model

import "time"

// FriendRequest is a pending request (friends_friendrequest); accepting or
// declining it deletes it.
type FriendRequest struct {
	ID        int64
	From      UserSummary
	To        UserSummary
	CreatedAt time.Time
}

// Friend is one of a user's friends and since when.
type Friend struct {
	User  UserSummary
	Since time.Time
}

// SendResult says what sending a friend request did.
type SendResult int

// Outcomes of SendFriendRequest.
const (
	RequestSent     SendResult = iota // a new pending request
	RequestAccepted                   // the other had asked already: now friends
)
