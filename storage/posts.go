package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/numeneon/numeneon/model"
)

// postColumns are the columns of a post with its author, wall owner and
// mentioned user, and whether the viewer ($1) liked and shared it.
const postColumns = `p.id, p.author_id, au.username, au.first_name, au.last_name,
	p.target_profile_id, tu.username, tu.first_name, tu.last_name,
	p.type, p.content, p.media_url, p.parent_id, p.reply_to_comment_id,
	p.mentioned_user_id, mu.username, mu.first_name, mu.last_name,
	p.created_at, p.updated_at, p.likes_count, p.comment_count, p.shares_count,
	EXISTS (SELECT 1 FROM posts_like l WHERE l.post_id = p.id AND l.user_id = $1),
	EXISTS (SELECT 1 FROM numeneon_share sv WHERE sv.user_id = $1 AND sv.post_id = p.id)`

// postJoins are the users postColumns read.
const postJoins = `
JOIN auth_user au ON au.id = p.author_id
LEFT JOIN auth_user tu ON tu.id = p.target_profile_id
LEFT JOIN auth_user mu ON mu.id = p.mentioned_user_id
`

// postSelect reads posts (postColumns).
const postSelect = `SELECT ` + postColumns + `
FROM posts_post p` + postJoins

// newestFirst orders posts for every feed.
const newestFirst = ` ORDER BY p.created_at DESC, p.id DESC`

// optionalUser scans a LEFT JOINed user.
type optionalUser struct {
	id                sql.NullInt64
	name, first, last sql.NullString
}

func (o *optionalUser) dest() []any { return []any{&o.id, &o.name, &o.first, &o.last} }

func (o *optionalUser) summary() *model.UserSummary {
	if !o.id.Valid {
		return nil
	}
	return &model.UserSummary{ID: o.id.Int64, Username: o.name.String, FirstName: o.first.String, LastName: o.last.String}
}

func scanPost(row scanner) (model.Post, error) { return scanPostWith(row) }

// scanPostWith scans postColumns, then extra.
func scanPostWith(row scanner, extra ...any) (model.Post, error) {
	var (
		p                 model.Post
		target, mentioned optionalUser
		media             sql.NullString
		parent, replyTo   sql.NullInt64
		created, updated  dbTime
		postType          string
	)
	dest := []any{&p.ID, &p.Author.ID, &p.Author.Username, &p.Author.FirstName, &p.Author.LastName}
	dest = append(dest, target.dest()...)
	dest = append(dest, &postType, &p.Content, &media, &parent, &replyTo)
	dest = append(dest, mentioned.dest()...)
	dest = append(dest, &created, &updated, &p.LikesCount, &p.CommentCount, &p.SharesCount, &p.LikedByViewer, &p.SharedByViewer)
	dest = append(dest, extra...)
	if err := row.Scan(dest...); err != nil {
		return p, err
	}
	p.Type, p.MediaURL = model.PostType(postType), media.String
	p.Target, p.Mentioned = target.summary(), mentioned.summary()
	p.ParentID, p.ReplyToCommentID = nullID(parent), nullID(replyTo)
	p.CreatedAt, p.UpdatedAt = created.t, updated.t
	return p, nil
}

func nullID(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

// query runs a post query built from parts and scans the posts.
func (s *DB) posts(ctx context.Context, query string, args ...any) ([]model.Post, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanPost)
}

// keyset adds the "older than the cursor" condition of a newest-first page
// and its ORDER BY and LIMIT.
func (s *DB) keyset(page model.Page, a *args) (where, limit string) {
	if c := page.Before; c != nil {
		where = " AND (p.created_at, p.id) < (" + a.add(s.d.time(c.CreatedAt)) + ", " + a.add(c.ID) + ")"
	}
	return where, newestFirst + " LIMIT " + a.add(page.Limit)
}

// CreatePost inserts a post and counts a reply on its parent.
//
// A reply first locks its parent and the comment it answers (in the order
// DeletePost locks them) and finds them gone if a delete got there first.
// Postgres checks the deferred foreign keys only at commit, so without the
// locks a reply could commit under a post deleted meanwhile, or make that
// delete fail.
func (s *DB) CreatePost(ctx context.Context, authorID int64, np model.NewPost) (model.Post, error) {
	var id int64
	err := s.write(ctx, func(t *tx) error {
		for _, locked := range []*int64{np.ParentID, np.ReplyToCommentID} {
			if locked != nil {
				if err := lockPost(ctx, t, *locked); err != nil {
					return err
				}
			}
		}
		var media any
		if np.MediaURL != "" {
			media = np.MediaURL
		}
		err := t.QueryRowContext(ctx, `INSERT INTO posts_post
			(author_id, target_profile_id, type, content, media_url, parent_id, reply_to_comment_id,
			 mentioned_user_id, created_at, updated_at, likes_count, comment_count, shares_count)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 0, 0, 0) RETURNING id`,
			authorID, np.TargetUserID, string(np.Type), np.Content, media, np.ParentID, np.ReplyToCommentID,
			np.MentionedUserID, t.ts()).Scan(&id)
		if err != nil {
			return err
		}
		if np.ParentID != nil {
			_, err = t.ExecContext(ctx, `UPDATE posts_post SET comment_count = comment_count + 1 WHERE id = $1`, *np.ParentID)
		}
		return err
	})
	if err != nil {
		return model.Post{}, err
	}
	return s.Post(ctx, authorID, id)
}

// Post returns one post.
func (s *DB) Post(ctx context.Context, viewerID, id int64) (model.Post, error) {
	p, err := scanPost(s.db.QueryRowContext(ctx, postSelect+`WHERE p.id = $2`, viewerID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, notFound("Post")
	}
	return p, mapError(err)
}

// UpdatePost changes content and media URL.
func (s *DB) UpdatePost(ctx context.Context, id int64, upd model.PostUpdate) error {
	return s.write(ctx, func(t *tx) error {
		if err := updateColumns(ctx, t, "posts_post", "id", id, []column{{"content", upd.Content}}, true); err != nil {
			return err
		}
		if upd.MediaURL == nil {
			return nil
		}
		var media any // "" is stored as NULL, as Django does for a blank URL
		if *upd.MediaURL != "" {
			media = *upd.MediaURL
		}
		return expectOne(t.ExecContext(ctx, `UPDATE posts_post SET media_url = $1, updated_at = $2 WHERE id = $3`, media, t.ts(), id))
	})
}

// DeletePost deletes a post, its replies (at any depth) and their likes,
// as Django's CASCADE would, and un-counts it on its parent.
//
// On Postgres it first locks the parent, then the post, then its replies
// (the order CreatePost takes them in), and only then reads what to
// delete, in statements that see what committed while it waited: a like
// or reply in flight is deleted with the post instead of failing the
// deferred foreign keys at commit, and a second delete of the same post
// waits and finds it gone instead of un-counting it again. SQLite's
// IMMEDIATE transactions run one at a time, so there the locks are no-ops.
func (s *DB) DeletePost(ctx context.Context, id int64) error {
	return s.write(ctx, func(t *tx) error {
		// parent_id never changes, so it may be read before the lock.
		var parent sql.NullInt64
		if err := t.QueryRowContext(ctx, `SELECT parent_id FROM posts_post WHERE id = $1`, id).Scan(&parent); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return notFound("Post")
			}
			return err
		}
		if parent.Valid {
			if err := lockPost(ctx, t, parent.Int64); err != nil {
				return err
			}
		}
		if err := lockPost(ctx, t, id); err != nil {
			return err
		}
		rows, err := t.QueryContext(ctx, `WITH RECURSIVE doomed(id) AS (
			SELECT CAST($1 AS bigint) UNION ALL SELECT p.id FROM posts_post p JOIN doomed d ON p.parent_id = d.id
		) SELECT p.id FROM posts_post p WHERE p.id IN (SELECT id FROM doomed)`+t.d.forUpdate, id)
		if err != nil {
			return err
		}
		ids, err := collect(rows, func(r scanner) (any, error) { return scanInt64(r) })
		if err != nil {
			return err
		}
		in := "(" + placeholders(1, len(ids)) + ")"
		for _, q := range []string{
			`UPDATE posts_post SET reply_to_comment_id = NULL WHERE reply_to_comment_id IN ` + in,
			`DELETE FROM posts_like WHERE post_id IN ` + in,
		} {
			if _, err := t.ExecContext(ctx, q, ids...); err != nil {
				return err
			}
		}
		// Un-count only a post that this transaction really deleted.
		if err := expectOne(t.ExecContext(ctx, `DELETE FROM posts_post WHERE id IN `+in, ids...)); err != nil || !parent.Valid {
			return err
		}
		_, err = t.ExecContext(ctx, `UPDATE posts_post SET comment_count = comment_count - 1
			WHERE id = $1 AND comment_count > 0`, parent.Int64)
		return err
	})
}

// lockPost checks that a post exists and locks its row, so that replies
// and shares of one post happen one at a time, and they queue behind a
// delete of the post (or the delete behind them). Likes take the row
// only as they commit (likes.go).
func lockPost(ctx context.Context, t *tx, id int64) error {
	err := t.QueryRowContext(ctx, `SELECT id FROM posts_post WHERE id = $1`+t.d.forUpdate, id).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("Post")
	}
	return err
}

// Likers lists who liked a post, newest like first, but for the people
// the viewer blocks or is blocked by.
func (s *DB) Likers(ctx context.Context, viewerID, postID int64, limit int) ([]model.UserSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM posts_like l
		JOIN auth_user u ON u.id = l.user_id WHERE l.post_id = $2 AND l.user_id NOT IN (`+blockedWith("$1")+`)
		ORDER BY l.created_at DESC, l.id DESC LIMIT $3`, viewerID, postID, limit)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, scanSummary)
}

// topLevel selects the posts feeds show: not replies, not on a wall.
const topLevel = ` p.parent_id IS NULL AND p.target_profile_id IS NULL`

// homeOf says that col is the viewer ($1) or one of their friends, but
// for those the viewer mutes or blocks or who block the viewer. As an IN
// list (not an OR) it lets both planners walk each author's slice of
// numeneon_post_author_feed (or each sharer's of numeneon_share_user_time)
// instead of filtering the whole recent index.
func homeOf(col string) string {
	return ` ` + col + ` IN (SELECT CAST($1 AS integer) UNION ALL SELECT friend_id FROM friends_friendship
	WHERE user_id = $1 AND friend_id NOT IN (` + hiddenFrom("$1") + `))`
}

// homeAuthors: the post's author is the viewer or a friend (homeOf).
var homeAuthors = homeOf("p.author_id")

// notHidden leaves out the posts of the people hidden from the viewer ($1).
var notHidden = ` AND p.author_id NOT IN (` + hiddenFrom("$1") + `)`

// postPage reads one newest-first page of the posts matching cond: first
// their ids alone (from an index, without touching the rows), then the 50
// or so rows themselves. a holds the viewer as $1 and cond's values.
func (s *DB) postPage(ctx context.Context, a args, cond string, page model.Page) ([]model.Post, error) {
	return s.postPageFrom(ctx, "", a, cond, page)
}

// postPageFrom is postPage with posts_post p joined to from ("… CROSS
// JOIN ", or "").
func (s *DB) postPageFrom(ctx context.Context, from string, a args, cond string, page model.Page) ([]model.Post, error) {
	where, limit := s.keyset(page, &a)
	return s.posts(ctx, postSelect+`WHERE p.id IN (SELECT p.id FROM `+from+`posts_post p WHERE `+cond+where+limit+`)`+newestFirst, a...)
}

// Feed lists the home or everyone feed, without the posts of the people
// hidden from the viewer.
func (s *DB) Feed(ctx context.Context, viewerID int64, scope model.FeedScope, page model.Page) ([]model.Post, error) {
	if scope == model.FeedHome {
		return s.homeFeed(ctx, viewerID, page)
	}
	return s.postPage(ctx, args{viewerID}, topLevel+notHidden, page)
}

// UserPosts lists a user's own top-level posts and their wall. The
// others on the wall hidden from the viewer are left out; the user's own
// posts are there even when the viewer mutes them (they came to see).
func (s *DB) UserPosts(ctx context.Context, viewerID, userID int64, page model.Page) ([]model.Post, error) {
	return s.postPage(ctx, args{viewerID, userID}, `p.parent_id IS NULL
		AND ((p.author_id = $2 AND p.target_profile_id IS NULL)
			OR p.target_profile_id = $2 AND (p.author_id = $2 OR p.author_id NOT IN (`+hiddenFrom("$1")+`)))`, page)
}

// Replies lists a post's replies, without those of the people hidden
// from the viewer.
func (s *DB) Replies(ctx context.Context, viewerID, postID int64, page model.Page) ([]model.Post, error) {
	return s.postPage(ctx, args{viewerID, postID}, `p.parent_id = $2`+notHidden, page)
}

// SearchPosts finds top-level posts by content, newest first, without
// those of the people hidden from the viewer.
//
// A common word is in tens of thousands of posts, which the text indexes
// do not hand out by time: sorting them all for a page of fifty cost
// 484 ms on SQLite. So a page takes two steps. First the newest matches
// among a span of ids just below the cursor's (or the newest id), which
// settle how far back the page reaches: no further than the last of a
// page of them. Then the top-level posts between the cursor and that
// time are walked newest first (numeneon_post_thread holds them by
// time), and the first that match are the page, exact however ids and
// times are ordered. A span with fewer matches than a page makes way for
// one eight times as wide, and the last (dialect.searchSpans) for every
// post, through the text index.
func (s *DB) SearchPosts(ctx context.Context, viewerID int64, q string, page model.Page) ([]model.Post, error) {
	top, err := s.searchTop(ctx, page.Before)
	if err != nil {
		return nil, err
	}
	width := int64(searchSpan * max(page.Limit, 1))
	for n := 0; ; n, width = n+1, width*8 {
		span := idSpan{from: top - width, to: top}
		if span.from <= 0 || n == s.d.searchSpans {
			span = idSpan{} // every post, ids above the cursor's too
		}
		a := args{viewerID}
		from, match := s.d.postSearch(&a, q, span)
		posts, err := s.postPageFrom(ctx, from, a, `p.parent_id IS NULL AND `+match+span.where(&a, "p.id")+notHidden, page)
		if err != nil || span == (idSpan{}) {
			return posts, err
		}
		if len(posts) < page.Limit {
			continue
		}
		last := posts[len(posts)-1]
		a = args{viewerID}
		return s.postPage(ctx, a, `p.parent_id IS NULL AND `+s.d.postContains(&a, q)+notHidden+
			` AND (p.created_at, p.id) >= (`+a.add(s.d.time(last.CreatedAt))+`, `+a.add(last.ID)+`)`, page)
	}
}

// searchSpan is how many ids, per post of a page, a search's first span
// holds: a word in one post of thirty fills a page from the first. After
// dialect.searchSpans spans a rarer word is looked up among every post,
// which the text index does at a cost that grows with its matches, fewer
// by then.
const searchSpan = 64

// searchTop is the id a search's spans end below: the cursor's, or past
// the newest post's.
func (s *DB) searchTop(ctx context.Context, before *model.Cursor) (int64, error) {
	if before != nil {
		return before.ID, nil
	}
	var top int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM posts_post`).Scan(&top)
	return top, mapError(err)
}

// idSpan is the post ids from from up to to (not included); the zero
// idSpan is every id.
type idSpan struct{ from, to int64 }

// where is the condition that col is in the span, or "" for every id.
func (sp idSpan) where(a *args, col string) string {
	if sp == (idSpan{}) {
		return ""
	}
	return ` AND ` + col + ` >= ` + a.add(sp.from) + ` AND ` + col + ` < ` + a.add(sp.to)
}
