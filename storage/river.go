package storage

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/numeneon/numeneon/model"
)

// The River reads a page of authors from numeneon_river_author (each
// author's latest post time, kept by triggers, migration 00018), then
// each row's lanes by index (numeneon_post_author_lane): both cost what
// the page holds, never what its authors ever posted nor how many
// authors there are.

// River lists authors by their latest top-level post with up to
// RiverLaneSize posts per lane, leaving out the people hidden from the
// viewer.
func (s *DB) River(ctx context.Context, viewerID int64, scope model.FeedScope, limit int, after *model.RiverCursor) ([]model.RiverRow, error) {
	river, err := s.riverAuthors(ctx, viewerID, scope, limit, after)
	if err != nil || len(river) == 0 {
		return river, err
	}
	byAuthor := make(map[int64]*model.RiverRow, len(river))
	authors := make([]int64, len(river))
	for i := range river {
		byAuthor[river[i].Author.ID] = &river[i]
		authors[i] = river[i].Author.ID
	}
	for chunk := range slices.Chunk(authors, riverLanesAtOnce) {
		posts, err := s.lanes(ctx, viewerID, chunk)
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
	}
	return river, nil
}

// riverAuthors is a page of the River's rows, without their posts: the
// authors whose latest post comes after the cursor, latest first. The
// Everyone River walks numeneon_river_author_latest down from the cursor
// and skips the people hidden from the viewer; the home River looks up
// the viewer and each friend by key (homeOf) and sorts those. The CROSS
// JOIN keeps SQLite from starting at the users, which it did on a table
// it had no statistics of yet, sorting them all.
func (s *DB) riverAuthors(ctx context.Context, viewerID int64, scope model.FeedScope, limit int, after *model.RiverCursor) ([]model.RiverRow, error) {
	a := args{viewerID}
	cond := ` r.author_id NOT IN (` + hiddenFrom("$1") + `)`
	if scope == model.FeedHome {
		cond = homeOf("r.author_id")
	}
	if after != nil {
		cond += " AND (r.latest_at, r.author_id) < (" + a.add(s.d.time(after.LatestAt)) + ", " + a.add(after.AuthorID) + ")"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+`, r.latest_at FROM numeneon_river_author r
		CROSS JOIN auth_user u WHERE u.id = r.author_id AND`+cond+` ORDER BY r.latest_at DESC, r.author_id DESC LIMIT `+a.add(limit), a...)
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

// riverLanesAtOnce is how many authors' lanes one query reads: on SQLite
// three subqueries each, well under its 500 terms of a compound SELECT.
const riverLanesAtOnce = 50

// lanes reads the newest RiverLaneSize posts of each type of each author,
// newest first: one LIMIT per lane on numeneon_post_author_lane
// (dialect.riverLanes).
func (s *DB) lanes(ctx context.Context, viewerID int64, authors []int64) ([]model.Post, error) {
	a := args{viewerID}
	return s.posts(ctx, postSelect+`WHERE p.id IN (`+s.d.riverLanes(&a, authors)+`)`+newestFirst, a...)
}

// lane is the ids of the newest RiverLaneSize top-level posts of one
// author and type (SQL expressions), read from posts_post p as from says.
func lane(from, author, typ string) string {
	return `SELECT p.id FROM ` + from + ` WHERE p.author_id = ` + author + ` AND p.type = ` + typ + ` AND` + topLevel +
		newestFirst + ` LIMIT ` + strconv.Itoa(model.RiverLaneSize)
}

// sqliteRiverLanes is every lane as a subquery of its own, joined by
// UNION ALL, each told its index: SQLite's planner believes "parent_id IS
// NULL" holds a few rows (its statistics average over every value) and
// would otherwise walk every top-level post by time (numeneon_post_thread).
func sqliteRiverLanes(a *args, authors []int64) string {
	var lanes []string
	for _, author := range authors {
		for _, typ := range model.PostTypes {
			lanes = append(lanes, `SELECT id FROM (`+
				lane(`posts_post p INDEXED BY numeneon_post_author_lane`, a.add(author), a.add(string(typ)))+`) l`)
		}
	}
	return strings.Join(lanes, " UNION ALL ")
}

// postgresRiverLanes is one LATERAL subquery over the authors and types:
// PostgreSQL took 40 ms to plan thirty subqueries joined by UNION ALL.
func postgresRiverLanes(a *args, authors []int64) string {
	values := make([]string, len(authors))
	for i, author := range authors {
		values[i] = `(CAST(` + a.add(author) + ` AS integer))`
	}
	types := make([]string, len(model.PostTypes))
	for i, typ := range model.PostTypes {
		types[i] = `(` + a.add(string(typ)) + `)`
	}
	return `SELECT l.id FROM (VALUES ` + strings.Join(values, ", ") + `) a(id)
		CROSS JOIN (VALUES ` + strings.Join(types, ", ") + `) t(type)
		CROSS JOIN LATERAL (` + lane(`posts_post p`, `a.id`, `t.type`) + `) l`
}

// indexRiver raises numeneon_river_author for the top-level posts from id
// $1 on, after a bulk load that skipped its triggers.
const indexRiver = `INSERT INTO numeneon_river_author AS r (author_id, latest_at)
	SELECT author_id, MAX(created_at) FROM posts_post p WHERE p.id >= $1 AND` + topLevel + ` GROUP BY author_id
	ON CONFLICT (author_id) DO UPDATE SET latest_at = CASE WHEN excluded.latest_at > r.latest_at THEN excluded.latest_at ELSE r.latest_at END`
