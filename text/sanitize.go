// Package text makes untrusted text safe to draw on a terminal. Every view
// and every command that prints what a user typed goes through Clean or
// CleanLine, so that a post can never move the cursor, set the window
// title, ring the bell or reorder the line around it.
package text

import (
	"strings"
	"unicode/utf8"
)

// Clean returns s without escape sequences, control characters and the
// characters that draw as nothing (see refused), with at most maxMarks
// combining marks on a character. Line breaks are kept (\r\n, \r and
// the Unicode line and paragraph separators become \n) and a tab becomes
// four spaces; invalid UTF-8 becomes U+FFFD. Clean(Clean(s)) == Clean(s).
func Clean(s string) string { return clean(s, true) }

// CleanLine is Clean for one line: line breaks become spaces.
func CleanLine(s string) string { return clean(s, false) }

func clean(s string, multiline bool) string {
	if isPlain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var (
		b     strings.Builder
		prev  rune // the last rune written, 0 at a line's start
		marks int  // combining marks written on prev's character
	)
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\x1b' || r == '\u009b' || r == '\u009d' || r == '\u0090' || r == '\u0098' || r == '\u009e' || r == '\u009f':
			i += escapeLength(s[i:])
			continue
		case r == blackFlag:
			if n := tagSequence(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i, prev, marks = i+n, cancelTag, 0
				continue
			}
		case r == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++ // \r\n: keep the \n alone
				continue
			}
			r = '\n'
		case r == '\u2028' || r == '\u2029':
			r = '\n'
		}
		i += size
		switch {
		case r == '\n' && multiline:
			b.WriteByte('\n')
			prev = 0
		case r == '\n':
			b.WriteByte(' ')
			prev = ' '
		case r == '\t':
			b.WriteString("    ")
			prev = ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || refused(r):
			continue // dropped
		case r == zwj || r == zwnj:
			next, _ := utf8.DecodeRuneInString(s[i:])
			if !joinerKept(prev, next) {
				continue
			}
			b.WriteRune(r)
			prev = r
		case isMark(r):
			if prev == 0 || prev == ' ' || marks >= maxMarks || (isVariationSelector(r) && isVariationSelector(prev)) {
				continue // nothing to sit on, or one too many
			}
			marks++
			b.WriteRune(r)
			prev = r
		default:
			b.WriteRune(r)
			prev, marks = r, 0
		}
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII, the common case, which
// needs no copy.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// escapeLength returns the length in bytes of the escape sequence at the
// start of s (ESC or a C1 introducer), or of all of s if it never ends.
func escapeLength(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	kind := r
	if r == '\x1b' {
		if len(s) < 2 {
			return n
		}
		switch s[1] {
		case '[':
			kind = '\u009b'
		case ']':
			kind = '\u009d'
		case 'P', 'X', '^', '_':
			kind = '\u0090'
		default:
			// A two-character escape (ESC c, ESC 7, ESC ( B …): drop the ESC,
			// its intermediates and the final character.
			i := 1
			for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
				i++
			}
			if i < len(s) {
				_, m := utf8.DecodeRuneInString(s[i:])
				i += m
			}
			return i
		}
		n = 2
	}
	switch kind {
	case '\u009b': // CSI: parameters and intermediates, then one final byte
		for i := n; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
			if s[i] < 0x20 || s[i] > 0x3f && s[i] < 0x40 {
				return i // malformed: stop before the stray byte
			}
		}
		return len(s)
	default: // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \ or U+009C)
		for i := n; i < len(s); {
			r, m := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == '\a' || r == '\u009c':
				return i + m
			case r == '\x1b' && i+1 < len(s) && s[i+1] == '\\':
				return i + 2
			}
			i += m
		}
		return len(s)
	}
}
