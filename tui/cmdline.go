package tui

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// cmdline is the ':' command line at the bottom of the screen, with tab
// completion of commands and of people's names. A command that fails
// keeps what was typed and says why on the same line.
type cmdline struct {
	c        *Common
	in       widget.Input
	names    []string // friends' usernames, for completion
	shielded []string // the usernames of those blocked or muted, for :unblock and :unmute
	choices  []string // what tab offered last, when it was ambiguous
	err      string
	busy     bool
	// named says the names have come; a tab pressed before that completes
	// once they do (tabbed), so that a fast typist's tab is not lost.
	named, tabbed bool
}

// command is one thing the command line does.
type command struct {
	name, args, help string
	names            nameSource // what completes its argument
}

// nameSource is which usernames complete a command's argument.
type nameSource int

const (
	noNames       nameSource = iota
	friendNames              // the friends'
	shieldedNames            // those blocked or muted
)

// commands are the command line's, in the order help lists them.
var commands = []command{
	{"dm", "NAME", "open the conversation with NAME", friendNames},
	{"profile", "[NAME]", "open NAME's profile, or yours", friendNames},
	{"wall", "NAME", "write on NAME's wall", friendNames},
	{"befriend", "NAME", "ask NAME to be your friend", friendNames},
	{"block", "NAME", "block NAME: neither of you reaches the other", friendNames},
	{"unblock", "NAME", "lift your block of NAME", shieldedNames},
	{"mute", "NAME", "hide NAME's posts and notifications from you", friendNames},
	{"unmute", "NAME", "show NAME's posts and notifications again", shieldedNames},
	{"blocks", "", "the people you block or mute", noNames},
	{"post", "", "write a new post", noNames},
	{"feed", "", "the feed", noNames},
	{"friends", "", "friends and requests", noNames},
	{"chat", "", "conversations", noNames},
	{"notifications", "", "likes, replies, requests…", noNames},
	{"theme", "dark|light|auto", "colours for a dark or light terminal", noNames},
	{"set", "[NAME VALUE]", "keep a setting with your account; alone, list them", noNames},
	{"open", "ID", "open a post's thread: 12, #12 or numeneon://post/12", noNames},
	{"help", "[COMMAND]", "the commands, or what COMMAND does", noNames},
	{"refresh", "", "load everything again", noNames},
	{"logout", "", "sign out and forget this sign-in", noNames},
	{"quit", "", "leave numeneon", noNames},
}

func newCmdline(c *Common) *cmdline {
	in := widget.NewInput(c.Styles, "dm bob · profile alice · theme light · logout — tab completes", 200)
	in.Prompt = ":"
	in.SetWidth(min(60, max(c.Width/2, 20)))
	return &cmdline{c: c, in: in}
}

// cmdNamesMsg carries the names for completion: the friends', and those
// blocked or muted.
type cmdNamesMsg struct{ names, shielded []string }

// cmdDoneMsg is the outcome of a command that asked the Service.
type cmdDoneMsg struct {
	then tea.Msg // what to do on success
	err  error
}

// closeCmdlineMsg closes the command line.
type closeCmdlineMsg struct{}

func (l *cmdline) Focus() tea.Cmd {
	svc, user := l.c.Svc, l.c.User.ID
	load := call(l.c, nil, func(ctx context.Context) (cmdNamesMsg, error) {
		var m cmdNamesMsg
		fs, err := svc.Friends(ctx, user, user)
		for _, f := range fs {
			m.names = append(m.names, f.User.Username)
		}
		if err != nil {
			return m, err
		}
		bs, err := svc.Blocks(ctx, user)
		for _, b := range bs {
			if !slices.Contains(m.shielded, b.User.Username) {
				m.shielded = append(m.shielded, b.User.Username)
			}
		}
		return m, err
	}, func(m cmdNamesMsg, _ error) tea.Msg { return m }) // completion is a courtesy
	return tea.Batch(l.in.Focus(), load)
}

// Update handles the keys and results of the command line; the root
// sends it everything while it is open.
func (a *App) cmdlineUpdate(msg tea.Msg) (tea.Cmd, bool) {
	l := a.cmdline
	if l == nil {
		return nil, false
	}
	switch msg := msg.(type) {
	case cmdNamesMsg:
		l.names, l.shielded, l.named = msg.names, msg.shielded, true
		if l.tabbed {
			l.tabbed = false
			l.complete()
		}
		return nil, true
	case closeCmdlineMsg:
		a.cmdline = nil
		return nil, true
	case cmdDoneMsg:
		l.busy = false
		if msg.err != nil {
			l.err = model.ErrorMessage(msg.err)
			return nil, true
		}
		a.cmdline = nil
		return emit(msg.then), true
	case themeMsg:
		a.themeFromEnv = msg.auto
		value := "auto"
		switch {
		case !msg.auto:
			a.setTheme(msg.dark)
			value = map[bool]string{true: "dark", false: "light"}[msg.dark]
		case a.background != nil:
			a.setTheme(*a.background)
		}
		a.cmdline = nil
		return saveSetting(a.c, model.SettingTheme, value), true
	}
	return nil, false
}

// themeMsg sets the colours: dark, light, or following the terminal.
type themeMsg struct{ dark, auto bool }

func (l *cmdline) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, l.c.Keys.CancelTyping):
			return emit(closeCmdlineMsg{})
		case k.String() == "enter":
			return l.run()
		case k.String() == "tab":
			l.tabbed = !l.named
			l.complete()
			return nil
		}
	}
	l.err, l.choices, l.tabbed = "", nil, false
	return l.in.Update(msg)
}

// complete completes the word before the cursor: a command's name, or
// then a friend's username.
func (l *cmdline) complete() {
	v := l.in.Value()
	words := strings.Fields(v)
	var pool []string
	word := ""
	if len(words) > 0 && !strings.HasSuffix(v, " ") {
		word = words[len(words)-1]
	}
	switch {
	case len(words) == 0 || len(words) == 1 && word != "":
		for _, c := range commands {
			pool = append(pool, c.name)
		}
	default:
		i := slices.IndexFunc(commands, func(c command) bool { return c.name == words[0] })
		switch {
		case i >= 0 && commands[i].names == friendNames:
			pool = l.names
		case i >= 0 && commands[i].names == shieldedNames:
			pool = l.shielded
		case words[0] == "theme":
			pool = []string{"dark", "light", "auto"}
		case words[0] == "set" && (len(words) == 1 || len(words) == 2 && word != ""):
			for _, s := range model.SettingSpecs {
				pool = append(pool, s.Name)
			}
		case words[0] == "set":
			spec, _ := model.SettingSpecFor(strings.ToLower(words[1]))
			pool = spec.Values
		}
	}
	var matches []string
	for _, p := range pool {
		if strings.HasPrefix(strings.ToLower(p), strings.ToLower(strings.TrimPrefix(word, "@"))) {
			matches = append(matches, p)
		}
	}
	if len(matches) == 0 {
		l.choices = nil
		return
	}
	common := matches[0]
	for _, m := range matches[1:] {
		for !strings.HasPrefix(strings.ToLower(m), strings.ToLower(common)) {
			common = common[:len(common)-1]
		}
	}
	head := strings.TrimSuffix(v, word)
	if len(matches) == 1 {
		l.in.SetValue(head + matches[0] + " ")
		l.choices = nil
	} else {
		if len(common) > len(strings.TrimPrefix(word, "@")) {
			l.in.SetValue(head + common)
		}
		l.choices = matches
	}
	l.in.CursorEnd()
}

// run carries out the command typed.
func (l *cmdline) run() tea.Cmd {
	words := strings.Fields(l.in.Value())
	if len(words) == 0 {
		return emit(closeCmdlineMsg{})
	}
	if l.busy {
		return nil
	}
	name, arg := strings.ToLower(words[0]), strings.Join(words[1:], " ")
	close := func(then tea.Msg) tea.Cmd { return emit(cmdDoneMsg{then: then}) }
	switch name {
	case "feed":
		return close(switchTabMsg{tab: tabFeed})
	case "friends":
		return close(switchTabMsg{tab: tabFriends})
	case "chat":
		return close(switchTabMsg{tab: tabChat})
	case "notifications", "n":
		return close(openNoticesMsg{})
	case "post":
		return close(composeMsg{})
	case "refresh":
		return close(refreshMsg{})
	case "logout":
		return close(signedOutMsg{})
	case "quit", "q":
		return tea.Quit
	case "theme":
		switch strings.ToLower(arg) {
		case "dark":
			return emit(themeMsg{dark: true})
		case "light":
			return emit(themeMsg{dark: false})
		case "auto":
			return emit(themeMsg{auto: true})
		}
		l.err = "theme takes dark, light or auto."
		return nil
	case "set":
		return l.set(words[1:])
	case "help", "h":
		if arg == "" {
			return close(showHelpMsg{topic: helpCommands})
		}
		if findCommand(arg) == nil {
			l.err = "No command " + widget.SanitizeLine(arg) + "; :help lists them."
			return nil
		}
		return close(showHelpMsg{topic: findCommand(arg).name})
	case "open":
		id, err := ParsePostLink(arg)
		if err != nil {
			l.err = model.ErrorMessage(err)
			return nil
		}
		return close(openPostMsg{id: id})
	case "profile":
		if arg == "" {
			return close(openProfileMsg{userID: l.c.User.ID})
		}
		return l.withUser(arg, func(u model.User) tea.Msg { return openProfileMsg{userID: u.ID} })
	case "dm", "message", "msg":
		return l.withUser(arg, func(u model.User) tea.Msg { return openChatMsg{with: u.Summary()} })
	case "wall":
		return l.withUser(arg, func(u model.User) tea.Msg {
			s := u.Summary()
			return composeMsg{wallOf: &s}
		})
	case "blocks":
		return close(openBlocksMsg{})
	case "block", "unblock", "mute", "unmute":
		act := map[string]shieldAction{"block": doBlock, "unblock": doUnblock, "mute": doMute, "unmute": doUnmute}[name]
		svc, user := l.c.Svc, l.c.User.ID
		return l.withUserDo(arg, func(ctx context.Context, u model.User) (tea.Msg, error) {
			text, err := shield(ctx, svc, user, u.Summary(), act)
			return shieldedMsg{text: text}, err
		})
	case "befriend", "friend":
		svc, user := l.c.Svc, l.c.User.ID
		return l.withUserDo(arg, func(ctx context.Context, u model.User) (tea.Msg, error) {
			r, err := svc.SendFriendRequest(ctx, user, u.ID)
			if r == model.RequestAccepted {
				return toastMsg{text: "You and " + widget.SanitizeLine(u.Username) + " are friends now."}, err
			}
			return toastMsg{text: "Asked " + widget.SanitizeLine(u.Username) + " to be your friend."}, err
		})
	}
	l.err = "No command " + widget.SanitizeLine(name) + "; :help lists them."
	return nil
}

// withUser looks up a username and, when it exists, does then.
func (l *cmdline) withUser(arg string, then func(model.User) tea.Msg) tea.Cmd {
	return l.withUserDo(arg, func(_ context.Context, u model.User) (tea.Msg, error) { return then(u), nil })
}

func (l *cmdline) withUserDo(arg string, fn func(context.Context, model.User) (tea.Msg, error)) tea.Cmd {
	if strings.TrimSpace(arg) == "" {
		l.err = "Whose? Give a username (tab completes your friends')."
		return nil
	}
	l.busy = true
	svc, user := l.c.Svc, l.c.User.ID
	return call(l.c, nil, func(ctx context.Context) (tea.Msg, error) {
		u, err := svc.UserByUsername(ctx, user, arg)
		if err != nil {
			return nil, err
		}
		return fn(ctx, u)
	}, func(then tea.Msg, err error) tea.Msg { return cmdDoneMsg{then: then, err: err} })
}

func (l *cmdline) View() string {
	s := l.c.Styles
	out := " " + l.in.View()
	switch {
	case l.err != "":
		out += "  " + s.Error.Render(widget.SanitizeLine(l.err))
	case len(l.choices) > 0:
		out += "  " + s.Muted.Render(strings.Join(l.choices, "  "))
	case l.busy:
		out += "  " + s.Muted.Render("…")
	}
	return widget.Truncate(out, l.c.Width)
}

// set keeps a setting with the account (:set NAME VALUE), or lists them
// (:set).
func (l *cmdline) set(args []string) tea.Cmd {
	switch len(args) {
	case 0:
		return emit(cmdDoneMsg{then: toastMsg{text: "Settings: " + settingsLine(l.c) + "."}})
	case 2:
	default:
		l.err = "set takes a name and a value, like :set view column."
		return nil
	}
	name, value := strings.ToLower(args[0]), strings.ToLower(args[1])
	l.busy = true
	svc, me := l.c.Svc, l.c.User.ID
	return do(l.c, nil, func(ctx context.Context) error { return svc.SetSetting(ctx, me, name, value) },
		func(err error) tea.Msg {
			return cmdDoneMsg{then: settingChangedMsg{name: name, value: value}, err: err}
		})
}
