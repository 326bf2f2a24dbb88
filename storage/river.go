package storage

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/numeneon/numeneon/model"
)

// River lists authors by their latest top-level post with up to
// RiverLaneSize posts per lane, leaving out the people hidden from the
// viewer.
func (s *DB) River(ctx context.Context, viewerID int64, scope model.FeedScope, limit int, after *model.RiverCursor) ([]model.RiverRow, error) {
	var (
		river []model.RiverRow
		err   error
	)
	if scope == model.FeedHome {
		river, err = s.homeRiverAuthors(ctx, viewerID, limit, after)
	} else {
		river, err = s.everyoneRiverAuthors(ctx, viewerID, limit, after)
	}
	if err != nil || len(river) == 0 {
		return river, err
	}
	byAuthor := make(map[int64]*model.RiverRow, len(river))
	ids := []any{viewerID}
	for i := range river {
		byAuthor[river[i].Author.ID] = &river[i]
		ids = append(ids, river[i].Author.ID)
	}
	posts, err := s.posts(ctx, postSelect+`WHERE p.id IN (
		SELECT id FROM (
			SELECT p.id, ROW_NUMBER() OVER (PARTITION BY p.author_id, p.type ORDER BY p.created_at DESC, p.id DESC) AS n
			FROM posts_post p WHERE p.author_id IN (`+placeholders(2, len(river))+`) AND`+topLevel+`
		) ranked WHERE n <= `+strconv.Itoa(model.RiverLaneSize)+`)`+newestFirst, ids...)
	if err != nil {
		return nil, err
	}
	for _, p := range posts {
		row := byAuthor[p.Author.ID]
		switch p.Type {
		case model.Media:
			row.Media = append(row.Media, p)
		case model.Milestones:
			row.Milestones = append(row.Milestones, p)
		default:
			row.Thoughts = append(row.Thoughts, p)
		}
	}
	return river, nil
}

// homeRiverAuthors is the River's rows, without their posts, for the
// viewer and their friends: each one's latest post, asked of each (a few
// hundred index seeks at most).
func (s *DB) homeRiverAuthors(ctx context.Context, viewerID int64, limit int, after *model.RiverCursor) ([]model.RiverRow, error) {
	var a args
	me := a.add(viewerID)
	cursor := ""
	if after != nil {
		cursor = " AND (a.latest, a.id) < (" + a.add(s.d.time(after.LatestAt)) + ", " + a.add(after.AuthorID) + ")"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+`, a.latest FROM (
			SELECT a.id, (SELECT MAX(p.created_at) FROM posts_post p WHERE p.author_id = a.id AND`+topLevel+`) AS latest
			FROM (SELECT CAST(`+me+` AS integer) AS id UNION SELECT friend_id FROM friends_friendship
				WHERE user_id = `+me+` AND friend_id NOT IN (`+hiddenFrom(me)+`)) a
		) a JOIN auth_user u ON u.id = a.id
		WHERE a.latest IS NOT NULL`+cursor+`
		ORDER BY a.latest DESC, a.id DESC LIMIT `+a.add(limit), a...)
	if err != nil {
		return nil, mapError(err)
	}
	return collect(rows, func(r scanner) (model.RiverRow, error) {
		var (
			row    model.RiverRow
			latest dbTime
		)
		err := r.Scan(&row.Author.ID, &row.Author.Username, &row.Author.FirstName, &row.Author.LastName, &latest)
		row.LatestAt = latest.t
		return row, err
	})
}

// riverWalk is how many recent posts everyoneRiverAuthors reads at a time.
const riverWalk = 100

// everyoneRiverAuthors is the River's rows, without their posts, over
// everyone. Asking every account for its latest post, as for a home
// River, took 370 ms on SQLite with 10,000 accounts; instead the recent
// top-level posts are walked newest first (numeneon_post_recent) and
// their authors taken as they first appear, which a few dozen posts
// usually settle. The posts of the people hidden from the viewer are
// skipped in the walk.
func (s *DB) everyoneRiverAuthors(ctx context.Context, viewerID int64, limit int, after *model.RiverCursor) ([]model.RiverRow, error) {
	type author struct {
		id     int64
		latest time.Time
	}
	var (
		picked []author
		seen   = map[int64]bool{}
		walk   struct { // the last post read
			at time.Time
			id int64
		}
		started bool
	)
	// before reports whether (latest, id) comes after the cursor in the
	// River's order (latest first, then the higher id).
	before := func(latest time.Time, id int64) bool {
		return after == nil || latest.Before(after.LatestAt) || latest.Equal(after.LatestAt) && id < after.AuthorID
	}
walking:
	for {
		a := args{viewerID}
		cond := notHidden
		switch {
		case started:
			cond += " AND (p.created_at, p.id) < (" + a.add(s.d.time(walk.at)) + ", " + a.add(walk.id) + ")"
		case after != nil:
			cond += " AND p.created_at <= " + a.add(s.d.time(after.LatestAt))
		}
		rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.author_id, p.created_at FROM posts_post p
			WHERE`+topLevel+cond+newestFirst+` LIMIT `+strconv.Itoa(riverWalk), a...)
		if err != nil {
			return nil, mapError(err)
		}
		type post struct {
			id, author int64
			at         time.Time
		}
		posts, err := collect(rows, func(r scanner) (post, error) {
			var (
				p  post
				at dbTime
			)
			err := r.Scan(&p.id, &p.author, &at)
			p.at = at.t
			return p, err
		})
		if err != nil {
			return nil, err
		}
		// An author seen first below the cursor whose newest post is above
		// it was on an earlier page. (A post of theirs between here and the
		// cursor would have been walked already.)
		var earlier map[int64]bool
		if after != nil {
			var fresh []int64
			for _, p := range posts {
				if !seen[p.author] {
					fresh = append(fresh, p.author)
				}
			}
			if earlier, err = s.postedAfter(ctx, fresh, after.LatestAt); err != nil {
				return nil, err
			}
		}
		for _, p := range posts {
			walk.at, walk.id, started = p.at, p.id, true
			if len(picked) >= limit && p.at.Before(picked[limit-1].latest) {
				break walking // nothing further down can come before the last one picked
			}
			if seen[p.author] {
				continue
			}
			seen[p.author] = true
			if !earlier[p.author] && before(p.at, p.author) {
				picked = append(picked, author{p.author, p.at})
			}
		}
		if len(posts) < riverWalk {
			break
		}
	}
	slices.SortFunc(picked, func(x, y author) int {
		if c := y.latest.Compare(x.latest); c != 0 {
			return c
		}
		return int(y.id - x.id)
	})
	picked = picked[:min(len(picked), limit)]
	if len(picked) == 0 {
		return nil, nil
	}
	ids := make([]any, len(picked))
	for i, p := range picked {
		ids[i] = p.id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM auth_user u WHERE u.id IN (`+placeholders(1, len(ids))+`)`, ids...)
	if err != nil {
		return nil, mapError(err)
	}
	users, err := collect(rows, scanSummary)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]model.UserSummary, len(users))
	for _, u := range users {
		byID[u.ID] = u
	}
	river := make([]model.RiverRow, 0, len(picked))
	for _, p := range picked {
		if u, ok := byID[p.id]; ok {
			river = append(river, model.RiverRow{Author: u, LatestAt: p.latest})
		}
	}
	return river, nil
}

// postedAfter tells which of authors have a top-level post newer than t.
func (s *DB) postedAfter(ctx context.Context, authors []int64, t time.Time) (map[int64]bool, error) {
	if len(authors) == 0 {
		return nil, nil
	}
	a := args{s.d.time(t)}
	for _, id := range authors {
		a = append(a, id)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT p.author_id FROM posts_post p
		WHERE p.author_id IN (`+placeholders(2, len(authors))+`) AND`+topLevel+` AND p.created_at > $1`, a...)
	if err != nil {
		return nil, mapError(err)
	}
	ids, err := collect(rows, scanInt64)
	if err != nil {
		return nil, err
	}
	posted := make(map[int64]bool, len(ids))
	for _, id := range ids {
		posted[id] = true
	}
	return posted, nil
}
