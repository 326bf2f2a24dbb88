package tui

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// The open conversation of the Chat tab: its messages, oldest first, and
// how they are drawn: theirs on the left, one's own on the right with a
// read receipt, in groups of one sender with the time above each group,
// a separator at each new day and an "unread since" line.

// chatPage is how many messages one call loads.
const chatPage = 50

// groupGap is the pause after which a sender's next message starts a new
// group, with its own time.
const groupGap = 10 * time.Minute

// conversation is the open conversation.
type conversation struct {
	with model.UserSummary
	msgs []model.Message // oldest first

	loading      bool   // the first page is on its way
	loadErr      string // the first page could not be loaded
	refused      bool   // and never will while things stand (a block): no "try again"
	syncErr      string // newer or older messages could not be loaded
	more         bool   // older messages may exist
	loadingOlder bool
	refetch      bool // a message came while the first page was loading

	// marker is the first message that was unread when the conversation
	// was opened (or looked at again): the "unread since" line goes
	// above it. 0: no line.
	marker int64

	// scroll is how many lines the view is above the bottom: counting
	// from the bottom keeps the view still when older pages arrive on
	// top, and 0 follows new messages.
	scroll   int
	newBelow int // messages that arrived while scrolled up

	sending bool   // a send (or an edit) is on its way
	sendErr string // why the last send failed

	sel           int64 // the selected message; 0: none
	confirmDelete bool  // asking whether to delete it

	// The drawn lines, kept until something changes (version) or the
	// width, theme or day does, and the index of the "unread since" line
	// among them (-1: none).
	version  int
	cache    []string
	cacheKey string
	markerAt int
	// selAt and selEnd are the selected message's first line and one past
	// its last among them (-1: none).
	selAt, selEnd int
}

// newConversation is a conversation about to load its first page.
func newConversation(with model.UserSummary) *conversation {
	return &conversation{with: with, loading: true}
}

// changed drops the drawn lines.
func (v *conversation) changed() { v.version++ }

// chronological turns a page as the Service gives it (newest first)
// around: oldest first.
func chronological(page []model.Message) []model.Message {
	out := slices.Clone(page)
	slices.Reverse(out)
	return out
}

// setPage replaces the messages with the newest ones; more says whether
// older ones may exist.
func (v *conversation) setPage(page []model.Message, more bool) {
	v.msgs = chronological(page)
	v.more = more
	v.loading, v.loadErr, v.syncErr = false, "", ""
	v.scroll, v.newBelow = 0, 0
	v.changed()
}

// merge adds the messages of a page of the newest that are not shown yet
// (by id) and returns how many it added. A full page that does not reach
// back to the ones shown (the stream was cut for long) replaces them
// instead, so the conversation never has a hole.
func (v *conversation) merge(newest []model.Message, full bool) int {
	page := chronological(newest)
	if len(page) == 0 {
		return 0
	}
	if n := len(v.msgs); n > 0 && full && byTime(page[0], v.msgs[n-1]) > 0 {
		v.setPage(newest, true)
		return len(page)
	}
	added := 0
	for _, m := range page {
		i, found := slices.BinarySearchFunc(v.msgs, m, byTime)
		if found {
			v.msgs[i] = m // a receipt may have changed
			continue
		}
		v.msgs = slices.Insert(v.msgs, i, m)
		added++
	}
	v.changed()
	return added
}

// prepend adds older pages on top; more says whether older ones may
// exist still.
func (v *conversation) prepend(page []model.Message, more bool) {
	older := chronological(page)
	if len(v.msgs) > 0 {
		older = slices.DeleteFunc(older, func(m model.Message) bool { return byTime(m, v.msgs[0]) >= 0 })
	}
	v.msgs = append(older, v.msgs...)
	v.more = more
	v.loadingOlder = false
	v.changed()
}

// byTime orders messages as the Service pages them: by time, then id.
func byTime(a, b model.Message) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return int(a.ID - b.ID)
}

// unreadFrom is the oldest message from the other person not read yet,
// 0 when there is none.
func (v *conversation) unreadFrom() int64 {
	for _, m := range v.msgs {
		if m.SenderID == v.with.ID && !m.IsRead {
			return m.ID
		}
	}
	return 0
}

// readTheirs records that what the other person sent has been read.
func (v *conversation) readTheirs() {
	for i := range v.msgs {
		if v.msgs[i].SenderID == v.with.ID {
			v.msgs[i].IsRead = true
		}
	}
	v.changed()
}

// readMine records that the other person read one of one's messages (a
// message.read event).
func (v *conversation) readMine(id int64) {
	for i := range v.msgs {
		if v.msgs[i].ID == id && v.msgs[i].ReceiverID == v.with.ID && !v.msgs[i].IsRead {
			v.msgs[i].IsRead = true
			v.changed()
			return
		}
	}
}

// lastMineAt is the index of one's newest message here, -1 when none.
func (v *conversation) lastMineAt() int {
	for i := len(v.msgs) - 1; i >= 0; i-- {
		if v.msgs[i].SenderID != v.with.ID {
			return i
		}
	}
	return -1
}

// indexOf is where a message is among those shown, -1 when it is not.
func (v *conversation) indexOf(id int64) int {
	if id == 0 {
		return -1
	}
	return slices.IndexFunc(v.msgs, func(m model.Message) bool { return m.ID == id })
}

// replace puts a message read again (edited) in the place of its old self.
func (v *conversation) replace(m model.Message) {
	if i := v.indexOf(m.ID); i >= 0 {
		v.msgs[i] = m
		v.changed()
	}
}

// remove takes a deleted message off.
func (v *conversation) remove(id int64) {
	if i := v.indexOf(id); i >= 0 {
		v.msgs = slices.Delete(v.msgs, i, i+1)
		if v.marker == id {
			v.marker = v.unreadFrom()
		}
		if v.sel == id {
			v.sel = 0
		}
		v.changed()
	}
}

// lines draws the whole conversation w cells wide (cached).
func (v *conversation) lines(c *Common, w int) []string {
	now := c.Now()
	key := strconv.Itoa(w) + "/" + strconv.Itoa(v.version) + "/" + strconv.FormatBool(c.Styles.Dark) + "/" + now.Format(time.DateOnly)
	if key != v.cacheKey {
		v.cache, v.markerAt, v.selAt, v.selEnd = v.draw(c, w, now)
		v.cacheKey = key
	}
	return v.cache
}

// draw lays the conversation out, oldest at the top, and says where the
// "unread since" line and the selected message are.
func (v *conversation) draw(c *Common, w int, now time.Time) (out []string, markerAt, selAt, selEnd int) {
	s := c.Styles
	markerAt, selAt, selEnd = -1, -1, -1
	switch {
	case v.loadingOlder:
		out = append(out, widget.Center(s.Muted.Render("Loading earlier messages…"), w))
	case v.more:
		out = append(out, widget.Center(s.Muted.Render("↑ pgup for earlier messages"), w))
	default:
		out = append(out, widget.Center(s.Muted.Render("The beginning of your conversation with "+name(v.with)), w))
	}
	bubble := max(min(w*3/4, w-8), 10) // the widest a message's text gets
	var prev *model.Message
	for i := range v.msgs {
		m := &v.msgs[i]
		mine := m.SenderID != v.with.ID
		at := m.CreatedAt.In(now.Location())
		newDay := prev == nil || !sameDay(prev.CreatedAt.In(now.Location()), at)
		if newDay {
			out = append(out, widget.Ruled(s.Muted.Render(" "+dayLabel(at, now)+" "), w, s.Rule))
		}
		if m.ID == v.marker {
			markerAt = len(out)
			out = append(out, widget.Ruled(s.Marker.Render(" unread since "+clock(at)+" "), w, s.Marker))
		}
		if newDay || m.ID == v.marker || prev.SenderID != m.SenderID || m.CreatedAt.Sub(prev.CreatedAt) > groupGap {
			if mine {
				out = append(out, widget.AlignRight(s.Timestamp.Render(clock(at)), w-1))
			} else {
				out = append(out, " "+s.Author.Render(name(v.with))+"  "+s.Timestamp.Render(clock(at)))
			}
		}
		if m.ID == v.sel {
			selAt = len(out)
		}
		out = append(out, v.bubble(c, m, mine, bubble, w)...)
		if m.ID == v.sel {
			selEnd = len(out)
		}
		prev = m
	}
	return out, markerAt, selAt, selEnd
}

// editedNote follows the text of a message that was edited.
const editedNote = "(edited)"

// bubble is one message's lines: theirs from the left edge; one's own
// against the right edge, its lines starting in one column, the receipt
// after the last one. An edited message says so after its text; the
// selected one has a bar at its left.
func (v *conversation) bubble(c *Common, m *model.Message, mine bool, bw, w int) []string {
	s := c.Styles
	var text []string
	for _, l := range strings.Split(widget.SanitizeText(m.Content), "\n") {
		text = append(text, widget.Wrap(l, bw)...)
	}
	// note[i] is drawn after text[i], muted: measured plain, then styled.
	note := make([]string, len(text))
	if m.Edited() {
		if last := len(text) - 1; widget.Width(text[last])+1+widget.Width(editedNote) <= bw {
			note[last] = " " + editedNote
		} else {
			text, note = append(text, ""), append(note, editedNote)
		}
	}
	blockW := 0
	for i, l := range text {
		blockW = max(blockW, widget.Width(l)+widget.Width(note[i]))
	}
	for i, n := range note {
		if n != "" {
			note[i] = s.Muted.Render(n)
		}
	}
	out := make([]string, len(text))
	if !mine {
		for i, l := range text {
			out[i] = " " + s.Theirs.Render(l) + note[i]
		}
		return v.marked(c, m, out)
	}
	receipt := s.Muted.Render("✓")
	if m.IsRead {
		receipt = s.Mine.Render("✓✓")
	}
	indent := strings.Repeat(" ", max(w-blockW-4, 1)) // the receipt's room and a margin on the right
	for i, l := range text {
		out[i] = indent + s.Mine.Render(l) + note[i]
		if i == len(text)-1 {
			out[i] += " " + receipt
		}
	}
	return v.marked(c, m, out)
}

// marked puts the selection's bar in the first cell of the selected
// message's lines (a margin, blank in every bubble).
func (v *conversation) marked(c *Common, m *model.Message, lines []string) []string {
	if m.ID != v.sel {
		return lines
	}
	for i, l := range lines {
		lines[i] = c.Styles.Key.Render("▌") + strings.TrimPrefix(l, " ")
	}
	return lines
}

// sameDay reports whether a and b are on one calendar day.
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// dayLabel names the day of t for a separator: Today, Yesterday, a
// weekday this week, else the date.
func dayLabel(t, now time.Time) string {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, now.Location())
	switch days := int(today.Sub(day).Hours()/24 + 0.5); {
	case days == 0:
		return "Today"
	case days == 1:
		return "Yesterday"
	case days > 1 && days < 7:
		return t.Format("Monday")
	case t.Year() == now.Year():
		return t.Format("Mon, Jan 2")
	}
	return t.Format("Mon, Jan 2 2006")
}

// clock is a message's time of day.
func clock(t time.Time) string { return t.Format("15:04") }

// seekLimit is how far back opening a conversation looks for the first
// unread message.
const seekLimit = 1000

// seeking reports whether messages (newest first) from someone are all
// unread: the first unread one may be further back.
func seeking(msgs []model.Message, from int64) bool {
	unread := false
	for _, m := range msgs {
		if m.SenderID == from {
			if m.IsRead {
				return false
			}
			unread = true
		}
	}
	return unread
}

// hasUnread reports whether messages hold one from someone not read yet.
func hasUnread(msgs []model.Message, from int64) bool {
	for _, m := range msgs {
		if m.SenderID == from && !m.IsRead {
			return true
		}
	}
	return false
}
