package widget

import (
	"reflect"
	"slices"
	"unsafe"

	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/tui/theme"
)

// Text fields follow their session's theme: each keeps the session's
// Styles (which `:theme` and the terminal's background change in place)
// and takes their look again when it is drawn after they changed. So no
// pane has to remember to restyle its fields.
//
// Text fields never blink: a blinking cursor is a timer that redraws the
// screen twice a second for ever, in every idle session.

// Input is a one-line text field.
type Input struct {
	textinput.Model
	theme *theme.Styles
	dark  bool // the theme its look was made for
}

// NewInput is a one-line text field in the theme s.
func NewInput(s *theme.Styles, placeholder string, limit int) Input {
	in := Input{Model: textinput.New(), theme: s}
	in.Placeholder, in.CharLimit = placeholder, limit
	in.restyle()
	return in
}

func (in *Input) restyle() {
	st := textinput.DefaultStyles(in.theme.Dark)
	st.Cursor.Blink = false
	st.Focused.Prompt, st.Blurred.Prompt = in.theme.Key, in.theme.Muted
	st.Focused.Text, st.Blurred.Text = in.theme.Body, in.theme.Muted
	st.Focused.Placeholder, st.Blurred.Placeholder = in.theme.Muted, in.theme.Muted
	in.SetStyles(st)
	in.dark = in.theme.Dark
}

// Update hands msg to the field.
func (in *Input) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	in.Model, cmd = in.Model.Update(msg)
	return cmd
}

// View draws the field in the theme as it is now.
func (in *Input) View() string {
	if in.dark != in.theme.Dark {
		in.restyle()
	}
	return in.Model.View()
}

// Textarea is a multi-line text field.
type Textarea struct {
	textarea.Model
	theme *theme.Styles
	dark  bool
}

// NewTextarea is a multi-line text field in the theme s, without line
// numbers.
func NewTextarea(s *theme.Styles, placeholder string, limit int) Textarea {
	ta := Textarea{Model: textarea.New(), theme: s}
	ta.Placeholder, ta.CharLimit = placeholder, limit
	ta.ShowLineNumbers = false
	ta.restyle()
	ta.compact()
	return ta
}

// SetValue replaces what the field holds with s.
func (ta *Textarea) SetValue(s string) {
	ta.Model.SetValue(s)
	ta.compact()
}

// Reset empties the field.
func (ta *Textarea) Reset() {
	ta.Model.Reset()
	ta.compact()
}

// compact gives back the room for 10,000 lines that bubbles' text area
// makes each time it is made or emptied: a quarter of a megabyte for each
// session with a chat open, whose input holds a line or two. Its lines
// are a slice that bubbles appends to when they no longer fit, so they
// grow again as they are typed. bubbles offers no way to say how many
// lines to make room for, hence the reflection: a field it no longer has
// (or of another type) is left alone, and the widget's tests say so.
func (ta *Textarea) compact() {
	v := reflect.ValueOf(&ta.Model).Elem().FieldByName("value")
	if !v.IsValid() || v.Type() != reflect.TypeFor[[][]rune]() {
		return
	}
	lines := (*[][]rune)(unsafe.Pointer(v.UnsafeAddr()))
	*lines = slices.Clone(*lines)
}

// restyle gives the field the theme's colours; bubbles' own have a cursor
// line of another background.
func (ta *Textarea) restyle() {
	s := ta.theme
	st := textarea.DefaultStyles(s.Dark)
	st.Cursor.Blink = false
	st.Focused.CursorLine, st.Focused.Text = s.Body, s.Body
	st.Focused.Placeholder, st.Blurred.Placeholder = s.Muted, s.Muted
	st.Blurred.Text, st.Blurred.CursorLine = s.Muted, s.Muted
	ta.SetStyles(st)
	ta.dark = s.Dark
}

// Update hands msg to the field.
func (ta *Textarea) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	ta.Model, cmd = ta.Model.Update(msg)
	return cmd
}

// View draws the field in the theme as it is now.
func (ta *Textarea) View() string {
	if ta.dark != ta.theme.Dark {
		ta.restyle()
	}
	return ta.Model.View()
}
