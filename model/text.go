package model

import (
	"strings"
	"unicode/utf8"
)

// validText refuses text that no database column should hold: invalid
// UTF-8 (SQLite would store it, and the web app's driver then fails on
// every page that reads the row; PostgreSQL refuses it with an internal
// error) and NUL characters (PostgreSQL refuses them in text).
func validText(field, label, s string) error {
	if !utf8.ValidString(s) {
		return Invalid(field, "%s is not valid UTF-8 text.", label)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return Invalid(field, "%s cannot contain a NUL character.", label)
	}
	return nil
}
