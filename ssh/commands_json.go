package ssh

import (
	"encoding/json"
	"time"

	"github.com/numeneon/numeneon/model"
)

// The JSON documents of the script cmdSpecs. Field names are snake_case
// and stable: scripts depend on them. Times are RFC 3339 in UTC; a field
// that may be absent is null, never left out.

// userJSON is a person.
type userJSON struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
}

func toUser(u model.UserSummary) userJSON {
	return userJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName()}
}

func toUserPtr(u *model.UserSummary) *userJSON {
	if u == nil {
		return nil
	}
	j := toUser(*u)
	return &j
}

// postJSON is a post or a reply.
type postJSON struct {
	ID           int64     `json:"id"`
	Author       userJSON  `json:"author"`
	Target       *userJSON `json:"target"` // the wall it was written on
	Type         string    `json:"type"`
	Content      string    `json:"content"`
	MediaURL     string    `json:"media_url"`
	ParentID     *int64    `json:"parent_id"`   // the post a reply belongs to
	ReplyToID    *int64    `json:"reply_to_id"` // the reply it answers
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	LikesCount   int       `json:"likes_count"`
	CommentCount int       `json:"comment_count"`
	SharesCount  int       `json:"shares_count"`
	LikedByMe    bool      `json:"liked_by_me"`
	SharedByMe   bool      `json:"shared_by_me"`
	SharedBy     *userJSON `json:"shared_by"` // in a home feed: whose share put it there
}

func toPost(p model.Post) postJSON {
	return postJSON{
		ID: p.ID, Author: toUser(p.Author), Target: toUserPtr(p.Target), Type: string(p.Type),
		Content: p.Content, MediaURL: p.MediaURL, ParentID: p.ParentID, ReplyToID: p.ReplyToCommentID,
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
		LikesCount: p.LikesCount, CommentCount: p.CommentCount, SharesCount: p.SharesCount,
		LikedByMe: p.LikedByViewer, SharedByMe: p.SharedByViewer, SharedBy: toUserPtr(p.SharedBy),
	}
}

// messageJSON is a direct message.
type messageJSON struct {
	ID         int64      `json:"id"`
	SenderID   int64      `json:"sender_id"`
	ReceiverID int64      `json:"receiver_id"`
	Content    string     `json:"content"`
	IsRead     bool       `json:"is_read"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at,omitempty"` // when its text last changed; absent if never
}

func toMessage(m model.Message) messageJSON {
	j := messageJSON{ID: m.ID, SenderID: m.SenderID, ReceiverID: m.ReceiverID, Content: m.Content,
		IsRead: m.IsRead, CreatedAt: m.CreatedAt.UTC()}
	if m.Edited() {
		at := m.EditedAt.UTC()
		j.EditedAt = &at
	}
	return j
}

// friendJSON is one friend.
type friendJSON struct {
	User  userJSON  `json:"user"`
	Since time.Time `json:"since"`
}

// requestJSON is a pending friend request, incoming or outgoing.
type requestJSON struct {
	ID        int64     `json:"id"`
	Direction string    `json:"direction"` // "incoming" or "outgoing"
	User      userJSON  `json:"user"`      // the other person
	CreatedAt time.Time `json:"created_at"`
}

// conversationJSON is one line of the inbox.
type conversationJSON struct {
	With        userJSON    `json:"with"`
	Unread      int         `json:"unread"`
	LastMessage messageJSON `json:"last_message"`
}

// relationJSON is the outcome of befriend, accept, decline, unfriend,
// block, unblock, mute and unmute.
type relationJSON struct {
	User   userJSON `json:"user"`
	Status string   `json:"status"` // requested, friends, declined, unfriended, blocked, unblocked, muted, unmuted
}

// likeJSON is the outcome of like and unlike.
type likeJSON struct {
	PostID int64 `json:"post_id"`
	Liked  bool  `json:"liked"`
}

// shareJSON is the outcome of share and unshare.
type shareJSON struct {
	PostID      int64 `json:"post_id"`
	Shared      bool  `json:"shared"`
	SharesCount int   `json:"shares_count"`
}

// printJSON writes v as one indented JSON document.
func (r *cmdRunner) printJSON(v any) error {
	enc := json.NewEncoder(r.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
