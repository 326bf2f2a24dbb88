package text

import "unicode"

// What a terminal draws as nothing, or as something other than what it
// is, lets text hide: a name padded with invisible letters passes for
// another, a post carries words nobody sees, and a stack of combining
// marks paints over the lines around it. So besides controls, Clean
// drops the characters below, keeping the few invisible ones that do a
// visible job where they do it.

// maxMarks is how many combining marks one character keeps: enough for
// Vietnamese, Hebrew points with cantillation and Indic clusters, too few
// for a mark tower that climbs into the lines above ("Zalgo" text).
const maxMarks = 4

// refused reports a character that Clean always drops: format
// characters (invisible by definition: zero-width space, word joiner,
// invisible operators, the byte-order mark, interlinear annotation, soft
// hyphen, shorthand and hieroglyph format controls …), the invisible
// letters and marks (Hangul fillers, Khmer inherent vowels, the combining
// grapheme joiner), private-use characters (no font agrees on them), and
// noncharacters. The joiners and tag characters are decided by their
// neighbours instead (see joinerKept, tagSequence).
func refused(r rune) bool {
	switch {
	case r == zwj || r == zwnj:
		return false
	case unicode.Is(unicode.Cf, r):
		return true
	case r == 0x115f || r == 0x1160 || r == 0x3164 || r == 0xffa0: // Hangul fillers
		return true
	case r == 0x17b4 || r == 0x17b5 || r == 0x034f:
		return true
	case unicode.Is(unicode.Co, r):
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return true
	case r == 0x2065 || (r >= 0xfff0 && r <= 0xfff8) || (r >= 0xe0000 && r <= 0xe0fff && !isVariationSelector(r)):
		return true // unassigned, but reserved as invisible (Default_Ignorable)
	}
	return false
}

const (
	zwj       = '\u200d' // zero width joiner
	zwnj      = '\u200c' // zero width non-joiner
	blackFlag = '\U0001F3F4'
	cancelTag = '\U000E007F'
)

// isMark reports a combining mark that sits on the character before it
// and takes no cell of its own.
func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Me) }

func isVariationSelector(r rune) bool {
	return (r >= 0xfe00 && r <= 0xfe0f) || (r >= 0xe0100 && r <= 0xe01ef)
}

// tagSequence returns the length in bytes of the emoji tag sequence that
// starts s (the flags of England, Scotland and Wales: a black flag, tag
// characters spelling the region, a cancel tag), or 0 when s starts with
// none.
func tagSequence(s string) int {
	const maxTags = 32
	i, n := 0, 0
	for _, r := range s {
		switch {
		case i == 0:
			if r != blackFlag {
				return 0
			}
		case r >= 0xe0020 && r <= 0xe007e && n < maxTags:
			n++
		case r == cancelTag && n > 0:
			return i + 4
		default:
			return 0
		}
		i += runeLen(r)
	}
	return 0
}

func runeLen(r rune) int {
	switch {
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r < 0x10000:
		return 3
	}
	return 4
}

// joinerKept reports whether a zero width joiner or non-joiner between
// prev and next does a visible job: inside an emoji ZWJ sequence (a family,
// a rainbow flag, a profession), or between two characters of a script
// whose letters join or conjoin (Arabic and Persian, Syriac, N'Ko,
// Mongolian, the Indic scripts and their neighbours). Elsewhere, in Latin
// text say, it only makes a word differ from the one it looks like.
// next must be a character Clean keeps as it is, so that what Clean keeps
// it keeps again.
func joinerKept(prev, next rune) bool {
	if next < 0xa0 || isMark(next) || refused(next) {
		return false
	}
	if isPictographic(prev) && isPictographic(next) {
		return true
	}
	return joining(prev) && joining(next)
}

// joiningScripts are the scripts in which ZWJ and ZWNJ choose between
// joined, half and separate forms.
var joiningScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Syriac, unicode.Nko, unicode.Mongolian,
	unicode.Devanagari, unicode.Bengali, unicode.Gurmukhi, unicode.Gujarati,
	unicode.Oriya, unicode.Tamil, unicode.Telugu, unicode.Kannada,
	unicode.Malayalam, unicode.Sinhala, unicode.Myanmar, unicode.Khmer,
	unicode.Tibetan, unicode.Thai, unicode.Lao,
}

func joining(r rune) bool { return unicode.In(r, joiningScripts...) }

// isPictographic approximates Unicode's Extended_Pictographic: the
// emoji blocks of the supplementary planes and the symbols of the BMP
// that ZWJ sequences use (♀ ♂ ⚕ ❤ ⬛ ❄ …), with the skin tones and the
// emoji presentation selector, which stand between an emoji and its
// joiner.
func isPictographic(r rune) bool {
	switch {
	case r >= 0x1f000 && r <= 0x1faff:
		return true
	case r == 0xfe0f:
		return true
	case r >= 0x2190 && r <= 0x2bff:
		return unicode.Is(unicode.So, r)
	}
	return r == 0x00a9 || r == 0x00ae || r == 0x203c || r == 0x2049 || r == 0x2122 || r == 0x2139 ||
		r == 0x3030 || r == 0x303d || r == 0x3297 || r == 0x3299
}
