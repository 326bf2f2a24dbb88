package tui

import (
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
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

// TestWidthAgreesWithScreen checks that what the sanitizer keeps (emoji
// sequences, tag flags, joiners in the scripts that use them, marks, CJK)
// is as wide by width as the screen draws it: the cell after it is where
// the layout expects.
func TestWidthAgreesWithScreen(t *testing.T) {
	for _, s := range []string{
		"👨\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "🧑🏽\u200d💻", "🇫🇷", "👍🏽",
		"🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",
		"می\u200cخواهم", "क्\u200dष", "Vie\u0302\u0301t", "日本語、한국어", "1\ufe0f\u20e3",
		"al\u200dice\u3164\ufeff", "e\u0301\u0301\u0301\u0301\u0301\u0301",
	} {
		kept := line(s)
		buf := uv.NewScreenBuffer(40, 1)
		uv.NewStyledString(kept+"|").Draw(buf, buf.Bounds())
		at := -1
		for x := range 40 {
			if c := buf.CellAt(x, 0); c != nil && c.Content == "|" {
				at = x
			}
		}
		if at != width(kept) {
			t.Errorf("line(%q) = %q is %d cells by width, but the screen draws what follows it at %d", s, kept, width(kept), at)
		}
	}
}
