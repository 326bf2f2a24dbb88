package model

import (
	"context"
	"strings"
)

// CreatePost publishes a post, a reply (ParentID) or a post on a friend's
// wall (TargetUserID) by the actor.
func (s *Service) CreatePost(ctx context.Context, actor int64, p NewPost) (Post, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return Post{}, err
	}
	if err := p.Validate(); err != nil {
		return Post{}, err
	}
	if p.ParentID != nil {
		if err := s.placeReply(ctx, actor, &p); err != nil {
			return Post{}, err
		}
	}
	if p.MentionedUserID != nil {
		if err := s.mentionable(ctx, actor, &p); err != nil {
			return Post{}, err
		}
	}
	if p.TargetUserID != nil {
		if target, err := s.store.User(ctx, *p.TargetUserID); err != nil {
			return Post{}, err
		} else if !target.IsActive {
			return Post{}, Errorf(EFORBIDDEN, "%s's account is closed.", target.Username)
		}
		if *p.TargetUserID == actor {
			p.TargetUserID = nil // one's own wall is one's profile
		} else if err := s.blockedWith(ctx, actor, *p.TargetUserID, "post on %s's wall"); err != nil {
			return Post{}, err
		} else if st, err := s.store.FriendState(ctx, actor, *p.TargetUserID); err != nil {
			return Post{}, err
		} else if st != FriendFriends {
			return Post{}, Errorf(EFORBIDDEN, "You can only post on a friend's wall.")
		}
	}
	kind := WritePost
	switch {
	case p.ParentID != nil:
		kind = WriteReply
	case p.TargetUserID != nil:
		kind = WriteWallPost
	}
	if err := s.spend(ctx, actor, kind); err != nil {
		return Post{}, err
	}
	return s.store.CreatePost(ctx, actor, p)
}

// placeReply puts a reply under the top-level post of its thread,
// remembering the comment it answers, and refuses it when the author of
// either blocks the actor or is blocked by them.
func (s *Service) placeReply(ctx context.Context, actor int64, p *NewPost) error {
	top, err := s.store.Post(ctx, actor, *p.ParentID)
	if err != nil {
		return err
	}
	answered := []Post{top}
	switch {
	case top.ParentID != nil:
		// Replying to a reply: the thread stays under the top-level post
		// and the reply remembers which comment it answers.
		comment := top
		p.ParentID, p.ReplyToCommentID = comment.ParentID, &comment.ID
		if top, err = s.store.Post(ctx, actor, *p.ParentID); err != nil {
			return err
		}
		answered = []Post{top, comment}
	case p.ReplyToCommentID != nil && *p.ReplyToCommentID != top.ID:
		c, err := s.store.Post(ctx, actor, *p.ReplyToCommentID)
		if err != nil {
			return err
		}
		if c.ParentID == nil || *c.ParentID != *p.ParentID {
			return Invalid("reply_to", "That comment belongs to another post.")
		}
		answered = append(answered, c)
	}
	for _, a := range answered {
		if err := s.blockedWith(ctx, actor, a.Author.ID, "reply to %s's posts"); err != nil {
			return err
		}
	}
	return nil
}

// ownPost loads a post and checks that the actor wrote it.
func (s *Service) ownPost(ctx context.Context, actor, id int64, verb string) (Post, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return Post{}, err
	}
	p, err := s.store.Post(ctx, actor, id)
	if err != nil {
		return Post{}, err
	}
	if p.Author.ID != actor {
		return Post{}, Errorf(EFORBIDDEN, "You can only %s your own posts.", verb)
	}
	return p, nil
}

// EditPost changes the content or media URL of the actor's own post.
func (s *Service) EditPost(ctx context.Context, actor, id int64, upd PostUpdate) (Post, error) {
	p, err := s.ownPost(ctx, actor, id, "edit")
	if err != nil {
		return Post{}, err
	}
	if upd.Content != nil {
		if err := validateContent(*upd.Content, p.Type == Media); err != nil {
			return Post{}, err
		}
	}
	if upd.MediaURL != nil {
		*upd.MediaURL = strings.TrimSpace(*upd.MediaURL)
		if err := validText("media_url", "Media URL", *upd.MediaURL); err != nil {
			return Post{}, err
		}
		switch {
		case *upd.MediaURL == "" && p.Type == Media:
			return Post{}, Invalid("media_url", "A media post needs a media URL.")
		case *upd.MediaURL != "":
			if err := ValidateURL("media_url", "Media URL", *upd.MediaURL, MaxMediaURL); err != nil {
				return Post{}, err
			}
		}
	}
	if err := s.store.UpdatePost(ctx, id, upd); err != nil {
		return Post{}, err
	}
	return s.store.Post(ctx, actor, id)
}

// DeletePost deletes the actor's own post with its replies and likes.
func (s *Service) DeletePost(ctx context.Context, actor, id int64) error {
	if _, err := s.ownPost(ctx, actor, id, "delete"); err != nil {
		return err
	}
	return s.store.DeletePost(ctx, id)
}

// Post returns one post, unless its author and the actor block each
// other.
func (s *Service) Post(ctx context.Context, actor, id int64) (Post, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return Post{}, err
	}
	return s.reachablePost(ctx, actor, id, "see")
}

// SharePost makes the actor share a post; sharing twice changes nothing.
func (s *Service) SharePost(ctx context.Context, actor, id int64) error {
	return s.setShare(ctx, actor, id, true)
}

// UnsharePost takes the actor's share back; twice changes nothing. A
// block does not stop it: it takes nothing to anyone.
func (s *Service) UnsharePost(ctx context.Context, actor, id int64) error {
	return s.setShare(ctx, actor, id, false)
}

// setShare shares or unshares: a share must reach the post's author.
func (s *Service) setShare(ctx context.Context, actor, id int64, share bool) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	if share {
		if _, err := s.reachablePost(ctx, actor, id, "share"); err != nil {
			return err
		}
	}
	if err := s.spend(ctx, actor, WriteShare); err != nil {
		return err
	}
	_, err := s.store.SetShare(ctx, actor, id, share)
	return err
}

// ToggleShare flips the actor's share and returns whether they now share it.
func (s *Service) ToggleShare(ctx context.Context, actor, id int64) (bool, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return false, err
	}
	if _, err := s.reachablePost(ctx, actor, id, "share"); err != nil {
		return false, err
	}
	if err := s.spend(ctx, actor, WriteShare); err != nil {
		return false, err
	}
	return s.store.ToggleShare(ctx, actor, id)
}

// Like makes the actor like a post; liking twice changes nothing.
func (s *Service) Like(ctx context.Context, actor, id int64) error {
	return s.setLike(ctx, actor, id, true)
}

// Unlike takes the actor's like back; unliking twice changes nothing. A
// block does not stop it: it takes nothing to anyone.
func (s *Service) Unlike(ctx context.Context, actor, id int64) error {
	return s.setLike(ctx, actor, id, false)
}

// setLike likes or unlikes: a like must reach the post's author.
func (s *Service) setLike(ctx context.Context, actor, id int64, like bool) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	if like {
		if _, err := s.reachablePost(ctx, actor, id, "like"); err != nil {
			return err
		}
	}
	if err := s.spend(ctx, actor, WriteLike); err != nil {
		return err
	}
	_, err := s.store.SetLike(ctx, actor, id, like)
	return err
}

// ToggleLike flips the actor's like and returns whether they now like it.
func (s *Service) ToggleLike(ctx context.Context, actor, id int64) (bool, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return false, err
	}
	if _, err := s.reachablePost(ctx, actor, id, "like"); err != nil {
		return false, err
	}
	if err := s.spend(ctx, actor, WriteLike); err != nil {
		return false, err
	}
	return s.store.ToggleLike(ctx, actor, id)
}

// Likers lists who liked a post.
func (s *Service) Likers(ctx context.Context, actor, id int64) ([]UserSummary, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	if _, err := s.reachablePost(ctx, actor, id, "see"); err != nil {
		return nil, err
	}
	return s.store.Likers(ctx, actor, id, MaxPageSize)
}

// Feed lists the home (actor and friends) or everyone feed.
func (s *Service) Feed(ctx context.Context, actor int64, scope FeedScope, page Page) ([]Post, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.Feed(ctx, actor, scope, page.Normalize())
}

// UserPosts lists a user's posts and the posts on their wall, unless the
// user and the actor block each other.
func (s *Service) UserPosts(ctx context.Context, actor, userID int64, page Page) ([]Post, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	if err := s.blockedWith(ctx, actor, userID, "see %s's posts"); err != nil {
		return nil, err
	}
	return s.store.UserPosts(ctx, actor, userID, page.Normalize())
}

// Thread lists the replies of a post, newest first; given a reply, it
// lists the thread the reply belongs to.
func (s *Service) Thread(ctx context.Context, actor, postID int64, page Page) ([]Post, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	p, err := s.reachablePost(ctx, actor, postID, "see")
	if err != nil {
		return nil, err
	}
	if p.ParentID != nil {
		if p, err = s.reachablePost(ctx, actor, *p.ParentID, "see"); err != nil {
			return nil, err
		}
		postID = p.ID
	}
	return s.store.Replies(ctx, actor, postID, page.Normalize())
}

// River lists rows of the River view: authors by latest activity.
func (s *Service) River(ctx context.Context, actor int64, scope FeedScope, limit int, after *RiverCursor) ([]RiverRow, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.River(ctx, actor, scope, Page{Limit: limit}.Normalize().Limit, after)
}
