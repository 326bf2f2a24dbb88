package widget

import (
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
)

func TestTruncateAndPadMeasureCells(t *testing.T) {
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
		if got := Pad(c.in, c.w); got != c.want {
			t.Errorf("Pad(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
		if got := Width(Pad(c.in, c.w)); got != c.w {
			t.Errorf("Pad(%q, %d) is %d cells", c.in, c.w, got)
		}
	}
}

func TestRectIsExactlyItsSize(t *testing.T) {
	b := Rect([]string{"one", "a line far too long for the block", "日本"}, 10, 5)
	if n := len(strings.Split(b, "\n")); n != 5 {
		t.Errorf("%d lines, want 5", n)
	}
	for i, l := range strings.Split(b, "\n") {
		if Width(l) != 10 {
			t.Errorf("line %d is %d cells, want 10", i, Width(l))
		}
	}
}

func TestSanitizeDropsEmojiPresentation(t *testing.T) {
	if got := SanitizeLine("keys ⌨\uFE0F and 🏙\uFE0F\x1b[31m"); got != "keys ⌨ and 🏙" {
		t.Errorf("SanitizeLine = %q", got)
	}
	if got := SanitizeText("a\nb ❤\uFE0F"); got != "a\nb ❤" {
		t.Errorf("SanitizeText = %q", got)
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
		kept := SanitizeLine(s)
		buf := uv.NewScreenBuffer(40, 1)
		uv.NewStyledString(kept+"|").Draw(buf, buf.Bounds())
		at := -1
		for x := range 40 {
			if c := buf.CellAt(x, 0); c != nil && c.Content == "|" {
				at = x
			}
		}
		if at != Width(kept) {
			t.Errorf("SanitizeLine(%q) = %q is %d cells by width, but the screen draws what follows it at %d", s, kept, Width(kept), at)
		}
	}
}
