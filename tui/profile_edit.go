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

// profileForm edits one's own profile in place of it: names, bio (several
// lines, counted to the model's limit), location, website and avatar.
// ctrl+s saves; an error shows at its field, and everything typed stays;
// esc leaves, asking first when something changed.
type profileForm struct {
	c      *Common
	owner  *profile
	items  []formItem
	cur    int      // the field with the cursor
	orig   []string // what each field held when the form opened
	err    string   // an error about no one field
	busy   bool     // the save is out
	asking bool     // "Discard your changes?" is showing
	w, h   int
}

// formItem is one field of the form: a one-line input, or the bio's
// text area.
type formItem struct {
	name  string // the model's field name, which its errors carry
	label string
	in    *widget.Input
	ta    *widget.Textarea
	err   string
}

// value is what the field holds.
func (it *formItem) value() string {
	if it.ta != nil {
		return it.ta.Value()
	}
	return it.in.Value()
}

// setFocus puts the cursor in the field, or takes it out.
func (it *formItem) setFocus(on bool) tea.Cmd {
	switch {
	case it.ta != nil && on:
		return it.ta.Focus()
	case it.ta != nil:
		it.ta.Blur()
	case on:
		return it.in.Focus()
	default:
		it.in.Blur()
	}
	return nil
}

// profileSavedMsg is the outcome of saving the form.
type profileSavedMsg struct {
	err error
}

// The form's layout: the labels' column, and the bio's height.
const (
	formLabelW = 14
	formMinBio = 3
	formMaxBio = 8
)

// newProfileForm opens the form on what the profile holds now.
func newProfileForm(c *Common, owner *profile, v model.ProfileView) *profileForm {
	f := &profileForm{c: c, owner: owner}
	one := func(name, label, value, placeholder string, limit int) {
		in := widget.NewInput(c.Styles, placeholder, limit)
		in.SetValue(value)
		in.CursorEnd()
		f.items = append(f.items, formItem{name: name, label: label, in: &in})
	}
	one("first_name", "First name", v.User.FirstName, "", model.MaxName+1)
	one("last_name", "Last name", v.User.LastName, "", model.MaxName+1)
	// The bio takes more than its limit, so that a paste is not cut
	// without a word: the counter turns red and saving says why.
	ta := widget.NewTextarea(c.Styles, "A few words about you", 2*model.MaxBio)
	ta.SetValue(v.Profile.Bio)
	f.items = append(f.items, formItem{name: "bio", label: "Bio", ta: &ta})
	one("location", "Location", v.Profile.Location, "City, country", model.MaxLocation+1)
	one("website", "Website", v.Profile.Website, "https://…", model.MaxWebsiteURL+1)
	one("avatar", "Avatar URL", v.Profile.Avatar, "https://…/me.png", model.MaxAvatarURL+1)
	for i := range f.items {
		f.orig = append(f.orig, f.items[i].value())
	}
	return f
}

// focus puts the cursor in the current field.
func (f *profileForm) focus() tea.Cmd {
	var cmd tea.Cmd
	for i := range f.items {
		if c := f.items[i].setFocus(i == f.cur); c != nil {
			cmd = c
		}
	}
	return cmd
}

// setSize fits the fields to the pane: the bio grows with the height.
func (f *profileForm) setSize(w, h int) {
	f.w, f.h = w, h
	fw := max(min(60, w-formLabelW-6), 10)
	for i := range f.items {
		if it := &f.items[i]; it.ta != nil {
			it.ta.SetWidth(fw + 2)
			it.ta.SetHeight(min(max(h-13, formMinBio), formMaxBio))
		} else {
			it.in.SetWidth(fw)
		}
	}
}

// changed reports whether a field holds something else than at the start.
func (f *profileForm) changed() bool {
	for i := range f.items {
		if f.items[i].value() != f.orig[i] {
			return true
		}
	}
	return false
}

// update handles what is the form's: its keys, pastes and the outcome of
// saving. ok is false for everything else, which the profile handles.
func (f *profileForm) update(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case profileSavedMsg:
		return f.saved(msg.err), true
	case tea.KeyPressMsg:
		return f.key(msg), true
	case tea.PasteMsg:
		return f.input(msg), true
	case tea.MouseMsg:
		return nil, true
	}
	return nil, false
}

// key handles a key press in the form.
func (f *profileForm) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.c.Keys
	inBio := f.items[f.cur].ta != nil
	if f.asking {
		switch {
		case key.Matches(msg, k.ConfirmYes):
			f.owner.edit = nil
		case key.Matches(msg, k.ConfirmNo):
			f.asking = false
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Send):
		return f.save()
	case key.Matches(msg, k.CancelTyping):
		if f.changed() {
			f.asking = true
			return nil
		}
		f.owner.edit = nil
		return nil
	case key.Matches(msg, k.NextField) && !(inBio && key.Matches(msg, k.Down)),
		key.Matches(msg, k.SubmitForm) && !inBio:
		return f.move(1)
	case key.Matches(msg, k.PrevField) && !(inBio && key.Matches(msg, k.Up)):
		return f.move(-1)
	}
	return f.input(msg)
}

// input hands a key or a paste to the field with the cursor.
func (f *profileForm) input(msg tea.Msg) tea.Cmd {
	it := &f.items[f.cur]
	var cmd tea.Cmd
	if it.ta != nil {
		cmd = it.ta.Update(msg)
	} else {
		cmd = it.in.Update(msg)
	}
	return cmd
}

// move goes to the next (or previous) field, round the form.
func (f *profileForm) move(d int) tea.Cmd {
	f.cur = (f.cur + d + len(f.items)) % len(f.items)
	return f.focus()
}

// save sends the form. Every field goes, so that what shows is what is
// kept.
func (f *profileForm) save() tea.Cmd {
	if f.busy {
		return nil
	}
	f.busy, f.err = true, ""
	for i := range f.items {
		f.items[i].err = ""
	}
	v := map[string]*string{}
	for i := range f.items {
		val := f.items[i].value()
		v[f.items[i].name] = &val
	}
	upd := model.ProfileUpdate{FirstName: v["first_name"], LastName: v["last_name"], Bio: v["bio"],
		Location: v["location"], Website: v["website"], Avatar: v["avatar"]}
	svc, me := f.c.Svc, f.c.User.ID
	return do(f.c, f.owner, func(ctx context.Context) error { return svc.UpdateProfile(ctx, me, upd) },
		func(err error) tea.Msg { return profileSavedMsg{err: err} })
}

// saved closes the form after a save, or shows why it failed at the
// field concerned, keeping everything typed.
func (f *profileForm) saved(err error) tea.Cmd {
	f.busy = false
	if err == nil {
		f.owner.edit = nil
		return tea.Batch(f.owner.status.show("Your profile is saved."), f.owner.loadHeader())
	}
	field, msg := model.ErrorField(err), model.ErrorMessage(err)
	for i := range f.items {
		if f.items[i].name == field {
			f.items[i].err, f.cur = msg, i
			return f.focus()
		}
	}
	f.err = msg
	return nil
}

// help is the form's keys.
func (f *profileForm) help() []key.Binding {
	k := f.c.Keys
	if f.asking {
		return []key.Binding{k.ConfirmYes, k.ConfirmNo}
	}
	save, cancel := k.Send, k.CancelTyping
	save.SetHelp(save.Help().Key, "save")
	cancel.SetHelp(cancel.Help().Key, "cancel")
	return []key.Binding{save, k.NextField, k.PrevField, cancel}
}

// view draws the form in the pane's size.
func (f *profileForm) view() string {
	s := f.c.Styles
	w := max(f.w-2, 1)
	lines := []string{" " + s.Title.Render("Edit your profile"), ""}
	indent := strings.Repeat(" ", formLabelW+3)
	for i := range f.items {
		it := &f.items[i]
		mark, label := "  ", s.Label
		if i == f.cur {
			mark, label = s.Key.Render("› "), s.Title
		}
		head := " " + mark + label.Render(widget.Pad(it.label, formLabelW))
		if it.ta != nil {
			for j, l := range strings.Split(it.ta.View(), "\n") {
				if j == 0 {
					lines = append(lines, head+l)
				} else {
					lines = append(lines, indent+l)
				}
			}
			n := utf8.RuneCountInString(it.ta.Value())
			counter := s.Muted
			if n > model.MaxBio {
				counter = s.Error
			}
			lines = append(lines, indent+counter.Render(strconv.Itoa(n)+"/"+strconv.Itoa(model.MaxBio)))
		} else {
			lines = append(lines, head+it.in.View())
		}
		if it.err != "" {
			lines = append(lines, indent+s.Error.Render(widget.Truncate(widget.SanitizeLine(it.err), max(w-formLabelW-2, 1))))
		}
	}
	switch {
	case f.err != "":
		lines = append(lines, "", " "+s.Error.Render(widget.Truncate(widget.SanitizeLine(f.err), w)))
	case f.busy:
		lines = append(lines, "", " "+s.Muted.Render("Saving…"))
	}
	if f.asking {
		lines = question(f.c, lines, f.w, f.h, "Discard your changes?", "What you typed here will be lost.")
	}
	return widget.Rect(lines, f.w, f.h)
}
