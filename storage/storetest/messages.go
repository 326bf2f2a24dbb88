package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

func runMessages(t *testing.T, open Opener) {
	t.Run("Send", func(t *testing.T) { testSendMessage(t, newEnv(t, open)) })
	t.Run("ConversationPagination", func(t *testing.T) { testConversationPagination(t, newEnv(t, open)) })
	t.Run("Conversations", func(t *testing.T) { testConversations(t, newEnv(t, open)) })
	t.Run("MarkRead", func(t *testing.T) { testMarkRead(t, newEnv(t, open)) })
}

func msgIDs(ms []model.Message) []int64 {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

func testSendMessage(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	m, err := e.svc.SendMessage(e.ctx, alice.ID, bob.ID, "hello bob")
	must(t, err, "SendMessage")
	if m.ID == 0 || m.SenderID != alice.ID || m.ReceiverID != bob.ID || m.Content != "hello bob" || m.IsRead || m.CreatedAt.IsZero() {
		t.Errorf("SendMessage returned %+v", m)
	}
	wantInt(t, e.count(`SELECT COUNT(*) FROM messages_app_message WHERE id = $1 AND sender_id = $2 AND receiver_id = $3
		AND NOT is_read AND reply_to_story_id IS NULL AND created_at IS NOT NULL`, m.ID, alice.ID, bob.ID), 1, "message rows as Django writes them")
	long := strings.Repeat("😀", 4000)
	lm, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, long)
	must(t, err, "a 4000-emoji message")
	got, err := e.svc.Messages(e.ctx, alice.ID, bob.ID, model.Page{})
	must(t, err, "Messages")
	if len(got) != 2 || got[0].ID != lm.ID || got[0].Content != long || got[1].Content != "hello bob" {
		t.Errorf("conversation = %d messages, newest %d with %d runes", len(got), msgID(got, 0), len([]rune(msgContent(got, 0))))
	}

	before := e.snapshot()
	for _, c := range []struct{ content, what string }{
		{"", "an empty message"},
		{" \n\t ", "a blank message"},
		{long + "😀", "a 4001-character message"},
	} {
		_, err := e.svc.SendMessage(e.ctx, alice.ID, bob.ID, c.content)
		wantField(t, err, model.EINVALID, "content", c.what)
	}
	_, err = e.svc.SendMessage(e.ctx, alice.ID, alice.ID, "note to self")
	wantField(t, err, model.EINVALID, "to", "a message to oneself")
	_, err = e.svc.SendMessage(e.ctx, alice.ID, carol.ID+1000, "hello?")
	wantCode(t, err, model.ENOTFOUND, "a message to a missing user")
	if e.snapshot() != before {
		t.Errorf("refused messages changed the database")
	}
	e.exec("UPDATE auth_user SET is_active = $1 WHERE id = $2", false, carol.ID)
	_, err = e.svc.SendMessage(e.ctx, alice.ID, carol.ID, "hello?")
	wantCode(t, err, model.EFORBIDDEN, "a message to a closed account")
	wantInt(t, e.count("SELECT COUNT(*) FROM messages_app_message"), 2, "message rows after refused sends")
}

func msgID(ms []model.Message, i int) int64 {
	if i < len(ms) {
		return ms[i].ID
	}
	return 0
}

func msgContent(ms []model.Message, i int) string {
	if i < len(ms) {
		return ms[i].Content
	}
	return ""
}

func testConversationPagination(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	var ab []model.Message
	for i := range 17 {
		from, to := alice, bob
		if i%3 == 1 {
			from, to = bob, alice
		}
		m, err := e.svc.SendMessage(e.ctx, from.ID, to.ID, "msg")
		must(t, err, "SendMessage")
		m.CreatedAt = base.Add(time.Duration((i*7)%6) * time.Microsecond)
		e.setCreated("messages_app_message", m.ID, m.CreatedAt)
		ab = append(ab, m)
	}
	for range 3 {
		m, err := e.svc.SendMessage(e.ctx, carol.ID, alice.ID, "from carol")
		must(t, err, "SendMessage")
		e.setCreated("messages_app_message", m.ID, base.Add(2*time.Microsecond))
	}
	want := msgIDs(newestFirst(ab, func(m model.Message) (time.Time, int64) { return m.CreatedAt, m.ID }))
	for _, side := range [][2]model.User{{alice, bob}, {bob, alice}} {
		for _, limit := range []int{1, 4, 5, 17, 50} {
			got := pageAll(t, "Messages", limit, func(pg model.Page) ([]model.Message, error) {
				return e.svc.Messages(e.ctx, side[0].ID, side[1].ID, pg)
			})
			wantIDs(t, msgIDs(got), want, side[0].Username+"'s conversation with "+side[1].Username+", all pages")
		}
	}
	// Nobody reads a conversation they are not in.
	got, err := e.svc.Messages(e.ctx, carol.ID, bob.ID, model.Page{})
	must(t, err, "Messages(carol, bob)")
	wantIDs(t, msgIDs(got), nil, "carol's conversation with bob")
	got, err = e.svc.Messages(e.ctx, carol.ID, alice.ID, model.Page{})
	must(t, err, "Messages(carol, alice)")
	for _, m := range got {
		if m.SenderID != carol.ID && m.ReceiverID != carol.ID {
			t.Errorf("carol's conversation with alice shows message %+v", m)
		}
	}
	wantInt(t, len(got), 3, "carol's messages with alice")
}

func testConversations(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	send := func(from, to model.User, content string, sec int) model.Message {
		t.Helper()
		m, err := e.svc.SendMessage(e.ctx, from.ID, to.ID, content)
		must(t, err, "SendMessage")
		m.CreatedAt = base.Add(time.Duration(sec) * time.Second)
		e.setCreated("messages_app_message", m.ID, m.CreatedAt)
		return m
	}
	send(alice, bob, "hi bob", 1)
	send(bob, alice, "hi alice", 2)
	last := send(bob, alice, "are you there?", 3)
	toCarol := send(alice, carol, "hi carol", 5)
	send(dave, carol, "unrelated", 9)

	convs, err := e.svc.Conversations(e.ctx, alice.ID)
	must(t, err, "Conversations(alice)")
	if len(convs) != 2 {
		t.Fatalf("alice has %d conversations, want 2: %+v", len(convs), convs)
	}
	c0, c1 := convs[0], convs[1]
	if c0.With.ID != carol.ID || c0.With.Username != "carol" || c0.LastMessage.ID != toCarol.ID || c0.LastMessage.Content != "hi carol" || c0.Unread != 0 {
		t.Errorf("alice's first conversation = %+v, want carol's with %q and 0 unread", c0, "hi carol")
	}
	if c1.With.ID != bob.ID || c1.LastMessage.ID != last.ID || c1.LastMessage.Content != "are you there?" || c1.Unread != 2 ||
		c1.LastMessage.SenderID != bob.ID || !c1.LastMessage.CreatedAt.Equal(last.CreatedAt) {
		t.Errorf("alice's second conversation = %+v, want bob's ending with %q and 2 unread", c1, last.Content)
	}
	convs, err = e.svc.Conversations(e.ctx, bob.ID)
	must(t, err, "Conversations(bob)")
	if len(convs) != 1 || convs[0].With.ID != alice.ID || convs[0].Unread != 1 || convs[0].LastMessage.ID != last.ID {
		t.Errorf("bob's conversations = %+v, want alice's with 1 unread", convs)
	}
	convs, err = e.svc.Conversations(e.ctx, carol.ID)
	must(t, err, "Conversations(carol)")
	if len(convs) != 2 || convs[0].With.ID != dave.ID || convs[1].With.ID != alice.ID || convs[0].Unread != 1 || convs[1].Unread != 1 {
		t.Errorf("carol's conversations = %+v, want dave's then alice's, 1 unread each", convs)
	}
	none := e.user("erin")
	convs, err = e.svc.Conversations(e.ctx, none.ID)
	must(t, err, "Conversations(erin)")
	if len(convs) != 0 {
		t.Errorf("erin has conversations: %+v", convs)
	}
}

func testMarkRead(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	send := func(from, to model.User, content string) {
		t.Helper()
		_, err := e.svc.SendMessage(e.ctx, from.ID, to.ID, content)
		must(t, err, "SendMessage")
	}
	send(bob, alice, "one")
	send(bob, alice, "two")
	send(alice, bob, "three")
	send(carol, alice, "four")
	unread := func(u model.User) int {
		t.Helper()
		n, err := e.svc.UnreadCount(e.ctx, u.ID)
		must(t, err, "UnreadCount")
		wantInt(t, n, e.count("SELECT COUNT(*) FROM messages_app_message WHERE receiver_id = $1 AND NOT is_read", u.ID),
			u.Username+"'s UnreadCount vs rows")
		return n
	}
	wantInt(t, unread(alice), 3, "alice's unread")
	wantInt(t, unread(bob), 1, "bob's unread")

	// Bob marking his conversation with alice read touches only what he
	// received, never the messages he sent her.
	n, err := e.svc.MarkConversationRead(e.ctx, bob.ID, alice.ID)
	must(t, err, "bob marks read")
	wantInt(t, n, 1, "messages bob marked read")
	wantInt(t, e.count("SELECT COUNT(*) FROM messages_app_message WHERE sender_id = $1 AND receiver_id = $2 AND NOT is_read", bob.ID, alice.ID), 2,
		"bob's messages to alice still unread")
	wantInt(t, unread(alice), 3, "alice's unread after bob read")
	wantInt(t, unread(bob), 0, "bob's unread after reading")

	// A third user cannot mark anything of theirs.
	before := e.snapshot()
	n, err = e.svc.MarkConversationRead(e.ctx, carol.ID, bob.ID)
	must(t, err, "carol marks a conversation she is not in")
	wantInt(t, n, 0, "messages carol marked read")
	if e.snapshot() != before {
		t.Errorf("carol marking a conversation she is not in changed the database")
	}

	n, err = e.svc.MarkConversationRead(e.ctx, alice.ID, bob.ID)
	must(t, err, "alice marks read")
	wantInt(t, n, 2, "messages alice marked read")
	wantInt(t, unread(alice), 1, "alice's unread (carol's message is left)")
	n, err = e.svc.MarkConversationRead(e.ctx, alice.ID, bob.ID)
	must(t, err, "alice marks read again")
	wantInt(t, n, 0, "messages marked read the second time")
	convs, err := e.svc.Conversations(e.ctx, alice.ID)
	must(t, err, "Conversations")
	for _, c := range convs {
		want := map[int64]int{bob.ID: 0, carol.ID: 1}[c.With.ID]
		wantInt(t, c.Unread, want, "unread in alice's conversation with "+c.With.Username)
	}
	msgs, err := e.svc.Messages(e.ctx, alice.ID, bob.ID, model.Page{})
	must(t, err, "Messages")
	for _, m := range msgs {
		if !m.IsRead {
			t.Errorf("message %d (%q) is unread after both sides read", m.ID, m.Content)
		}
	}
}
