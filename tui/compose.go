package tui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// compose writes a new post, a post on a friend's wall, or an edit of
// one's own post: the text (with a live count to 500 and @name
// completion), the post's type, and its media URL for a media post. A
// send that fails says why at the field and keeps everything; closing
// keeps what was typed as a draft that the next composer for the same
// thing opens with, until the session ends.
type compose struct {
	c      *Common
	w, h   int
	wallOf *model.UserSummary
	edit   *model.Post

	typ      model.PostType
	body     widget.Textarea
	media    widget.Input
	onMedia  bool              // the media URL field has the focus
	errs     map[string]string // by the model's field ("" for none of them)
	busy     bool
	sent     bool
	restored bool // opened with a draft
	names    mentions
}

// composeLimit is what the text field takes: past the model's 500 the
// count turns red and the Service says why; past this, typing stops.
const composeLimit = 4 * model.MaxPost

// composeDoneMsg is the outcome of sending.
type composeDoneMsg struct {
	post model.Post
	err  error
}

// newCompose is the composer composeMsg asks for, opened with the draft
// left for the same thing, if there is one.
func newCompose(c *Common, m composeMsg) pane {
	cp := &compose{c: c, wallOf: m.wallOf, edit: m.edit, typ: model.Thoughts, errs: map[string]string{}}
	cp.names = mentions{c: c, to: cp}
	cp.body = widget.NewTextarea(c.Styles, "What's on your mind?", composeLimit)
	cp.media = widget.NewInput(c.Styles, "https://…", model.MaxMediaURL+50)
	if m.edit != nil {
		cp.typ = m.edit.Type
		cp.body.SetValue(m.edit.Content)
		cp.media.SetValue(m.edit.MediaURL)
	}
	if d, ok := c.Drafts[cp.draftKey()]; ok {
		cp.typ, cp.restored = d.Type, true
		cp.body.SetValue(d.Content)
		cp.media.SetValue(d.MediaURL)
	}
	return cp
}

// draftKey names what the composer writes, for its draft.
func (cp *compose) draftKey() string {
	switch {
	case cp.edit != nil:
		return "edit:" + strconv.FormatInt(cp.edit.ID, 10)
	case cp.wallOf != nil:
		return "wall:" + strconv.FormatInt(cp.wallOf.ID, 10)
	}
	return "post"
}

// keepDraft keeps what was typed and not sent (or forgets the draft when
// there is nothing, or it went).
func (cp *compose) keepDraft() {
	key := cp.draftKey()
	d := Draft{Type: cp.typ, Content: cp.body.Value(), MediaURL: cp.media.Value()}
	unchanged := cp.edit != nil && d.Content == cp.edit.Content && d.MediaURL == cp.edit.MediaURL
	if cp.sent || unchanged || strings.TrimSpace(d.Content) == "" && strings.TrimSpace(d.MediaURL) == "" {
		delete(cp.c.Drafts, key)
		return
	}
	cp.c.Drafts[key] = d
}

// Init loads the friends' names to complete (an edit has no mention).
func (cp *compose) Init() tea.Cmd {
	if cp.edit != nil {
		return nil
	}
	return cp.names.loadFriends()
}

// Title names the composer in the tab bar.
func (cp *compose) Title() string {
	switch {
	case cp.edit != nil:
		return "Edit post"
	case cp.wallOf != nil:
		return "Wall post"
	}
	return "New post"
}

// SetSize fits the fields to the pane.
func (cp *compose) SetSize(w, h int) {
	cp.w, cp.h = w, h
	fw := cp.fieldWidth()
	cp.body.SetWidth(fw)
	cp.media.SetWidth(max(fw-14, 10))
	cp.layout()
}

// layout gives the text field the lines the rest of the composer leaves:
// the rest changes with the errors shown and the media field.
func (cp *compose) layout() {
	rest := 8 + len(cp.errs) // heading, gaps, type, count, limits, errors
	if cp.restored {
		rest++
	}
	if cp.typ == model.Media {
		rest += 2
	}
	cp.body.SetHeight(min(max(cp.h-rest, 3), 15))
}

// fieldWidth is the width of the text field: the pane's, up to a
// comfortable line length.
func (cp *compose) fieldWidth() int { return max(min(cp.w-4, 100), 10) }

// Focus focuses the field that had the focus.
func (cp *compose) Focus() tea.Cmd {
	if cp.onMedia {
		return cp.media.Focus()
	}
	return cp.body.Focus()
}

// Blur keeps a draft too: switching tabs closes the composer.
func (cp *compose) Blur() {
	cp.body.Blur()
	cp.media.Blur()
	cp.keepDraft()
}

// Typing is always true: the composer is all text fields.
func (cp *compose) Typing() bool { return true }

// Update takes the outcome of sending, the names to complete, keys and
// pastes.
func (cp *compose) Update(msg tea.Msg) tea.Cmd {
	defer cp.layout()
	switch msg := msg.(type) {
	case composeDoneMsg:
		return cp.done(msg)
	case mentionFriendsMsg, mentionFoundMsg:
		cp.names.update(msg)
		return nil
	case tea.KeyPressMsg:
		return cp.key(msg)
	case tea.PasteMsg:
		return cp.typeIn(msg)
	}
	return nil
}

// key handles the composer's keys (send, close, type, fields) and gives
// the others to the field with the focus.
func (cp *compose) key(msg tea.KeyPressMsg) tea.Cmd {
	k := cp.c.Keys
	switch {
	case !cp.onMedia && cp.names.key(msg, &cp.body):
		return nil
	case key.Matches(msg, k.Send):
		return cp.send()
	case key.Matches(msg, k.CancelTyping):
		cp.keepDraft()
		return emit(backMsg{})
	case key.Matches(msg, k.PostType):
		if cp.edit != nil {
			cp.errs["type"] = "A post keeps its type; write a new one for another."
			return nil
		}
		i := slices.Index(model.PostTypes, cp.typ)
		cp.typ = model.PostTypes[(i+1)%len(model.PostTypes)]
		delete(cp.errs, "type")
		if cp.typ != model.Media && cp.onMedia {
			return cp.focusMedia(false)
		}
		return nil
	case key.Matches(msg, k.Newline) && !cp.onMedia:
		cp.body.InsertString("\n")
		return nil
	case msg.String() == "tab", msg.String() == "shift+tab":
		return cp.focusMedia(!cp.onMedia && cp.typ == model.Media)
	}
	return cp.typeIn(msg)
}

// typeIn gives a key or a paste to the field with the focus.
func (cp *compose) typeIn(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	if cp.onMedia {
		cmd = cp.media.Update(msg)
		delete(cp.errs, "media_url")
		return cmd
	}
	before := cp.body.Value()
	cmd = cp.body.Update(msg)
	delete(cp.errs, "content")
	if cp.restored && cp.body.Value() != before {
		cp.restored = false // it is the person's text now, not the one left
		cp.layout()
	}
	if cp.edit != nil {
		return cmd
	}
	return tea.Batch(cmd, cp.names.typed(&cp.body))
}

// focusMedia moves the focus to the media URL field, or back to the text.
func (cp *compose) focusMedia(on bool) tea.Cmd {
	cp.onMedia = on
	if on {
		cp.body.Blur()
		return cp.media.Focus()
	}
	cp.media.Blur()
	return cp.body.Focus()
}

// send posts (or saves the edit).
func (cp *compose) send() tea.Cmd {
	if cp.busy {
		return nil
	}
	cp.busy, cp.errs = true, map[string]string{}
	svc, user := cp.c.Svc, cp.c.User.ID
	content, media := cp.body.Value(), ""
	if cp.typ == model.Media {
		media = cp.media.Value()
	}
	done := func(p model.Post, err error) tea.Msg { return composeDoneMsg{post: p, err: err} }
	if cp.edit != nil {
		id, upd := cp.edit.ID, model.PostUpdate{Content: &content}
		if cp.typ == model.Media || cp.edit.MediaURL != "" {
			upd.MediaURL = &media
		}
		return call(cp.c, cp, func(ctx context.Context) (model.Post, error) { return svc.EditPost(ctx, user, id, upd) }, done)
	}
	np := model.NewPost{Type: cp.typ, Content: content, MediaURL: media, MentionedUserID: cp.names.mentioned(content)}
	if cp.wallOf != nil {
		id := cp.wallOf.ID
		np.TargetUserID = &id
	}
	return call(cp.c, cp, func(ctx context.Context) (model.Post, error) { return svc.CreatePost(ctx, user, np) }, done)
}

// done takes the outcome of sending: on success the composer closes (the
// feed hears of a new post through the live stream; an edit is told to
// every pane); on failure the error shows at its field, with the focus.
func (cp *compose) done(msg composeDoneMsg) tea.Cmd {
	cp.busy = false
	if msg.err != nil {
		field, text := model.ErrorField(msg.err), model.ErrorMessage(msg.err)
		switch field {
		case "content", "media_url", "type":
		default:
			field = ""
		}
		cp.errs[field] = widget.SanitizeLine(text)
		switch {
		case field == "media_url":
			return cp.focusMedia(true)
		case cp.onMedia:
			return cp.focusMedia(false)
		}
		return nil
	}
	cp.sent = true
	cp.keepDraft()
	toast := "Posted."
	cmds := []tea.Cmd{emit(backMsg{})}
	switch {
	case cp.edit != nil:
		toast = "Saved."
		cmds = append(cmds, emit(postChangedMsg{post: msg.post}))
	case cp.wallOf != nil:
		toast = "Posted on " + name(*cp.wallOf) + "'s wall."
	}
	return tea.Batch(append(cmds, emit(toastMsg{text: toast}))...)
}

// ShortHelp is the composer's keys.
func (cp *compose) ShortHelp() []key.Binding {
	k := cp.c.Keys
	next, cancel := k.NextField, k.CancelTyping
	next.SetHelp("tab", "next field")
	cancel.SetHelp("esc", "close (keeps a draft)")
	if cp.edit != nil {
		return []key.Binding{k.Send, next, cancel}
	}
	return []key.Binding{k.Send, k.PostType, next, cancel}
}

// FullHelp is the same keys: there are no more.
func (cp *compose) FullHelp() [][]key.Binding {
	return [][]key.Binding{cp.ShortHelp()}
}

// View draws the composer: who the post is for, its type, the text and
// its count, the media URL, the limits, and each error at its field.
func (cp *compose) View() string {
	s := cp.c.Styles
	fw := cp.fieldWidth()
	errLine := func(field string) []string {
		if e := cp.errs[field]; e != "" {
			return []string{"  " + s.Error.Render(widget.Truncate(e, fw))}
		}
		return nil
	}
	lines := []string{" " + s.Title.Render(cp.heading()) + s.Muted.Render(cp.subheading())}
	if cp.restored {
		lines = append(lines, " "+s.Muted.Render("Your draft is back where you left it."))
	}
	lines = append(lines, "", " "+s.Label.Render("Type   ")+cp.typePicker())
	lines = append(lines, errLine("type")...)
	lines = append(lines, "")
	for _, l := range strings.Split(cp.body.View(), "\n") {
		lines = append(lines, " "+l)
	}
	n := utf8.RuneCountInString(cp.body.Value())
	counter := strconv.Itoa(n) + "/" + strconv.Itoa(model.MaxPost)
	cst := s.Muted
	if n > model.MaxPost {
		cst = s.Error
	}
	status := cp.names.hint(fw - 10)
	if cp.busy {
		status = s.Muted.Render("Sending…")
	}
	gap := max(fw-widget.Width(status)-widget.Width(counter), 1)
	lines = append(lines, " "+status+strings.Repeat(" ", gap)+cst.Render(counter))
	lines = append(lines, errLine("content")...)
	if cp.typ == model.Media {
		label := s.Label
		if cp.onMedia {
			label = s.Title
		}
		lines = append(lines, "", " "+label.Render("Media URL  ")+cp.media.View())
		lines = append(lines, errLine("media_url")...)
	}
	lines = append(lines, errLine("")...)
	lines = append(lines, "", " "+s.Muted.Render(widget.Truncate("At most "+count(model.MaxPost)+" characters; a media post needs an http(s) link of at most "+
		count(model.MaxMediaURL)+".", cp.w-2)))
	return widget.Rect(lines, cp.w, cp.h)
}

// heading says what is written: a new post, on whose wall, or an edit.
func (cp *compose) heading() string {
	switch {
	case cp.edit != nil:
		return "Edit your post"
	case cp.wallOf != nil:
		return "On " + name(*cp.wallOf) + "'s wall"
	}
	return "New post"
}

// subheading says who will see it.
func (cp *compose) subheading() string {
	switch {
	case cp.edit != nil:
		return " · written " + agoPhrase(cp.edit.CreatedAt, cp.c.Now())
	case cp.wallOf != nil:
		return " · " + handle(*cp.wallOf) + " and their visitors see it on their profile"
	}
	return " · your friends see it in their feed"
}

// typePicker shows the three types, the chosen one in its accent.
func (cp *compose) typePicker() string {
	s := cp.c.Styles
	var parts []string
	for _, t := range model.PostTypes {
		label := laneIcon(t) + " " + laneName(t)
		switch {
		case t == cp.typ:
			parts = append(parts, laneStyleOf(s, t).Bold(true).Underline(true).Render(label))
		case cp.edit == nil:
			parts = append(parts, s.Muted.Render(label))
		}
	}
	out := strings.Join(parts, "   ")
	if cp.edit == nil {
		out += "   " + s.Key.Render("ctrl+t") + s.Muted.Render(" to change")
	}
	return out
}

// agoPhrase is ago in a sentence: "now", "5m ago", "on Nov 2".
func agoPhrase(t, now time.Time) string {
	switch when := ago(t, now); {
	case when == "now":
		return when
	case when[0] >= '0' && when[0] <= '9':
		return when + " ago"
	default:
		return "on " + when
	}
}
