package tui

import (
	"strings"
	"testing"
)

func splitLines(s string) []string { return strings.Split(s, "\n") }

func TestFitAndPadMeasureCells(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"hello", 10, "hello     "},
		{"hello world", 8, "hello w…"},
		{"日本語テキスト", 7, "日本語…"}, // two cells a character
		{"a🇫🇷b", 4, "a🇫🇷b"},    // a flag is two cells
		{"👍🏽ok", 6, "👍🏽ok"},    // a thumb and its tone, two cells each
		{"\x1b[31mred\x1b[0m", 5, "\x1b[31mred\x1b[0m  "},
	} {
		if got := pad(c.in, c.w); got != c.want {
			t.Errorf("pad(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
		if got := width(pad(c.in, c.w)); got != c.w {
			t.Errorf("pad(%q, %d) is %d cells", c.in, c.w, got)
		}
	}
}

func TestBlockIsExactlyItsSize(t *testing.T) {
	b := block([]string{"one", "a line far too long for the block", "日本"}, 10, 5)
	checkSize(t, b, 10, 5)
	for i, l := range splitLines(b) {
		if width(l) != 10 {
			t.Errorf("line %d is %d cells, want 10", i, width(l))
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLineDropsEmojiPresentation(t *testing.T) {
	if got := line("keys ⌨\uFE0F and 🏙\uFE0F\x1b[31m"); got != "keys ⌨ and 🏙" {
		t.Errorf("line = %q", got)
	}
	if got := para("a\nb ❤\uFE0F"); got != "a\nb ❤" {
		t.Errorf("para = %q", got)
	}
}
