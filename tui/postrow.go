package tui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// A post in a list: a header line (who, on whose wall, when, what kind,
// likes and replies) and the first lines of what it says, each line
// behind a bar in the colour of the post's lane.

// seg is a piece of a line and its style: a line is drawn with its
// pieces' styles, or as one plain run in the selection's style, so that
// no inner reset cuts the selection's background.
type seg struct {
	text string
	st   lipgloss.Style
}

// segs joins pieces, each in its style, or all in sel when sel is given.
func segs(parts []seg, sel *lipgloss.Style) string {
	var b strings.Builder
	for _, p := range parts {
		if sel != nil {
			b.WriteString(p.text)
		} else {
			b.WriteString(p.st.Render(p.text))
		}
	}
	if sel != nil {
		return sel.Render(b.String())
	}
	return b.String()
}

// plain is the text of pieces, unstyled.
func plain(parts []seg) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.text)
	}
	return b.String()
}

// postHeader is a post's first line, w cells wide: author, wall owner,
// age and kind on the left, likes, replies and shares (when there are) on
// the right. A reply's kind and replies are its thread's, so a reply
// shows neither. sel is the style of a selected row, nil for one that is
// not.
func postHeader(c *Common, p model.Post, w int, sel *lipgloss.Style) string {
	s := c.Styles
	left := []seg{
		{name(p.Author), s.Author}, {" " + handle(p.Author), s.Handle},
	}
	if p.Target != nil {
		left = append(left, seg{" → ", s.Muted}, seg{named(*p.Target), s.Author})
	}
	left = append(left, seg{" · ", s.Muted}, seg{ago(p.CreatedAt, c.Now()), s.Timestamp})
	if p.ParentID == nil {
		left = append(left, seg{" · ", s.Muted}, seg{string(p.Type), s.Lane[p.Type]})
	}
	heart := seg{"♡ ", s.Muted}
	if p.LikedByViewer {
		heart = seg{"♥ ", s.Marker}
	}
	right := []seg{heart, {strconv.Itoa(p.LikesCount), s.Muted}}
	if p.ParentID == nil {
		right = append(right, seg{"  ↩ " + strconv.Itoa(p.CommentCount), s.Muted})
	}
	if p.SharedByViewer { // marked like one's like: b again takes it back
		right = append(right, seg{"  ", s.Muted}, seg{"⇄ " + strconv.Itoa(p.SharesCount), s.Marker})
	} else if p.SharesCount > 0 {
		right = append(right, seg{"  ⇄ " + strconv.Itoa(p.SharesCount), s.Muted})
	}
	rw := widget.Width(plain(right))
	lw := max(w-rw-1, 0)
	if widget.Width(plain(left)) > lw {
		// Too narrow for everything: the name goes first, cut, and the
		// rest follows as far as it fits.
		return fitSegs(append(left, seg{" ", s.Muted}), lw, sel) + segs([]seg{{" ", s.Muted}}, sel) + segs(right, sel)
	}
	gap := seg{strings.Repeat(" ", w-widget.Width(plain(left))-rw), s.Muted}
	return segs(append(append(left, gap), right...), sel)
}

// fitSegs cuts pieces to w cells (with …) and pads them to exactly w.
func fitSegs(parts []seg, w int, sel *lipgloss.Style) string {
	var out []seg
	room := w
	for _, p := range parts {
		if room <= 0 {
			break
		}
		t := widget.Truncate(p.text, room)
		out = append(out, seg{t, p.st})
		room -= widget.Width(t)
	}
	if room > 0 {
		out = append(out, seg{strings.Repeat(" ", room), lipgloss.NewStyle()})
	}
	return segs(out, sel)
}

// postLines draws a post for a list, w cells wide: its header and at most
// maxLines lines of its content (and its media's address). sel is the
// header's style when the post is selected.
func postLines(c *Common, p model.Post, w, maxLines int, sel *lipgloss.Style) []string {
	key := drawnPostKey{postKeyOf(c, p), w, maxLines, sel}
	return c.cached(key, func() []string { return drawPost(c, p, w, maxLines, sel) })
}

// drawnPostKey is everything postLines' drawing depends on.
type drawnPostKey struct {
	post        postKey
	w, maxLines int
	sel         *lipgloss.Style
}

// postKey is a post as its drawings see it: the whole post, with what its
// pointers point to in their place (a post read again has new pointers to
// the same things), and what changes with the clock and the theme. So no
// field a drawing shows can be left out of it
// (TestPostKeysCoverWhatIsDrawn).
type postKey struct {
	post              model.Post // its pointers nil: what they point to is below
	target, mentioned model.UserSummary
	sharedBy          model.UserSummary
	parent, replyTo   int64
	when              string // "5m": it changes as time goes
	sharedWhen        string // the share's "5m"
	dark              bool
}

func postKeyOf(c *Common, p model.Post) postKey {
	k := postKey{when: ago(p.CreatedAt, c.Now()), dark: c.Styles.Dark}
	if p.Target != nil {
		k.target = *p.Target
	}
	if p.Mentioned != nil {
		k.mentioned = *p.Mentioned
	}
	if p.SharedBy != nil {
		k.sharedBy, k.sharedWhen = *p.SharedBy, ago(p.SharedAt, c.Now())
	}
	if p.ParentID != nil {
		k.parent = *p.ParentID
	}
	if p.ReplyToCommentID != nil {
		k.replyTo = *p.ReplyToCommentID
	}
	p.Target, p.Mentioned, p.SharedBy, p.ParentID, p.ReplyToCommentID = nil, nil, nil, nil, nil
	k.post = p
	return k
}

// sharedLine says whose share put a post in the home feed, and when:
// "⇄ alice shared · 5m"; "" for a post there as written.
func sharedLine(c *Common, p model.Post) string {
	if p.SharedBy == nil {
		return ""
	}
	who := name(*p.SharedBy)
	if p.SharedBy.ID == c.User.ID {
		who = "you"
	}
	return "⇄ " + who + " shared · " + ago(p.SharedAt, c.Now())
}

// drawPost draws a post's lines: the header, the content, the media URL.
func drawPost(c *Common, p model.Post, w, maxLines int, sel *lipgloss.Style) []string {
	s := c.Styles
	bar := s.Lane[p.Type].Render("▍") + " "
	inner := max(w-2, 1)
	var out []string
	if shared := sharedLine(c, p); shared != "" {
		out = append(out, bar+s.Muted.Render(widget.Truncate(shared, inner)))
	}
	out = append(out, bar+postHeader(c, p, inner, sel))
	for _, l := range postBody(p, inner, maxLines) {
		out = append(out, bar+s.Body.Render(l))
	}
	if p.MediaURL != "" {
		out = append(out, bar+s.Muted.Render("media ")+s.Link.Render(widget.Truncate(widget.SanitizeLine(p.MediaURL), max(inner-6, 1))))
	}
	return out
}

// postHeight is how many lines postLines draws, without drawing them: a
// long list measures every post and draws only those in sight.
func postHeight(p model.Post, w, maxLines int) int {
	n := 1 + len(postBody(p, max(w-2, 1), maxLines))
	if p.SharedBy != nil {
		n++
	}
	if p.MediaURL != "" {
		n++
	}
	return n
}

// postBody is the first lines of a post's content in a list, w cells
// wide, its line breaks kept (blank lines left out), the last ending in …
// when there is more.
func postBody(p model.Post, w, maxLines int) []string {
	return contentLines(p.Content, w, maxLines, false)
}
