package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// Search in the Chat tab. / in the list narrows it to the conversations
// whose name or @username holds what is typed (enter opens the one under
// the cursor). / while messages are selected asks for the open
// conversation's messages that hold a text (enter searches); the newest
// match is selected, n and N go to the next (older) and previous one.
// esc leaves the search one level at a time: the field, then the
// matches, the pane as it was before.

// chatFind is a search in progress.
type chatFind struct {
	messages bool // the open conversation's messages; else the conversation list
	in       widget.Input
	typing   bool // the field has the keys; else n and N go through the matches

	// What the pane was before, put back by esc: the list's selected
	// person, or the selected message and the scroll.
	prevSel    int64
	prevScroll int

	matches []model.Message // newest first
	at      int             // the match selected
	busy    bool
	status  string // "No messages hold …", an error
	seq     int    // the latest search: older answers are dropped
}

// chatFoundMsg carries the matches of a search of messages.
type chatFoundMsg struct {
	seq, with int64
	msgs      []model.Message
	err       error
}

// finding reports whether a search's field has the keys.
func (p *chat) finding() bool { return p.find != nil && p.find.typing }

// startFind opens a search of the list or, while messages are selected,
// of the open conversation.
func (p *chat) startFind() tea.Cmd {
	messages := p.selecting()
	f := &chatFind{messages: messages, typing: true}
	prompt := "Find chats "
	if messages {
		prompt = "Find messages "
		f.prevSel, f.prevScroll = p.open.sel, p.open.scroll
	} else {
		f.prevSel = p.selID
	}
	if p.find != nil {
		f.seq = p.find.seq + 1
	}
	f.in = widget.NewInput(p.c.Styles, "", model.MaxPost)
	f.in.Prompt = prompt
	p.find = f
	return f.in.Focus()
}

// findKey handles a key while a search is open; ok is false for the keys
// it leaves to the rest of the chat.
func (p *chat) findKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	f, k := p.find, p.c.Keys
	if f == nil {
		return nil, false
	}
	if !f.typing {
		switch {
		case key.Matches(msg, k.CancelTyping):
			p.endFind(true)
			return nil, true
		case key.Matches(msg, k.NextMatch):
			return p.toMatch(f.at + 1), true
		case key.Matches(msg, k.PrevMatch):
			return p.toMatch(f.at - 1), true
		case key.Matches(msg, k.Search):
			f.typing = true
			return f.in.Focus(), true
		}
		return nil, false
	}
	switch {
	case key.Matches(msg, k.CancelTyping):
		p.endFind(true)
		return nil, true
	case key.Matches(msg, k.SubmitForm) && f.messages:
		return p.searchMessages(), true
	case key.Matches(msg, k.SubmitForm):
		items := p.items()
		if len(items) == 0 {
			return nil, true
		}
		u := items[p.list.Index()].With
		p.endFind(false)
		return p.openWith(u, true), true
	case !f.messages && (msg.Code == tea.KeyUp || msg.Code == tea.KeyDown):
		d := 1
		if msg.Code == tea.KeyUp {
			d = -1
		}
		p.list.Move(d)
		p.pick()
		return nil, true
	}
	before := f.in.Value()
	cmd := f.in.Update(msg)
	if !f.messages && f.in.Value() != before {
		p.list.To(0)
		p.syncList()
		p.pick()
	}
	return cmd, true
}

// endFind closes the search; back puts the pane as it was before it.
func (p *chat) endFind(back bool) {
	f := p.find
	p.find = nil
	if f.messages && p.open != nil && back {
		p.open.sel, p.open.scroll = f.prevSel, f.prevScroll
		p.open.changed()
	}
	if !f.messages {
		if back {
			p.selID = f.prevSel
		}
		p.syncList()
	}
}

// matchesFind reports whether a conversation is one the list search
// keeps: its name or @username holds the text, whatever the case.
func (p *chat) matchesFind(cv model.Conversation) bool {
	if p.find == nil || p.find.messages {
		return true
	}
	q := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(p.find.in.Value()), "@"))
	if q == "" {
		return true
	}
	u := cv.With
	return strings.Contains(strings.ToLower(u.Username), q) || strings.Contains(strings.ToLower(name(u)), q)
}

// searchMessages asks for the open conversation's messages holding the
// field's text.
func (p *chat) searchMessages() tea.Cmd {
	f := p.find
	f.seq++
	f.busy, f.status = true, ""
	svc, me, with, q, seq := p.c.Svc, p.c.User.ID, p.open.with.ID, f.in.Value(), int64(f.seq)
	return call(p.c, p, func(ctx context.Context) ([]model.Message, error) { return svc.SearchMessages(ctx, me, with, q) },
		func(ms []model.Message, err error) tea.Msg {
			return chatFoundMsg{seq: seq, with: with, msgs: ms, err: err}
		})
}

// found takes the matches in and selects the newest.
func (p *chat) found(r chatFoundMsg) tea.Cmd {
	f := p.find
	if f == nil || !f.messages || int64(f.seq) != r.seq || p.open == nil || p.open.with.ID != r.with {
		return nil
	}
	f.busy = false
	if r.err != nil {
		f.status = widget.SanitizeLine(model.ErrorMessage(r.err))
		return nil
	}
	if len(r.msgs) == 0 {
		f.status = "No messages hold “" + widget.SanitizeLine(f.in.Value()) + "”."
		return nil
	}
	f.matches, f.typing = r.msgs, false
	f.in.Blur()
	return p.toMatch(0)
}

// toMatch selects match i (0 the newest), loading older pages down to it
// when it is not shown yet.
func (p *chat) toMatch(i int) tea.Cmd {
	f, v := p.find, p.open
	if len(f.matches) == 0 {
		return nil
	}
	f.at = min(max(i, 0), len(f.matches)-1)
	m := f.matches[f.at]
	f.status = "Match " + count(f.at+1) + " of " + count(len(f.matches))
	if v.indexOf(m.ID) < 0 {
		if len(v.msgs) == 0 || byTime(m, v.msgs[0]) > 0 {
			return nil // newer than what is shown: it comes with the next fetch
		}
		return p.fetchDownTo(m)
	}
	v.sel = m.ID
	v.changed()
	p.showSelected()
	return nil
}

// fetchDownTo loads the pages before the oldest message shown down to m,
// then selects it.
func (p *chat) fetchDownTo(m model.Message) tea.Cmd {
	v := p.open
	if v.loadingOlder {
		return nil
	}
	v.loadingOlder = true
	v.changed()
	svc, me, with, before := p.c.Svc, p.c.User.ID, v.with.ID, v.msgs[0].Cursor()
	return call(p.c, p, func(ctx context.Context) (chatPageMsg, error) {
		r := chatPageMsg{with: with, kind: fetchOlder, selectID: m.ID}
		page := model.Page{Limit: chatPage, Before: before}
		for len(r.msgs) < seekLimit {
			got, err := svc.Messages(ctx, me, with, page)
			if err != nil {
				return r, err
			}
			r.msgs, r.full = append(r.msgs, got...), len(got) == page.Limit
			if !r.full || byTime(got[len(got)-1], m) <= 0 {
				break
			}
			page.Before = got[len(got)-1].Cursor()
		}
		return r, nil
	}, func(r chatPageMsg, err error) tea.Msg {
		r.err = err
		return r
	})
}

// findView is the search's line: the field, and how it went.
func (p *chat) findView(w int) string {
	f, s := p.find, p.c.Styles
	f.in.SetWidth(max(w-widget.Width(f.in.Prompt)-2, 1))
	out := " " + f.in.View()
	if !f.typing {
		out = " " + s.Muted.Render(widget.Truncate(f.in.Prompt+f.in.Value(), w-2))
	}
	if f.busy {
		return out + " " + s.Muted.Render("searching…")
	}
	return out
}

// findStatus is what the search says under the conversation, "" for
// nothing.
func (p *chat) findStatus() string {
	if p.find == nil || !p.find.messages {
		return ""
	}
	if !p.find.typing && len(p.find.matches) > 0 {
		return p.find.status + " · n next · N previous · esc back"
	}
	return p.find.status
}
