package model

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Limits of drafts.
const (
	MaxDraft         = 10000 // characters of a draft's content
	MaxDraftMediaURL = 2000  // characters of a draft's media URL, checked as a URL only when posted
	MaxDraftKey      = 100   // bytes of a draft's key
	MaxDrafts        = 200   // drafts per account
)

// Draft is what a person was writing somewhere and has not sent yet.
type Draft struct {
	Type     PostType // "" is thoughts
	Content  string
	MediaURL string
}

// Empty reports whether the draft holds nothing worth keeping.
func (d Draft) Empty() bool {
	return strings.TrimSpace(d.Content) == "" && strings.TrimSpace(d.MediaURL) == ""
}

// DraftStore keeps drafts, one per user and key.
type DraftStore interface {
	// SaveDraft makes or replaces userID's draft under key. EINVALID
	// (field key) when userID has max drafts already and key is new.
	SaveDraft(ctx context.Context, userID int64, key string, d Draft, max int) error
	// Drafts returns userID's drafts by key.
	Drafts(ctx context.Context, userID int64) (map[string]Draft, error)
	// DeleteDraft forgets userID's draft under key; one that is gone is
	// no error.
	DeleteDraft(ctx context.Context, userID int64, key string) error
}

// validDraftKey checks a draft's key: 1 to MaxDraftKey bytes of ASCII
// letters, digits and : _ . - ("post", "wall:12", "edit:5", "dm:7").
func validDraftKey(key string) error {
	if key == "" || len(key) > MaxDraftKey {
		return Invalid("key", "A draft's key has 1 to %d characters.", MaxDraftKey)
	}
	for _, c := range []byte(key) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == ':', c == '_', c == '.', c == '-':
		default:
			return Invalid("key", "A draft's key has only letters, digits and : _ . - (like post, wall:12, dm:7).")
		}
	}
	return nil
}

// Validate checks a draft as a post's text is checked (valid UTF-8
// without NUL), but up to MaxDraft characters: a draft may be longer
// than what can be posted.
func (d *Draft) Validate() error {
	if d.Type == "" {
		d.Type = Thoughts
	}
	if !d.Type.Valid() {
		return Invalid("type", "Type must be thoughts, media or milestones.")
	}
	if err := validText("content", "A draft", d.Content); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(d.Content); n > MaxDraft {
		return Invalid("content", "A draft can be at most %d characters (this one has %d).", MaxDraft, n)
	}
	if err := validText("media_url", "Media URL", d.MediaURL); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(d.MediaURL); n > MaxDraftMediaURL {
		return Invalid("media_url", "A media URL can be at most %d characters.", MaxDraftMediaURL)
	}
	return nil
}

// SaveDraft keeps what the actor is writing under key ("post", "wall:ID",
// "edit:ID", "dm:ID"), replacing what was there. A draft with neither
// content nor media URL deletes it.
func (s *Service) SaveDraft(ctx context.Context, actor int64, key string, d Draft) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	if err := validDraftKey(key); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Empty() {
		return s.store.DeleteDraft(ctx, actor, key)
	}
	return s.store.SaveDraft(ctx, actor, key, d, MaxDrafts)
}

// Drafts returns the actor's drafts by key.
func (s *Service) Drafts(ctx context.Context, actor int64) (map[string]Draft, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.Drafts(ctx, actor)
}

// DeleteDraft forgets the actor's draft under key (sent, or thrown away).
// A draft that is gone is no error.
func (s *Service) DeleteDraft(ctx context.Context, actor int64, key string) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	if err := validDraftKey(key); err != nil {
		return err
	}
	return s.store.DeleteDraft(ctx, actor, key)
}
