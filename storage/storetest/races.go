package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/numeneon/numeneon/model"
)

// Deletes racing each other and racing likes and replies of the same post.
// Each case plays many rounds, since one round rarely hits the bad
// interleaving, and logs how many rounds went wrong.

// raceRounds rounds of raceSessions sessions acting at once.
const raceRounds, raceSessions = 40, 4

func runRaces(t *testing.T, open Opener) {
	t.Run("DoubleDeleteReply", func(t *testing.T) { testDoubleDeleteReply(t, newEnv(t, open)) })
	t.Run("DoubleDeletePost", func(t *testing.T) { testDoubleDeletePost(t, newEnv(t, open)) })
	t.Run("DeleteUnderLikesAndReplies", func(t *testing.T) { testDeleteUnderLikesAndReplies(t, newEnv(t, open)) })
	t.Run("ForeignKeyFailure", func(t *testing.T) { testForeignKeyFailure(t, newEnv(t, open)) })
}

// race runs every fn at the same moment and returns their errors, in order.
func race(fns ...func() error) []error {
	errs := make([]error, len(fns))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() {
			<-start
			errs[i] = fn()
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// sessions returns n copies of fn, for race.
func sessions(n int, fn func() error) []func() error {
	fns := make([]func() error, n)
	for i := range fns {
		fns[i] = fn
	}
	return fns
}

// oneWins checks that exactly one of errs is nil and that every other is
// ENOTFOUND: the row was there for the first and gone for the rest.
func oneWins(errs []error) error {
	won := 0
	for _, err := range errs {
		switch model.ErrorCode(err) {
		case "":
			won++
		case model.ENOTFOUND:
		default:
			return fmt.Errorf("a session got %v (code %q), want success or not found", err, model.ErrorCode(err))
		}
	}
	if won != 1 {
		return fmt.Errorf("%d of %d sessions succeeded, want exactly 1", won, len(errs))
	}
	return nil
}

// inconsistent counts the posts whose cached counters differ from the rows
// they count, and the likes and posts that point at a missing post.
func (e *env) inconsistent() int {
	e.t.Helper()
	return e.count(`SELECT
		(SELECT COUNT(*) FROM posts_post p
			WHERE p.likes_count <> (SELECT COUNT(*) FROM posts_like l WHERE l.post_id = p.id)
			   OR p.comment_count <> (SELECT COUNT(*) FROM posts_post r WHERE r.parent_id = p.id))
		+ (SELECT COUNT(*) FROM posts_like l WHERE NOT EXISTS (SELECT 1 FROM posts_post p WHERE p.id = l.post_id))
		+ (SELECT COUNT(*) FROM posts_post r WHERE
			(r.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM posts_post p WHERE p.id = r.parent_id))
			OR (r.reply_to_comment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM posts_post p WHERE p.id = r.reply_to_comment_id)))`)
}

// rounds plays raceRounds rounds and reports the rounds that went wrong:
// play returns what was wrong with its round, or nil.
func (e *env) rounds(t *testing.T, what string, play func(round int) error) {
	t.Helper()
	bad := 0
	for round := range raceRounds {
		if err := play(round); err != nil {
			bad++
			if bad <= 3 {
				t.Errorf("%s, round %d: %v", what, round, err)
			}
		}
	}
	t.Logf("%s: %d rounds of %d sessions, %d went wrong", what, raceRounds, raceSessions, bad)
	if bad > 0 {
		t.Errorf("%s: %d of %d rounds went wrong", what, bad, raceRounds)
	}
}

// testDoubleDeleteReply: several sessions of the author delete the same
// reply at once. One succeeds, the others hear it is gone, and the parent's
// comment_count drops by one, not once per session.
func testDoubleDeleteReply(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	p := e.say(alice, "a busy thread")
	e.rounds(t, "double deletes of a reply", func(int) error {
		e.reply(bob, p.ID, "kept")
		r := e.reply(bob, p.ID, "deleted from every session")
		err := oneWins(race(sessions(raceSessions, func() error { return e.svc.DeletePost(e.ctx, bob.ID, r.ID) })...))
		replies := e.count("SELECT COUNT(*) FROM posts_post WHERE parent_id = $1", p.ID)
		if got := e.count("SELECT comment_count FROM posts_post WHERE id = $1", p.ID); got != replies && err == nil {
			err = fmt.Errorf("comment_count %d with %d replies", got, replies)
		}
		return err
	})
	t.Logf("after the rounds: comment_count %d with %d replies",
		e.count("SELECT comment_count FROM posts_post WHERE id = $1", p.ID), e.count("SELECT COUNT(*) FROM posts_post WHERE parent_id = $1", p.ID))
	if n := e.inconsistent(); n != 0 {
		t.Errorf("%d posts, likes or replies inconsistent after the rounds", n)
	}
}

// testDoubleDeletePost: several sessions delete the same post, which has a
// reply and likes, at once. One succeeds, the others hear it is gone, and
// nothing of it is left.
func testDoubleDeletePost(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	e.rounds(t, "double deletes of a post", func(int) error {
		p := e.say(alice, "deleted from every session")
		r := e.reply(bob, p.ID, "goes with it")
		must(t, e.svc.Like(e.ctx, bob.ID, p.ID), "like the post")
		must(t, e.svc.Like(e.ctx, alice.ID, r.ID), "like the reply")
		err := oneWins(race(sessions(raceSessions, func() error { return e.svc.DeletePost(e.ctx, alice.ID, p.ID) })...))
		if n := e.count("SELECT COUNT(*) FROM posts_post WHERE id IN ($1, $2)", p.ID, r.ID); n != 0 && err == nil {
			err = fmt.Errorf("%d rows of the post and its reply left", n)
		}
		if n := e.inconsistent(); n != 0 && err == nil {
			err = fmt.Errorf("%d posts, likes or replies inconsistent", n)
		}
		return err
	})
}

// testDeleteUnderLikesAndReplies: the author deletes a post while others
// like it, like its reply, reply to it and answer its reply. The delete
// never fails (a like or reply in flight is no reason), the post is gone
// when it said so, each other session either got in first or hears the
// post is gone, and no like or reply is left pointing at nothing.
func testDeleteUnderLikesAndReplies(t *testing.T, e *env) {
	alice := e.user("alice")
	fans := e.users("fan", raceSessions)
	e.rounds(t, "deletes under likes and replies", func(int) error {
		p := e.say(alice, "deleted while busy")
		r := e.reply(fans[0], p.ID, "an early reply")
		errs := race(
			func() error { return e.svc.DeletePost(e.ctx, alice.ID, p.ID) },
			func() error { return e.svc.Like(e.ctx, fans[0].ID, p.ID) },
			func() error { return e.svc.Like(e.ctx, fans[1].ID, p.ID) },
			func() error { _, err := e.svc.ToggleLike(e.ctx, fans[2].ID, r.ID); return err },
			func() error {
				_, err := e.svc.CreatePost(e.ctx, fans[3].ID, model.NewPost{Content: "late", ParentID: &p.ID})
				return err
			},
			func() error {
				_, err := e.svc.CreatePost(e.ctx, fans[1].ID, model.NewPost{Content: "answer", ParentID: &r.ID})
				return err
			},
		)
		if errs[0] != nil {
			return fmt.Errorf("the delete failed: %v", errs[0])
		}
		for _, err := range errs[1:] {
			if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
				return fmt.Errorf("a like or reply failed with %v (code %q), want success or not found", err, model.ErrorCode(err))
			}
		}
		if n := e.count("SELECT COUNT(*) FROM posts_post WHERE id = $1 OR parent_id = $1", p.ID); n != 0 {
			return fmt.Errorf("the delete succeeded but %d rows of the post and its thread are left", n)
		}
		if n := e.inconsistent(); n != 0 {
			return fmt.Errorf("%d posts, likes or replies inconsistent", n)
		}
		return nil
	})
}

// testForeignKeyFailure: a write that a foreign key refuses at commit (the
// store is asked, past the Service's checks, to message a user who does
// not exist) is a conflict that says which table still refers to a
// missing row, not a "not found" about the row the write was for.
func testForeignKeyFailure(t *testing.T, e *env) {
	alice := e.user("alice")
	_, err := e.store.SendMessage(e.ctx, alice.ID, alice.ID+1000, "to nobody")
	wantCode(t, err, model.ECONFLICT, "a message to a user who does not exist")
	if e.pg && !strings.Contains(model.ErrorMessage(err), "messages_app_message") {
		t.Errorf("the error %q does not name the table that refers to the missing row", model.ErrorMessage(err))
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM messages_app_message"), 0, "messages stored")
}
