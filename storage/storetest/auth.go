package storetest

import (
	"testing"

	"github.com/numeneon/numeneon/model"
)

func runAuthorization(t *testing.T, open Opener) {
	t.Run("NonOwnersChangeNothing", func(t *testing.T) { testNonOwners(t, newEnv(t, open)) })
}

// testNonOwners tries every action that belongs to someone else and checks
// that each is refused with the designed code and that no row changed.
func testNonOwners(t *testing.T, e *env) {
	alice, bob, carol, mallory := e.user("alice"), e.user("bob"), e.user("carol"), e.user("mallory")
	e.befriend(alice, bob)
	p := e.say(alice, "alice's post")
	m := e.post(alice, model.NewPost{Type: model.Media, Content: "pic", MediaURL: "https://example.com/p.png"})
	r := e.reply(bob, p.ID, "bob's reply")
	w := e.post(bob, model.NewPost{Content: "on alice's wall", TargetUserID: &alice.ID})
	must(t, e.svc.Like(e.ctx, bob.ID, p.ID), "bob likes")
	_, err := e.svc.SendFriendRequest(e.ctx, alice.ID, carol.ID)
	must(t, err, "alice asks carol")
	req := e.requestID(alice, carol)
	am, err := e.svc.SendMessage(e.ctx, alice.ID, bob.ID, "private")
	must(t, err, "alice writes bob")
	_, err = e.svc.SendMessage(e.ctx, bob.ID, alice.ID, "private too")
	must(t, err, "bob writes alice")

	before := e.snapshot()
	content := ptr("defaced")
	forbidden := []struct {
		what string
		err  error
	}{
		{"mallory edits alice's post", second(e.svc.EditPost(e.ctx, mallory.ID, p.ID, model.PostUpdate{Content: content}))},
		{"mallory edits alice's media URL", second(e.svc.EditPost(e.ctx, mallory.ID, m.ID, model.PostUpdate{MediaURL: ptr("https://evil.example/x.png")}))},
		{"alice edits bob's reply on her post", second(e.svc.EditPost(e.ctx, alice.ID, r.ID, model.PostUpdate{Content: content}))},
		{"alice edits bob's post on her wall", second(e.svc.EditPost(e.ctx, alice.ID, w.ID, model.PostUpdate{Content: content}))},
		{"mallory deletes alice's post", e.svc.DeletePost(e.ctx, mallory.ID, p.ID)},
		{"alice deletes bob's reply on her post", e.svc.DeletePost(e.ctx, alice.ID, r.ID)},
		{"bob deletes alice's post he replied to", e.svc.DeletePost(e.ctx, bob.ID, p.ID)},
		{"mallory posts on alice's wall", second(e.svc.CreatePost(e.ctx, mallory.ID, model.NewPost{Content: "hi", TargetUserID: &alice.ID}))},
		{"mallory accepts alice's request to carol", e.svc.AcceptFriendRequest(e.ctx, mallory.ID, req)},
		{"alice accepts her own request", e.svc.AcceptFriendRequest(e.ctx, alice.ID, req)},
		{"mallory declines it", e.svc.DeclineFriendRequest(e.ctx, mallory.ID, req)},
		{"alice declines her own request", e.svc.DeclineFriendRequest(e.ctx, alice.ID, req)},
		{"mallory cancels it", e.svc.CancelFriendRequest(e.ctx, mallory.ID, req)},
		{"carol cancels a request she received", e.svc.CancelFriendRequest(e.ctx, carol.ID, req)},
		{"bob edits alice's message to him", second(e.svc.EditMessage(e.ctx, bob.ID, am.ID, "defaced"))},
		{"bob deletes alice's message to him", e.svc.DeleteMessage(e.ctx, bob.ID, am.ID)},
	}
	for _, f := range forbidden {
		wantCode(t, f.err, model.EFORBIDDEN, f.what)
	}
	wantCode(t, e.svc.Unfriend(e.ctx, mallory.ID, alice.ID), model.ENOTFOUND, "mallory unfriends alice")
	// A message one is not part of does not exist, as far as one can tell.
	wantCode(t, second(e.svc.EditMessage(e.ctx, mallory.ID, am.ID, "defaced")), model.ENOTFOUND, "mallory edits alice's message")
	wantCode(t, e.svc.DeleteMessage(e.ctx, mallory.ID, am.ID), model.ENOTFOUND, "mallory deletes alice's message")
	wantCode(t, second(e.svc.Message(e.ctx, mallory.ID, am.ID)), model.ENOTFOUND, "mallory reads alice's message")
	if found, err := e.svc.SearchMessages(e.ctx, mallory.ID, alice.ID, "private"); err != nil || len(found) != 0 {
		t.Errorf("mallory searches alice's messages: %d, %v", len(found), err)
	}
	if n, err := e.svc.MarkConversationRead(e.ctx, mallory.ID, alice.ID); err != nil || n != 0 {
		t.Errorf("mallory marks alice's messages read: %d, %v; want 0, nil", n, err)
	}
	if n, err := e.svc.MarkConversationRead(e.ctx, alice.ID, alice.ID); err != nil && model.ErrorCode(err) != model.EINVALID || n != 0 {
		t.Errorf("alice marks her own messages to herself read: %d, %v; want 0", n, err)
	}
	msgs, err := e.svc.Messages(e.ctx, mallory.ID, alice.ID, model.Page{})
	must(t, err, "Messages(mallory, alice)")
	if len(msgs) != 0 {
		t.Errorf("mallory reads %d of alice's messages", len(msgs))
	}
	convs, err := e.svc.Conversations(e.ctx, mallory.ID)
	must(t, err, "Conversations(mallory)")
	if len(convs) != 0 {
		t.Errorf("mallory sees conversations %+v", convs)
	}
	if after := e.snapshot(); after != before {
		t.Errorf("refused actions changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// second drops the value of a (value, error) call.
func second[T any](_ T, err error) error { return err }
