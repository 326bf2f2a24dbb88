package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Message is a direct message (messages_app_message).
type Message struct {
	ID         int64
	SenderID   int64
	ReceiverID int64
	Content    string
	IsRead     bool
	CreatedAt  time.Time
	EditedAt   time.Time // when its content last changed; zero if never
}

// Edited reports whether m's content changed since it was sent.
func (m Message) Edited() bool { return !m.EditedAt.IsZero() }

// Cursor returns the keyset position of m.
func (m Message) Cursor() *Cursor { return &Cursor{CreatedAt: m.CreatedAt, ID: m.ID} }

// Conversation is one line of the conversation list.
type Conversation struct {
	With        UserSummary
	LastMessage Message
	Unread      int // messages from With that the viewer has not read
}

// ValidateMessage checks a DM's content.
func ValidateMessage(content string) error {
	if err := validText("content", "A message", content); err != nil {
		return err
	}
	n := utf8.RuneCountInString(content)
	switch {
	case strings.TrimSpace(content) == "":
		return Invalid("content", "Write a message first.")
	case n > MaxMessage:
		return Invalid("content", "A message can be at most %d characters (this one has %d).", MaxMessage, n)
	}
	return nil
}

// MessageSearchLimit is the most matches a search of messages returns.
const MessageSearchLimit = 50
