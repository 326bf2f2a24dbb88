package tui

import (
	"context"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// The Chat tab's input: a text area that grows to a few lines under the
// open conversation. enter sends, alt+enter (or ctrl+j) breaks the line,
// up in an empty input edits one's last message (chat_edit.go); a failed
// send keeps the text and says why under it, next to a counter near the
// limit.

// in returns the input, made the first time it is needed: a text area
// holds a quarter of a megabyte, and most of a server's sessions never
// open the chat.
func (p *chat) in() *widget.Textarea {
	if p.input != nil {
		return p.input
	}
	in := widget.NewTextarea(p.c.Styles, "", 2*model.MaxMessage)
	in.Prompt = ""
	in.DynamicHeight, in.MinHeight, in.MaxHeight = true, 1, inputLines
	in.MaxContentHeight = 2 * model.MaxMessage // never refuse a line: the counter and the Service say when it is too long
	in.KeyMap.InsertNewline = p.c.Keys.Newline
	if p.open != nil {
		in.Placeholder = "Message " + name(p.open.with) + "…"
	}
	in.SetWidth(p.inputWidth())
	p.input = &in
	return p.input
}

// typed is what the input holds.
func (p *chat) typed() string {
	if p.input == nil {
		return ""
	}
	return p.input.Value()
}

func (p *chat) inputWidth() int {
	return max(p.convWidth()-p.c.Styles.InputFocused.GetHorizontalFrameSize(), 1)
}

// inputView is the input's box and, under it, its status.
func (p *chat) inputView(w int) []string {
	if p.open == nil {
		return nil
	}
	box := p.c.Styles.Input
	if p.focus == focusInput && p.inFront {
		box = p.c.Styles.InputFocused
	}
	return append(strings.Split(box.Width(w).Render(p.in().View()), "\n"), p.inputStatus(w)...)
}

// inputRows is how many lines inputView takes, without drawing it.
func (p *chat) inputRows(w int) int {
	if p.open == nil {
		return 0
	}
	rows := 1 // an input not made yet is empty
	if p.input != nil {
		rows = p.input.Height()
	}
	return rows + p.c.Styles.InputFocused.GetVerticalFrameSize() + len(p.inputStatus(w))
}

// inputStatus is what goes under the input: a search of the
// conversation, the last send's error, a note that it is on its way, and
// the count of characters near the limit; nothing when there is none of
// these.
func (p *chat) inputStatus(w int) []string {
	if p.find != nil && p.find.messages {
		out := []string{p.findView(w)}
		if st := p.findStatus(); st != "" {
			out = append(out, " "+p.c.Styles.Muted.Render(widget.Truncate(st, w-2)))
		}
		return out
	}
	s, v := p.c.Styles, p.open
	var counter []seg
	if n := utf8.RuneCountInString(p.typed()); n > model.MaxMessage*9/10 {
		st := s.Muted
		if n > model.MaxMessage {
			st = s.Error
		}
		counter = []seg{{count(n) + "/" + count(model.MaxMessage), st}}
	}
	status, st := []string{""}, s.Error
	switch {
	case v.confirmDelete:
		status = []string{"Delete this message? y/n"}
	case v.sendErr != "":
		room := w - 2
		if counter != nil {
			room -= widget.Width(counter[0].text) + 1
		}
		status = widget.Wrap(v.sendErr, max(room, 10))
	case v.sending:
		status, st = []string{"Sending…"}, s.Muted
	case p.editing != 0:
		status, st = []string{"Editing your message: enter saves, esc cancels."}, s.Muted
	case p.selecting():
		status, st = []string{"e edit · d delete · esc back"}, s.Muted
	}
	if status[0] == "" && counter == nil {
		return nil
	}
	out := []string{" " + spread(w-2, []seg{{status[0], st}}, counter, nil)}
	for _, l := range status[1:] {
		out = append(out, " "+st.Render(l))
	}
	return out
}

// inputKey handles a key while the input has the focus.
func (p *chat) inputKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.SendLine) && p.editing != 0:
		return p.saveEdit()
	case key.Matches(msg, k.SendLine):
		return p.send()
	case key.Matches(msg, k.CancelTyping) && p.editing != 0:
		p.cancelEdit()
		return nil
	case key.Matches(msg, k.ToList):
		p.focus = focusList
		p.in().Blur()
		return nil
	case key.Matches(msg, k.ScrollUp):
		return p.scroll(p.transcriptHeight() - 2)
	case key.Matches(msg, k.ScrollDown):
		return p.scroll(-(p.transcriptHeight() - 2))
	case key.Matches(msg, k.SelectMessage):
		return p.startSelect()
	case key.Matches(msg, k.Recall) && p.typed() == "" && p.editing == 0:
		if i := p.open.lastMineAt(); i >= 0 {
			return p.startEdit(p.open.msgs[i])
		}
		return nil
	}
	return p.edit(msg)
}

// edit hands a key or a paste to the input; a change of the text clears
// the last send's error.
func (p *chat) edit(msg tea.Msg) tea.Cmd {
	in := p.in()
	before := in.Value()
	var cmd tea.Cmd
	cmd = in.Update(msg)
	if in.Value() != before {
		p.open.sendErr = ""
	}
	return cmd
}

// send sends what the input holds. Nothing happens for an empty input or
// while a send is on its way; a failed send keeps the text.
func (p *chat) send() tea.Cmd {
	v := p.open
	text := p.typed()
	if strings.TrimSpace(text) == "" || v.sending {
		return nil
	}
	v.sending, v.sendErr = true, ""
	svc, me, to := p.c.Svc, p.c.User.ID, v.with.ID
	return call(p.c, p, func(ctx context.Context) (model.Message, error) { return svc.SendMessage(ctx, me, to, text) },
		func(m model.Message, err error) tea.Msg { return chatSentMsg{with: to, text: text, msg: m, err: err} })
}

// sent takes the outcome of a send in: the message joins the
// conversation and its line moves to the top of the list.
func (p *chat) sent(r chatSentMsg) tea.Cmd {
	v := p.open
	if v == nil || v.with.ID != r.with {
		// Another conversation was opened meanwhile: its draft is kept.
		if r.err != nil {
			return emit(toastMsg{text: "Not sent: " + model.ErrorMessage(r.err) + " Your text is kept in the draft.", isErr: true})
		}
		if p.drafts[r.with] == r.text {
			delete(p.drafts, r.with)
		}
		return nil
	}
	v.sending = false
	if r.err != nil {
		msg := model.ErrorMessage(r.err)
		v.sendErr = widget.SanitizeLine(msg)
		return nil
	}
	if p.typed() == r.text {
		p.in().Reset()
	}
	v.merge([]model.Message{r.msg}, false)
	v.marker, v.scroll, v.newBelow = 0, 0, 0 // answering reads what was above
	p.bump(model.Conversation{With: v.with, LastMessage: r.msg})
	return nil
}

// bump puts a conversation at the top of the list with its new last
// message.
func (p *chat) bump(cv model.Conversation) {
	for i := range p.convs {
		if p.convs[i].With.ID == cv.With.ID {
			cv.Unread = p.convs[i].Unread
			p.convs = append(p.convs[:i], p.convs[i+1:]...)
			break
		}
	}
	p.convs = append([]model.Conversation{cv}, p.convs...)
	p.syncList()
}
