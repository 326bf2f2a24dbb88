package storetest

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/numeneon/numeneon/model"
)

func runPosts(t *testing.T, open Opener) {
	t.Run("Create", func(t *testing.T) { testCreatePost(t, newEnv(t, open)) })
	t.Run("Replies", func(t *testing.T) { testReplies(t, newEnv(t, open)) })
	t.Run("Mention", func(t *testing.T) { testMention(t, newEnv(t, open)) })
	t.Run("Wall", func(t *testing.T) { testWall(t, newEnv(t, open)) })
	t.Run("Edit", func(t *testing.T) { testEditPost(t, newEnv(t, open)) })
	t.Run("DeleteReply", func(t *testing.T) { testDeleteReply(t, newEnv(t, open)) })
	t.Run("DeleteCascade", func(t *testing.T) { testDeleteCascade(t, newEnv(t, open)) })
	t.Run("ConcurrentCounters", func(t *testing.T) { testConcurrentCounters(t, newEnv(t, open)) })
}

// testConcurrentCounters replies to, shares and deletes replies of one post
// from many goroutines at once: the cached counters must end equal to what
// happened (SET n = n + 1 in the same transaction, no read-modify-write).
func testConcurrentCounters(t *testing.T, e *env) {
	alice := e.user("alice")
	p := e.say(alice, "busy")
	users := e.users("u", 10)
	doomed := make([]model.Post, len(users))
	for i, u := range users {
		doomed[i] = e.reply(u, p.ID, "to be deleted")
	}
	start := make(chan struct{})
	errs := make(chan error, 4*len(users))
	var wg sync.WaitGroup
	for i, u := range users {
		for range 2 {
			wg.Go(func() {
				<-start
				_, err := e.svc.CreatePost(e.ctx, u.ID, model.NewPost{Content: "reply", ParentID: &p.ID})
				errs <- err
			})
		}
		wg.Go(func() {
			<-start
			errs <- e.svc.SharePost(e.ctx, u.ID, p.ID)
		})
		wg.Go(func() {
			<-start
			errs <- e.svc.DeletePost(e.ctx, u.ID, doomed[i].ID)
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent reply/share/delete: %v", err)
		}
	}
	replies := e.count("SELECT COUNT(*) FROM posts_post WHERE parent_id = $1", p.ID)
	wantInt(t, replies, 2*len(users), "replies left")
	wantInt(t, e.count("SELECT comment_count FROM posts_post WHERE id = $1", p.ID), replies, "comment_count")
	wantInt(t, e.count("SELECT shares_count FROM posts_post WHERE id = $1", p.ID), len(users), "shares_count")
}

func testCreatePost(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	media := "https://example.com/" + strings.Repeat("m", 180) // 200, the column's limit

	p := e.say(alice, "first")
	if p.ID == 0 || p.Type != model.Thoughts || p.Content != "first" || p.Author.ID != alice.ID ||
		p.Author.Username != "alice" || p.MediaURL != "" || p.ParentID != nil || p.Target != nil ||
		p.Mentioned != nil || p.ReplyToCommentID != nil || p.CreatedAt.IsZero() || p.UpdatedAt.IsZero() ||
		p.LikesCount != 0 || p.CommentCount != 0 || p.SharesCount != 0 {
		t.Errorf("CreatePost returned %+v", p)
	}
	got, err := e.svc.Post(e.ctx, bob.ID, p.ID)
	must(t, err, "Post")
	if got.Content != "first" || got.Author.ID != alice.ID || got.Type != model.Thoughts || !sameTime(got.CreatedAt, p.CreatedAt) {
		t.Errorf("Post(%d) = %+v, created %+v", p.ID, got, p)
	}
	wantInt(t, e.count(`SELECT COUNT(*) FROM posts_post WHERE id = $1 AND media_url IS NULL AND type = 'thoughts'
		AND target_profile_id IS NULL AND parent_id IS NULL AND likes_count = 0 AND comment_count = 0 AND shares_count = 0`, p.ID), 1,
		"thought rows as Django writes them (media_url NULL, counts 0)")

	m := e.post(alice, model.NewPost{Type: model.Media, MediaURL: " " + media + " "})
	if m.Type != model.Media || m.MediaURL != media || m.Content != "" {
		t.Errorf("media post = %+v", m)
	}
	if got := e.str("SELECT media_url FROM posts_post WHERE id = $1", m.ID); got != media {
		t.Errorf("posts_post.media_url = %q", got)
	}
	ms := e.post(alice, model.NewPost{Type: model.Milestones, Content: "shipped v1"})
	if got, err := e.svc.Post(e.ctx, alice.ID, ms.ID); err != nil || got.Type != model.Milestones {
		t.Errorf("milestone reads back as %+v, %v", got, err)
	}
	long := strings.Repeat("😀", 500)
	lp := e.say(bob, long)
	if got, err := e.svc.Post(e.ctx, alice.ID, lp.ID); err != nil || got.Content != long {
		t.Errorf("a 500-emoji post reads back with %d runes, %v", len([]rune(got.Content)), err)
	}
	posts := e.count("SELECT COUNT(*) FROM posts_post")

	bad := []struct {
		p     model.NewPost
		field string
	}{
		{model.NewPost{Content: long + "😀"}, "content"},
		{model.NewPost{Content: strings.Repeat("a", 501)}, "content"},
		{model.NewPost{Content: ""}, "content"},
		{model.NewPost{Content: "  \n "}, "content"},
		{model.NewPost{Type: model.Media, Content: "no url"}, "media_url"},
		{model.NewPost{Type: model.Media, MediaURL: media + "x"}, "media_url"},
		{model.NewPost{Type: model.Media, MediaURL: "not a url"}, "media_url"},
		{model.NewPost{Type: "poll", Content: "?"}, "type"},
	}
	for _, b := range bad {
		_, err := e.svc.CreatePost(e.ctx, alice.ID, b.p)
		wantField(t, err, model.EINVALID, b.field, "CreatePost with a bad "+b.field)
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_post"), posts, "posts after refused creates")
	_, err = e.svc.Post(e.ctx, alice.ID, lp.ID+1000)
	wantCode(t, err, model.ENOTFOUND, "Post(missing)")
}

func testReplies(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	p := e.say(alice, "top")
	other := e.say(alice, "another thread")
	otherReply := e.reply(bob, other.ID, "elsewhere")

	r1 := e.reply(bob, p.ID, "first reply")
	if r1.ParentID == nil || *r1.ParentID != p.ID || r1.ReplyToCommentID != nil {
		t.Errorf("reply = %+v", r1)
	}
	// Replying to a reply stays in the top-level thread and remembers the comment.
	r2 := e.reply(carol, r1.ID, "reply to the reply")
	if r2.ParentID == nil || *r2.ParentID != p.ID || r2.ReplyToCommentID == nil || *r2.ReplyToCommentID != r1.ID {
		t.Errorf("reply to a reply: parent %v reply_to %v, want %d and %d", deref(r2.ParentID), deref(r2.ReplyToCommentID), p.ID, r1.ID)
	}
	r3 := e.post(carol, model.NewPost{Content: "explicit", ParentID: &p.ID, ReplyToCommentID: &r1.ID})
	if r3.ReplyToCommentID == nil || *r3.ReplyToCommentID != r1.ID {
		t.Errorf("explicit reply_to = %v", deref(r3.ReplyToCommentID))
	}
	wantInt(t, e.count("SELECT parent_id FROM posts_post WHERE id = $1", r2.ID), int(p.ID), "r2.parent_id")
	wantInt(t, e.count("SELECT reply_to_comment_id FROM posts_post WHERE id = $1", r2.ID), int(r1.ID), "r2.reply_to_comment_id")

	got, err := e.svc.Post(e.ctx, bob.ID, p.ID)
	must(t, err, "Post")
	wantInt(t, got.CommentCount, 3, "parent's CommentCount")
	wantInt(t, e.count("SELECT comment_count FROM posts_post WHERE id = $1", p.ID), 3, "parent's comment_count")
	wantInt(t, e.count("SELECT comment_count FROM posts_post WHERE id = $1", r1.ID), 0, "a reply's own comment_count")
	wantInt(t, e.count("SELECT comment_count FROM posts_post WHERE id = $1", other.ID), 1, "other thread's comment_count")

	before := e.snapshot()
	_, err = e.svc.CreatePost(e.ctx, carol.ID, model.NewPost{Content: "cross", ParentID: &p.ID, ReplyToCommentID: &otherReply.ID})
	wantField(t, err, model.EINVALID, "reply_to", "replying to a comment of another thread")
	missing := otherReply.ID + 1000
	_, err = e.svc.CreatePost(e.ctx, carol.ID, model.NewPost{Content: "void", ParentID: &missing})
	wantCode(t, err, model.ENOTFOUND, "replying to a missing post")
	if e.snapshot() != before {
		t.Errorf("refused replies changed the database")
	}

	for _, id := range []int64{p.ID, r1.ID, r2.ID} {
		thread, err := e.svc.Thread(e.ctx, alice.ID, id, model.Page{})
		must(t, err, "Thread")
		wantSameIDs(t, postIDs(thread), []int64{r1.ID, r2.ID, r3.ID}, "Thread")
		wantNewestFirst(t, thread, "Thread")
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func testMention(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	p := e.post(alice, model.NewPost{Content: "hi @bob", MentionedUserID: &bob.ID})
	if p.Mentioned == nil || p.Mentioned.ID != bob.ID || p.Mentioned.Username != "bob" {
		t.Errorf("Mentioned = %+v", p.Mentioned)
	}
	got, err := e.svc.Post(e.ctx, bob.ID, p.ID)
	must(t, err, "Post")
	if got.Mentioned == nil || got.Mentioned.ID != bob.ID {
		t.Errorf("Mentioned read back = %+v", got.Mentioned)
	}
	wantInt(t, e.count("SELECT mentioned_user_id FROM posts_post WHERE id = $1", p.ID), int(bob.ID), "mentioned_user_id")
	missing := bob.ID + 1000
	posts := e.count("SELECT COUNT(*) FROM posts_post")
	_, err = e.svc.CreatePost(e.ctx, alice.ID, model.NewPost{Content: "hi ghost", MentionedUserID: &missing})
	wantCode(t, err, model.ENOTFOUND, "mentioning a missing user")
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_post"), posts, "posts after a refused mention")
}

func testWall(t *testing.T, e *env) {
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.befriend(alice, bob)
	_, err := e.svc.SendFriendRequest(e.ctx, dave.ID, alice.ID)
	must(t, err, "dave asks alice")

	before := e.snapshot()
	_, err = e.svc.CreatePost(e.ctx, carol.ID, model.NewPost{Content: "hi stranger", TargetUserID: &alice.ID})
	wantCode(t, err, model.EFORBIDDEN, "a stranger posts on alice's wall")
	_, err = e.svc.CreatePost(e.ctx, dave.ID, model.NewPost{Content: "hi soon-friend", TargetUserID: &alice.ID})
	wantCode(t, err, model.EFORBIDDEN, "a pending requester posts on alice's wall")
	if e.snapshot() != before {
		t.Errorf("refused wall posts changed the database")
	}

	w := e.post(bob, model.NewPost{Content: "happy birthday", TargetUserID: &alice.ID})
	if w.Target == nil || w.Target.ID != alice.ID || w.Author.ID != bob.ID {
		t.Errorf("wall post = %+v (target %+v)", w, w.Target)
	}
	wantInt(t, e.count("SELECT target_profile_id FROM posts_post WHERE id = $1", w.ID), int(alice.ID), "target_profile_id")
	own := e.post(alice, model.NewPost{Content: "on my own wall", TargetUserID: &alice.ID})
	if own.Target != nil {
		t.Errorf("a post on one's own wall has target %+v, want none", own.Target)
	}
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_post WHERE id = $1 AND target_profile_id IS NULL", own.ID), 1, "own-wall rows without a target")

	wall, err := e.svc.UserPosts(e.ctx, carol.ID, alice.ID, model.Page{})
	must(t, err, "UserPosts")
	wantSameIDs(t, postIDs(wall), []int64{w.ID, own.ID}, "alice's profile posts")
	for _, scope := range []model.FeedScope{model.FeedHome, model.FeedEveryone} {
		feed, err := e.svc.Feed(e.ctx, alice.ID, scope, model.Page{})
		must(t, err, "Feed")
		if slices.Contains(postIDs(feed), w.ID) {
			t.Errorf("feed %d shows the wall post %d", scope, w.ID)
		}
	}
}

func testEditPost(t *testing.T, e *env) {
	alice, bob := e.user("alice"), e.user("bob")
	p := e.say(alice, "original")
	m := e.post(alice, model.NewPost{Type: model.Media, Content: "pic", MediaURL: "https://example.com/a.png"})
	before := e.snapshot()

	_, err := e.svc.EditPost(e.ctx, bob.ID, p.ID, model.PostUpdate{Content: ptr("hacked")})
	wantCode(t, err, model.EFORBIDDEN, "bob edits alice's post")
	_, err = e.svc.EditPost(e.ctx, alice.ID, p.ID, model.PostUpdate{Content: ptr(strings.Repeat("x", 501))})
	wantField(t, err, model.EINVALID, "content", "edit to 501 characters")
	_, err = e.svc.EditPost(e.ctx, alice.ID, p.ID, model.PostUpdate{Content: ptr("  ")})
	wantField(t, err, model.EINVALID, "content", "edit to blank")
	_, err = e.svc.EditPost(e.ctx, alice.ID, m.ID, model.PostUpdate{MediaURL: ptr("")})
	wantField(t, err, model.EINVALID, "media_url", "removing a media post's URL")
	_, err = e.svc.EditPost(e.ctx, alice.ID, m.ID, model.PostUpdate{MediaURL: ptr("ftp://example.com/a.png")})
	wantField(t, err, model.EINVALID, "media_url", "a bad media URL")
	_, err = e.svc.EditPost(e.ctx, alice.ID, m.ID+1000, model.PostUpdate{Content: ptr("x")})
	wantCode(t, err, model.ENOTFOUND, "editing a missing post")
	if e.snapshot() != before {
		t.Errorf("refused edits changed the database")
	}

	got, err := e.svc.EditPost(e.ctx, alice.ID, p.ID, model.PostUpdate{Content: ptr("edited 😀")})
	must(t, err, "EditPost")
	if got.Content != "edited 😀" || got.UpdatedAt.Before(p.UpdatedAt) || !sameTime(got.CreatedAt, p.CreatedAt) {
		t.Errorf("edited post = %+v (was %+v)", got, p)
	}
	if c := e.str("SELECT content FROM posts_post WHERE id = $1", p.ID); c != "edited 😀" {
		t.Errorf("posts_post.content = %q", c)
	}
	got, err = e.svc.EditPost(e.ctx, alice.ID, m.ID, model.PostUpdate{MediaURL: ptr("https://example.com/b.png")})
	must(t, err, "EditPost media")
	if got.MediaURL != "https://example.com/b.png" || got.Content != "pic" {
		t.Errorf("edited media post = %+v", got)
	}
}

func testDeleteReply(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	p := e.say(alice, "top")
	r1 := e.reply(bob, p.ID, "r1")
	r2 := e.reply(carol, r1.ID, "answers r1")
	r3 := e.reply(carol, p.ID, "r3")
	must(t, e.svc.Like(e.ctx, alice.ID, r1.ID), "like r1")
	must(t, e.svc.Like(e.ctx, carol.ID, r1.ID), "like r1")
	wantInt(t, e.count("SELECT comment_count FROM posts_post WHERE id = $1", p.ID), 3, "comment_count before")

	before := e.snapshot()
	wantCode(t, e.svc.DeletePost(e.ctx, alice.ID, r1.ID), model.EFORBIDDEN, "the thread's author deletes bob's reply")
	wantCode(t, e.svc.DeletePost(e.ctx, carol.ID, r1.ID), model.EFORBIDDEN, "carol deletes bob's reply")
	if e.snapshot() != before {
		t.Errorf("refused deletes changed the database")
	}

	must(t, e.svc.DeletePost(e.ctx, bob.ID, r1.ID), "bob deletes his reply")
	wantInt(t, e.count("SELECT comment_count FROM posts_post WHERE id = $1", p.ID), 2, "parent's comment_count after deleting a reply")
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_post WHERE id = $1", r1.ID), 0, "rows of the deleted reply")
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_like WHERE post_id = $1", r1.ID), 0, "likes of the deleted reply")
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_post WHERE id = $1 AND reply_to_comment_id IS NULL AND parent_id = $2", r2.ID, p.ID), 1,
		"the answer to the deleted reply, kept with reply_to_comment_id NULL")
	got, err := e.svc.Post(e.ctx, alice.ID, r2.ID)
	must(t, err, "Post(r2)")
	if got.ReplyToCommentID != nil {
		t.Errorf("r2.ReplyToCommentID = %d after its comment was deleted", *got.ReplyToCommentID)
	}
	thread, err := e.svc.Thread(e.ctx, alice.ID, p.ID, model.Page{})
	must(t, err, "Thread")
	wantSameIDs(t, postIDs(thread), []int64{r2.ID, r3.ID}, "thread after deleting a reply")
	_, err = e.svc.Post(e.ctx, alice.ID, r1.ID)
	wantCode(t, err, model.ENOTFOUND, "Post(deleted reply)")
	wantCode(t, e.svc.DeletePost(e.ctx, bob.ID, r1.ID), model.ENOTFOUND, "deleting it again")
}

func testDeleteCascade(t *testing.T, e *env) {
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	p := e.say(alice, "doomed")
	keep := e.say(alice, "kept")
	r1 := e.reply(bob, p.ID, "r1")
	r2 := e.reply(carol, r1.ID, "r2")
	kr := e.reply(bob, keep.ID, "kept reply")
	for _, l := range []struct {
		who  model.User
		post int64
	}{{bob, p.ID}, {carol, p.ID}, {alice, r1.ID}, {bob, r2.ID}, {bob, keep.ID}, {carol, kr.ID}} {
		must(t, e.svc.Like(e.ctx, l.who.ID, l.post), "like")
	}
	must(t, e.svc.DeletePost(e.ctx, alice.ID, p.ID), "DeletePost")

	wantInt(t, e.count("SELECT COUNT(*) FROM posts_post WHERE id IN ($1, $2, $3)", p.ID, r1.ID, r2.ID), 0, "rows of the post and its replies")
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_like WHERE post_id IN ($1, $2, $3)", p.ID, r1.ID, r2.ID), 0, "likes of the post and its replies")
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_post WHERE id IN ($1, $2)", keep.ID, kr.ID), 2, "rows of the other thread")
	wantInt(t, e.count("SELECT COUNT(*) FROM posts_like"), 2, "likes left")
	wantInt(t, e.likesConsistent(keep.ID), 1, "likes_count of the other post")
	wantInt(t, e.count("SELECT comment_count FROM posts_post WHERE id = $1", keep.ID), 1, "comment_count of the other post")
	_, err := e.svc.Post(e.ctx, bob.ID, p.ID)
	wantCode(t, err, model.ENOTFOUND, "Post(deleted)")
	_, err = e.svc.Post(e.ctx, bob.ID, r2.ID)
	wantCode(t, err, model.ENOTFOUND, "Post(reply of deleted)")
	feed, err := e.svc.Feed(e.ctx, bob.ID, model.FeedEveryone, model.Page{})
	must(t, err, "Feed")
	wantIDs(t, postIDs(feed), []int64{keep.ID}, "feed after the delete")
}
