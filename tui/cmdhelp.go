package tui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// :help shows the command line's commands in the help box, and :help CMD
// one of them; both close with ? or esc, like the keys' help.

// helpCommands is the help box's topic that lists every command; "" is
// the keys, any other a command's name.
const helpCommands = "*commands"

// showHelpMsg opens the help box on a topic.
type showHelpMsg struct{ topic string }

// commandAliases are the other names commands answer to.
var commandAliases = map[string]string{"message": "dm", "msg": "dm", "friend": "befriend", "n": "notifications",
	"q": "quit", "h": "help"}

// findCommand is the command a name (or an alias) names, nil when none.
func findCommand(name string) *command {
	name = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), ":"))
	if to, ok := commandAliases[name]; ok {
		name = to
	}
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// commandsHelpView draws the help box of the commands, or of one.
func (a *App) commandsHelpView(w, h int) string {
	s := a.c.Styles
	inner := max(w-4-s.Dialog.GetHorizontalFrameSize(), 20)
	usage := func(c command) string { return strings.TrimSpace(":" + c.name + " " + c.args) }
	var title string
	var lines []string
	if c := findCommand(a.helpTopic); a.helpTopic != helpCommands && c != nil {
		title = usage(*c)
		lines = widget.Wrap(capitalize(c.help)+".", inner)
		var aliases []string
		for alias, to := range commandAliases {
			if to == c.name {
				aliases = append(aliases, ":"+alias)
			}
		}
		if len(aliases) > 0 {
			slices.Sort(aliases)
			lines = append(lines, "", s.Muted.Render("Also "+strings.Join(aliases, ", ")+"."))
		}
		if c.name == "set" {
			lines = append(lines, "")
			for _, spec := range model.SettingSpecs {
				lines = append(lines, s.Key.Render(spec.Name)+" "+s.Muted.Render(widget.Truncate(strings.Join(spec.Values, "|")+": "+spec.Help, max(inner-widget.Width(spec.Name)-1, 1))))
			}
		}
	} else {
		title = "Commands"
		useW := 0
		for _, c := range commands {
			useW = max(useW, widget.Width(usage(c)))
		}
		rows := max(h-6, 1)
		for i, c := range commands {
			if i == rows-1 && len(commands) > rows {
				lines = append(lines, s.Muted.Render("… and "+count(len(commands)-i)+" more: a taller terminal shows them"))
				break
			}
			lines = append(lines, s.Key.Render(widget.Pad(usage(c), useW))+"  "+s.Muted.Render(widget.Truncate(c.help, max(inner-useW-2, 1))))
		}
	}
	body := s.DialogTitle.Render(title) + "  " + s.Muted.Render("(? or esc to close; :help COMMAND for one)") + "\n\n" +
		strings.Join(lines, "\n")
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, s.Dialog.Render(body))
}

// capitalize upper-cases the first letter of an ASCII sentence.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// PostLinkPrefix begins a post's numeneon:// address.
const PostLinkPrefix = "numeneon://post/"

// ParsePostLink reads a post's id from its numeneon:// address
// (numeneon://post/12), or from 12 or #12. EINVALID for anything else.
func ParsePostLink(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, PostLinkPrefix), "#")
	s = strings.TrimSuffix(s, "/")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Invalid("link", "Give a post's number or link: 12, #12 or numeneon://post/12.")
	}
	return id, nil
}
