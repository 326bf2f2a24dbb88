package model

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// WriteKind is a kind of write a person makes, each with a budget of its
// own: flood protection, so that no account (a script over SSH, say) can
// write faster than a person would.
type WriteKind string

// The writes that spend from a budget.
const (
	WriteMessage       WriteKind = "message"        // a direct message
	WritePost          WriteKind = "post"           // a post of one's own
	WriteReply         WriteKind = "reply"          // a reply
	WriteWallPost      WriteKind = "wall"           // a post on a friend's wall
	WriteLike          WriteKind = "like"           // a like, or taking one back
	WriteShare         WriteKind = "share"          // a share
	WriteFriendRequest WriteKind = "friend_request" // asking someone to be friends
)

// Budget is a token bucket: PerMinute writes a minute on average, and at
// most Burst at once after a quiet while.
type Budget struct {
	PerMinute float64
	Burst     float64
}

// DefaultBudgets are a person's pace: more than anyone types, far less
// than a script sends.
func DefaultBudgets() map[WriteKind]Budget {
	return map[WriteKind]Budget{
		WriteMessage:       {PerMinute: 30, Burst: 10},
		WritePost:          {PerMinute: 6, Burst: 5},
		WriteReply:         {PerMinute: 20, Burst: 10},
		WriteWallPost:      {PerMinute: 6, Burst: 5},
		WriteLike:          {PerMinute: 60, Burst: 30},
		WriteShare:         {PerMinute: 20, Burst: 10},
		WriteFriendRequest: {PerMinute: 10, Burst: 10},
	}
}

// writeNames name the write kinds in a sentence: "30 messages a minute".
var writeNames = map[WriteKind]string{
	WriteMessage: "messages", WritePost: "posts", WriteReply: "replies", WriteWallPost: "wall posts",
	WriteLike: "likes", WriteShare: "shares", WriteFriendRequest: "friend requests",
}

// singular names one write of each kind: "1 message a minute".
var singular = map[WriteKind]string{
	WriteMessage: "message", WritePost: "post", WriteReply: "reply", WriteWallPost: "wall post",
	WriteLike: "like", WriteShare: "share", WriteFriendRequest: "friend request",
}

// ParseBudget reads "KIND=PER_MINUTE/BURST" (message=30/10), or
// "KIND=off" (the zero Budget: no limit), as an operator gives it.
func ParseBudget(s string) (WriteKind, Budget, error) {
	kind, spec, ok := strings.Cut(strings.TrimSpace(s), "=")
	k := WriteKind(strings.TrimSpace(kind))
	if _, known := writeNames[k]; known && strings.TrimSpace(spec) == "off" {
		return k, Budget{}, nil
	}
	rate, burst, ok2 := strings.Cut(spec, "/")
	if _, known := writeNames[k]; !known || !ok || !ok2 {
		return "", Budget{}, fmt.Errorf("%q: give KIND=PER_MINUTE/BURST (message=30/10) or KIND=off, KIND one of %s", s, budgetKinds())
	}
	r, err1 := strconv.ParseFloat(strings.TrimSpace(rate), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(burst), 64)
	if err1 != nil || err2 != nil || !(r > 0) || !(b >= 1) || math.IsInf(r, 0) || math.IsInf(b, 0) {
		return "", Budget{}, fmt.Errorf("%q: the rate must be a number above 0 and the burst at least 1", s)
	}
	return k, Budget{PerMinute: r, Burst: b}, nil
}

func budgetKinds() string {
	var ks []string
	for _, k := range slices.Sorted(maps.Keys(writeNames)) {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, ", ")
}

// BudgetStore keeps the budgets' buckets, in the database, so that every
// instance serving one database spends from the same ones.
type BudgetStore interface {
	// SpendBudget takes one write from userID's bucket of kind, which
	// fills at b.PerMinute a minute up to b.Burst (a new bucket is full),
	// at the moment now. It reports whether there was one to take and,
	// when not, how long until there is.
	SpendBudget(ctx context.Context, userID int64, kind WriteKind, b Budget, now time.Time) (ok bool, wait time.Duration, err error)
}

// WithBudgets makes the Service refuse a person's writes beyond budgets
// (a kind missing from it is not limited). Without it nothing is: the
// operator's tools, the seed and tests write freely.
func WithBudgets(budgets map[WriteKind]Budget) Option {
	return func(s *Service) { s.budgets = budgets }
}

// spend takes one write of kind from the actor's budget, or refuses with
// ELIMIT saying when to try again.
func (s *Service) spend(ctx context.Context, actor int64, kind WriteKind) error {
	b, limited := s.budgets[kind]
	if !limited {
		return nil
	}
	ok, wait, err := s.store.SpendBudget(ctx, actor, kind, b, s.now())
	switch {
	case err != nil:
		return err
	case !ok:
		name := writeNames[kind]
		if b.PerMinute == 1 {
			name = singular[kind]
		}
		return Errorf(ELIMIT, "Slow down: at most %s %s a minute. Try again in %s.",
			trimFloat(b.PerMinute), name, roundUp(wait))
	}
	return nil
}

// trimFloat writes a rate without needless decimals: 30, 0.5.
func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// roundUp says a wait in whole seconds, at least one.
func roundUp(d time.Duration) string {
	s := int(math.Ceil(d.Seconds()))
	if s <= 1 {
		return "a second"
	}
	return strconv.Itoa(s) + " seconds"
}
