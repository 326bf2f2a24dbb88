package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

func runMessageEdits(t *testing.T, open Opener) {
	t.Run("Edit", func(t *testing.T) { testEditMessage(t, newEnv(t, open)) })
	t.Run("Delete", func(t *testing.T) { testDeleteMessage(t, newEnv(t, open)) })
	t.Run("Search", func(t *testing.T) { testSearchMessages(t, newEnv(t, open)) })
	t.Run("EditBudget", func(t *testing.T) { testEditBudget(t, newEnv(t, open)) })
}

// messageEvents lists the events about message id as "user:kind", in
// the order they were recorded.
func (e *env) messageEvents(id int64) string {
	e.t.Helper()
	rows, err := e.db.QueryContext(e.ctx, `SELECT user_id, kind FROM numeneon_event WHERE message_id = $1 ORDER BY id`, id)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var (
			user int64
			kind string
		)
		if err := rows.Scan(&user, &kind); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, fmt.Sprint(user, ":", kind))
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
	return strings.Join(out, " ")
}

// testEditMessage: the sender edits their message in place (the web
// app's row changes), it reads back as edited, both people get a
// message.edited event; edits are checked as messages are; an edit by
// another writer (the web app) counts as well.
func testEditMessage(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	m, err := e.svc.SendMessage(e.ctx, alice.ID, bob.ID, "see you at 8")
	must(t, err, "SendMessage")
	other, err := e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "ok")
	must(t, err, "bob answers")
	if m.Edited() {
		t.Errorf("a new message reads as edited: %+v", m)
	}
	got, err := e.svc.EditMessage(e.ctx, alice.ID, m.ID, "see you at 9")
	must(t, err, "EditMessage")
	if got.ID != m.ID || got.Content != "see you at 9" || !got.Edited() || !got.CreatedAt.Equal(m.CreatedAt) {
		t.Errorf("EditMessage returned %+v", got)
	}
	wantInt(t, e.count(`SELECT COUNT(*) FROM messages_app_message WHERE id = $1 AND content = $2`, m.ID, "see you at 9"), 1,
		"the web app's row, changed in place")
	wantInt(t, e.count(`SELECT COUNT(*) FROM messages_app_message`), 2, "messages after the edit")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_message_edit WHERE message_id = $1`, m.ID), 1, "the edit's record")
	want := fmt.Sprint(bob.ID, ":message ", alice.ID, ":message ", bob.ID, ":message.edited ", alice.ID, ":message.edited")
	if ev := e.messageEvents(m.ID); ev != want {
		t.Errorf("events of the message = %q, want %q", ev, want)
	}
	msgs, err := e.svc.Messages(e.ctx, bob.ID, alice.ID, model.Page{})
	must(t, err, "Messages")
	if len(msgs) != 2 || msgs[1].Content != "see you at 9" || !msgs[1].Edited() || msgs[0].Edited() {
		t.Errorf("bob reads %+v", msgs)
	}
	convs, err := e.svc.Conversations(e.ctx, bob.ID)
	must(t, err, "Conversations")
	if len(convs) != 1 || convs[0].LastMessage.ID != other.ID || convs[0].LastMessage.Edited() {
		t.Errorf("bob's conversations: %+v", convs)
	}
	seen, err := e.svc.Message(e.ctx, bob.ID, m.ID)
	must(t, err, "Message")
	if seen.Content != "see you at 9" || !seen.Edited() {
		t.Errorf("Message(bob) = %+v", seen)
	}

	// The same text again is no edit: no event.
	_, err = e.svc.EditMessage(e.ctx, alice.ID, m.ID, "see you at 9")
	must(t, err, "an edit that changes nothing")
	if ev := e.messageEvents(m.ID); ev != want {
		t.Errorf("events after an edit that changed nothing = %q", ev)
	}

	before := e.snapshot()
	for _, c := range []struct{ content, what string }{
		{"", "an empty edit"},
		{" \n ", "a blank edit"},
		{strings.Repeat("x", model.MaxMessage+1), "an edit over the limit"},
		{"bad\x00byte", "an edit with NUL"},
	} {
		wantField(t, second(e.svc.EditMessage(e.ctx, alice.ID, m.ID, c.content)), model.EINVALID, "content", c.what)
	}
	wantCode(t, second(e.svc.EditMessage(e.ctx, alice.ID, other.ID+1000, "hm")), model.ENOTFOUND, "editing a missing message")
	wantCode(t, second(e.svc.EditMessage(e.ctx, alice.ID, other.ID, "put words")), model.EFORBIDDEN, "alice edits bob's message")
	wantCode(t, second(e.svc.EditMessage(e.ctx, 0, m.ID, "hm")), model.EUNAUTHORIZED, "editing signed out")
	must(t, e.svc.Block(e.ctx, bob.ID, alice.ID), "bob blocks alice")
	wantCode(t, second(e.svc.EditMessage(e.ctx, alice.ID, m.ID, "across the block")), model.EFORBIDDEN, "an edit across a block")
	must(t, e.svc.Unblock(e.ctx, bob.ID, alice.ID), "bob unblocks alice")
	if e.snapshot() != before {
		t.Errorf("refused edits changed the database")
	}

	// The web app edits a message in its own SQL: recorded, told.
	e.exec(`UPDATE messages_app_message SET content = $1 WHERE id = $2`, "k, see you", other.ID)
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_message_edit WHERE message_id = $1`, other.ID), 1, "the web app's edit's record")
	if ev := e.messageEvents(other.ID); !strings.HasSuffix(ev, fmt.Sprint(alice.ID, ":message.edited ", bob.ID, ":message.edited")) {
		t.Errorf("events of the web app's edit: %q", ev)
	}
	// Marking read is no edit.
	_, err = e.svc.MarkConversationRead(e.ctx, bob.ID, alice.ID)
	must(t, err, "MarkConversationRead")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_message_edit`), 2, "edit records after a read")
}

// testDeleteMessage: the sender deletes their message: the row goes with
// its record of edits, both people get message.deleted; the web app's
// deletes (a message, an account's messages) take the records too.
func testDeleteMessage(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	m, err := e.svc.SendMessage(e.ctx, alice.ID, bob.ID, "oops, wrong person")
	must(t, err, "SendMessage")
	keep, err := e.svc.SendMessage(e.ctx, alice.ID, bob.ID, "hi bob")
	must(t, err, "SendMessage")
	_, err = e.svc.EditMessage(e.ctx, alice.ID, m.ID, "oops")
	must(t, err, "EditMessage")

	wantCode(t, e.svc.DeleteMessage(e.ctx, bob.ID, m.ID), model.EFORBIDDEN, "bob deletes alice's message")
	wantCode(t, e.svc.DeleteMessage(e.ctx, carol.ID, m.ID), model.ENOTFOUND, "carol deletes alice's message")
	// Taking one's words back is never refused by a block.
	must(t, e.svc.Block(e.ctx, bob.ID, alice.ID), "bob blocks alice")
	must(t, e.svc.DeleteMessage(e.ctx, alice.ID, m.ID), "DeleteMessage")
	must(t, e.svc.Unblock(e.ctx, bob.ID, alice.ID), "bob unblocks alice")
	wantInt(t, e.count(`SELECT COUNT(*) FROM messages_app_message WHERE id = $1`, m.ID), 0, "the deleted message's row")
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_message_edit WHERE message_id = $1`, m.ID), 0, "its record of edits")
	want := fmt.Sprint(bob.ID, ":message.deleted ", alice.ID, ":message.deleted")
	if ev := e.messageEvents(m.ID); !strings.HasSuffix(ev, want) {
		t.Errorf("events of the message = %q, want them to end with %q", ev, want)
	}
	wantCode(t, e.svc.DeleteMessage(e.ctx, alice.ID, m.ID), model.ENOTFOUND, "deleting it again")
	msgs, err := e.svc.Messages(e.ctx, bob.ID, alice.ID, model.Page{})
	must(t, err, "Messages")
	if len(msgs) != 1 || msgs[0].ID != keep.ID {
		t.Errorf("bob reads %+v after the delete", msgs)
	}

	// The web app deletes in its own SQL.
	_, err = e.svc.EditMessage(e.ctx, alice.ID, keep.ID, "hi bob!")
	must(t, err, "EditMessage")
	e.exec(`DELETE FROM messages_app_message WHERE id = $1`, keep.ID)
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_message_edit`), 0, "edit records after the web app's delete")
	if ev := e.messageEvents(keep.ID); !strings.HasSuffix(ev, fmt.Sprint(bob.ID, ":message.deleted ", alice.ID, ":message.deleted")) {
		t.Errorf("events of the web app's delete: %q", ev)
	}
	// An account deleted by Django: its messages first, then the user.
	c, err := e.svc.SendMessage(e.ctx, carol.ID, bob.ID, "bye")
	must(t, err, "carol writes")
	_, err = e.svc.EditMessage(e.ctx, carol.ID, c.ID, "bye!")
	must(t, err, "carol edits")
	e.exec(`DELETE FROM messages_app_message WHERE sender_id = $1 OR receiver_id = $1`, carol.ID)
	e.exec(`DELETE FROM users_profile WHERE user_id = $1`, carol.ID)
	e.exec(`DELETE FROM auth_user WHERE id = $1`, carol.ID)
	wantInt(t, e.count(`SELECT COUNT(*) FROM numeneon_message_edit`), 0, "edit records after an account's deletion")
}

// testSearchMessages: a search finds the text of one conversation only,
// whatever the case, with LIKE's wildcards taken literally, newest first,
// at most MessageSearchLimit; short queries and blocks are refused.
func testSearchMessages(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	send := func(from, to model.User, text string) model.Message {
		m, err := e.svc.SendMessage(e.ctx, from.ID, to.ID, text)
		must(t, err, "SendMessage")
		return m
	}
	base := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	var ms []model.Message
	for i, text := range []string{"Dinner at 8?", "dinner is late", "100% sure", "100 percent", "snake_case", "snakeXcase", "ÉCOLE demain"} {
		from, to := alice, bob
		if i%2 == 1 {
			from, to = bob, alice
		}
		m := send(from, to, text)
		e.setCreated("messages_app_message", m.ID, base.Add(time.Duration(i)*time.Minute))
		ms = append(ms, m)
	}
	send(alice, carol, "dinner with carol")
	ids := func(q string) []int64 {
		t.Helper()
		got, err := e.svc.SearchMessages(e.ctx, bob.ID, alice.ID, q)
		must(t, err, "SearchMessages "+q)
		return msgIDs(got)
	}
	for _, c := range []struct {
		q    string
		want []int64
	}{
		{"dinner", []int64{ms[1].ID, ms[0].ID}},
		{"  DINNER ", []int64{ms[1].ID, ms[0].ID}},
		{"0%", []int64{ms[2].ID}},
		{"e_c", []int64{ms[4].ID}},
		{"école", []int64{ms[6].ID}},
		{"nothing like it", nil},
	} {
		if got := ids(c.q); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("search %q = %v, want %v", c.q, got, c.want)
		}
	}
	for i := 0; i < model.MessageSearchLimit+5; i++ {
		send(alice, bob, fmt.Sprint("again ", i))
	}
	if n := len(ids("again")); n != model.MessageSearchLimit {
		t.Errorf("a search with many matches gave %d, want %d", n, model.MessageSearchLimit)
	}
	wantField(t, second(e.svc.SearchMessages(e.ctx, bob.ID, alice.ID, "d")), model.EINVALID, "query", "a one-letter search")
	must(t, e.svc.Block(e.ctx, alice.ID, bob.ID), "alice blocks bob")
	wantCode(t, second(e.svc.SearchMessages(e.ctx, bob.ID, alice.ID, "dinner")), model.EFORBIDDEN, "a search across a block")
}

// testEditBudget: an edit spends from the message budget.
func testEditBudget(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	clock := &budgetClock{at: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	svc := e.budgeted(clock, map[model.WriteKind]model.Budget{model.WriteMessage: {PerMinute: 1, Burst: 2}})
	m, err := svc.SendMessage(e.ctx, alice.ID, bob.ID, "one")
	must(t, err, "the first message")
	_, err = svc.EditMessage(e.ctx, alice.ID, m.ID, "one!")
	must(t, err, "the first edit")
	_, err = svc.EditMessage(e.ctx, alice.ID, m.ID, "one!!")
	wantCode(t, err, model.ELIMIT, "an edit past the budget")
	if got := e.str(`SELECT content FROM messages_app_message WHERE id = $1`, m.ID); got != "one!" {
		t.Errorf("content after the refused edit = %q", got)
	}
	must(t, svc.DeleteMessage(e.ctx, alice.ID, m.ID), "a delete past the budget spends nothing")
}
