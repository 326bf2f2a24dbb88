package screen

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// painter writes lines of styled text as a terminal should get them, each
// over a row it has erased: cut to a width, colours downsampled to a
// profile, one SGR sequence wherever the look of the next cell changes and
// none where it does not (the app's text resets and restyles at every
// span, often to the same look), runs of blanks skipped over rather than
// written, trailing ones left out. Two lines that look the same come out
// the same.
type painter struct {
	b       *bytes.Buffer
	p       *ansi.Parser
	profile colorprofile.Profile
	width   int
}

// skipRun is the shortest run of blanks skipped with a cursor move (CUF,
// 4 bytes or more) rather than written as spaces.
const skipRun = 5

// line writes line on the row the cursor is on, from its first column.
// The terminal's style is the default before and after. Sequences other
// than styles and hyperlinks (which could move the cursor) and control
// characters are left out.
func (pt painter) line(line string) {
	b := pt.b
	b.WriteString(ansi.EraseEntireLine)
	var pen, look, drawn uv.Style // as the line says; that downsampled; as last written
	restyled := false
	linked := false // a hyperlink is open
	width, blanks := 0, 0
	var state byte
	for i := 0; i < len(line) && width < pt.width; {
		if restyled {
			look, restyled = uv.ConvertStyle(pen, pt.profile), false
		}
		// Runs of blanks, most of a large screen, are counted at once.
		if n := spaces(line[i:]); n > 0 && state == ansi.NormalState && blank(&look) {
			n = min(n, pt.width-width)
			blanks, width, i = blanks+n, width+n, i+n
			continue
		}
		seq, cw, n, next := ansi.DecodeSequenceWc(line[i:], state, pt.p)
		i, state = i+n, next
		switch {
		case cw > 0:
			if width+cw > pt.width {
				i = len(line) // a character crossing the edge is left out whole
				continue
			}
			width += cw
			pt.blanks(blanks, &drawn)
			blanks = 0
			if !look.Equal(&drawn) {
				writeStyle(b, &look)
				drawn = look
			}
			b.WriteString(seq)
		case ansi.HasCsiPrefix(seq) && pt.p.Command() == 'm':
			uv.ReadStyle(pt.p.Params(), &pen)
			restyled = true
		case strings.HasPrefix(seq, "\x1b]8;") && pt.profile != colorprofile.NoTTY:
			b.WriteString(seq)
			var l uv.Link
			uv.ReadLink(pt.p.Data(), &l)
			linked = l.URL != ""
		}
	}
	if !drawn.IsZero() {
		b.WriteString(ansi.ResetStyle)
	}
	if linked {
		b.WriteString(ansi.ResetHyperlink())
	}
}

// spaces is how many spaces s starts with, each a character of its own
// (not one a combining mark follows).
func spaces(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' && (n+1 == len(s) || s[n+1] < 0x80) {
		n++
	}
	return n
}

// blanks writes n blank cells (as the erased row has them) in the middle
// of a line: skipped over if there are many, else spaces in a style that
// shows them blank.
func (pt painter) blanks(n int, drawn *uv.Style) {
	switch {
	case n >= skipRun:
		writeCSI(pt.b, n, 'C') // CUF
	case n > 0:
		if !blank(drawn) {
			pt.b.WriteString(ansi.ResetStyle)
			*drawn = uv.Style{}
		}
		for range n {
			pt.b.WriteByte(' ')
		}
	}
}

// writeCSI writes the control sequence of one number and a final byte.
func writeCSI(b *bytes.Buffer, n int, final byte) {
	b.WriteString("\x1b[")
	b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(n), 10))
	b.WriteByte(final)
}

// blank says whether a space in style s looks like an erased cell: the
// foreground colour, weight or slant of nothing drawn shows no more than
// nothing.
func blank(s *uv.Style) bool {
	return s.Bg == nil && s.Underline == uv.UnderlineStyleNone && s.Attrs&(uv.AttrReverse|uv.AttrStrikethrough) == 0
}

// writeStyle writes the SGR sequence that takes a terminal from any style
// to s: a reset and s's attributes, in one sequence.
func writeStyle(b *bytes.Buffer, s *uv.Style) {
	seq := s.String() // "\x1b[m" for none, else "\x1b[…m" without a reset
	if seq == ansi.ResetStyle {
		b.WriteString(seq)
		return
	}
	b.WriteString("\x1b[0;")
	b.WriteString(seq[len("\x1b["):])
}
