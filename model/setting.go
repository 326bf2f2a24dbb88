package model

import (
	"context"
	"slices"
	"strings"
)

// The names of the settings a person keeps with their account, so that
// they follow them across local runs, SSH sessions and instances.
const (
	SettingTheme         = "theme"         // dark, light or auto (the terminal's background)
	SettingView          = "view"          // river, column or auto (the Column below 120 columns)
	SettingScope         = "scope"         // home or everyone: the feed opened first
	SettingPreviews      = "previews"      // on or off: a message's text in its toast
	SettingNotifications = "notifications" // all, mentions or requests: the notifications list's filter
)

// SettingSpec is one setting: its name, the values it takes (the first
// is the default) and what it does.
type SettingSpec struct {
	Name   string
	Values []string
	Help   string
}

// Default is the value of a setting no one chose.
func (s SettingSpec) Default() string { return s.Values[0] }

// SettingSpecs are the settings there are, in the order they are listed.
var SettingSpecs = []SettingSpec{
	{SettingTheme, []string{"auto", "dark", "light"}, "colours for a dark or light terminal; auto asks the terminal"},
	{SettingView, []string{"auto", "river", "column"}, "the feed's River or single Column; auto is the Column below 120 columns"},
	{SettingScope, []string{"home", "everyone"}, "the feed of you and your friends, or everyone's"},
	{SettingPreviews, []string{"on", "off"}, "a message's text in its toast"},
	{SettingNotifications, []string{"all", "mentions", "requests"}, "which notifications the list shows"},
}

// SettingSpecFor returns the setting of that name; ok is false when
// there is none.
func SettingSpecFor(name string) (SettingSpec, bool) {
	i := slices.IndexFunc(SettingSpecs, func(s SettingSpec) bool { return s.Name == name })
	if i < 0 {
		return SettingSpec{}, false
	}
	return SettingSpecs[i], true
}

// Settings are a person's settings by name: every known one, the
// default where they chose nothing.
type Settings map[string]string

// DefaultSettings are the settings of someone who chose nothing.
func DefaultSettings() Settings {
	out := make(Settings, len(SettingSpecs))
	for _, s := range SettingSpecs {
		out[s.Name] = s.Default()
	}
	return out
}

// SettingStore keeps each person's settings.
type SettingStore interface {
	// Settings returns the settings userID chose, by name (none: empty).
	Settings(ctx context.Context, userID int64) (map[string]string, error)
	// SetSetting makes or replaces userID's setting name.
	SetSetting(ctx context.Context, userID int64, name, value string) error
}

// Settings returns the actor's settings: every known one, the default
// where they chose nothing. A stored value this version does not know
// (written by another) counts as the default.
func (s *Service) Settings(ctx context.Context, actor int64) (Settings, error) {
	if _, err := s.acting(ctx, actor); err != nil {
		return nil, err
	}
	stored, err := s.store.Settings(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := DefaultSettings()
	for _, spec := range SettingSpecs {
		if v, ok := stored[spec.Name]; ok && slices.Contains(spec.Values, v) {
			out[spec.Name] = v
		}
	}
	return out, nil
}

// SetSetting keeps one of the actor's settings. The name and the value
// are case-insensitive; EINVALID (field name or value) for a setting
// that does not exist or a value it does not take.
func (s *Service) SetSetting(ctx context.Context, actor int64, name, value string) error {
	if _, err := s.acting(ctx, actor); err != nil {
		return err
	}
	name, value = strings.ToLower(strings.TrimSpace(name)), strings.ToLower(strings.TrimSpace(value))
	spec, ok := SettingSpecFor(name)
	if !ok {
		names := make([]string, len(SettingSpecs))
		for i, s := range SettingSpecs {
			names[i] = s.Name
		}
		return Invalid("name", "There is no such setting; there are %s.", strings.Join(names, ", "))
	}
	if !slices.Contains(spec.Values, value) {
		return Invalid("value", "%s takes %s.", spec.Name, strings.Join(spec.Values, ", "))
	}
	return s.store.SetSetting(ctx, actor, name, value)
}
