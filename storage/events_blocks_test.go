package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// TestEventsBlocksMutes: the live stream does not tell a person of news
// from someone they muted (likes, replies, mentions, wall posts, new posts,
// requests), nor across a block, DMs included, whoever wrote it, the web
// app too; nothing changes for the other, and a DM from someone muted
// still arrives. The events are recorded (everyone's stream has them), so
// a catch-up hides them the same way, and shows them again once the mute
// is lifted.
func TestEventsBlocksMutes(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			start := time.Now()
			url := b.url(t)
			db := open(t, url)
			svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
			a, bob, c, d, eve := evSignUp(t, svc, "alice"), evSignUp(t, svc, "bob"), evSignUp(t, svc, "carol"),
				evSignUp(t, svc, "dave"), evSignUp(t, svc, "eve")
			ok := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			for _, friend := range []int64{bob, c, eve} {
				evMust(svc.SendFriendRequest(ctx, a, friend)).of(t)
				ok(svc.AcceptFriendRequest(ctx, friend, requestID(t, svc, a, friend)))
			}
			a1 := evMust(svc.CreatePost(ctx, a, model.NewPost{Content: "alice's post"})).of(t).ID
			before := evMust(db.LastEventID(ctx)).of(t)
			w := newEvWorld(t, db, before, a, bob, c, d, eve)
			web := webApp(t, b.name, url)
			webID := func(query string, args ...any) int64 {
				t.Helper()
				var n int64
				if err := web.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&n); err != nil {
					t.Fatalf("%s: %v", query, err)
				}
				return n
			}
			now := func() any { return djangoTime(b.name, time.Now()) }

			w.step("alice mutes bob and blocks dave", func() []model.Event {
				ok(svc.Mute(ctx, a, bob))
				ok(svc.Block(ctx, a, d))
				return nil
			})
			var bobLike model.Event
			w.stepHiding("bob, muted, likes, replies, mentions alice and writes on her wall", func() (shown, hidden []model.Event) {
				ok(svc.Like(ctx, bob, a1))
				r := evMust(svc.CreatePost(ctx, bob, model.NewPost{Content: "hi", ParentID: &a1})).of(t).ID
				m := evMust(svc.CreatePost(ctx, bob, model.NewPost{Content: "@alice", MentionedUserID: &a})).of(t).ID
				wp := evMust(svc.CreatePost(ctx, bob, model.NewPost{Content: "wall", TargetUserID: &a})).of(t).ID
				bobLike = evPost(model.EventLike, a, bob, a1)
				return []model.Event{evPost(model.EventNewPost, bob, bob, m)},
					[]model.Event{bobLike, evPost(model.EventReply, a, bob, r), evPost(model.EventMention, a, bob, m),
						evPost(model.EventNewPost, a, bob, m), evPost(model.EventWallPost, a, bob, wp)}
			})
			w.step("bob, muted, writes to alice: a DM still arrives", func() []model.Event {
				m := evMust(svc.SendMessage(ctx, bob, a, "hello")).of(t).ID
				return []model.Event{evMsg(model.EventMessage, a, bob, m), evMsg(model.EventMessage, bob, bob, m)}
			})
			w.stepHiding("bob posts and alice likes it: nothing changed for him", func() (shown, hidden []model.Event) {
				p := evMust(svc.CreatePost(ctx, bob, model.NewPost{Content: "bob's"})).of(t).ID
				ok(svc.Like(ctx, a, p))
				return []model.Event{evPost(model.EventNewPost, bob, bob, p), evPost(model.EventLike, bob, a, p)},
					[]model.Event{evPost(model.EventNewPost, a, bob, p)}
			})
			w.step("carol likes alice's post", func() []model.Event {
				ok(svc.Like(ctx, c, a1))
				return []model.Event{evPost(model.EventLike, a, c, a1)}
			})
			w.stepHiding("the web app lets dave, blocked, write to alice and like her post", func() (shown, hidden []model.Event) {
				m := webID(`INSERT INTO messages_app_message (content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
					VALUES ('let me in', $1, $2, $3, $4, NULL)`, false, now(), a, d)
				if _, err := web.ExecContext(ctx, `INSERT INTO posts_like (created_at, post_id, user_id) VALUES ($1, $2, $3)`, now(), a1, d); err != nil {
					t.Fatal(err)
				}
				return []model.Event{evMsg(model.EventMessage, d, d, m)},
					[]model.Event{evMsg(model.EventMessage, a, d, m), evPost(model.EventLike, a, d, a1)}
			})
			w.stepHiding("the web app lets alice write to dave, whom she blocked", func() (shown, hidden []model.Event) {
				m := webID(`INSERT INTO messages_app_message (content, is_read, created_at, receiver_id, sender_id, reply_to_story_id)
					VALUES ('sorry', $1, $2, $3, $4, NULL)`, false, now(), d, a)
				return []model.Event{evMsg(model.EventMessage, a, a, m)}, []model.Event{evMsg(model.EventMessage, d, a, m)}
			})
			w.step("alice blocks eve, her friend: both hear the friendship end", func() []model.Event {
				ok(svc.Block(ctx, a, eve))
				return []model.Event{evUser(model.EventUnfriended, a, eve), evUser(model.EventUnfriended, eve, a)}
			})
			w.replay(db, before, start)

			ok(svc.Unmute(ctx, a, bob))
			again := evRecord(t, db, a, before).await(t, 1)
			if evKey(again[0]) != evKey(bobLike) {
				t.Errorf("catching up after the unmute starts with %s, want bob's like %s", evKey(again[0]), evKey(bobLike))
			}
		})
	}
}
