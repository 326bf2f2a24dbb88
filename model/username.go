package model

import (
	"strings"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
)

// Look-alike usernames. A name is a person's identity on the network, so
// a new one may not pass for an existing one: not by case (Alice beside
// alice), nor by letters that look alike (Cyrillic аlice, a1ice, rn for
// m). Unicode's confusable detection (UTS #39) maps each character to a
// prototype that looks the same, its "skeleton"; two names with equal
// skeletons look alike. The storage keeps both keys of every account,
// indexed, and refuses a new name whose key another account has.
//
// The table behind Skeleton is Unicode 13.0's (github.com/mtibben/
// confusables, unchanged since 2021). Later versions added look-alikes
// mostly among scripts encoded since; the ones that matter for names in
// Latin, Cyrillic, Greek and the digits are older than 13.0. Keys made
// with a newer table would differ for a few names, so a change of table
// must recompute every stored key (see the storage's backlog of names).

// UsernameKeys returns the two keys by which names are compared:
// skeleton, the name's confusable skeleton (UTS #39), so that Ian and lan
// collide; and folded, the skeleton of the case-folded name, case-folded
// again, so that names that differ only in case collide, and so do b0b
// and BOB.
func UsernameKeys(name string) (skeleton, folded string) {
	fold := cases.Fold() // a Caser is not safe for concurrent use
	return confusables.Skeleton(name), fold.String(confusables.Skeleton(fold.String(name)))
}

// invisibleLetter reports the letters that draw as blank space (the
// Hangul fillers): in a username they would make a name that looks like
// another and is not.
func invisibleLetter(r rune) bool {
	return r == 0x115f || r == 0x1160 || r == 0x3164 || r == 0xffa0
}

// emailUsername refuses a username that is an e-mail address other than
// the account's own: logging in by e-mail would find the wrong account,
// or the address's owner could not sign up.
func emailUsername(username, email string) error {
	if !strings.Contains(username, "@") || ValidateEmail(username) != nil || strings.EqualFold(username, email) {
		return nil
	}
	return Invalid("username", "A username that is an email address must be your own email address.")
}
