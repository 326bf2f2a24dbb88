package tui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// A person's settings (theme, River or Column, Home or Everyone, toast
// previews, the notifications filter) are kept with their account, so
// they follow them across local runs, SSH sessions and instances. They are
// read once as a session signs in, before its panes are made, and saved
// each time the person changes one (:theme, v, s, F, :set).

// narrowFeed is the width below which the feed opens as the Column when
// the person did not choose: the River shows only three authors at 80.
const narrowFeed = 120

// settingsLoadedMsg carries the settings of someone signing in; the
// sign-in goes on when they arrive (with the defaults if they could not
// be read).
type settingsLoadedMsg struct {
	user     model.User
	signedUp bool
	settings model.Settings
	err      error
}

// loadSettings reads the settings of u, who is signing in.
func (a *App) loadSettings(u model.User, signedUp bool) tea.Cmd {
	svc := a.c.Svc
	return call(a.c, nil, func(ctx context.Context) (model.Settings, error) { return svc.Settings(ctx, u.ID) },
		func(s model.Settings, err error) tea.Msg {
			return settingsLoadedMsg{user: u, signedUp: signedUp, settings: s, err: err}
		})
}

// applySettings makes the session follow settings: the theme at once
// (unless the session was started with a theme of its own, --theme),
// the rest as the panes are made.
func (a *App) applySettings(s model.Settings) {
	if s == nil {
		s = model.DefaultSettings()
	}
	a.c.Settings = s
	if a.opts.Theme != "" {
		return
	}
	switch s[model.SettingTheme] {
	case "dark", "light":
		a.themeFromEnv = false
		a.setTheme(s[model.SettingTheme] == "dark")
	default:
		a.themeFromEnv = true
		if a.background != nil {
			a.setTheme(*a.background)
		}
	}
}

// setting is the value of one of the person's settings, the default
// when it is not known.
func (c *Common) setting(name string) string {
	if v, ok := c.Settings[name]; ok {
		return v
	}
	spec, _ := model.SettingSpecFor(name)
	return spec.Default()
}

// saveSetting changes one of the person's settings for this session and
// keeps it with their account; a failure to keep it is said in a toast
// (the session follows the change anyway). Until it is kept it waits in
// unsavedSettings, which the session saves as it ends (SaveSettings): v
// then ctrl+c at once must not lose the v.
func saveSetting(c *Common, name, value string) tea.Cmd {
	if c.Settings == nil {
		c.Settings = model.DefaultSettings()
	}
	if c.unsavedSettings == nil {
		c.unsavedSettings = map[string]string{}
	}
	c.Settings[name], c.unsavedSettings[name] = value, value
	svc, me := c.Svc, c.User.ID
	return do(c, nil, func(ctx context.Context) error { return svc.SetSetting(ctx, me, name, value) },
		func(err error) tea.Msg {
			if err != nil {
				return toastMsg{text: "Your " + name + " setting could not be kept: " + model.ErrorMessage(err), isErr: true}
			}
			return settingSavedMsg{name: name, value: value}
		})
}

// settingSavedMsg says a setting was kept with the account.
type settingSavedMsg struct{ name, value string }

// settingSaved forgets a setting waiting to be kept, unless it changed
// again since.
func (c *Common) settingSaved(msg settingSavedMsg) {
	if c.unsavedSettings[msg.name] == msg.value {
		delete(c.unsavedSettings, msg.name)
	}
}

// SaveSettings keeps the settings changed in the session and not kept
// yet; the Program calls it once the session has ended.
func (a *App) SaveSettings(ctx context.Context) error {
	if a.c.User.ID == 0 || a.farewell != "" {
		return nil
	}
	var firstErr error
	for name, value := range a.c.unsavedSettings {
		if err := a.c.Svc.SetSetting(ctx, a.c.User.ID, name, value); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// settingChangedMsg tells the session that one of the person's settings
// was changed and kept (:set): the root and the panes follow it.
type settingChangedMsg struct{ name, value string }

// settingChanged follows a setting changed by :set: the theme here, the
// rest in the panes that show it.
func (a *App) settingChanged(msg settingChangedMsg) tea.Cmd {
	if a.c.Settings == nil {
		a.c.Settings = model.DefaultSettings()
	}
	a.c.Settings[msg.name] = msg.value
	if msg.name == model.SettingTheme {
		a.applySettings(a.c.Settings)
	}
	return tea.Batch(a.toast("Set "+msg.name+" to "+msg.value+".", false), a.broadcast(msg))
}

// settingsLine is the person's settings on one line: theme dark · view
// auto · ….
func settingsLine(c *Common) string {
	var parts []string
	for _, spec := range model.SettingSpecs {
		parts = append(parts, spec.Name+" "+c.setting(spec.Name))
	}
	return strings.Join(parts, " · ")
}
