// Package theme is the look and the keys of a session: the two palettes,
// the styles every pane draws with, and the one key map.
package theme

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
)

// Styles is the look of one session: Numeneon's dark "cyberpunk" theme or
// its light "platinum" one. Every pane draws with these names, never with
// colours of its own, so that a theme is one function. The look itself is
// made once per process for each theme and never changed: every session
// of a server points at one of the two (sixty kilobytes each), and a
// session that changes its theme points at the other, in place, so that
// whatever holds its Styles follows.
type Styles struct {
	*Look
}

// Look is the styles of one theme, shared by the sessions that show it:
// read only.
type Look struct {
	Dark bool

	// The frame.
	Brand       lipgloss.Style // NUMENEON in the tab bar
	Tab         lipgloss.Style
	TabActive   lipgloss.Style
	Badge       lipgloss.Style // counts beside a tab
	Rule        lipgloss.Style // the lines above and below the pane
	Live        lipgloss.Style
	Offline     lipgloss.Style
	Me          lipgloss.Style // the signed-in user in the tab bar
	Toast       lipgloss.Style
	ToastError  lipgloss.Style
	Dialog      lipgloss.Style // a box drawn over the pane (help, compose, confirm)
	DialogTitle lipgloss.Style

	// Text.
	Title     lipgloss.Style // a pane's or section's heading
	Author    lipgloss.Style // a display name
	Handle    lipgloss.Style // @username
	Timestamp lipgloss.Style
	Body      lipgloss.Style
	Muted     lipgloss.Style // counts, hints, placeholders
	Link      lipgloss.Style
	Error     lipgloss.Style // a message at the field or place it concerns
	Success   lipgloss.Style
	Key       lipgloss.Style // a key in a hint ("enter")

	// Lists.
	Selected   lipgloss.Style // the row under the cursor in a focused list
	SelectedBl lipgloss.Style // the row under the cursor in a blurred list
	Unread     lipgloss.Style // an unread conversation or notification
	Marker     lipgloss.Style // "3 new posts", "unread since"

	// Chat.
	Mine   lipgloss.Style // one's own message
	Theirs lipgloss.Style // the other's message

	// Inputs.
	Input        lipgloss.Style // a text field's box
	InputFocused lipgloss.Style
	Label        lipgloss.Style

	// Lanes: one accent per post type.
	Lane map[model.PostType]lipgloss.Style

	// Heat is the profile heatmap's scale, from no posts to many.
	Heat []lipgloss.Style

	Help help.Styles
}

// palette is a theme's colours.
type palette struct {
	fg, muted, faint, bg2, accent, accent2, ok, bad, warn color.Color
	lane                                                  map[model.PostType]color.Color
	heat                                                  []color.Color
}

var (
	// cyberpunk is the dark theme: neon on a deep background.
	cyberpunk = palette{
		fg: lipgloss.Color("#E6E8FF"), muted: lipgloss.Color("#8A8FB8"), faint: lipgloss.Color("#3A3F66"),
		bg2: lipgloss.Color("#1B1F3B"), accent: lipgloss.Color("#00E5FF"), accent2: lipgloss.Color("#FF2BD6"),
		ok: lipgloss.Color("#39FF88"), bad: lipgloss.Color("#FF4D6D"), warn: lipgloss.Color("#FFD400"),
		lane: map[model.PostType]color.Color{
			model.Thoughts: lipgloss.Color("#00E5FF"), model.Media: lipgloss.Color("#FF2BD6"), model.Milestones: lipgloss.Color("#FFD400"),
		},
		heat: []color.Color{lipgloss.Color("#23264A"), lipgloss.Color("#005F73"), lipgloss.Color("#0096C7"), lipgloss.Color("#00E5FF"), lipgloss.Color("#B8F9FF")},
	}
	// platinum is the light theme: cool greys with deep accents.
	platinum = palette{
		fg: lipgloss.Color("#1C1E2B"), muted: lipgloss.Color("#5E6278"), faint: lipgloss.Color("#C5C8D6"),
		bg2: lipgloss.Color("#E4E6EE"), accent: lipgloss.Color("#006D8F"), accent2: lipgloss.Color("#B0128F"),
		ok: lipgloss.Color("#0A7D3E"), bad: lipgloss.Color("#C0182F"), warn: lipgloss.Color("#8A6A00"),
		lane: map[model.PostType]color.Color{
			model.Thoughts: lipgloss.Color("#006D8F"), model.Media: lipgloss.Color("#B0128F"), model.Milestones: lipgloss.Color("#8A6A00"),
		},
		heat: []color.Color{lipgloss.Color("#E4E6EE"), lipgloss.Color("#A8DADC"), lipgloss.Color("#5FA8D3"), lipgloss.Color("#1B6CA8"), lipgloss.Color("#0B3C5D")},
	}
)

// looks are the two themes' styles, dark and light.
var looks = [2]*Look{newLook(false), newLook(true)}

// New is a session's look in the dark (cyberpunk) or light (platinum)
// theme.
func New(dark bool) *Styles {
	if dark {
		return &Styles{looks[1]}
	}
	return &Styles{looks[0]}
}

// newLook builds the dark or light theme.
func newLook(dark bool) *Look {
	p := platinum
	if dark {
		p = cyberpunk
	}
	fg := lipgloss.NewStyle().Foreground
	s := &Look{
		Dark:        dark,
		Brand:       lipgloss.NewStyle().Bold(true).Foreground(p.accent2),
		Tab:         fg(p.muted),
		TabActive:   lipgloss.NewStyle().Bold(true).Foreground(p.accent).Underline(true),
		Badge:       lipgloss.NewStyle().Bold(true).Foreground(p.accent2),
		Rule:        fg(p.faint),
		Live:        fg(p.ok),
		Offline:     lipgloss.NewStyle().Bold(true).Foreground(p.warn),
		Me:          lipgloss.NewStyle().Bold(true).Foreground(p.fg),
		Toast:       lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.accent).Foreground(p.fg).Padding(0, 1),
		ToastError:  lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.bad).Foreground(p.bad).Padding(0, 1),
		Dialog:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.accent2).Padding(0, 1),
		DialogTitle: lipgloss.NewStyle().Bold(true).Foreground(p.accent2),
		Title:       lipgloss.NewStyle().Bold(true).Foreground(p.accent),
		Author:      lipgloss.NewStyle().Bold(true).Foreground(p.fg),
		Handle:      fg(p.muted),
		Timestamp:   fg(p.muted),
		Body:        fg(p.fg),
		Muted:       fg(p.muted),
		Link:        lipgloss.NewStyle().Foreground(p.accent).Underline(true),
		Error:       lipgloss.NewStyle().Bold(true).Foreground(p.bad),
		Success:     fg(p.ok),
		Key:         lipgloss.NewStyle().Bold(true).Foreground(p.accent),
		Selected:    lipgloss.NewStyle().Background(p.bg2).Foreground(p.fg).Bold(true),
		SelectedBl:  lipgloss.NewStyle().Background(p.bg2).Foreground(p.muted),
		Unread:      lipgloss.NewStyle().Bold(true).Foreground(p.accent2),
		Marker:      lipgloss.NewStyle().Bold(true).Foreground(p.accent2),
		Mine:        fg(p.accent),
		Theirs:      fg(p.fg),
		Input:       lipgloss.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(p.faint).Padding(0, 1),
		InputFocused: lipgloss.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(p.accent).
			Padding(0, 1),
		Label: lipgloss.NewStyle().Bold(true).Foreground(p.muted),
		Lane:  map[model.PostType]lipgloss.Style{},
		Help:  help.DefaultStyles(dark),
	}
	for t, c := range p.lane {
		s.Lane[t] = lipgloss.NewStyle().Foreground(c)
	}
	for _, c := range p.heat {
		s.Heat = append(s.Heat, lipgloss.NewStyle().Foreground(c))
	}
	s.Help.ShortKey = s.Key
	s.Help.FullKey = s.Key
	return s
}
