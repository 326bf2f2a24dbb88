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

// FuzzClean checks that nothing an attacker writes survives as a control
// character, whatever the input.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"\x1b[31mx", "\x1b]0;t\a", "a\u009b1;2Hb", "\x1bP\x1b\\", "日本\r\n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, out := range []string{Clean(in), CleanLine(in)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 from %q: %q", in, out)
			}
			for _, r := range out {
				if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) {
					t.Fatalf("control %U survived in %q (from %q)", r, out, in)
				}
			}
		}
		if strings.Contains(CleanLine(in), "\n") {
			t.Fatalf("CleanLine kept a line break: %q", in)
		}
	})
}
