package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// PostType is the lane a post belongs to.
type PostType string

// The three kinds of post.
const (
	Thoughts   PostType = "thoughts"
	Media      PostType = "media"
	Milestones PostType = "milestones"
)

// PostTypes lists the kinds in lane order.
var PostTypes = []PostType{Thoughts, Media, Milestones}

// Valid reports whether t is one of the three kinds.
func (t PostType) Valid() bool {
	return t == Thoughts || t == Media || t == Milestones
}

// Post is a post, a reply (ParentID set) or a wall post (TargetID set).
// The user summaries are filled by the store for display.
type Post struct {
	ID               int64
	Author           UserSummary
	Target           *UserSummary // wall owner, for a post on someone's wall
	Type             PostType
	Content          string
	MediaURL         string // "" when absent (NULL in the database)
	ParentID         *int64
	ReplyToCommentID *int64
	Mentioned        *UserSummary
	CreatedAt        time.Time
	UpdatedAt        time.Time
	LikesCount       int
	CommentCount     int
	SharesCount      int
	LikedByViewer    bool
	SharedByViewer   bool
	// SharedBy is, in a home feed, the viewer or friend whose share put
	// the post there, at SharedAt; nil when it is there as written.
	SharedBy *UserSummary
	SharedAt time.Time
}

// Cursor returns the keyset position just after p in a newest-first list:
// a shared post in a home feed stands at its share.
func (p Post) Cursor() *Cursor {
	if p.SharedBy != nil {
		return &Cursor{CreatedAt: p.SharedAt, ID: p.ID}
	}
	return &Cursor{CreatedAt: p.CreatedAt, ID: p.ID}
}

// NewPost is what an author gives to make a post, a reply or a wall post.
type NewPost struct {
	Type             PostType
	Content          string
	MediaURL         string
	ParentID         *int64 // reply to this top-level post
	ReplyToCommentID *int64 // and, within its thread, to this reply
	MentionedUserID  *int64
	TargetUserID     *int64 // post on this friend's wall
}

// Validate checks content and media against the model's rules.
func (p *NewPost) Validate() error {
	if p.Type == "" {
		p.Type = Thoughts
	}
	if !p.Type.Valid() {
		return Invalid("type", "Type must be thoughts, media or milestones.")
	}
	p.MediaURL = strings.TrimSpace(p.MediaURL)
	if err := validText("media_url", "Media URL", p.MediaURL); err != nil {
		return err
	}
	if err := validateContent(p.Content, p.Type == Media); err != nil {
		return err
	}
	if p.Type == Media && p.MediaURL == "" {
		return Invalid("media_url", "A media post needs a media URL.")
	}
	if p.MediaURL != "" {
		if err := ValidateURL("media_url", "Media URL", p.MediaURL, MaxMediaURL); err != nil {
			return err
		}
	}
	if p.ReplyToCommentID != nil && p.ParentID == nil {
		return Invalid("parent", "A reply to a comment needs the post it belongs to.")
	}
	if p.TargetUserID != nil && p.ParentID != nil {
		return Invalid("target", "A reply cannot also be a wall post.")
	}
	return nil
}

// PostUpdate changes the fields that are not nil.
type PostUpdate struct {
	Content  *string
	MediaURL *string
}

func validateContent(content string, mayBeEmpty bool) error {
	if err := validText("content", "A post", content); err != nil {
		return err
	}
	n := utf8.RuneCountInString(content)
	switch {
	case n == 0 && !mayBeEmpty || strings.TrimSpace(content) == "" && n > 0:
		return Invalid("content", "Write something first.")
	case n > MaxPost:
		return Invalid("content", "A post can be at most %d characters (this one has %d).", MaxPost, n)
	}
	return nil
}

// Cursor is a keyset position in a list ordered by (created_at, id).
type Cursor struct {
	CreatedAt time.Time
	ID        int64
}

// Page asks for at most Limit items after Before (nil: from the start).
type Page struct {
	Limit  int
	Before *Cursor
}

// DefaultPageSize is used when a Page's Limit is 0; MaxPageSize caps it.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Normalize returns p with its limit in range.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPageSize
	}
	if p.Limit > MaxPageSize {
		p.Limit = MaxPageSize
	}
	return p
}

// FeedScope says whose posts a feed holds.
type FeedScope int

// The feeds.
const (
	FeedHome     FeedScope = iota // the viewer and their friends
	FeedEveryone                  // all users
)

// RiverRow is one author's recent top-level posts, split into lanes of at
// most RiverLaneSize posts each, newest first.
type RiverRow struct {
	Author     UserSummary
	LatestAt   time.Time
	Thoughts   []Post
	Media      []Post
	Milestones []Post
}

// Lane returns the row's posts of one type.
func (r *RiverRow) Lane(t PostType) []Post {
	switch t {
	case Media:
		return r.Media
	case Milestones:
		return r.Milestones
	}
	return r.Thoughts
}

// RiverLaneSize is the most posts a River lane holds per row.
const RiverLaneSize = 12

// RiverCursor is a position in the River: rows are ordered by the author's
// latest activity, then by author id.
type RiverCursor struct {
	LatestAt time.Time
	AuthorID int64
}
