package storetest

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/numeneon/numeneon/model"
)

func runDrafts(t *testing.T, open Opener) {
	t.Run("SaveOverwriteDelete", func(t *testing.T) { testDrafts(t, newEnv(t, open)) })
	t.Run("Refused", func(t *testing.T) { testDraftsRefused(t, newEnv(t, open)) })
}

func (e *env) wantDrafts(actor model.User, want map[string]model.Draft, what string) {
	e.t.Helper()
	got, err := e.svc.Drafts(e.ctx, actor.ID)
	if err != nil {
		e.t.Fatalf("%s: Drafts(%s): %v", what, actor.Username, err)
	}
	if !maps.Equal(got, want) {
		e.t.Errorf("%s: got drafts %+v, want %+v", what, got, want)
	}
}

// testDrafts: drafts are kept per person and key, replaced by a new
// save, deleted by an empty save or DeleteDraft, and may be longer than a
// post.
func testDrafts(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	e.wantDrafts(alice, map[string]model.Draft{}, "no drafts")
	long := strings.Repeat("ü", model.MaxDraft)
	must(t, e.svc.SaveDraft(e.ctx, alice.ID, "post", model.Draft{Content: "half a thought"}), "alice saves a post draft")
	must(t, e.svc.SaveDraft(e.ctx, alice.ID, "dm:7", model.Draft{Content: long}), "alice saves a long DM draft")
	must(t, e.svc.SaveDraft(e.ctx, alice.ID, "wall:12", model.Draft{Type: model.Media, MediaURL: "https://example.com/p.png"}), "a media draft")
	must(t, e.svc.SaveDraft(e.ctx, bob.ID, "post", model.Draft{Type: model.Milestones, Content: "bob's"}), "bob saves a post draft")
	e.wantDrafts(alice, map[string]model.Draft{
		"post":    {Type: model.Thoughts, Content: "half a thought"},
		"dm:7":    {Type: model.Thoughts, Content: long},
		"wall:12": {Type: model.Media, MediaURL: "https://example.com/p.png"},
	}, "alice's drafts")
	e.wantDrafts(bob, map[string]model.Draft{"post": {Type: model.Milestones, Content: "bob's"}}, "bob's drafts")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_draft WHERE user_id = $1 AND draft_key = 'post' AND post_type = 'thoughts' AND media_url = ''",
		alice.ID), 1, "alice's post draft row")

	must(t, e.svc.SaveDraft(e.ctx, alice.ID, "post", model.Draft{Type: model.Milestones, Content: "a whole thought\nwith lines"}), "alice overwrites")
	must(t, e.svc.SaveDraft(e.ctx, alice.ID, "wall:12", model.Draft{Type: model.Media}), "an empty save")
	must(t, e.svc.DeleteDraft(e.ctx, alice.ID, "dm:7"), "alice deletes her DM draft")
	must(t, e.svc.DeleteDraft(e.ctx, alice.ID, "dm:7"), "deleting it again")
	must(t, e.svc.SaveDraft(e.ctx, alice.ID, "edit:5", model.Draft{Content: "  \n "}), "a save of blanks")
	e.wantDrafts(alice, map[string]model.Draft{"post": {Type: model.Milestones, Content: "a whole thought\nwith lines"}}, "alice's drafts after changes")
	e.wantDrafts(bob, map[string]model.Draft{"post": {Type: model.Milestones, Content: "bob's"}}, "bob's drafts after alice's changes")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_draft"), 2, "draft rows")
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_event WHERE kind LIKE 'draft%'"), 0, "draft events")

	e.exec("DELETE FROM users_profile WHERE user_id = $1", bob.ID)
	e.exec("DELETE FROM auth_user WHERE id = $1", bob.ID)
	wantInt(t, e.count("SELECT COUNT(*) FROM numeneon_draft"), 1, "draft rows after bob's account was deleted")
}

// testDraftsRefused: bad text, keys, types and too many drafts are
// refused at their field, and change nothing.
func testDraftsRefused(t *testing.T, e *env) {
	alice := e.user("alice")
	must(t, e.svc.SaveDraft(e.ctx, alice.ID, "post", model.Draft{Content: "kept"}), "a draft")
	bad := []struct {
		what, key, field string
		d                model.Draft
	}{
		{"invalid UTF-8", "post", "content", model.Draft{Content: "bad \xff text"}},
		{"a NUL", "post", "content", model.Draft{Content: "a\x00b"}},
		{"too long", "post", "content", model.Draft{Content: strings.Repeat("x", model.MaxDraft+1)}},
		{"an invalid media URL", "post", "media_url", model.Draft{MediaURL: "\xff"}},
		{"a long media URL", "post", "media_url", model.Draft{MediaURL: "https://example.com/" + strings.Repeat("x", model.MaxDraftMediaURL)}},
		{"a bad type", "post", "type", model.Draft{Type: "poem", Content: "x"}},
		{"an empty key", "", "key", model.Draft{Content: "x"}},
		{"a key with spaces", "wall 12", "key", model.Draft{Content: "x"}},
		{"a key with invalid UTF-8", "dm:\xff", "key", model.Draft{Content: "x"}},
		{"a long key", strings.Repeat("k", model.MaxDraftKey+1), "key", model.Draft{Content: "x"}},
	}
	for _, b := range bad {
		wantField(t, e.svc.SaveDraft(e.ctx, alice.ID, b.key, b.d), model.EINVALID, b.field, "saving a draft with "+b.what)
	}
	wantField(t, e.svc.DeleteDraft(e.ctx, alice.ID, "a b"), model.EINVALID, "key", "deleting a bad key")
	wantCode(t, e.svc.SaveDraft(e.ctx, 0, "post", model.Draft{Content: "x"}), model.EUNAUTHORIZED, "nobody saves a draft")
	e.wantDrafts(alice, map[string]model.Draft{"post": {Type: model.Thoughts, Content: "kept"}}, "drafts after refused saves")

	for i := 1; i < model.MaxDrafts; i++ {
		must(t, e.svc.SaveDraft(e.ctx, alice.ID, fmt.Sprintf("dm:%d", i), model.Draft{Content: "x"}), "a draft under the limit")
	}
	wantField(t, e.svc.SaveDraft(e.ctx, alice.ID, "dm:999999", model.Draft{Content: "x"}), model.EINVALID, "key", "a draft past the limit")
	must(t, e.svc.SaveDraft(e.ctx, alice.ID, "dm:1", model.Draft{Content: "y"}), "overwriting a draft at the limit")

	e.exec("UPDATE auth_user SET is_active = $1 WHERE id = $2", false, alice.ID)
	_, err := e.svc.Drafts(e.ctx, alice.ID)
	wantCode(t, err, model.EFORBIDDEN, "a deactivated account's drafts")
	wantCode(t, e.svc.SaveDraft(e.ctx, alice.ID, "post", model.Draft{Content: "x"}), model.EFORBIDDEN, "a deactivated account saves")
}
