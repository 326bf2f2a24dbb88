package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"modernc.org/sqlite"
)

// Case-insensitive matching the same on both databases. Postgres's lower()
// on a UTF-8 database lowers every letter as Go's strings.ToLower does
// (checked rune by rune over all of Unicode on Debian's C.UTF-8); SQLite's
// lower() and LIKE fold ASCII only, and its trigram tokenizer folds with a
// table older than Go's. So SQLite gets Go's lowering as numeneon_lower,
// and the post search asks its trigram index only about the runes the
// index folds as Go does.

// sqliteLower is numeneon_lower's name. It is not an override of lower():
// the expression index numeneon_user_email holds lower(email) as written
// by whichever program inserted the row (the web app's SQLite has only the
// built-in), and an index whose function changes meaning is corrupt.
const sqliteLower = "numeneon_lower"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(sqliteLower, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		}
		return args[0], nil // NULL and numbers, as lower() leaves them
	})
}

// sqliteLowerLike is the condition "col lowered is LIKE pattern". The
// built-in LIKE, which folds ASCII, answers first: whatever it matches
// the lowered text matches too, so numeneon_lower, a call into Go, runs
// only for the rest (a search of a common word among a million posts took
// twice as long with it alone).
func sqliteLowerLike(col, pattern string) string {
	return `(` + col + ` LIKE ` + pattern + ` ESCAPE '\' OR ` + sqliteLower + `(` + col + `) LIKE ` + pattern + ` ESCAPE '\')`
}

// sqliteEmailIs is the condition "user u's e-mail lowered is the value
// param", served by indexes: numeneon_user_email finds the addresses that
// the built-in lower() already lowers fully (the ASCII ones, and those
// already in lower case), numeneon_user_email_unicode the few with other
// characters, which numeneon_lower then compares.
func sqliteEmailIs(param string) string {
	return `u.id IN (SELECT id FROM auth_user WHERE lower(email) = ` + param + `
		UNION ALL SELECT id FROM auth_user WHERE email GLOB '*[^ -~]*' AND ` + sqliteLower + `(email) = ` + param + `)`
}

// sqlitePostSearch is SQLite's condition "post p contains q", whatever the
// case: the lowered content LIKE the pattern decides, and the trigram
// index numeneon_post_search lists the candidates (those of the ids in
// span, which it reads alone), which p is joined to, when q has a run of
// three runes or more that it folds as Go does. Written as a CROSS JOIN,
// which SQLite keeps in its order: its planner, which believes that
// "parent_id IS NULL" holds a few rows, would otherwise walk every
// top-level post asking each whether it is a candidate.
func sqlitePostSearch(a *args, q string, span idSpan) (from, cond string) {
	m := trigramQuery(strings.ToLower(q))
	if m == "" {
		return "", sqlitePostContains(a, q)
	}
	from = `(SELECT rowid AS id FROM numeneon_post_search WHERE numeneon_post_search MATCH ` + a.add(m) +
		span.where(a, "rowid") + `) c CROSS JOIN `
	return from, `p.id = c.id AND ` + sqlitePostContains(a, q)
}

// sqlitePostContains is SQLite's "post p contains q, whatever the case",
// tested on each row.
func sqlitePostContains(a *args, q string) string {
	return sqliteLowerLike("p.content", a.add(likePattern(q)))
}

// trigramQuery returns an FTS5 query for the trigram index that every post
// containing the lowered text lq matches: its runs of three or more runes
// that hold no rune the tokenizer folds otherwise than Go, each a quoted
// phrase, all required. "" when there is no such run, or the tokenizer's
// folding could not be learnt; the search then reads every post.
func trigramQuery(lq string) string {
	blind, err := trigramBlind()
	if err != nil {
		return ""
	}
	var (
		phrases []string
		run     []rune
	)
	flush := func() {
		if len(run) >= 3 {
			phrases = append(phrases, `"`+strings.ReplaceAll(string(run), `"`, `""`)+`"`)
		}
		run = run[:0]
	}
	for _, r := range lq {
		if blind[r] {
			flush()
			continue
		}
		run = append(run, r)
	}
	flush()
	return strings.Join(phrases, " AND ")
}

// trigramBlind returns the lowered runes r for which some rune that Go
// lowers to r is folded by the trigram tokenizer to something other than
// r's own folding: a phrase holding r could miss a post. It asks the
// tokenizer once, through an in-memory index of every rune that has a
// lower case, written next to its lower case.
var trigramBlind = sync.OnceValues(func() (map[rune]bool, error) {
	var (
		text  strings.Builder
		cased []rune
	)
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); l != r {
			cased = append(cased, r)
			text.WriteRune(r)
			text.WriteRune(l)
		}
	}
	text.WriteString("  ") // the last rune's trigram
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database
	for _, q := range []string{
		`CREATE VIRTUAL TABLE fold USING fts5(t, tokenize='trigram')`,
		`CREATE VIRTUAL TABLE fold_terms USING fts5vocab(fold, 'instance')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO fold (t) VALUES ($1)`, text.String()); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT "offset", term FROM fold_terms`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	folded := make([]rune, 2*len(cased)) // the tokenizer's folding of each rune of text
	terms := 0
	for rows.Next() {
		var (
			at   int
			term string
		)
		if err := rows.Scan(&at, &term); err != nil {
			return nil, err
		}
		if at < len(folded) && term != "" {
			folded[at] = []rune(term)[0]
			terms++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if terms != len(folded) {
		return nil, fmt.Errorf("the trigram index read back %d of %d terms", terms, len(folded))
	}
	blind := map[rune]bool{}
	for i, r := range cased {
		if folded[2*i] != folded[2*i+1] {
			blind[unicode.ToLower(r)] = true
		}
	}
	return blind, nil
})
