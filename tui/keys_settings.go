package tui

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// keySettings is the "SSH keys" screen of one's own profile, in place of
// it (K opens it): the account's public keys, a to paste one more (an
// authorized_keys line; the model's refusal shows at the field and the
// text stays), d or x to remove the selected one after asking, esc back.
// A registered key lets its owner in over SSH without a password.
type keySettings struct {
	c     *Common
	owner *profile
	w, h  int

	keys    []model.SSHKey
	loaded  bool // the first list came
	loadErr string
	sel     widget.Cursor
	status  outcome

	adding bool // the field is open
	in     widget.Input
	inErr  string // why the key in the field was refused
	busy   bool   // an add or a removal is out

	confirm *model.SSHKey // the key whose removal waits for y/n
}

// Messages of the screen's commands; to is the screen that asked.
type (
	sshKeysMsg struct {
		keys []model.SSHKey
		err  error
	}
	sshKeyAddedMsg struct {
		key model.SSHKey
		err error
	}
	sshKeyRemovedMsg struct {
		key model.SSHKey
		err error
	}
)

// newKeySettings is the screen of owner's keys; its init loads them.
func newKeySettings(c *Common, owner *profile) *keySettings {
	in := widget.NewInput(c.Styles, "ssh-ed25519 AAAA… you@host", model.MaxSSHKeyLine+1)
	in.Prompt = "› "
	return &keySettings{c: c, owner: owner, in: in}
}

// load reads the account's keys.
func (ks *keySettings) load() tea.Cmd {
	svc, me := ks.c.Svc, ks.c.User.ID
	return call(ks.c, ks.owner, func(ctx context.Context) ([]model.SSHKey, error) { return svc.SSHKeys(ctx, me) },
		func(keys []model.SSHKey, err error) tea.Msg { return sshKeysMsg{keys: keys, err: err} })
}

// add registers the key in the field.
func (ks *keySettings) add() tea.Cmd {
	if ks.busy {
		return nil
	}
	ks.busy, ks.inErr = true, ""
	svc, me, line := ks.c.Svc, ks.c.User.ID, ks.in.Value()
	return call(ks.c, ks.owner, func(ctx context.Context) (model.SSHKey, error) { return svc.AddSSHKey(ctx, me, line) },
		func(k model.SSHKey, err error) tea.Msg { return sshKeyAddedMsg{key: k, err: err} })
}

// remove unregisters a key.
func (ks *keySettings) remove(k model.SSHKey) tea.Cmd {
	ks.busy = true
	svc, me := ks.c.Svc, ks.c.User.ID
	return do(ks.c, ks.owner, func(ctx context.Context) error { return svc.RemoveSSHKey(ctx, me, k.Fingerprint) },
		func(err error) tea.Msg { return sshKeyRemovedMsg{key: k, err: err} })
}

// update handles what is the screen's: its commands' outcomes, keys,
// pastes and the mouse. ok is false for everything else, which the
// profile handles.
func (ks *keySettings) update(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case sshKeysMsg:
		ks.gotKeys(msg.keys, msg.err, "")
		return nil, true
	case sshKeyAddedMsg:
		return ks.added(msg), true
	case sshKeyRemovedMsg:
		ks.busy = false
		shown := ks.status.set("Removed the key "+msg.key.Fingerprint+": it no longer signs you in.", msg.err)
		return tea.Batch(shown, ks.load()), true
	case tea.KeyPressMsg:
		return ks.key(msg), true
	case tea.PasteMsg:
		return ks.paste(msg), true
	case tea.MouseMsg:
		return nil, true
	}
	return nil, false
}

// gotKeys takes the loaded list, selecting the key with fingerprint fp
// when given, else keeping the selected key selected.
func (ks *keySettings) gotKeys(keys []model.SSHKey, err error, fp string) {
	if err != nil {
		ks.loadErr = model.ErrorMessage(err)
		return
	}
	if fp == "" && ks.sel.Index() < len(ks.keys) {
		fp = ks.keys[ks.sel.Index()].Fingerprint
	}
	ks.keys, ks.loaded, ks.loadErr = keys, true, ""
	ks.sel.SetLen(len(keys))
	if i := slices.IndexFunc(keys, func(k model.SSHKey) bool { return k.Fingerprint == fp }); i >= 0 {
		ks.sel.To(i)
	}
}

// added closes the field after an add, or shows at it why the key was
// refused, keeping what was pasted.
func (ks *keySettings) added(msg sshKeyAddedMsg) tea.Cmd {
	ks.busy = false
	if msg.err != nil {
		ks.inErr = model.ErrorMessage(msg.err)
		return nil
	}
	ks.adding = false
	ks.in.Reset()
	ks.in.Blur()
	desc := msg.key.Type + " " + msg.key.Fingerprint
	if msg.key.Comment != "" {
		desc += " (" + msg.key.Comment + ")"
	}
	shown := ks.status.show("Added " + desc + ".")
	ks.keys = append(ks.keys, msg.key)
	ks.gotKeys(ks.keys, nil, msg.key.Fingerprint)
	return tea.Batch(shown, ks.load())
}

// key handles a key press: the question first, then the field, then the
// list.
func (ks *keySettings) key(msg tea.KeyPressMsg) tea.Cmd {
	k := ks.c.Keys
	switch {
	case ks.confirm != nil:
		switch {
		case key.Matches(msg, k.ConfirmYes):
			victim := *ks.confirm
			ks.confirm = nil
			return ks.remove(victim)
		case key.Matches(msg, k.ConfirmNo):
			ks.confirm = nil
		}
		return nil
	case ks.adding:
		switch {
		case key.Matches(msg, k.CancelTyping):
			ks.adding, ks.inErr = false, ""
			ks.in.Reset()
			ks.in.Blur()
			return nil
		case key.Matches(msg, k.SubmitForm):
			return ks.add()
		}
		before := ks.in.Value()
		var cmd tea.Cmd
		cmd = ks.in.Update(msg)
		if ks.in.Value() != before {
			ks.inErr = ""
		}
		return cmd
	case key.Matches(msg, k.Back):
		ks.owner.keys = nil
		return nil
	case key.Matches(msg, k.AddKey):
		ks.adding, ks.status = true, outcome{}
		return ks.in.Focus()
	case ks.sel.Navigate(msg, k):
		return nil
	case key.Matches(msg, k.RemoveKey) && ks.sel.Index() < len(ks.keys) && !ks.busy:
		victim := ks.keys[ks.sel.Index()]
		ks.confirm, ks.status = &victim, outcome{}
	}
	return nil
}

// paste puts a pasted key in the field, opening it. A .pub file's
// contents end with a line break, which goes; a paste of several lines
// is refused at the field, since the field holds one key.
func (ks *keySettings) paste(msg tea.PasteMsg) tea.Cmd {
	if ks.confirm != nil {
		return nil
	}
	var cmd tea.Cmd
	if !ks.adding {
		ks.adding, ks.status = true, outcome{}
		cmd = ks.in.Focus()
	}
	text := strings.Trim(msg.Content, "\r\n")
	if strings.ContainsAny(text, "\r\n") {
		ks.inErr = "Paste one public key at a time, one line (the contents of a .pub file)."
		return cmd
	}
	ks.inErr = ""
	var c tea.Cmd
	c = ks.in.Update(tea.PasteMsg{Content: text})
	return tea.Batch(cmd, c)
}

// keyRowLines is how many lines one key takes in the list.
const keyRowLines = 2

// setSize fits the list and the field to the pane.
func (ks *keySettings) setSize(w, h int) {
	ks.w, ks.h = w, h
	ks.in.SetWidth(max(w-4-widget.Width(ks.in.Prompt), 10))
	ks.sel.SetHeight(max((h-ks.chromeLines())/keyRowLines, 1))
}

// chromeLines is the most lines the screen takes besides the list: the
// title, the explanation (two lines where narrow), a blank line, and
// below the list a blank line, the status (two lines at most) and the
// field with its label and its error (two lines at most).
func (ks *keySettings) chromeLines() int { return 4 + 7 }

// focus puts the cursor back in the field when it is open.
func (ks *keySettings) focus() tea.Cmd {
	if ks.adding {
		return ks.in.Focus()
	}
	return nil
}

// help is the screen's keys.
func (ks *keySettings) help() []key.Binding {
	k := ks.c.Keys
	switch {
	case ks.confirm != nil:
		return []key.Binding{k.ConfirmYes, k.ConfirmNo}
	case ks.adding:
		add, cancel := k.SubmitForm, k.CancelTyping
		add.SetHelp(add.Help().Key, "add key")
		cancel.SetHelp(cancel.Help().Key, "cancel")
		return []key.Binding{add, cancel}
	}
	back := k.Back
	back.SetHelp(back.Help().Key, "back to profile")
	return []key.Binding{k.AddKey, k.RemoveKey, k.Up, k.Down, back}
}

// view draws the screen in the pane's size.
func (ks *keySettings) view() string {
	s, k := ks.c.Styles, ks.c.Keys
	w := max(ks.w-2, 1)
	lines := []string{" " + sectionTitle(s, "SSH keys", w)}
	// para is text wrapped to w cells (at most two lines), in st.
	para := func(text string, st lipgloss.Style, indent int) {
		wrapped := widget.Wrap(widget.SanitizeLine(text), max(w-indent, 1))
		if len(wrapped) > 2 {
			wrapped[1] = widget.Truncate(wrapped[1]+" "+wrapped[2], max(w-indent, 1))
			wrapped = wrapped[:2]
		}
		for _, l := range wrapped {
			lines = append(lines, " "+strings.Repeat(" ", indent)+st.Render(l))
		}
	}
	para("A registered key lets ssh "+ks.c.User.Username+"@<this server> straight in, without a password.", s.Muted, 0)
	lines = append(lines, "")
	note := func(text string) { lines = append(lines, " "+s.Muted.Render(widget.Truncate(text, w))) }
	switch {
	case ks.loadErr != "":
		for _, l := range loadFailed(ks.c, "load your keys", ks.loadErr, w) {
			lines = append(lines, " "+l)
		}
	case !ks.loaded:
		note("Loading…")
	case len(ks.keys) == 0:
		note("No SSH keys yet. Paste the contents of ~/.ssh/id_ed25519.pub with " + k.AddKey.Help().Key + ".")
		note("(No key? ssh-keygen -t ed25519 makes one.)")
	default:
		for i := ks.sel.Top(); i < len(ks.keys) && i < ks.sel.Top()+ks.sel.Height(); i++ {
			lines = append(lines, ks.row(ks.keys[i], i == ks.sel.Index(), w)...)
		}
	}
	lines = append(lines, "")
	switch {
	case ks.status.isErr:
		para(ks.status.text, s.Error, 0)
	case ks.status.text != "":
		para(ks.status.text, s.Success, 0)
	}
	if ks.adding {
		lines = append(lines, " "+s.Title.Render("Paste a public key (one line of a .pub file), then enter"))
		lines = append(lines, " "+ks.in.View())
		switch {
		case ks.inErr != "":
			para(ks.inErr, s.Error, 2)
		case ks.busy:
			lines = append(lines, "   "+s.Muted.Render("Adding…"))
		}
	}
	// The field stays in sight: what is above it gives way.
	if len(lines) > ks.h && ks.h > 4 {
		lines = append(lines[:1], lines[len(lines)-(ks.h-1):]...)
	}
	if ks.confirm != nil {
		lines = question(ks.c, lines, ks.w, ks.h, "Remove the key "+ks.confirm.Fingerprint+"?",
			"ssh with it will no longer sign you in.")
	}
	return widget.Rect(lines, ks.w, ks.h)
}

// row is one key in w cells: its type, comment and when it was added,
// then its fingerprint on a line of its own.
func (ks *keySettings) row(k model.SSHKey, selected bool, w int) []string {
	s := ks.c.Styles
	sel := selStyle(s, selected, ks.owner.focused)
	added := " added " + k.CreatedAt.UTC().Format("Jan 2, 2006")
	tw := min(max(widget.Width(k.Type)+2, 13), 22)
	cw := max(w-tw-widget.Width(added), 1)
	comment := widget.SanitizeLine(k.Comment)
	if comment == "" {
		comment = "(no comment)"
	}
	first := fitSegs([]seg{{k.Type, s.Author}}, tw, sel) + fitSegs([]seg{{comment, s.Body}}, cw, sel) +
		fitSegs([]seg{{added, s.Muted}}, widget.Width(added), sel)
	second := fitSegs([]seg{{"", s.Muted}}, 2, sel) + fitSegs([]seg{{k.Fingerprint, s.Handle}}, max(w-2, 1), sel)
	return []string{selMark(ks.c, selected) + first, " " + second}
}
