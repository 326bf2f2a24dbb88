package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	cases := []struct{ name, in, want, line string }{
		{"plain", "hello, world", "hello, world", "hello, world"},
		{"colour", "\x1b[31mred\x1b[0m text", "red text", "red text"},
		{"cursor move", "a\x1b[2;5Hb\x1b[?25lc", "abc", "abc"},
		{"title", "x\x1b]0;pwned\x07y", "xy", "xy"},
		{"title with ST", "x\x1b]2;pwned\x1b\\y", "xy", "xy"},
		{"hyperlink", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click", "click"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab", "ab"},
		{"C1 CSI", "a\u009b31mb", "ab", "ab"},
		{"bell and backspace", "ding\a\b\b!", "ding!", "ding!"},
		{"reset", "a\x1bcb", "ab", "ab"},
		{"charset", "a\x1b(Bb", "ab", "ab"},
		{"newlines", "one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour", "one two three four"},
		{"tab", "a\tb", "a    b", "a    b"},
		{"bidi override", "abc\u202edcba\u202c", "abcdcba", "abcdcba"},
		{"emoji and CJK kept", "🎉 日本語 é", "🎉 日本語 é", "🎉 日本語 é"},
		{"invalid utf8", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
		{"unterminated OSC", "a\x1b]0;title forever", "a", "a"},
		{"lone ESC at end", "abc\x1b", "abc", "abc"},
		{"DEL", "a\x7fb", "ab", "ab"},
	}
	for _, c := range cases {
		if got := Clean(c.in); got != c.want {
			t.Errorf("%s: Clean(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
		if got := CleanLine(c.in); got != c.line {
			t.Errorf("%s: CleanLine(%q) = %q, want %q", c.name, c.in, got, c.line)
		}
	}
}

// invisibles are characters that draw as nothing (or, for U+3164, as
// blank cells) and so let text pass for other text: each must go.
var invisibles = []rune{
	0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e,
	0x200b, 0x200e, 0x200f, 0x202a, 0x202e, 0x2060, 0x2061, 0x2062,
	0x2063, 0x2064, 0x2065, 0x2066, 0x2069, 0x206a, 0x206f, 0x3164,
	0xfeff, 0xffa0, 0xfff0, 0xfff9, 0xfffa, 0xfffb, 0x1bca0, 0x1bca3,
	0x1d173, 0x1d17a, 0x13430, 0xe0001, 0xe0020, 0xe0041, 0xe007f, 0xe0fff,
	0xe000, 0xf8ff, 0xf0000, 0x10fffd, 0xfdd0, 0xfdef, 0xfffe, 0xffff, 0x1fffe, 0x10ffff,
}

func TestCleanDropsInvisibles(t *testing.T) {
	for _, r := range invisibles {
		in := "al" + string(r) + "ice"
		if got := Clean(in); got != "alice" {
			t.Errorf("Clean(%q) = %q: %U survived", in, got, r)
		}
		if got := CleanLine(string(r)); got != "" {
			t.Errorf("CleanLine(%q) = %q", string(r), got)
		}
	}
}

func TestCleanKeepsWhatJoins(t *testing.T) {
	for _, s := range []string{
		"👨\u200d👩\u200d👧\u200d👦", // a family
		"🏳\ufe0f\u200d🌈",         // the rainbow flag
		"❤\ufe0f\u200d🔥",         // a heart on fire
		"🧑🏽\u200d💻",              // a technologist with a skin tone
		"👁\ufe0f\u200d🗨\ufe0f",   // an eye in a speech bubble
		"🐈\u200d⬛",               // a black cat
		"🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", // England
		"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", // Scotland
		"🏴\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F", // Wales
		"می\u200cخواهم", // Persian: "I want", the non-joiner keeps ی apart
		"क्\u200dष",     // Devanagari: a half form
		"ර්\u200dය",     // Sinhala: yansaya
		"日本語のテキスト、中文，한국어", // CJK and Hangul
		"Tiếng Việt", // two marks on one letter, precomposed or not
		"Vie\u0302\u0301t",
		"1\ufe0f\u20e3", // a keycap
		"葛\U000E0100",   // an ideographic variation
	} {
		if got := Clean(s); got != s {
			t.Errorf("Clean(%q) = %q, want it kept", s, got)
		}
	}
}

func TestCleanDropsWhatJoinsNothing(t *testing.T) {
	for in, want := range map[string]string{
		"al\u200dice":                           "alice", // Latin letters do not join
		"\u200dalice\u200c":                     "alice",
		"👨\u200d\u200d👩":                        "👨\u200d👩",
		"👨\u200d a":                             "👨 a",
		"a\U000E0041\U000E0042":                 "a",                         // tags hiding text
		"🏴\U000E0067\U000E0062":                 "🏴",                         // no cancel tag
		"🏴\U000E007F":                           "🏴",                         // no tag
		"x\U000E0067\U000E0062\U000E007F":       "x",                         // no black flag
		"e\u0301\u0302\u0303\u0304\u0305\u0306": "e\u0301\u0302\u0303\u0304", // a mark tower
		"\u0301\u0301a":                         "a",                         // marks on nothing
		"❤\ufe0f\ufe0f\ufe0f":                   "❤\ufe0f",                   // selectors after selectors
		"one\u2028two\u2029three":               "one\ntwo\nthree",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanLine("one\u2028two"); got != "one two" {
		t.Errorf("CleanLine kept a line separator: %q", got)
	}
}

// FuzzClean checks that nothing an attacker writes survives as a control
// character or an invisible one, that no character carries more than
// maxMarks marks, and that cleaning twice changes nothing more.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"\x1b[31mx", "\x1b]0;t\a", "a\u009b1;2Hb", "\x1bP\x1b\\", "日本\r\n\t",
		"👨\u200d👩\u200d👧", "🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "می\u200cخواهم",
		"e\u0301\u0301\u0301\u0301\u0301", "a\u3164\ufeff\U000E0041"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, cleaner := range []func(string) string{Clean, CleanLine} {
			out := cleaner(in)
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 from %q: %q", in, out)
			}
			if again := cleaner(out); again != out {
				t.Fatalf("cleaning %q once gives %q, twice %q", in, out, again)
			}
			marks, inTags := 0, false
			for _, r := range out {
				if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
					t.Fatalf("control %U survived in %q (from %q)", r, out, in)
				}
				isTag := r >= 0xe0020 && r <= 0xe007f
				if refused(r) && !(isTag && inTags) {
					t.Fatalf("invisible %U survived in %q (from %q)", r, out, in)
				}
				inTags = (r == blackFlag || (isTag && inTags)) && r != cancelTag
				if marks = marks + 1; !isMark(r) {
					marks = 0
				}
				if marks > maxMarks {
					t.Fatalf("more than %d marks on one character in %q (from %q)", maxMarks, out, in)
				}
			}
		}
		if strings.Contains(CleanLine(in), "\n") {
			t.Fatalf("CleanLine kept a line break: %q", in)
		}
	})
}
