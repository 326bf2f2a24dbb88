// Package storetest is the conformance suite for model.Store: every
// behaviour of numeneon, exercised through model.Service on a real database,
// with raw SQL checks of what ended up in the tables. storage runs it against
// SQLite always and against PostgreSQL when NUMENEON_TEST_POSTGRES is set.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/numeneon/numeneon/model"
)

// Opener opens a fresh, migrated, empty store for one test and returns it
// with a handle on the same database for raw SQL checks. It registers its own
// cleanup with t.
type Opener func(t testing.TB) (model.OperatorStore, *sql.DB)

// Password is the password of every user the suite signs up.
const Password = "correct horse battery"

// Run runs the whole suite, one fresh store per subtest.
func Run(t *testing.T, open Opener) {
	t.Run("Accounts", func(t *testing.T) { runAccounts(t, open) })
	t.Run("Usernames", func(t *testing.T) { runUsernames(t, open) })
	t.Run("Profiles", func(t *testing.T) { runProfiles(t, open) })
	t.Run("Search", func(t *testing.T) { runSearch(t, open) })
	t.Run("Fold", func(t *testing.T) { runFold(t, open) })
	t.Run("Posts", func(t *testing.T) { runPosts(t, open) })
	t.Run("Likes", func(t *testing.T) { runLikes(t, open) })
	t.Run("Shares", func(t *testing.T) { runShares(t, open) })
	t.Run("Races", func(t *testing.T) { runRaces(t, open) })
	t.Run("Feeds", func(t *testing.T) { runFeeds(t, open) })
	t.Run("Friends", func(t *testing.T) { runFriends(t, open) })
	t.Run("Messages", func(t *testing.T) { runMessages(t, open) })
	t.Run("MessageEdits", func(t *testing.T) { runMessageEdits(t, open) })
	t.Run("Authorization", func(t *testing.T) { runAuthorization(t, open) })
	t.Run("Rules", func(t *testing.T) { runRules(t, open) })
	t.Run("Notices", func(t *testing.T) { runNotices(t, open) })
	t.Run("SSHKeys", func(t *testing.T) { runSSHKeys(t, open) })
	t.Run("Presence", func(t *testing.T) { runPresence(t, open) })
	t.Run("Drafts", func(t *testing.T) { runDrafts(t, open) })
	t.Run("Moderation", func(t *testing.T) { runModeration(t, open) })
	t.Run("SignUps", func(t *testing.T) { runSignUps(t, open) })
	t.Run("Budgets", func(t *testing.T) { runBudgets(t, open) })
	t.Run("Blocks", func(t *testing.T) { runBlocks(t, open) })
	t.Run("Settings", func(t *testing.T) { runSettings(t, open) })
}

// env is one subtest's store, service and raw handle.
type env struct {
	t     testing.TB
	ctx   context.Context
	store model.OperatorStore
	db    *sql.DB
	svc   *model.Service
	op    *model.Operator
	pg    bool // PostgreSQL; otherwise SQLite
}

func newEnv(t testing.TB, open Opener) *env {
	t.Helper()
	store, db := open(t)
	// A deadlock in a race test must fail the test, not hang the run.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	hasher := model.WithHasher(model.Hasher{Iterations: 1000})
	e := &env{t: t, ctx: ctx, store: store, db: db,
		svc: model.NewService(store, hasher), op: model.NewOperator(store, hasher)}
	var v string
	e.pg = db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v) != nil
	return e
}

// user signs up name with Password and e-mail name@example.com.
func (e *env) user(name string) model.User {
	e.t.Helper()
	u, err := e.svc.SignUp(e.ctx, model.SignUp{Username: name, Email: name + "@example.com", Password: Password})
	if err != nil {
		e.t.Fatalf("sign up %s: %v", name, err)
	}
	return u
}

// users signs up n users named prefix0, prefix1, ….
func (e *env) users(prefix string, n int) []model.User {
	e.t.Helper()
	us := make([]model.User, n)
	for i := range us {
		us[i] = e.user(fmt.Sprintf("%s%d", prefix, i))
	}
	return us
}

// post publishes p as author.
func (e *env) post(author model.User, p model.NewPost) model.Post {
	e.t.Helper()
	got, err := e.svc.CreatePost(e.ctx, author.ID, p)
	if err != nil {
		e.t.Fatalf("%s creates post %+v: %v", author.Username, p, err)
	}
	return got
}

// say publishes a thought.
func (e *env) say(author model.User, content string) model.Post {
	e.t.Helper()
	return e.post(author, model.NewPost{Content: content})
}

// reply publishes a reply to parent.
func (e *env) reply(author model.User, parent int64, content string) model.Post {
	e.t.Helper()
	return e.post(author, model.NewPost{Content: content, ParentID: &parent})
}

// befriend makes a and b friends through a request and its acceptance.
func (e *env) befriend(a, b model.User) {
	e.t.Helper()
	if _, err := e.svc.SendFriendRequest(e.ctx, a.ID, b.ID); err != nil {
		e.t.Fatalf("%s asks %s: %v", a.Username, b.Username, err)
	}
	if err := e.svc.AcceptFriendRequest(e.ctx, b.ID, e.requestID(a, b)); err != nil {
		e.t.Fatalf("%s accepts %s: %v", b.Username, a.Username, err)
	}
}

// requestID finds the pending request from a to b through b's incoming list.
func (e *env) requestID(a, b model.User) int64 {
	e.t.Helper()
	rs, err := e.svc.FriendRequests(e.ctx, b.ID, true)
	if err != nil {
		e.t.Fatalf("incoming requests of %s: %v", b.Username, err)
	}
	for _, r := range rs {
		if r.From.ID == a.ID {
			return r.ID
		}
	}
	e.t.Fatalf("no pending request from %s to %s in %+v", a.Username, b.Username, rs)
	return 0
}

// exec runs raw SQL ($N placeholders work on both drivers).
func (e *env) exec(query string, args ...any) {
	e.t.Helper()
	if _, err := e.db.ExecContext(e.ctx, query, args...); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
}

// count runs a raw SELECT COUNT(*) (or any single integer).
func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// str runs a raw query returning one string (NULL gives "<NULL>").
func (e *env) str(query string, args ...any) string {
	e.t.Helper()
	var s sql.NullString
	if err := e.db.QueryRowContext(e.ctx, query, args...).Scan(&s); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	if !s.Valid {
		return "<NULL>"
	}
	return s.String
}

// ts renders a time the way Django stores it: timestamptz on PostgreSQL,
// "YYYY-MM-DD HH:MM:SS[.ffffff]" UTC text on SQLite.
func (e *env) ts(tm time.Time) any {
	tm = tm.UTC().Truncate(time.Microsecond)
	if e.pg {
		return tm
	}
	s := tm.Format("2006-01-02 15:04:05")
	if us := tm.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s
}

// setCreated rewrites a row's created_at, as another writer might have.
func (e *env) setCreated(table string, id int64, tm time.Time) {
	e.t.Helper()
	e.exec("UPDATE "+table+" SET created_at = $1 WHERE id = $2", e.ts(tm), id)
}

// likesConsistent checks that likes_count equals the posts_like rows of
// every post and returns the count of post id.
func (e *env) likesConsistent(id int64) int {
	e.t.Helper()
	bad := e.count(`SELECT COUNT(*) FROM posts_post p
		WHERE p.likes_count <> (SELECT COUNT(*) FROM posts_like l WHERE l.post_id = p.id)`)
	if bad != 0 {
		e.t.Errorf("%d posts have likes_count different from their posts_like rows", bad)
	}
	return e.count("SELECT likes_count FROM posts_post WHERE id = $1", id)
}

// snapshot renders every row of the seven tables, to show that a refused
// action changed nothing.
func (e *env) snapshot() string {
	e.t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT id, username, email, password, first_name, last_name, is_active FROM auth_user ORDER BY id",
		"SELECT id, user_id, bio, avatar, location, website FROM users_profile ORDER BY id",
		"SELECT id, author_id, target_profile_id, type, content, media_url, parent_id, reply_to_comment_id, mentioned_user_id, likes_count, comment_count, shares_count FROM posts_post ORDER BY id",
		"SELECT id, post_id, user_id FROM posts_like ORDER BY id",
		"SELECT id, user_id, friend_id FROM friends_friendship ORDER BY id",
		"SELECT id, from_user_id, to_user_id FROM friends_friendrequest ORDER BY id",
		"SELECT id, sender_id, receiver_id, content, is_read FROM messages_app_message ORDER BY id",
	} {
		rows, err := e.db.QueryContext(e.ctx, q)
		if err != nil {
			e.t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				e.t.Fatalf("%s: %v", q, err)
			}
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			e.t.Fatalf("%s: %v", q, err)
		}
		rows.Close()
	}
	return b.String()
}

// --- assertions ---

func must(t testing.TB, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantCode checks that err carries the domain error code.
func wantCode(t testing.TB, err error, code, what string) {
	t.Helper()
	if got := model.ErrorCode(err); got != code {
		t.Errorf("%s: got error %v (code %q), want code %q", what, err, got, code)
	}
}

// wantField checks the code and the field of a domain error.
func wantField(t testing.TB, err error, code, field, what string) {
	t.Helper()
	if model.ErrorCode(err) != code || model.ErrorField(err) != field {
		t.Errorf("%s: got error %v (code %q, field %q), want code %q field %q",
			what, err, model.ErrorCode(err), model.ErrorField(err), code, field)
	}
}

func wantInt(t testing.TB, got, want int, what string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %d, want %d", what, got, want)
	}
}

func postIDs(ps []model.Post) []int64 {
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

func userIDs(us []model.UserSummary) []int64 {
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return ids
}

// wantIDs checks an exact, ordered list of ids.
func wantIDs(t testing.TB, got, want []int64, what string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: got ids %v, want %v", what, got, want)
	}
}

// wantSameIDs checks a list of ids regardless of order.
func wantSameIDs(t testing.TB, got, want []int64, what string) {
	t.Helper()
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Errorf("%s: got ids %v, want (in any order) %v", what, got, want)
	}
}

// newestFirst sorts items by (created_at, id) descending, the order of every
// list in numeneon.
func newestFirst[T any](items []T, key func(T) (time.Time, int64)) []T {
	s := slices.Clone(items)
	slices.SortFunc(s, func(a, b T) int {
		ta, ia := key(a)
		tb, ib := key(b)
		if c := tb.Compare(ta); c != 0 {
			return c
		}
		switch {
		case ia > ib:
			return -1
		case ia < ib:
			return 1
		}
		return 0
	})
	return s
}

func postKey(p model.Post) (time.Time, int64) { return p.CreatedAt, p.ID }

// wantNewestFirst checks that posts are ordered by (created_at, id) desc.
func wantNewestFirst(t testing.TB, ps []model.Post, what string) {
	t.Helper()
	wantIDs(t, postIDs(ps), postIDs(newestFirst(ps, postKey)), what+" (newest first)")
}

// sameTime allows for a store that keeps microseconds, as Django does.
func sameTime(a, b time.Time) bool {
	d := a.Sub(b)
	return d < time.Microsecond && d > -time.Microsecond
}

func ptr[T any](v T) *T { return &v }

// base is an instant two days ago with microseconds, for rows whose times a
// test sets itself.
var base = time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Second).Add(535897 * time.Microsecond)
