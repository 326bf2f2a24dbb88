package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// welcome is the signed-out screen: log in with a username or e-mail and a
// password, or sign up (as the server takes new accounts: open, with an
// invite code, or not at all). Errors show at the field they concern;
// nothing typed is lost when one does.
type welcome struct {
	c      *Common
	gate   Gate
	mode   model.SignUpMode
	signUp bool       // the sign-up form, else the log-in one
	forms  [2][]field // log in, sign up
	focus  int
	busy   bool   // a request is out
	err    string // an error about no one field
	w, h   int
}

// field is one labelled text field of a form and its error.
type field struct {
	name  string // the model's field name its errors carry
	label string
	in    widget.Input
	err   string
}

// The fields of the forms, by the model's names, and their labels.
var (
	loginFields        = []string{"login", "password"}
	signUpFields       = []string{"username", "email", "password", "first_name", "last_name"}
	inviteSignUpFields = []string{"username", "email", "password", "invite", "first_name", "last_name"}
	fieldLabels        = map[string]string{
		"login": "Username or e-mail", "password": "Password", "username": "Username",
		"email": "E-mail", "invite": "Invite code", "first_name": "First name (optional)", "last_name": "Last name (optional)",
	}
)

// closedNote is what a newcomer reads above the log-in form on a server
// that takes no new accounts, line by line.
var closedNote = []string{
	"This server takes no new accounts.",
	"If you have one, log in with its password,",
	"or connect with an SSH key registered to it.",
}

// newWelcome is the welcome screen of the session, on the sign-up form
// for a newcomer (when the server takes new accounts), with username
// filled in and the first empty field focused.
func (a *App) newWelcome(username string, signUp bool) *welcome {
	gate := a.opts.Gate
	if gate == nil {
		gate = a.c.Svc
	}
	w := newWelcome(a.c, gate, a.opts.SignUps, username)
	if signUp && w.mode != model.SignUpClosed {
		w.setForm(true)
		for w.focus < len(w.fields())-1 && w.fields()[w.focus].in.Value() != "" {
			w.focus++
		}
	}
	return w
}

func newWelcome(c *Common, gate Gate, mode model.SignUpMode, username string) *welcome {
	w := &welcome{c: c, gate: gate, mode: mode}
	signUp := signUpFields
	if mode == model.SignUpInvite {
		signUp = inviteSignUpFields
	}
	for i, names := range [][]string{loginFields, signUp} {
		for _, n := range names {
			in := widget.NewInput(c.Styles, "", limitOf(n))
			if n == "password" {
				in.EchoMode = textinput.EchoPassword
				in.EchoCharacter = '•'
			}
			w.forms[i] = append(w.forms[i], field{name: n, label: fieldLabels[n], in: in})
		}
	}
	w.forms[0][0].in.SetValue(username)
	return w
}

// fields is the form shown.
func (w *welcome) fields() []field {
	if w.signUp {
		return w.forms[1]
	}
	return w.forms[0]
}

// setForm shows the log-in or sign-up form. Each keeps what was typed in
// it; the username carries over from one to the other.
func (w *welcome) setForm(signUp bool) {
	from, to := 0, 1
	if !signUp {
		from, to = 1, 0
	}
	if name := w.forms[from][0].in.Value(); name != "" && !(signUp && strings.Contains(name, "@")) {
		w.forms[to][0].in.SetValue(name)
		w.forms[to][0].in.CursorEnd()
	}
	w.signUp, w.focus, w.err = signUp, 0, ""
	w.SetSize(w.w, w.h)
}

// limitOf is how many characters a field takes: past the model's limits
// a value is refused anyway, with a message, so the field allows a little
// more than the limit and the model says why.
func limitOf(name string) int {
	switch name {
	case "login", "email":
		return model.MaxEmail + 1
	case "password":
		return model.MaxPassword + 1
	case "invite":
		return model.MaxInvite + 1
	}
	return model.MaxName + 1
}

func (w *welcome) Init() tea.Cmd { return nil }

func (w *welcome) Focus() tea.Cmd {
	for i := range w.fields() {
		w.fields()[i].in.Blur()
	}
	return w.fields()[w.focus].in.Focus()
}

func (w *welcome) Blur() {
	for i := range w.fields() {
		w.fields()[i].in.Blur()
	}
}

func (w *welcome) Typing() bool { return true }

func (w *welcome) Title() string { return "Welcome" }

func (w *welcome) SetSize(width, height int) {
	w.w, w.h = width, height
	for _, form := range w.forms {
		for i := range form {
			form[i].in.SetWidth(min(40, max(width-30, 10)))
		}
	}
}

func (w *welcome) ShortHelp() []key.Binding {
	k := w.c.Keys
	return []key.Binding{k.NextField, k.SubmitForm, k.SwitchForm, k.Quit}
}

func (w *welcome) FullHelp() [][]key.Binding { return [][]key.Binding{w.ShortHelp()} }

// welcomeDoneMsg is the outcome of a log in or a sign-up.
type welcomeDoneMsg struct {
	user model.User
	err  error
}

func (w *welcome) Update(msg tea.Msg) tea.Cmd {
	k := w.c.Keys
	switch msg := msg.(type) {
	case welcomeDoneMsg:
		w.busy = false
		if msg.err == nil {
			return emit(signedInMsg{user: msg.user, signedUp: w.signUp})
		}
		w.showError(msg.err)
		return w.Focus()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.SwitchForm):
			if w.mode == model.SignUpClosed {
				return nil // the note says why
			}
			w.setForm(!w.signUp)
			return w.Focus()
		case key.Matches(msg, k.SubmitForm):
			return w.submit()
		case key.Matches(msg, k.NextField):
			return w.move(1)
		case key.Matches(msg, k.PrevField):
			return w.move(-1)
		case key.Matches(msg, k.CancelTyping):
			return nil
		}
	}
	var cmd tea.Cmd
	cmd = w.fields()[w.focus].in.Update(msg)
	return cmd
}

// move focuses the next (or previous) field, round the form.
func (w *welcome) move(d int) tea.Cmd {
	w.focus = (w.focus + d + len(w.fields())) % len(w.fields())
	return w.Focus()
}

func (w *welcome) value(name string) string {
	for _, f := range w.fields() {
		if f.name == name {
			return f.in.Value()
		}
	}
	return ""
}

// submit logs in or signs up with what the form holds.
func (w *welcome) submit() tea.Cmd {
	if w.busy {
		return nil
	}
	w.busy, w.err = true, ""
	for i := range w.fields() {
		w.fields()[i].err = ""
	}
	gate := w.gate
	done := func(u model.User, err error) tea.Msg { return welcomeDoneMsg{user: u, err: err} }
	if !w.signUp {
		login, password := w.value("login"), w.value("password")
		return call(w.c, w, func(ctx context.Context) (model.User, error) { return gate.Login(ctx, login, password) }, done)
	}
	f := model.SignUp{Username: w.value("username"), Email: w.value("email"), Password: w.value("password"),
		Invite: w.value("invite"), FirstName: w.value("first_name"), LastName: w.value("last_name")}
	if problems := f.Problems(); len(problems) > 0 {
		// Every field's problem at once, before asking anyone.
		w.busy = false
		w.showErrors(problems)
		return w.Focus()
	}
	return call(w.c, w, func(ctx context.Context) (model.User, error) { return gate.SignUp(ctx, f) }, done)
}

// refused shows why a log in or sign-up that went through was not let in
// (the server is full, say). After a sign-up the account exists: the
// log-in form is shown, filled with what was typed.
func (w *welcome) refused(err error, username string) tea.Cmd {
	msg := model.ErrorMessage(err)
	if w.signUp {
		password := w.value("password")
		w.setForm(false)
		w.forms[0][1].in.SetValue(password)
		msg = "Your account " + username + " is made. " + msg
	}
	w.err = msg
	return w.Focus()
}

// showErrors puts each error at its field, and focuses the first of
// those fields.
func (w *welcome) showErrors(errs []error) {
	first := len(w.fields())
	for _, err := range errs {
		if i := w.putError(err); i >= 0 {
			first = min(first, i)
		} else {
			w.err = model.ErrorMessage(err)
		}
	}
	if first < len(w.fields()) {
		w.focus = first
	}
}

// putError puts an error at the field it names and returns the field's
// place, or -1 when it names none of the form's.
func (w *welcome) putError(err error) int {
	if f := model.ErrorField(err); f != "" {
		for i := range w.fields() {
			if w.fields()[i].name == f {
				w.fields()[i].err = model.ErrorMessage(err)
				return i
			}
		}
	}
	return -1
}

// showError puts an error at its field, and focuses that field.
func (w *welcome) showError(err error) {
	msg := model.ErrorMessage(err)
	if i := w.putError(err); i >= 0 {
		w.focus = i
		return
	}
	if model.ErrorCode(err) == model.EUNAUTHORIZED && !w.signUp {
		w.fields()[1].err, w.focus = msg, 1 // "Wrong username or password."
		return
	}
	w.err = msg
}

func (w *welcome) View() string {
	s := w.c.Styles
	var b strings.Builder
	errLines := 0 // the errors' lines, which must not move the form
	b.WriteString(s.Brand.Render("N U M E N E O N") + "\n")
	b.WriteString(s.Muted.Render("the social network, in your terminal") + "\n\n")
	title, other := "Log in", " · New here? ctrl+n to sign up."
	switch {
	case w.signUp:
		title, other = "Sign up", " · Have an account? ctrl+n to log in."
	case w.mode == model.SignUpClosed:
		other = ""
		for _, l := range closedNote {
			b.WriteString(s.Muted.Render(l) + "\n")
		}
		b.WriteString("\n")
	case w.mode == model.SignUpInvite:
		other = " · Have an invite code? ctrl+n to sign up."
	}
	b.WriteString(s.Title.Render(title) + "\n\n")
	for i, f := range w.fields() {
		mark, label := "  ", s.Label
		if i == w.focus {
			mark, label = s.Key.Render("› "), s.Title
		}
		row := mark + label.Render(widget.Pad(f.label, 22)) + f.in.View()
		b.WriteString(row + "\n")
		if f.err == "" {
			continue
		}
		// An error is wrapped under its field's input, as wide as it: a
		// message cut short would not say what to do.
		indent := strings.Repeat(" ", 24)
		width := max(lipgloss.Width(row)-len(indent), 10)
		for _, l := range widget.Wrap(widget.SanitizeLine(f.err), width) {
			b.WriteString(indent + s.Error.Render(widget.Pad(l, width)) + "\n")
			errLines++
		}
	}
	if w.err != "" {
		b.WriteString("\n")
		errLines++
		for _, l := range widget.Wrap(widget.SanitizeLine(w.err), min(60, max(w.w-4, 20))) {
			b.WriteString(s.Error.Render(l) + "\n")
			errLines++
		}
	}
	b.WriteString("\n")
	if w.busy {
		b.WriteString(s.Muted.Render("One moment…"))
	} else {
		b.WriteString(s.Key.Render("enter") + s.Muted.Render(" "+strings.ToLower(title)+" · ") +
			s.Key.Render("tab") + s.Muted.Render(" next field"+other))
	}
	return placeForm(b.String(), errLines, max(w.w, 1), max(w.h, 1))
}

// placeForm centres a form on a w×h screen as if it had no errors: the
// errors' lines (errLines of them, under the fields) grow it downwards,
// so that the form stays where it was while they come and go; only when
// they would run off the bottom does it move up.
func placeForm(form string, errLines, w, h int) string {
	height := lipgloss.Height(form)
	top := max((h-(height-errLines))/2, 0)
	top = max(min(top, h-height), 0)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Top, strings.Repeat("\n", top)+form)
}
