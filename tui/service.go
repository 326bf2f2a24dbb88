package tui

import (
	"context"

	"github.com/numeneon/numeneon/model"
)

// Gate is how the welcome screen logs in and signs up: the two calls
// that check or hash a password a person typed. The Service is one; the
// SSH server gives its own, which runs them under its password guard.
type Gate interface {
	Login(ctx context.Context, login, password string) (model.User, error)
	SignUp(ctx context.Context, f model.SignUp) (model.User, error)
}

// Service is what the TUI asks of numeneon: the use-cases of a person.
// *model.Service implements it; tests may use the real one on a
// temporary SQLite file, or a stub where that is clearer.
type Service interface {
	// Accounts and sign-in.
	Gate
	StartSession(ctx context.Context, actor int64) (string, error)
	ResumeSession(ctx context.Context, token string) (model.User, error)
	EndSession(ctx context.Context, token string) error
	User(ctx context.Context, actor, id int64) (model.User, error)
	UserByUsername(ctx context.Context, actor int64, username string) (model.User, error)

	// The live stream.
	Subscribe(ctx context.Context, actor, after int64) (<-chan model.Event, error)
	LastEventID(ctx context.Context) (int64, error)
	WatchLive(ctx context.Context) <-chan bool

	// Profiles and people.
	Profile(ctx context.Context, actor, userID int64) (model.ProfileView, error)
	UpdateProfile(ctx context.Context, actor int64, upd model.ProfileUpdate) error
	SearchUsers(ctx context.Context, actor int64, q string) ([]model.UserSummary, error)

	// Posts.
	CreatePost(ctx context.Context, actor int64, p model.NewPost) (model.Post, error)
	EditPost(ctx context.Context, actor, id int64, upd model.PostUpdate) (model.Post, error)
	DeletePost(ctx context.Context, actor, id int64) error
	Post(ctx context.Context, actor, id int64) (model.Post, error)
	ToggleShare(ctx context.Context, actor, id int64) (bool, error)
	ToggleLike(ctx context.Context, actor, id int64) (bool, error)
	Likers(ctx context.Context, actor, id int64) ([]model.UserSummary, error)
	Feed(ctx context.Context, actor int64, scope model.FeedScope, page model.Page) ([]model.Post, error)
	River(ctx context.Context, actor int64, scope model.FeedScope, limit int, after *model.RiverCursor) ([]model.RiverRow, error)
	UserPosts(ctx context.Context, actor, userID int64, page model.Page) ([]model.Post, error)
	Thread(ctx context.Context, actor, postID int64, page model.Page) ([]model.Post, error)
	SearchPosts(ctx context.Context, actor int64, q string, page model.Page) ([]model.Post, error)

	// Friends.
	SendFriendRequest(ctx context.Context, actor, to int64) (model.SendResult, error)
	AcceptFriendRequest(ctx context.Context, actor, id int64) error
	DeclineFriendRequest(ctx context.Context, actor, id int64) error
	CancelFriendRequest(ctx context.Context, actor, id int64) error
	Unfriend(ctx context.Context, actor, other int64) error
	Friends(ctx context.Context, actor, userID int64) ([]model.Friend, error)
	FriendRequests(ctx context.Context, actor int64, incoming bool) ([]model.FriendRequest, error)
	FriendSuggestions(ctx context.Context, actor int64, limit int) ([]model.UserSummary, error)

	// Blocks and mutes.
	Block(ctx context.Context, actor, other int64) error
	Unblock(ctx context.Context, actor, other int64) error
	Mute(ctx context.Context, actor, other int64) error
	Unmute(ctx context.Context, actor, other int64) error
	Blocks(ctx context.Context, actor int64) ([]model.Block, error)

	// Chat.
	SendMessage(ctx context.Context, actor, to int64, content string) (model.Message, error)
	Messages(ctx context.Context, actor, other int64, page model.Page) ([]model.Message, error)
	Conversations(ctx context.Context, actor int64) ([]model.Conversation, error)
	MarkConversationRead(ctx context.Context, actor, other int64) (int, error)
	Message(ctx context.Context, actor, id int64) (model.Message, error)
	EditMessage(ctx context.Context, actor, id int64, content string) (model.Message, error)
	DeleteMessage(ctx context.Context, actor, id int64) error
	SearchMessages(ctx context.Context, actor, other int64, q string) ([]model.Message, error)

	// Notifications, and the badges of the tab bar.
	Counts(ctx context.Context, actor int64) (model.Counts, error)
	Notifications(ctx context.Context, actor, before int64, limit int, filter ...model.NoticeFilter) ([]model.Notification, error)
	MarkAllNotificationsRead(ctx context.Context, actor, eventID int64) (int, error)
	MarkNotificationsSeen(ctx context.Context, actor, eventID int64) error
	MarkNotificationRead(ctx context.Context, actor, eventID int64) error

	// SSH keys, presence, drafts.
	AddSSHKey(ctx context.Context, actor int64, line string) (model.SSHKey, error)
	SSHKeys(ctx context.Context, actor int64) ([]model.SSHKey, error)
	RemoveSSHKey(ctx context.Context, actor int64, fingerprint string) error
	OnlineFriends(ctx context.Context, actor int64) (map[int64]bool, error)
	SaveDraft(ctx context.Context, actor int64, key string, d model.Draft) error
	Drafts(ctx context.Context, actor int64) (map[string]model.Draft, error)
	Settings(ctx context.Context, actor int64) (model.Settings, error)
	SetSetting(ctx context.Context, actor int64, name, value string) error
}

var _ Service = (*model.Service)(nil)
