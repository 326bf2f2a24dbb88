package model

import "context"

// SendFriendRequest asks another user to be friends. When they had already
// asked the actor, the two become friends at once.
func (s *Service) SendFriendRequest(ctx context.Context, actor, to int64) (SendResult, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return 0, err
	}
	if actor == to {
		return 0, Invalid("user", "You cannot befriend yourself.")
	}
	if u, err := s.store.User(ctx, to); err != nil {
		return 0, err
	} else if !u.IsActive {
		return 0, Errorf(EFORBIDDEN, "%s's account is closed.", u.Username)
	}
	if err := s.blockedWith(ctx, actor, to, "befriend %s"); err != nil {
		return 0, err
	}
	if err := s.spend(ctx, actor, WriteFriendRequest); err != nil {
		return 0, err
	}
	return s.store.SendFriendRequest(ctx, actor, to)
}

// request loads a request and checks the actor's side of it.
func (s *Service) request(ctx context.Context, actor, id int64, receiver bool, verb string) (FriendRequest, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return FriendRequest{}, err
	}
	r, err := s.store.FriendRequest(ctx, id)
	if err != nil {
		return FriendRequest{}, err
	}
	if receiver && r.To.ID != actor || !receiver && r.From.ID != actor {
		return FriendRequest{}, Errorf(EFORBIDDEN, "You can only %s", verb)
	}
	return r, nil
}

// AcceptFriendRequest accepts a request sent to the actor, unless the two
// block each other (the web app, which knows no blocks, may have let the
// request through).
func (s *Service) AcceptFriendRequest(ctx context.Context, actor, id int64) error {
	r, err := s.request(ctx, actor, id, true, "accept requests sent to you.")
	if err != nil {
		return err
	}
	if err := s.blockedWith(ctx, actor, r.From.ID, "befriend %s"); err != nil {
		return err
	}
	return s.store.AcceptFriendRequest(ctx, id)
}

// DeclineFriendRequest declines a request sent to the actor.
func (s *Service) DeclineFriendRequest(ctx context.Context, actor, id int64) error {
	if _, err := s.request(ctx, actor, id, true, "decline requests sent to you."); err != nil {
		return err
	}
	return s.store.DeleteFriendRequest(ctx, actor, id)
}

// CancelFriendRequest withdraws a request the actor sent.
func (s *Service) CancelFriendRequest(ctx context.Context, actor, id int64) error {
	if _, err := s.request(ctx, actor, id, false, "cancel your own requests."); err != nil {
		return err
	}
	return s.store.DeleteFriendRequest(ctx, actor, id)
}

// Unfriend ends the actor's friendship with other.
func (s *Service) Unfriend(ctx context.Context, actor, other int64) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	return s.store.Unfriend(ctx, actor, other)
}

// Friends lists a user's friends.
func (s *Service) Friends(ctx context.Context, actor, userID int64) ([]Friend, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.Friends(ctx, userID)
}

// FriendRequests lists the actor's incoming or outgoing requests.
func (s *Service) FriendRequests(ctx context.Context, actor int64, incoming bool) ([]FriendRequest, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.FriendRequests(ctx, actor, incoming)
}

// FriendSuggestions lists people the actor might befriend.
func (s *Service) FriendSuggestions(ctx context.Context, actor int64, limit int) ([]UserSummary, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.FriendSuggestions(ctx, actor, Page{Limit: limit}.Normalize().Limit)
}

// SendMessage sends a direct message from the actor.
func (s *Service) SendMessage(ctx context.Context, actor, to int64, content string) (Message, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return Message{}, err
	}
	if actor == to {
		return Message{}, Invalid("to", "You cannot message yourself.")
	}
	if err := ValidateMessage(content); err != nil {
		return Message{}, err
	}
	u, err := s.store.User(ctx, to)
	if err != nil {
		return Message{}, err
	}
	if !u.IsActive {
		return Message{}, Errorf(EFORBIDDEN, "%s's account is closed.", u.Username)
	}
	if err := s.blockedWith(ctx, actor, to, "message %s"); err != nil {
		return Message{}, err
	}
	if err := s.spend(ctx, actor, WriteMessage); err != nil {
		return Message{}, err
	}
	return s.store.SendMessage(ctx, actor, to, content)
}

// Messages lists the actor's conversation with other, newest first. While
// either blocks the other, they have no conversation.
func (s *Service) Messages(ctx context.Context, actor, other int64, page Page) ([]Message, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	if err := s.blockedWith(ctx, actor, other, "message %s"); err != nil {
		return nil, err
	}
	return s.store.Messages(ctx, actor, other, page.Normalize())
}

// Conversations lists the actor's conversations, latest first.
func (s *Service) Conversations(ctx context.Context, actor int64) ([]Conversation, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	return s.store.Conversations(ctx, actor)
}

// MarkConversationRead marks what other sent the actor read. Only messages
// the actor received are touched.
func (s *Service) MarkConversationRead(ctx context.Context, actor, other int64) (int, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return 0, err
	}
	return s.store.MarkRead(ctx, actor, other)
}

// UnreadCount counts the actor's unread messages.
func (s *Service) UnreadCount(ctx context.Context, actor int64) (int, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return 0, err
	}
	return s.store.UnreadCount(ctx, actor)
}
