package storage

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/numeneon/numeneon/model"
)

// Likes of one post meet on its row: likes_count changes in the
// transaction of the like rows (the web app reads it), and that UPDATE
// locks the row until commit, so the likes of a popular post commit one
// after another. Two things keep that short:
//
//   - Group commit. The likes of a post that arrive in this process while
//     a transaction of that post's likes runs wait, and the next
//     transaction writes all of them, moving the count once by how many
//     rows really changed: a thousand likes at once take a few
//     transactions, not a thousand. Each caller returns once its like is
//     committed, with its own answer. If a transaction of several fails,
//     each of its likes is written again alone, so that one like's fault
//     (an account deleted meanwhile) is not the others'.
//   - The row last. A transaction inserts and deletes like rows first and
//     takes the post's row only with the count, as it commits. Without the
//     row's lock the count still equals the rows: a like row is inserted
//     or deleted at most once (the unique key makes a second insert of
//     the same like wait for the first), the count moves only when one
//     was, and with `n = n + delta`. One person's likes of one post queue
//     on a lock of that pair (lockLikes), so that a toggle always flips.
//     A post deleted meanwhile leaves the UPDATE nothing to change: the
//     likes are refused as not found and rolled back.

// likeOp is one call's like, unlike or toggle, and its answer.
type likeOp struct {
	userID int64
	want   likeWant
	result bool // changed (set, unset) or now liked (toggle)
}

type likeWant int

const (
	wantLike likeWant = iota
	wantUnlike
	wantToggle
)

// likeBatch is the likes of one post written in one transaction.
type likeBatch struct {
	ops  []*likeOp
	lead chan struct{} // handed to one of the batch's callers, who writes it
	done chan struct{} // closed when it is written (or failed: err)
	err  error
}

// likeQueue is the process's batches of likes per post: at most one
// being written and one gathering behind it.
type likeQueue struct {
	mu    sync.Mutex
	posts map[int64]*postLikes
}

type postLikes struct {
	writing   bool
	gathering *likeBatch
}

// SetLike adds or removes a like and moves likes_count with it.
func (s *DB) SetLike(ctx context.Context, userID, postID int64, like bool) (bool, error) {
	want := wantUnlike
	if like {
		want = wantLike
	}
	return s.like(ctx, postID, &likeOp{userID: userID, want: want})
}

// ToggleLike flips a like.
func (s *DB) ToggleLike(ctx context.Context, userID, postID int64) (bool, error) {
	return s.like(ctx, postID, &likeOp{userID: userID, want: wantToggle})
}

// like writes op with the other likes of the post that come meanwhile.
// The batch is written to the end even if the caller who writes it goes
// (its context ends): the others wait for it.
func (s *DB) like(ctx context.Context, postID int64, op *likeOp) (bool, error) {
	b := s.likes.join(postID, op)
	select {
	case <-b.lead:
		b.err = s.writeLikes(context.WithoutCancel(ctx), postID, b.ops)
		s.likes.next(postID)
		close(b.done)
	case <-b.done:
	}
	if b.err != nil && len(b.ops) > 1 && model.ErrorCode(b.err) != model.ENOTFOUND {
		return op.result, s.writeLikes(ctx, postID, []*likeOp{op})
	}
	return op.result, b.err
}

// join adds op to the batch gathering for the post, and makes it the one
// to write now if none is being written.
func (q *likeQueue) join(postID int64, op *likeOp) *likeBatch {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.posts == nil {
		q.posts = map[int64]*postLikes{}
	}
	p := q.posts[postID]
	if p == nil {
		p = &postLikes{}
		q.posts[postID] = p
	}
	if p.gathering == nil {
		p.gathering = &likeBatch{lead: make(chan struct{}, 1), done: make(chan struct{})}
	}
	b := p.gathering
	b.ops = append(b.ops, op)
	if !p.writing {
		q.start(p)
	}
	return b
}

// next starts the batch that gathered while the post's last one was
// written, if any.
func (q *likeQueue) next(postID int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	p := q.posts[postID]
	if p.gathering == nil {
		delete(q.posts, postID)
		return
	}
	q.start(p)
}

// start hands the gathering batch to one of its callers to write.
func (q *likeQueue) start(p *postLikes) {
	p.writing = true
	p.gathering.lead <- struct{}{}
	p.gathering = nil
}

// writeLikes writes the likes of one post in one transaction, in their
// order, and moves the count by the rows that changed.
func (s *DB) writeLikes(ctx context.Context, postID int64, ops []*likeOp) error {
	return s.write(ctx, func(t *tx) error {
		if err := lockLikes(ctx, t, postID, ops); err != nil {
			return err
		}
		delta := 0
		for rest := ops; len(rest) > 0; { // ops stay whole for a retry
			n := max(1, likeRun(rest))
			added, removed, err := 0, 0, error(nil)
			if n > 1 {
				added, err = insertLikes(ctx, t, postID, rest[:n])
			} else {
				added, removed, err = applyLike(ctx, t, postID, rest[0])
			}
			if err != nil {
				return err
			}
			delta += added - removed
			rest = rest[n:]
		}
		return countLikes(ctx, t, postID, delta)
	})
}

// lockLikes serializes this transaction with others about the same
// person's like of the post.
func lockLikes(ctx context.Context, t *tx, postID int64, ops []*likeOp) error {
	keys := make([]string, len(ops))
	for i, op := range ops {
		keys[i] = "like " + strconv.FormatInt(op.userID, 10) + " " + strconv.FormatInt(postID, 10)
	}
	return t.lockKey(ctx, keys...)
}

// maxLikeRun bounds the rows of one INSERT (SQLite takes 32,766
// parameters).
const maxLikeRun = 1000

// likeRun is how many of the first ops are likes by different people,
// which one statement inserts.
func likeRun(ops []*likeOp) int {
	seen := map[int64]bool{}
	for i, op := range ops {
		if op.want != wantLike || seen[op.userID] || i == maxLikeRun {
			return i
		}
		seen[op.userID] = true
	}
	return len(ops)
}

// insertLikes inserts the like rows of ops (likes by different people)
// in one statement, sets each op's answer, and reports how many it added.
func insertLikes(ctx context.Context, t *tx, postID int64, ops []*likeOp) (int, error) {
	a := args{t.ts(), postID}
	values := make([]string, len(ops))
	for i, op := range ops {
		values[i] = "($1, $2, " + a.add(op.userID) + ")"
		op.result = false
	}
	rows, err := t.QueryContext(ctx, `INSERT INTO posts_like (created_at, post_id, user_id) VALUES `+strings.Join(values, ", ")+`
		ON CONFLICT (user_id, post_id) DO NOTHING RETURNING user_id`, a...)
	if err != nil {
		return 0, err
	}
	added, err := collect(rows, func(r scanner) (int64, error) { return scanInt64(r) })
	if err != nil {
		return 0, err
	}
	inserted := make(map[int64]bool, len(added))
	for _, u := range added {
		inserted[u] = true
	}
	for _, op := range ops {
		op.result = inserted[op.userID]
	}
	return len(added), nil
}

// applyLike inserts or deletes op's like row and sets its answer; it
// reports how many rows it added and removed.
func applyLike(ctx context.Context, t *tx, postID int64, op *likeOp) (added, removed int, err error) {
	op.result = false
	if op.want != wantLike {
		res, err := t.ExecContext(ctx, `DELETE FROM posts_like WHERE user_id = $1 AND post_id = $2`, op.userID, postID)
		n, err := affected(res, err)
		if err != nil || n > 0 || op.want == wantUnlike {
			op.result = n > 0 && op.want == wantUnlike
			return 0, int(n), err
		}
	}
	res, err := t.ExecContext(ctx, `INSERT INTO posts_like (created_at, post_id, user_id) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, post_id) DO NOTHING`, t.ts(), postID, op.userID)
	n, err := affected(res, err)
	op.result = n > 0
	return int(n), 0, err
}

// countLikes moves the post's likes_count by delta (never below zero, as
// Django's unlike) and sets updated_at, as Django's post.save() does; a
// post that is gone is not found. With nothing changed it only checks
// that the post exists.
func countLikes(ctx context.Context, t *tx, postID int64, delta int) error {
	if delta == 0 {
		err := t.QueryRowContext(ctx, `SELECT id FROM posts_post WHERE id = $1`, postID).Scan(&postID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("Post")
		}
		return err
	}
	err := expectOne(t.ExecContext(ctx, `UPDATE posts_post
		SET likes_count = CASE WHEN likes_count + $1 > 0 THEN likes_count + $1 ELSE 0 END, updated_at = $2
		WHERE id = $3`, delta, t.ts(), postID))
	if model.ErrorCode(err) == model.ENOTFOUND {
		return notFound("Post")
	}
	return err
}
