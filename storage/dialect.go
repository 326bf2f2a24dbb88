package storage

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// dialect holds the few places where the SQL of SQLite and Postgres
// differ; everything else is shared query text with $N placeholders.
type dialect struct {
	name string
	// time turns a time into the value the driver stores: Django's text
	// format on SQLite (plain string comparison must order it), a UTC
	// timestamptz on Postgres.
	time func(time.Time) any
	// day is an expression for the UTC calendar day of a timestamp column,
	// as 'YYYY-MM-DD' text.
	day func(col string) string
	// lockPair serializes transactions about the same two users (friend
	// requests). SQLite needs nothing: its transactions are IMMEDIATE and so
	// already one at a time.
	lockPair string
	// lockKeys serializes transactions about the same strings (an e-mail
	// address at sign-up, where no unique constraint can: Django's table
	// has none), taking the locks of a text[] in one order.
	lockKeys string
	// forUpdate locks the rows a SELECT reads until the transaction ends.
	forUpdate string
	// lowerLike is the condition "col, lowered as Go's strings.ToLower
	// does, is LIKE pattern", a lowered pattern with \ as its escape.
	lowerLike func(col, pattern string) string
	// emailIs is the condition "user u's e-mail, lowered, is the lowered
	// address in param", written so that an index serves it.
	emailIs func(param string) string
	// postSearch is the condition "post p contains q, whatever the case",
	// adding its values to a, among the posts whose ids are in span (which
	// the caller asks of p.id too): from, "" or candidates that the query
	// joins p to ("… CROSS JOIN "), and cond; written so that the
	// dialect's text index serves it where it helps. postContains is the
	// same test made on each row, never through an index: for a walk that
	// an index already bounds.
	postSearch   func(a *args, q string, span idSpan) (from, cond string)
	postContains func(a *args, q string) string
	// searchSpans is how many spans of ids a search tries before every
	// post (SearchPosts): SQLite's text index reads a span's matches
	// alone, PostgreSQL tests every post of one.
	searchSpans int
	// riverLanes is a query of the ids of the River's lanes of authors
	// (river.go), adding its values to a.
	riverLanes func(a *args, authors []int64) string
	// indexPosts indexes for search the top-level posts from id $1 on,
	// after a bulk load that skipped the row-by-row triggers; clearSearch
	// empties the index before a bulk delete of every post. Empty where
	// the search index keeps itself up to date.
	indexPosts, clearSearch string
	// watch wakes the event hub when another process commits.
	watch func(ctx context.Context, h *hub)
}

// sqliteTimeLayout is how Django writes datetimes on SQLite: always six
// digits of fraction, except that the fraction is left out when it is zero.
// Plain string comparison then orders them correctly.
const (
	sqliteTimeLayout  = "2006-01-02 15:04:05.000000"
	sqliteWholeSecond = "2006-01-02 15:04:05"
)

func sqliteTime(t time.Time) any {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format(sqliteWholeSecond)
	}
	return t.Format(sqliteTimeLayout)
}

var sqliteDialect = dialect{
	name:         "sqlite",
	time:         sqliteTime,
	watch:        watchSQLite,
	lowerLike:    sqliteLowerLike,
	emailIs:      sqliteEmailIs,
	postSearch:   sqlitePostSearch,
	postContains: sqlitePostContains,
	searchSpans:  3,
	riverLanes:   sqliteRiverLanes,
	indexPosts: `INSERT INTO numeneon_post_search (rowid, content)
		SELECT id, content FROM posts_post WHERE id >= $1 AND parent_id IS NULL`,
	clearSearch: `INSERT INTO numeneon_post_search (numeneon_post_search) VALUES ('delete-all')`,
	day:         func(col string) string { return "substr(" + col + ", 1, 10)" },
}

var postgresDialect = dialect{
	name:      "postgres",
	time:      func(t time.Time) any { return t.UTC() },
	day:       func(col string) string { return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')" },
	lockPair:  "SELECT pg_advisory_xact_lock($1::int4, $2::int4)",
	lockKeys:  "SELECT COUNT(pg_advisory_xact_lock(hashtext(k))) FROM (SELECT unnest($1::text[]) AS k ORDER BY 1) AS keys",
	forUpdate: " FOR UPDATE",
	watch:     watchPostgres,
	lowerLike: func(col, pattern string) string { return `lower(` + col + `) LIKE ` + pattern + ` ESCAPE '\'` },
	emailIs:   func(param string) string { return `lower(u.email) = lower(` + param + `)` },
	postSearch: func(a *args, q string, span idSpan) (string, string) {
		if span != (idSpan{}) {
			return "", postgresPostContains(a, q) // the span's rows, by key
		}
		return "", `lower(p.content) LIKE ` + a.add(likePattern(q)) + ` ESCAPE '\'`
	},
	postContains: postgresPostContains,
	searchSpans:  1,
	riverLanes:   postgresRiverLanes,
}

// postgresPostContains is "post p contains q, whatever the case" in a
// form that the trigram index does not serve (strpos, not LIKE): the
// planner believes the index finds a few dozen posts where it finds
// thirty thousand, and would read them all instead of a few hundred by
// time or a span of ids by key (a generic plan, which the driver's
// prepared statements get after five runs, did so even in a span).
func postgresPostContains(a *args, q string) string {
	return `strpos(lower(p.content), ` + a.add(strings.ToLower(q)) + `) > 0`
}

// dbTime scans a timestamp from either database: a time.Time (Postgres,
// or SQLite text the driver already parsed) or Django's text format.
type dbTime struct{ t time.Time }

func (d *dbTime) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		d.t = x.UTC()
		return nil
	case string:
		return d.parse(x)
	case []byte:
		return d.parse(string(x))
	case nil:
		d.t = time.Time{}
		return nil
	}
	return fmt.Errorf("cannot scan %T into a time", v)
}

func (d *dbTime) parse(s string) error {
	s = strings.Replace(s, "T", " ", 1)
	for _, layout := range []string{"2006-01-02 15:04:05.999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			d.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot parse time %q", s)
}
