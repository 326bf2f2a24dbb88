package model

import (
	"context"
	"time"
)

// Blocks and mutes: how a person shields themselves from another.
//
// A block stands between two people both ways: neither can message,
// befriend, reply to, like, share, write on the wall of or mention the
// other, and neither sees the other's posts (feeds, search, threads,
// profiles) or appears in the other's suggestions and people search.
// Blocking ends a friendship and withdraws the requests between the two.
// A mute is one person's: the muted person's posts and notifications
// disappear for them, and nothing changes for the muted person.
//
// The Service refuses what a block forbids (blockedWith, below); the
// Store leaves out of each read what a block or a mute hides, and out of
// the live stream and the notifications the news from someone hidden, so
// that rows the web app writes, which knows nothing of blocks, are hidden
// too.

// BlockKind says whether someone is blocked or muted.
type BlockKind string

// The two kinds.
const (
	Blocked BlockKind = "block"
	Muted   BlockKind = "mute"
)

// Block is one person the user blocked or muted, and since when.
type Block struct {
	User  UserSummary
	Kind  BlockKind
	Since time.Time
}

// Blocking is how two people shield themselves from each other, as the
// viewer sees it.
type Blocking struct {
	Blocks    bool // the viewer blocks the other
	BlockedBy bool // the other blocks the viewer
	Mutes     bool // the viewer mutes the other
}

// Either reports a block between the two, whoever made it.
func (b Blocking) Either() bool { return b.Blocks || b.BlockedBy }

// BlockStore keeps blocks and mutes.
type BlockStore interface {
	// Block records that userID blocks other and, in the same
	// transaction, ends their friendship and deletes the friend requests
	// between them both ways. ECONFLICT when userID blocks other already.
	Block(ctx context.Context, userID, other int64) error
	// Unblock lifts userID's block of other. ENOTFOUND when there is none.
	Unblock(ctx context.Context, userID, other int64) error
	// Mute records that userID mutes other. ECONFLICT when already.
	Mute(ctx context.Context, userID, other int64) error
	// Unmute lifts userID's mute of other. ENOTFOUND when there is none.
	Unmute(ctx context.Context, userID, other int64) error
	// Blocks lists whom userID blocks and mutes, newest first (a person
	// both blocked and muted is in it twice).
	Blocks(ctx context.Context, userID int64) ([]Block, error)
	// Blocking tells how viewer and other shield themselves from each
	// other.
	Blocking(ctx context.Context, viewer, other int64) (Blocking, error)
}

// Block makes the actor block other: see Blocking. The friendship and the
// requests between them end at once.
func (s *Service) Block(ctx context.Context, actor, other int64) error {
	u, err := s.shieldTarget(ctx, actor, other, "block")
	if err != nil {
		return err
	}
	return conflictAs(s.store.Block(ctx, actor, other), "You blocked %s already.", u.Username)
}

// Unblock lifts the actor's block of other.
func (s *Service) Unblock(ctx context.Context, actor, other int64) error {
	u, err := s.shieldTarget(ctx, actor, other, "unblock")
	if err != nil {
		return err
	}
	return notFoundAs(s.store.Unblock(ctx, actor, other), "You have not blocked %s.", u.Username)
}

// Mute makes the actor mute other: their posts and notifications
// disappear for the actor; nothing changes for them.
func (s *Service) Mute(ctx context.Context, actor, other int64) error {
	u, err := s.shieldTarget(ctx, actor, other, "mute")
	if err != nil {
		return err
	}
	return conflictAs(s.store.Mute(ctx, actor, other), "You muted %s already.", u.Username)
}

// Unmute lifts the actor's mute of other.
func (s *Service) Unmute(ctx context.Context, actor, other int64) error {
	u, err := s.shieldTarget(ctx, actor, other, "unmute")
	if err != nil {
		return err
	}
	return notFoundAs(s.store.Unmute(ctx, actor, other), "You have not muted %s.", u.Username)
}

// Blocks lists whom the actor blocks and mutes, newest first.
func (s *Service) Blocks(ctx context.Context, actor int64) ([]Block, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.Blocks(ctx, actor)
}

// shieldTarget checks the actor and the person they (un)block or
// (un)mute, and returns that person.
func (s *Service) shieldTarget(ctx context.Context, actor, other int64, verb string) (User, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return User{}, err
	}
	if actor == other {
		return User{}, Invalid("user", "You cannot %s yourself.", verb)
	}
	return s.store.User(ctx, other)
}

// conflictAs gives an ECONFLICT from the store the Service's message.
func conflictAs(err error, format string, args ...any) error {
	if ErrorCode(err) == ECONFLICT {
		return Errorf(ECONFLICT, format, args...)
	}
	return err
}

// notFoundAs gives an ENOTFOUND from the store the Service's message.
func notFoundAs(err error, format string, args ...any) error {
	if ErrorCode(err) == ENOTFOUND {
		return Errorf(ENOTFOUND, format, args...)
	}
	return err
}

// blockedWith refuses an action of the actor's that would reach other
// when either of them blocks the other. what names the action for the one
// who is blocked, with %s for other's username ("message %s", "reply to
// %s's posts"). The one who blocked is told so and how to undo it; the one
// who is blocked only that they cannot, which is true and tells no more
// than the refusal itself does.
func (s *Service) blockedWith(ctx context.Context, actor, other int64, what string) error {
	if actor == other {
		return nil
	}
	b, err := s.store.Blocking(ctx, actor, other)
	if err != nil || !b.Either() {
		return err
	}
	u, err := s.store.User(ctx, other)
	if err != nil {
		return err
	}
	if b.Blocks {
		return Errorf(EFORBIDDEN, "You blocked %s; unblock them first.", u.Username)
	}
	return Errorf(EFORBIDDEN, "You can't "+what+".", u.Username)
}

// reachablePost loads a post for an action of the actor's on it, refused
// when its author and the actor block each other; verb is the action
// ("like", "share", "see").
func (s *Service) reachablePost(ctx context.Context, actor, id int64, verb string) (Post, error) {
	p, err := s.store.Post(ctx, actor, id)
	if err == nil {
		err = s.blockedWith(ctx, actor, p.Author.ID, verb+" %s's posts")
	}
	if err != nil {
		return Post{}, err
	}
	return p, nil
}

// mentionable drops a mention of someone who blocks the actor or whom the
// actor blocks. The post is the author's own and stays: refusing it would
// lose what they wrote for the sake of one link. The mention, the one
// thing that would reach the other, is not recorded, so nobody is told;
// the author sees their post without the link, which tells them no more
// than a refusal would.
func (s *Service) mentionable(ctx context.Context, actor int64, p *NewPost) error {
	if _, err := s.store.User(ctx, *p.MentionedUserID); err != nil {
		return err
	}
	b, err := s.store.Blocking(ctx, actor, *p.MentionedUserID)
	if err == nil && b.Either() {
		p.MentionedUserID = nil
	}
	return err
}
