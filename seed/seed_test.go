package seed_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/seed"
	"github.com/numeneon/numeneon/storage"
	"github.com/numeneon/numeneon/storage/storetest"
)

func open(t *testing.T) *storage.DB {
	return openURL(t, filepath.Join(t.TempDir(), "seed.db"))
}

// openURL opens and migrates the database at dbURL, as its own program
// would: its own connections and event hub.
func openURL(t *testing.T, dbURL string) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// backends runs fn on a fresh SQLite file and, with
// NUMENEON_TEST_POSTGRES, on a fresh PostgreSQL schema.
func backends(t *testing.T, fn func(t *testing.T, dbURL string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "seed.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.PostgresURL(t)) })
}

// count runs a COUNT query.
func count(t *testing.T, db *storage.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// checkSummary asserts that the summary counts the rows the database has.
func checkSummary(t *testing.T, db *storage.DB, sum seed.Summary) {
	t.Helper()
	for _, c := range []struct {
		what  string
		query string
		want  int
	}{
		{"users", `SELECT COUNT(*) FROM auth_user`, sum.Users},
		{"posts", `SELECT COUNT(*) FROM posts_post WHERE parent_id IS NULL`, sum.Posts},
		{"replies", `SELECT COUNT(*) FROM posts_post WHERE parent_id IS NOT NULL`, sum.Replies},
		{"likes", `SELECT COUNT(*) FROM posts_like`, sum.Likes},
		{"friendships", `SELECT COUNT(*) / 2 FROM friends_friendship`, sum.Friendships},
		{"requests", `SELECT COUNT(*) FROM friends_friendrequest`, sum.Requests},
		{"messages", `SELECT COUNT(*) FROM messages_app_message`, sum.Messages},
	} {
		if got := count(t, db, c.query); got != c.want {
			t.Errorf("%s: the database has %d, the summary says %d", c.what, got, c.want)
		}
	}
}

// checkCounters asserts that every cached counter equals the rows it counts.
func checkCounters(t *testing.T, db *storage.DB) {
	t.Helper()
	for _, q := range []string{
		`SELECT COUNT(*) FROM posts_post p WHERE p.likes_count <> (SELECT COUNT(*) FROM posts_like l WHERE l.post_id = p.id)`,
		`SELECT COUNT(*) FROM posts_post p WHERE p.shares_count <> (SELECT COUNT(*) FROM numeneon_share s WHERE s.post_id = p.id)`,
		`SELECT COUNT(*) FROM posts_post p WHERE p.comment_count <> (SELECT COUNT(*) FROM posts_post r WHERE r.parent_id = p.id)`,
		`SELECT COUNT(*) FROM friends_friendship f WHERE NOT EXISTS (SELECT 1 FROM friends_friendship g WHERE g.user_id = f.friend_id AND g.friend_id = f.user_id)`,
		`SELECT COUNT(*) FROM friends_friendrequest r WHERE EXISTS (SELECT 1 FROM friends_friendship f WHERE f.user_id = r.from_user_id AND f.friend_id = r.to_user_id)`,
		`SELECT COUNT(*) FROM auth_user u WHERE NOT EXISTS (SELECT 1 FROM users_profile p WHERE p.user_id = u.id)`,
		`SELECT COUNT(*) FROM posts_post WHERE created_at > '` + time.Now().UTC().Add(time.Minute).Format("2006-01-02 15:04:05") + `'`,
	} {
		var bad int
		if err := db.SQL().QueryRow(q).Scan(&bad); err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Errorf("%d rows break: %s", bad, q)
		}
	}
	if db.Dialect() != "sqlite" {
		return
	}
	// The search index is sound and holds one document per top-level post.
	if _, err := db.SQL().Exec(`INSERT INTO numeneon_post_search (numeneon_post_search) VALUES ('integrity-check')`); err != nil {
		t.Errorf("search index damaged: %v", err)
	}
	var docs, top int
	db.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM numeneon_post_search_docsize),
		(SELECT COUNT(*) FROM posts_post WHERE parent_id IS NULL)`).Scan(&docs, &top)
	if docs != top {
		t.Errorf("search index holds %d posts, want the %d top-level posts", docs, top)
	}
}

func TestSampleNetwork(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	opt := seed.Options{Hasher: model.Hasher{Iterations: 1000}}
	sum, err := seed.Run(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Users != 60 || sum.Posts == 0 || sum.Replies == 0 || sum.Likes == 0 || sum.Friendships == 0 || sum.Requests == 0 || sum.Messages == 0 {
		t.Errorf("summary %v: want every kind of row", sum)
	}
	checkSummary(t, db, sum)
	checkCounters(t, db)

	svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
	alice, err := svc.Login(ctx, "alice", seed.Password)
	if err != nil {
		t.Fatalf("alice cannot log in with the seed password: %v", err)
	}
	if in, _ := svc.FriendRequests(ctx, alice.ID, true); len(in) != 2 {
		t.Errorf("alice has %d incoming requests, want 2", len(in))
	}
	if n, _ := svc.UnreadCount(ctx, alice.ID); n == 0 {
		t.Error("alice has no unread messages; the demo should show some")
	}
	if feed, _ := svc.Feed(ctx, alice.ID, model.FeedHome, model.Page{}); len(feed) != model.DefaultPageSize {
		t.Errorf("alice's home feed has %d posts, want a full page", len(feed))
	}

	found, err := svc.SearchPosts(ctx, alice.ID, "keyboard", model.Page{})
	if err != nil || len(found) == 0 {
		t.Fatalf("search for a seeded word: %d posts, %v", len(found), err)
	}
	if err := svc.DeletePost(ctx, found[0].Author.ID, found[0].ID); err != nil {
		t.Fatalf("delete a seeded post: %v", err)
	}
	checkCounters(t, db)

	for _, force := range []bool{false, true} {
		opt.Force = force
		_, err := seed.Run(ctx, db, opt)
		if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "The sample network is there already") {
			t.Errorf("seeding twice without --clear (force %v): %v, want ECONFLICT", force, err)
		}
	}
	opt.Force = false
	opt.Clear = true
	again, err := seed.Run(ctx, db, opt)
	if err != nil {
		t.Fatalf("seed --clear: %v", err)
	}
	checkSummary(t, db, again)
	checkCounters(t, db)
}

func TestGeneratedNetwork(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	var stages []string
	sum, err := seed.Run(ctx, db, seed.Options{Users: 300, Posts: 5000, Hasher: model.Hasher{Iterations: 1000},
		Progress: func(stage string, done, total int64) {
			if done == total {
				stages = append(stages, stage)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Users != 300 || sum.Posts+sum.Replies != 5000 {
		t.Errorf("summary %v, want 300 users and 5000 posts and replies", sum)
	}
	// About 40 % replies: a third of the posts get 1 to 3.
	if share := float64(sum.Replies) / 5000; share < 0.35 || share > 0.45 {
		t.Errorf("%.0f %% of the posts are replies, want about 40 %%", share*100)
	}
	checkSummary(t, db, sum)
	if want := []string{seed.StageUsers, seed.StageFriends, seed.StagePosts, seed.StageMessages}; !slices.Equal(stages, want) {
		t.Errorf("progress finished the stages %v, want %v", stages, want)
	}
	checkCounters(t, db)

	// Django's EmailValidator and the username rules take every account.
	rows, err := db.SQL().Query(`SELECT username, email FROM auth_user`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	nonASCII := 0
	for rows.Next() {
		var username, email string
		if err := rows.Scan(&username, &email); err != nil {
			t.Fatal(err)
		}
		if err := model.ValidateEmail(email); err != nil {
			t.Errorf("user %s: %v", username, err)
		}
		if err := model.ValidateUsername(username); err != nil {
			t.Errorf("user %s: %v", username, err)
		}
		if strings.ContainsFunc(username, func(r rune) bool { return r > 127 }) {
			nonASCII++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if nonASCII > 0 {
		t.Errorf("%d generated usernames are not ASCII", nonASCII)
	}
}

// TestProgress wants every stage to end with done == total once, after
// reports with done < total, and totals that agree with the summary.
func TestProgress(t *testing.T) {
	for _, opt := range []seed.Options{{}, {Users: 2500, Posts: 3000}} {
		opt.Hasher = model.Hasher{Iterations: 1000}
		ends := map[string]int64{}
		opt.Progress = func(stage string, done, total int64) {
			if _, ok := ends[stage]; ok {
				t.Errorf("%s reported after it ended: %d of %d", stage, done, total)
			}
			if done > total {
				t.Errorf("%s: %d of %d", stage, done, total)
			}
			if done == total {
				ends[stage] = total
			}
		}
		sum, err := seed.Run(context.Background(), open(t), opt)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{seed.StageUsers: int64(sum.Users), seed.StageFriends: int64(sum.Friendships),
			seed.StagePosts: int64(sum.Posts + sum.Replies), seed.StageMessages: int64(sum.Messages)}
		if fmt.Sprint(ends) != fmt.Sprint(want) {
			t.Errorf("%+v: stages ended at %v, the summary says %v", opt.Users, ends, want)
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, tt := range []struct {
		opt  seed.Options
		want string
	}{
		{seed.Options{Users: -1}, "users: The number of users cannot be negative."},
		{seed.Options{Posts: -1}, "posts: The number of posts cannot be negative."},
		{seed.Options{Users: seed.MaxUsers + 1}, "users: A generated network can have at most 1,000,000 users."},
		{seed.Options{Users: math.MaxInt}, "at most 1,000,000 users"},
	} {
		err := tt.opt.Validate()
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.opt, err, tt.want)
		}
		if _, err := seed.Run(context.Background(), nil, tt.opt); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("Run %+v: %v, want EINVALID before it touches the database", tt.opt, err)
		}
	}
	if err := (seed.Options{Users: seed.MaxUsers, Posts: math.MaxInt}).Validate(); err != nil {
		t.Errorf("the largest counts: %v", err)
	}
}

// TestRefusals: a database with accounts is seeded only with Force; the
// sample network is recognised by its accounts, not by a name.
func TestRefusals(t *testing.T) {
	backends(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		db := openURL(t, dbURL)
		svc := model.NewService(db, model.WithHasher(model.Hasher{Iterations: 1000}))
		if _, err := svc.SignUp(ctx, model.SignUp{Username: "alice", Email: "alice@example.com", Password: "good password"}); err != nil {
			t.Fatal(err)
		}
		opt := seed.Options{Hasher: model.Hasher{Iterations: 1000}}
		for _, o := range []seed.Options{opt, {Users: 10, Posts: 10, Hasher: opt.Hasher}} {
			_, err := seed.Run(ctx, db, o)
			if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "The database has an account already") ||
				!strings.Contains(err.Error(), "--force") {
				t.Errorf("seed %+v of a database with an account: %v", o.Users, err)
			}
		}
		opt.Force = true
		_, err := seed.Run(ctx, db, opt)
		if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(err.Error(), "with usernames of the sample network (alice)") {
			t.Errorf("seed --force of the sample network beside another alice: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM auth_user`); n != 1 {
			t.Errorf("a refused seed left %d accounts, want 1", n)
		}
		sum, err := seed.Run(ctx, db, seed.Options{Users: 10, Posts: 10, Force: true, Hasher: opt.Hasher})
		if err != nil || sum.Users != 10 {
			t.Errorf("seed --force of a generated network: %v, %v", sum, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM auth_user`); n != 11 {
			t.Errorf("%d accounts, want 11", n)
		}
	})
}

// writer writes rows the way the web app or the TUI would, through the
// Service on its own connections, and counts them.
type writer struct {
	t     *testing.T
	svc   *model.Service
	n     int
	users []model.User
}

// write adds an account, a post, a like, a friendship and a message.
func (w *writer) write(ctx context.Context) error {
	w.n++
	u, err := w.svc.SignUp(ctx, model.SignUp{Username: fmt.Sprintf("web%d", w.n), Email: fmt.Sprintf("web%d@example.com", w.n),
		Password: "good password"})
	if err != nil {
		return fmt.Errorf("sign up: %w", err)
	}
	w.users = append(w.users, u)
	p, err := w.svc.CreatePost(ctx, u.ID, model.NewPost{Content: "written beside a seed"})
	if err != nil {
		return fmt.Errorf("post: %w", err)
	}
	if len(w.users) < 2 {
		return nil
	}
	other := w.users[len(w.users)-2]
	if err := w.svc.Like(ctx, other.ID, p.ID); err != nil {
		return fmt.Errorf("like: %w", err)
	}
	if _, err := w.svc.SendMessage(ctx, other.ID, u.ID, "hi"); err != nil {
		return fmt.Errorf("message: %w", err)
	}
	if _, err := w.svc.SendFriendRequest(ctx, other.ID, u.ID); err != nil {
		return fmt.Errorf("friend request: %w", err)
	}
	reqs, err := w.svc.FriendRequests(ctx, u.ID, true)
	if err != nil || len(reqs) == 0 {
		return fmt.Errorf("friend requests: %d, %v", len(reqs), err)
	}
	return w.svc.AcceptFriendRequest(ctx, u.ID, reqs[0].ID)
}

// TestBesideWriters seeds while other programs write: between the seed's
// transactions (when a stage has committed) and all along, in another
// goroutine; and a second seed at the same time. Nothing may collide.
func TestBesideWriters(t *testing.T) {
	backends(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		hasher := model.Hasher{Iterations: 1000}
		db := openURL(t, dbURL)
		newWriter := func() *writer {
			return &writer{t: t, svc: model.NewService(openURL(t, dbURL), model.WithHasher(hasher))}
		}
		between, along := newWriter(), newWriter()
		along.n = 1_000_000 // its own usernames
		var betweenErr error
		opt := seed.Options{Users: 300, Posts: 2000, Hasher: hasher, Progress: func(stage string, done, total int64) {
			if done == total && betweenErr == nil {
				betweenErr = between.write(ctx)
			}
		}}

		stop := make(chan struct{})
		alongDone := make(chan error, 1)
		go func() {
			for {
				select {
				case <-stop:
					alongDone <- nil
					return
				default:
				}
				if err := along.write(ctx); err != nil {
					alongDone <- err
					return
				}
			}
		}()
		second := make(chan error, 1)
		var secondSum seed.Summary
		go func() {
			var err error
			secondSum, err = seed.Run(ctx, openURL(t, dbURL), seed.Options{Users: 200, Posts: 1000, Force: true, Hasher: hasher})
			second <- err
		}()
		// The first seed runs with Force too: the writers may have made
		// accounts before it starts.
		opt.Force = true
		sum, err := seed.Run(ctx, db, opt)
		if err != nil {
			t.Errorf("seed beside writers: %v", err)
		}
		if err := <-second; err != nil {
			t.Errorf("the second seed: %v", err)
		}
		close(stop)
		if err := <-alongDone; err != nil {
			t.Errorf("the writer beside the seed: %v", err)
		}
		if betweenErr != nil {
			t.Errorf("the writer between the seed's stages: %v", betweenErr)
		}
		if between.n != 4 {
			t.Errorf("the writer wrote after %d stages, want 4", between.n)
		}
		t.Logf("%d rounds of writes beside the seeds", along.n-1_000_000)

		// After the seeds the web app goes on writing with the ids its
		// sequences give.
		after := newWriter()
		after.n = 2_000_000
		if err := after.write(ctx); err != nil {
			t.Errorf("writing after the seeds: %v", err)
		}
		writes := between.n + along.n - 1_000_000 + 1
		if got, want := count(t, db, `SELECT COUNT(*) FROM auth_user`), sum.Users+secondSum.Users+writes; got != want {
			t.Errorf("%d accounts, want %d seeded and %d written", got, sum.Users+secondSum.Users, writes)
		}
		checkCounters(t, db)
	})
}

// TestActivity: the demo's people write to alice at once (a message, a
// like, a friend request first), then keep at it with every kind of act,
// and stop when told.
func TestActivity(t *testing.T) {
	db := open(t)
	if _, err := seed.Run(context.Background(), db, seed.Options{Hasher: model.Hasher{Iterations: 1000}}); err != nil {
		t.Fatal(err)
	}
	op := model.NewOperator(db)
	alice, err := op.UserByUsername(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	svc := model.NewService(db)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	after, _ := op.LastEventID(ctx)
	events, err := svc.Subscribe(ctx, alice.ID, after)
	if err != nil {
		t.Fatal(err)
	}
	actCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		pace := seed.Pace{Opening: 5 * time.Millisecond, Busy: 5 * time.Millisecond, BusyFor: time.Hour}
		seed.Activity(actCtx, svc, db, alice.ID, pace)
	}()
	var kinds []model.EventKind
	seen := map[model.EventKind]bool{}
	every := []model.EventKind{model.EventMessage, model.EventLike, model.EventFriendRequest,
		model.EventReply, model.EventWallPost, model.EventMention, model.EventNewPost}
	for !all(seen, every) {
		select {
		case ev := <-events:
			if ev.ActorID == alice.ID {
				continue
			}
			kinds = append(kinds, ev.Kind)
			seen[ev.Kind] = true
		case <-ctx.Done():
			t.Fatalf("in a minute alice heard only %v", kinds)
		}
	}
	stop()
	<-done
	want := []model.EventKind{model.EventMessage, model.EventLike, model.EventFriendRequest}
	var opening []model.EventKind
	for _, k := range kinds {
		if len(opening) < 3 && (len(opening) == 0 || k != opening[len(opening)-1]) {
			opening = append(opening, k)
		}
	}
	if !slices.Equal(opening, want) {
		t.Errorf("the opening acts were %v (of %v), want a message, a like and a request", opening, kinds)
	}
}

func all[K comparable](set map[K]bool, keys []K) bool {
	for _, k := range keys {
		if !set[k] {
			return false
		}
	}
	return true
}

// TestActivityPace: the demo's schedule opens with three acts in under
// ten seconds, is busy in its first minute, then brings one act every 20
// to 30 seconds: ten minutes of it, whatever the random numbers, hold ten
// acts or more in the first minute and 17 to 27 in the nine after.
func TestActivityPace(t *testing.T) {
	p := seed.ActivityPace
	if total := p.Wait(0, 0, 0.99) + p.Wait(1, 3*time.Second, 0.99) + p.Wait(2, 6*time.Second, 0.99); total >= 10*time.Second {
		t.Errorf("the opening takes %v, want under 10 s", total)
	}
	for _, r := range []float64{0, 0.5, 0.999} {
		if w := p.Wait(5, 30*time.Second, r); w < 3*time.Second || w > 6*time.Second {
			t.Errorf("in the first minute (r %v) the wait is %v, want 3 to 6 s", r, w)
		}
		if w := p.Wait(40, 61*time.Second, r); w < 20*time.Second || w > 30*time.Second {
			t.Errorf("after the first minute (r %v) the wait is %v, want 20 to 30 s", r, w)
		}
	}
	for _, r := range []func() float64{func() float64 { return 0 }, func() float64 { return 0.999 }, rand.New(rand.NewPCG(1, 2)).Float64} {
		var at time.Duration
		first, rest := 0, 0
		for n := 0; ; n++ {
			at += p.Wait(n, at, r())
			if at > 10*time.Minute {
				break
			}
			if at <= time.Minute {
				first++
			} else {
				rest++
			}
		}
		if first < 10 || rest < 17 || rest > 27 {
			t.Errorf("ten minutes hold %d acts in the first minute and %d after, want 10 or more and 17 to 27", first, rest)
		}
	}
}
