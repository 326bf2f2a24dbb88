package tui

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// replyBox is the post view's reply field, at the bottom of the view: a
// few lines of text with @mention completion, the count of characters,
// and the error of a send that failed (the text stays).
type replyBox struct {
	c     *Common
	ta    widget.Textarea
	to    model.Post // the post or the reply answered
	top   int64      // the thread's post
	err   string
	busy  bool
	names mentions
}

// replyLines is the height of the reply field's text.
const replyLines = 3

// replySentMsg is the outcome of sending a reply.
type replySentMsg struct {
	reply model.Post
	err   error
}

// newReplyBox is a reply field under post to, in the thread of post top,
// holding text (what was typed before), in the pane owner.
func newReplyBox(c *Common, owner pane, top int64, to model.Post, text string, w int) *replyBox {
	ta := widget.NewTextarea(c.Styles, "Write a reply…", 4*model.MaxPost)
	ta.SetHeight(replyLines)
	ta.SetValue(text)
	b := &replyBox{c: c, ta: ta, to: to, top: top, names: mentions{c: c, to: owner}}
	b.setWidth(w)
	return b
}

// setWidth fits the field to a view w cells wide.
func (b *replyBox) setWidth(w int) { b.ta.SetWidth(max(w-2, 10)) }

// open focuses the field and loads the names to complete.
func (b *replyBox) open() tea.Cmd { return tea.Batch(b.ta.Focus(), b.names.loadFriends()) }

// key handles a key in the field: complete a name, send, or type. esc is
// the view's to handle, but while the names' list shows, which it closes.
func (b *replyBox) key(msg tea.KeyPressMsg, owner pane) tea.Cmd {
	k := b.c.Keys
	switch {
	case b.names.key(msg, &b.ta):
		return nil
	case key.Matches(msg, k.SubmitForm):
		return b.send(owner)
	case key.Matches(msg, k.Newline):
		b.ta.InsertString("\n")
		return nil
	case msg.String() == "tab":
		return nil // no list to complete from: tab stays out of the text
	}
	var cmd tea.Cmd
	cmd = b.ta.Update(msg)
	b.err = ""
	return tea.Batch(cmd, b.names.typed(&b.ta))
}

// send posts the reply.
func (b *replyBox) send(owner pane) tea.Cmd {
	if b.busy {
		return nil
	}
	text := b.ta.Value()
	np := model.NewPost{Type: model.Thoughts, Content: text, ParentID: &b.top, MentionedUserID: b.names.mentioned(text)}
	if b.to.ID != b.top {
		id := b.to.ID
		np.ReplyToCommentID = &id
	}
	b.busy, b.err = true, ""
	svc, user := b.c.Svc, b.c.User.ID
	return call(b.c, owner, func(ctx context.Context) (model.Post, error) { return svc.CreatePost(ctx, user, np) },
		func(p model.Post, err error) tea.Msg { return replySentMsg{reply: p, err: err} })
}

// failed shows why a send failed; the text stays.
func (b *replyBox) failed(err error) tea.Cmd {
	msg := model.ErrorMessage(err)
	b.busy, b.err = false, widget.SanitizeLine(msg)
	return b.ta.Focus()
}

// view draws the box in w cells.
func (b *replyBox) view(w int) []string {
	s := b.c.Styles
	title := s.Muted.Render(" ↳ Replying to ") + s.Author.Render(name(b.to.Author))
	n := utf8.RuneCountInString(b.ta.Value())
	counter := s.Muted.Render(strconv.Itoa(n) + "/" + strconv.Itoa(model.MaxPost) + " ")
	if n > model.MaxPost {
		counter = s.Error.Render(strconv.Itoa(n) + "/" + strconv.Itoa(model.MaxPost) + " ")
	}
	if gap := w - widget.Width(title) - widget.Width(counter); gap > 0 {
		title += strings.Repeat(" ", gap) + counter
	}
	lines := []string{widget.Truncate(title, w)}
	for _, l := range strings.Split(b.ta.View(), "\n") {
		lines = append(lines, " "+l)
	}
	status := ""
	switch {
	case b.err != "":
		status = s.Error.Render(" " + b.err)
	case b.busy:
		status = s.Muted.Render(" Sending…")
	case b.names.listing():
		status = " " + b.names.hint(w-1)
	}
	return append(lines, widget.Truncate(status, w))
}
