package tui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// Editing and deleting one's messages in the Chat tab. up in an empty
// input edits one's last message; shift+up selects messages (up and down
// move, e edits, d deletes after a y/n question, esc goes back to the
// input). An edit takes the input: enter saves, esc puts back what the
// input held before. The other person's screen follows through the
// message.edited and message.deleted events.

// The outcomes of the commands of edits and deletes.
type (
	// chatEditedMsg is the outcome of an edit.
	chatEditedMsg struct {
		with int64
		id   int64
		text string
		msg  model.Message
		err  error
	}
	// chatDeletedMsg is the outcome of a delete.
	chatDeletedMsg struct {
		with, id int64
		err      error
	}
	// chatMessageMsg carries a message read again after a live edit.
	chatMessageMsg struct {
		msg model.Message
		err error
	}
)

// selecting reports whether the keys move through the messages.
func (p *chat) selecting() bool { return p.focus == focusMessages && p.open != nil }

// startSelect selects one's last message (else the newest) and takes the
// keys from the input.
func (p *chat) startSelect() tea.Cmd {
	v := p.open
	if len(v.msgs) == 0 {
		return nil
	}
	v.sel = v.msgs[len(v.msgs)-1].ID
	if i := v.lastMineAt(); i >= 0 {
		v.sel = v.msgs[i].ID
	}
	p.focus = focusMessages
	p.in().Blur()
	v.changed()
	p.showSelected()
	return nil
}

// endSelect gives the keys back to the input.
func (p *chat) endSelect() tea.Cmd {
	v := p.open
	v.sel, v.confirmDelete = 0, false
	v.changed()
	p.focus = focusInput
	return p.in().Focus()
}

// selectKey handles a key while a message is selected.
func (p *chat) selectKey(msg tea.KeyPressMsg) tea.Cmd {
	k, v := p.c.Keys, p.open
	if v.confirmDelete {
		switch {
		case key.Matches(msg, k.ConfirmYes):
			v.confirmDelete = false
			return p.deleteSelected()
		case key.Matches(msg, k.ConfirmNo):
			v.confirmDelete = false
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Search):
		return p.startFind()
	case key.Matches(msg, k.CancelTyping, k.ToList):
		return p.endSelect()
	case key.Matches(msg, k.Up, k.SelectMessage):
		return p.moveSelect(-1)
	case key.Matches(msg, k.Down) || msg.String() == "shift+down":
		return p.moveSelect(1)
	case key.Matches(msg, k.ScrollUp):
		return p.scroll(p.transcriptHeight() - 2)
	case key.Matches(msg, k.ScrollDown):
		return p.scroll(-(p.transcriptHeight() - 2))
	case key.Matches(msg, k.Edit):
		m, ok := p.ownSelected("edit")
		if !ok {
			return nil
		}
		return p.startEdit(m)
	case key.Matches(msg, k.Delete):
		if _, ok := p.ownSelected("delete"); ok {
			v.confirmDelete = true
			v.sendErr = ""
		}
	}
	return nil
}

// moveSelect moves the selection d messages on; past the oldest shown it
// asks for the page before.
func (p *chat) moveSelect(d int) tea.Cmd {
	v := p.open
	i := v.indexOf(v.sel)
	if i < 0 {
		return nil
	}
	j := min(max(i+d, 0), len(v.msgs)-1)
	v.sel, v.sendErr = v.msgs[j].ID, ""
	v.changed()
	p.showSelected()
	if j == 0 && d < 0 && v.more && !v.loadingOlder {
		return p.fetch(fetchOlder)
	}
	return nil
}

// ownSelected is the selected message if the user sent it; otherwise the
// status says that only one's own can be changed.
func (p *chat) ownSelected(verb string) (model.Message, bool) {
	v := p.open
	i := v.indexOf(v.sel)
	if i < 0 {
		return model.Message{}, false
	}
	if m := v.msgs[i]; m.SenderID == p.c.User.ID {
		return m, true
	}
	v.sendErr = "You can only " + verb + " your own messages."
	return model.Message{}, false
}

// showSelected scrolls so that the selected message is in view.
func (p *chat) showSelected() {
	v := p.open
	lines, h := v.lines(p.c, p.convWidth()), p.transcriptHeight()
	if v.selAt < 0 {
		return
	}
	end := len(lines) - v.scroll // one past the last line in view
	switch {
	case v.selEnd > end:
		v.scroll = max(len(lines)-v.selEnd, 0)
	case v.selAt < end-h:
		v.scroll = max(len(lines)-v.selAt-h, 0)
	}
	if v.scroll == 0 {
		v.newBelow = 0
	}
}

// startEdit puts one's message in the input to be edited, keeping what
// the input held to put it back after.
func (p *chat) startEdit(m model.Message) tea.Cmd {
	v := p.open
	if p.editing == 0 {
		p.editDraft = p.typed()
	}
	p.editing = m.ID
	v.sel, v.confirmDelete, v.sendErr = 0, false, ""
	v.changed()
	p.focus = focusInput
	in := p.in()
	in.SetValue(widget.SanitizeText(m.Content))
	return in.Focus()
}

// cancelEdit ends an edit, the input holding again what it held before.
func (p *chat) cancelEdit() {
	p.in().SetValue(p.editDraft)
	p.editing, p.editDraft = 0, ""
	if p.open != nil {
		p.open.sendErr = ""
	}
}

// saveEdit sends the edited text. A failed edit keeps the text and says
// why under it.
func (p *chat) saveEdit() tea.Cmd {
	v := p.open
	text, id := p.typed(), p.editing
	if v.sending {
		return nil
	}
	v.sending, v.sendErr = true, ""
	svc, me, with := p.c.Svc, p.c.User.ID, v.with.ID
	return call(p.c, p, func(ctx context.Context) (model.Message, error) { return svc.EditMessage(ctx, me, id, text) },
		func(m model.Message, err error) tea.Msg {
			return chatEditedMsg{with: with, id: id, text: text, msg: m, err: err}
		})
}

// edited takes the outcome of an edit in.
func (p *chat) edited(r chatEditedMsg) tea.Cmd {
	v := p.open
	if v == nil || v.with.ID != r.with {
		if r.err != nil {
			return emit(toastMsg{text: "Not edited: " + model.ErrorMessage(r.err), isErr: true})
		}
		return p.loadList()
	}
	v.sending = false
	if r.err != nil {
		v.sendErr = widget.SanitizeLine(model.ErrorMessage(r.err))
		return nil
	}
	if p.editing == r.id && p.typed() == r.text {
		p.cancelEdit()
	}
	v.replace(r.msg)
	return p.loadList()
}

// deleteSelected deletes the selected message (the question was
// answered yes).
func (p *chat) deleteSelected() tea.Cmd {
	v := p.open
	svc, me, with, id := p.c.Svc, p.c.User.ID, v.with.ID, v.sel
	return call(p.c, p, func(ctx context.Context) (struct{}, error) { return struct{}{}, svc.DeleteMessage(ctx, me, id) },
		func(_ struct{}, err error) tea.Msg { return chatDeletedMsg{with: with, id: id, err: err} })
}

// deleted takes the outcome of a delete in.
func (p *chat) deleted(r chatDeletedMsg) tea.Cmd {
	if r.err != nil {
		return emit(toastMsg{text: "Not deleted: " + model.ErrorMessage(r.err), isErr: true})
	}
	p.gone(r.id)
	return p.loadList()
}

// gone takes a deleted message off the open conversation; an edit of it
// ends, the input holding again what it held before.
func (p *chat) gone(id int64) {
	v := p.open
	if v == nil {
		return
	}
	if i := v.indexOf(id); i >= 0 && v.sel == id {
		// The selection moves to a neighbour, or ends with the last one.
		switch {
		case i+1 < len(v.msgs):
			v.sel = v.msgs[i+1].ID
		case i > 0:
			v.sel = v.msgs[i-1].ID
		default:
			v.sel = 0
		}
	}
	v.remove(id)
	if p.editing == id {
		p.cancelEdit()
		v.sendErr = "That message was deleted."
	}
	if p.selecting() && v.sel == 0 {
		p.focus = focusInput
		if p.inFront {
			p.in().Focus()
		}
	}
}

// liveEdit follows a message.edited event: a message shown is read again.
func (p *chat) liveEdit(ev model.Event) tea.Cmd {
	list := p.loadList()
	if p.open == nil || p.open.indexOf(ev.MessageID) < 0 {
		return list
	}
	svc, me, id := p.c.Svc, p.c.User.ID, ev.MessageID
	return tea.Batch(list, call(p.c, p, func(ctx context.Context) (model.Message, error) { return svc.Message(ctx, me, id) },
		func(m model.Message, err error) tea.Msg { return chatMessageMsg{msg: m, err: err} }))
}

// reread takes in a message read again after a live edit; one that is
// gone meanwhile comes with its own event.
func (p *chat) reread(r chatMessageMsg) {
	if r.err == nil && p.open != nil {
		p.open.replace(r.msg)
	}
}
