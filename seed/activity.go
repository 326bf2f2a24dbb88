package seed

import (
	"context"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// The demo's life: while it is open, the sample network's people write
// to the person at the keyboard, so that a newcomer sees messages arrive,
// toasts and badges light up, and the feed move.

// Pace is when the demo's acts come: the opening ones (a message, a
// like, a friend request) one every Opening; then, while the demo is
// younger than BusyFor, one every Busy to twice Busy, so that a newcomer
// sees everything move at once; then one every Calm to Calm+CalmJitter,
// so that they can read.
type Pace struct {
	Opening, Busy, BusyFor, Calm, CalmJitter time.Duration
}

// ActivityPace is the demo's pace: the opening within ten seconds, an act
// every 3 to 6 seconds in the first minute, then one every 20 to 30.
var ActivityPace = Pace{Opening: 3 * time.Second, Busy: 3 * time.Second, BusyFor: time.Minute,
	Calm: 20 * time.Second, CalmJitter: 10 * time.Second}

// openingActs is how many acts the opening has.
const openingActs = 3

// Wait is how long to wait before act n (0 the first), the demo having
// run for elapsed; r is a random number in [0, 1) that spreads the acts.
func (p Pace) Wait(n int, elapsed time.Duration, r float64) time.Duration {
	switch {
	case n < openingActs:
		return p.Opening
	case elapsed < p.BusyFor:
		return p.Busy + time.Duration(r*float64(p.Busy))
	}
	return p.Calm + time.Duration(r*float64(p.CalmJitter))
}

// Activity makes the sample network busy around target until ctx ends:
// within ten seconds a message, a like and a friend request, then acts
// (messages, likes, replies, new posts by friends, wall posts, mentions)
// as pace says: every few seconds in the first minute, calmer after it.
// Acts that the database refuses (a request already pending, say) are
// skipped.
func Activity(ctx context.Context, svc *model.Service, db *storage.DB, target int64, pace Pace) {
	op := model.NewOperator(db)
	id := func(name string) int64 {
		u, err := op.UserByUsername(ctx, name)
		if err != nil {
			return 0
		}
		return u.ID
	}
	friends := []int64{id("bob"), id("carol"), id("dave"), id("erin")}
	a := &actor{ctx: ctx, svc: svc, target: target, friends: friends,
		rng: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))}
	opening := []func(){
		a.message,
		a.like,
		func() { a.request(id("ivan"), id("judy"), id("frank"), id("oscar")) },
	}
	start := time.Now()
	acts := []func(){a.message, a.message, a.like, a.reply, a.newPost, a.wallPost, a.mention}
	for n := 0; a.wait(pace.Wait(n, time.Since(start), a.rng.Float64())); n++ {
		if n < len(opening) {
			opening[n]()
		} else {
			pick(a.rng, acts)()
		}
	}
}

// actor does the demo's acts.
type actor struct {
	ctx     context.Context
	svc     *model.Service
	target  int64
	friends []int64
	rng     *rand.Rand
}

// wait pauses for d; false when ctx ended meanwhile.
func (a *actor) wait(d time.Duration) bool {
	select {
	case <-a.ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

func (a *actor) friend() int64 { return pick(a.rng, a.friends) }

func (a *actor) message() {
	_, _ = a.svc.SendMessage(a.ctx, a.friend(), a.target, pick(a.rng, chatLines))
}

// targetPost is one of the target's own recent posts (not one that
// someone wrote on their wall, whose replies and likes notify its author),
// 0 when there is none.
func (a *actor) targetPost(viewer int64) int64 {
	posts, err := a.svc.UserPosts(a.ctx, viewer, a.target, model.Page{Limit: 20})
	if err != nil {
		return 0
	}
	own := slices.DeleteFunc(posts, func(p model.Post) bool { return p.Author.ID != a.target })
	if len(own) == 0 {
		return 0
	}
	return pick(a.rng, own).ID
}

func (a *actor) like() {
	// A friend, picked at random, likes one of the target's recent posts
	// (not one of their own on the target's wall) that they have not
	// liked yet; the next friend tries when they liked
	// them all. When all of them liked all of those, one takes a like
	// back and gives it again.
	start := a.rng.IntN(len(a.friends))
	for i := range a.friends {
		who := a.friends[(start+i)%len(a.friends)]
		posts, err := a.svc.UserPosts(a.ctx, who, a.target, model.Page{Limit: 50})
		if err != nil {
			continue
		}
		for _, p := range posts {
			if p.Author.ID == a.target && !p.LikedByViewer && a.svc.Like(a.ctx, who, p.ID) == nil {
				return
			}
		}
	}
	who := a.friend()
	if p := a.targetPost(who); p != 0 && a.svc.Unlike(a.ctx, who, p) == nil {
		_ = a.svc.Like(a.ctx, who, p)
	}
}

func (a *actor) reply() {
	who := a.friend()
	if p := a.targetPost(who); p != 0 {
		_, _ = a.svc.CreatePost(a.ctx, who, model.NewPost{Content: pick(a.rng, replyLines), ParentID: &p})
	}
}

func (a *actor) newPost() {
	p := model.NewPost{Content: pick(a.rng, thoughtLines)}
	if a.rng.IntN(3) == 0 {
		p = model.NewPost{Type: model.Milestones, Content: pick(a.rng, milestoneLines)}
	}
	_, _ = a.svc.CreatePost(a.ctx, a.friend(), p)
}

func (a *actor) wallPost() {
	_, _ = a.svc.CreatePost(a.ctx, a.friend(), model.NewPost{Content: "Dropping by your wall: " + pick(a.rng, replyLines),
		TargetUserID: &a.target})
}

func (a *actor) mention() {
	u, err := a.svc.User(a.ctx, a.target, a.target)
	if err != nil {
		return
	}
	_, _ = a.svc.CreatePost(a.ctx, a.friend(), model.NewPost{Content: "@" + u.Username + " " + pick(a.rng, thoughtLines),
		MentionedUserID: &a.target})
}

// request asks the target to be friends from the first of the people who
// are strangers to them.
func (a *actor) request(people ...int64) {
	for _, p := range people {
		if p == 0 {
			continue
		}
		v, err := a.svc.Profile(a.ctx, p, a.target)
		if err != nil || v.Friendship != model.FriendNone {
			continue
		}
		if _, err := a.svc.SendFriendRequest(a.ctx, p, a.target); err == nil {
			return
		}
	}
}
