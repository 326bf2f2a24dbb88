package model

import "context"

// ownMessage loads a message for a change by the actor: only its sender
// may change it. A message the actor is not part of is ENOTFOUND, as if
// it did not exist; one they received is EFORBIDDEN.
func (s *Service) ownMessage(ctx context.Context, actor, id int64, verb string) (Message, error) {
	m, err := s.store.Message(ctx, id)
	switch {
	case ErrorCode(err) == ENOTFOUND || err == nil && m.SenderID != actor && m.ReceiverID != actor:
		return Message{}, Errorf(ENOTFOUND, "Message %d not found.", id)
	case err != nil:
		return Message{}, err
	case m.SenderID != actor:
		return Message{}, Errorf(EFORBIDDEN, "You can only %s your own messages.", verb)
	}
	return m, nil
}

// Message returns one message the actor sent or received (a live event
// names only its id). ENOTFOUND for anyone else's.
func (s *Service) Message(ctx context.Context, actor, id int64) (Message, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return Message{}, err
	}
	m, err := s.store.Message(ctx, id)
	if ErrorCode(err) == ENOTFOUND || err == nil && m.SenderID != actor && m.ReceiverID != actor {
		return Message{}, Errorf(ENOTFOUND, "Message %d not found.", id)
	}
	return m, err
}

// EditMessage replaces the content of a message the actor sent. It is
// checked as a new message is, and spends the message budget: an edit
// reaches the other person as a message does.
func (s *Service) EditMessage(ctx context.Context, actor, id int64, content string) (Message, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return Message{}, err
	}
	if err := ValidateMessage(content); err != nil {
		return Message{}, err
	}
	m, err := s.ownMessage(ctx, actor, id, "edit")
	if err != nil {
		return Message{}, err
	}
	if m.Content == content {
		return m, nil // nothing changed: no edit, no event, nothing spent
	}
	if err := s.blockedWith(ctx, actor, m.ReceiverID, "message %s"); err != nil {
		return Message{}, err
	}
	if err := s.spend(ctx, actor, WriteMessage); err != nil {
		return Message{}, err
	}
	return s.store.EditMessage(ctx, id, content)
}

// DeleteMessage deletes a message the actor sent. Taking one's words
// back is never refused by a block, and spends nothing.
func (s *Service) DeleteMessage(ctx context.Context, actor, id int64) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	if _, err := s.ownMessage(ctx, actor, id, "delete"); err != nil {
		return err
	}
	return s.store.DeleteMessage(ctx, id)
}

// SearchMessages finds the messages of the actor's conversation with
// other whose text contains q, whatever the case, newest first, at most
// MessageSearchLimit. While either blocks the other, they have no
// conversation.
func (s *Service) SearchMessages(ctx context.Context, actor, other int64, q string) ([]Message, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	q, err := searchTerm(q)
	if err != nil {
		return nil, err
	}
	if err := s.blockedWith(ctx, actor, other, "message %s"); err != nil {
		return nil, err
	}
	return s.store.SearchMessages(ctx, actor, other, q, MessageSearchLimit)
}
