package model

import (
	"context"
	"time"
)

// Store is the persistence the Service needs. Implementations (package
// storage) run each write in one transaction, keep the cached counters in
// step with the rows they count, and return domain errors: ENOTFOUND for a
// missing row, ECONFLICT for a unique clash. They do no authorization: the
// Service decides who may do what before calling them.
type Store interface {
	UserStore
	PostStore
	FriendStore
	ChatStore
	EventStore
	SessionStore
	NoticeStore
	SSHKeyStore
	PresenceStore
	DraftStore
	SignUpStore
	BudgetStore
	BlockStore
	SettingStore
	Close() error
}

// UserStore keeps accounts and profiles.
type UserStore interface {
	// CreateUser inserts the user and their profile; u.ID and u.DateJoined
	// are set. ECONFLICT (field username or email) when either is taken,
	// when the username looks like another account's (UsernameKeys), or
	// when the e-mail is, or looks like, another account's username.
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	// User returns a user by id. ENOTFOUND.
	User(ctx context.Context, id int64) (User, error)
	// UserByUsername returns a user by exact username. ENOTFOUND.
	UserByUsername(ctx context.Context, username string) (User, error)
	// UserByLogin returns the user whose e-mail (case-insensitively) is
	// login when login has an @ and an account has that address, else the
	// one whose username is login, with their password hash. ENOTFOUND.
	UserByLogin(ctx context.Context, login string) (User, string, error)
	// PasswordHash returns a user's password hash. ENOTFOUND.
	PasswordHash(ctx context.Context, userID int64) (string, error)
	// SetPassword replaces a user's password hash. ENOTFOUND.
	SetPassword(ctx context.Context, userID int64, hash string) error
	// SetLastLogin records a successful login.
	SetLastLogin(ctx context.Context, userID int64, at time.Time) error
	// Users lists users by id, after afterID.
	Users(ctx context.Context, afterID int64, limit int) ([]User, error)
	// SearchUsers finds up to limit users other than viewerID whose
	// username, first or last name contains q, case-insensitively.
	SearchUsers(ctx context.Context, viewerID int64, q string, limit int) ([]UserSummary, error)
	// Profile returns a user's profile; a user without a profile row (a
	// database written by someone else) gets an empty one. ENOTFOUND when
	// the user does not exist.
	Profile(ctx context.Context, userID int64) (Profile, error)
	// UpdateProfile applies upd, creating the profile row if it is missing.
	UpdateProfile(ctx context.Context, userID int64, upd ProfileUpdate) error
	// ProfileStats fills the counts and the activity of a ProfileView, with
	// activity counted from since on.
	ProfileStats(ctx context.Context, userID int64, since time.Time) (ProfileView, error)
}

// PostStore keeps posts and likes.
type PostStore interface {
	// CreatePost inserts a post and, for a reply, raises the parent's
	// comment_count in the same transaction.
	CreatePost(ctx context.Context, authorID int64, p NewPost) (Post, error)
	// Post returns one post as viewerID sees it. ENOTFOUND.
	Post(ctx context.Context, viewerID, id int64) (Post, error)
	// UpdatePost changes a post's content or media URL. ENOTFOUND.
	UpdatePost(ctx context.Context, id int64, upd PostUpdate) error
	// DeletePost deletes a post with its replies and likes, clears replies'
	// reply_to_comment_id pointing at it, and lowers the parent's
	// comment_count when it is a reply. ENOTFOUND.
	DeletePost(ctx context.Context, id int64) error
	// SetShare makes userID share (or not share) a post, a row of
	// numeneon_share, moving shares_count with it; changed is false when
	// it already stood that way. ENOTFOUND.
	SetShare(ctx context.Context, userID, postID int64, share bool) (changed bool, err error)
	// ToggleShare flips userID's share of a post and returns the new state.
	ToggleShare(ctx context.Context, userID, postID int64) (shared bool, err error)
	// SetLike makes userID like (or not like) a post; changed is false when
	// it already stood that way. ENOTFOUND.
	SetLike(ctx context.Context, userID, postID int64, like bool) (changed bool, err error)
	// ToggleLike flips userID's like of a post and returns the new state.
	ToggleLike(ctx context.Context, userID, postID int64) (liked bool, err error)
	// Likers lists who liked a post, newest first, leaving out whoever
	// blocks viewerID or is blocked by them.
	Likers(ctx context.Context, viewerID, postID int64, limit int) ([]UserSummary, error)
	// Feed lists top-level, non-wall posts newest first: of the viewer and
	// their friends (FeedHome) or of everyone (FeedEveryone). The home feed
	// also holds the posts the viewer and their friends shared, each post
	// once, at its newest share (SharedBy, SharedAt) or else when it was
	// written.
	Feed(ctx context.Context, viewerID int64, scope FeedScope, page Page) ([]Post, error)
	// UserPosts lists a user's own top-level posts and the posts on their
	// wall, newest first.
	UserPosts(ctx context.Context, viewerID, userID int64, page Page) ([]Post, error)
	// Replies lists the replies of a top-level post, newest first.
	Replies(ctx context.Context, viewerID, postID int64, page Page) ([]Post, error)
	// River lists authors by latest activity, each with up to RiverLaneSize
	// posts per lane.
	River(ctx context.Context, viewerID int64, scope FeedScope, limit int, after *RiverCursor) ([]RiverRow, error)
	// SearchPosts finds top-level posts whose content contains q,
	// case-insensitively, newest first.
	SearchPosts(ctx context.Context, viewerID int64, q string, page Page) ([]Post, error)
}

// FriendStore keeps friendships and friend requests.
type FriendStore interface {
	// SendFriendRequest asks from to befriend to, in one transaction that
	// serializes with any request between the same two users: when to has
	// already asked from, it accepts that request instead. ECONFLICT when
	// they are friends already or from has asked already.
	SendFriendRequest(ctx context.Context, from, to int64) (SendResult, error)
	// FriendRequest returns a pending request. ENOTFOUND.
	FriendRequest(ctx context.Context, id int64) (FriendRequest, error)
	// AcceptFriendRequest deletes the request and makes the two friendship
	// rows in one transaction. ENOTFOUND when it is gone.
	AcceptFriendRequest(ctx context.Context, id int64) error
	// DeleteFriendRequest deletes a request that actor declined (the
	// receiver) or cancelled (the sender). ENOTFOUND.
	DeleteFriendRequest(ctx context.Context, actor, id int64) error
	// Unfriend deletes both friendship rows. ENOTFOUND when not friends.
	Unfriend(ctx context.Context, a, b int64) error
	// Friends lists a user's friends, newest friendship first.
	Friends(ctx context.Context, userID int64) ([]Friend, error)
	// FriendRequests lists pending requests to (incoming) or from userID.
	FriendRequests(ctx context.Context, userID int64, incoming bool) ([]FriendRequest, error)
	// FriendSuggestions lists users who are neither friends of userID nor
	// in a pending request with them, friends of friends first.
	FriendSuggestions(ctx context.Context, userID int64, limit int) ([]UserSummary, error)
	// FriendState tells how viewer stands with other.
	FriendState(ctx context.Context, viewer, other int64) (FriendState, error)
}

// ChatStore keeps direct messages.
type ChatStore interface {
	// SendMessage stores a message, unread.
	SendMessage(ctx context.Context, from, to int64, content string) (Message, error)
	// Messages lists the messages between a and b, newest first.
	Messages(ctx context.Context, a, b int64, page Page) ([]Message, error)
	// Message returns one message. ENOTFOUND.
	Message(ctx context.Context, id int64) (Message, error)
	// EditMessage replaces a message's content and records that it was
	// edited. ENOTFOUND.
	EditMessage(ctx context.Context, id int64, content string) (Message, error)
	// DeleteMessage deletes a message (and its record of edits).
	// ENOTFOUND.
	DeleteMessage(ctx context.Context, id int64) error
	// SearchMessages finds up to limit messages between a and b whose
	// content contains q, case-insensitively, newest first.
	SearchMessages(ctx context.Context, a, b int64, q string, limit int) ([]Message, error)
	// Conversations lists userID's conversations, latest first, in one query.
	Conversations(ctx context.Context, userID int64) ([]Conversation, error)
	// MarkRead marks the messages from other to reader read and returns how
	// many changed.
	MarkRead(ctx context.Context, reader, other int64) (int, error)
	// UnreadCount counts userID's unread messages.
	UnreadCount(ctx context.Context, userID int64) (int, error)
}
