package tui

import (
	"os"
	"strings"
	"testing"
)

// pinnedCharm are the versions of the modules whose renderer and input
// reader numeneon replaces, or whose behaviour it leans on, as they were
// when the upgrade checklist of docs/ARCHITECTURE.md ("Upgrading Bubble
// Tea") was last gone through.
var pinnedCharm = map[string]string{
	"charm.land/bubbletea/v2":              "v2.1.1",
	"charm.land/bubbles/v2":                "v2.2.1",
	"github.com/charmbracelet/ultraviolet": "v0.0.0-20261008173134-6b8d4baf91b4",
}

// TestPinnedCharmVersions fails when go.mod moves one of pinnedCharm:
// go through the checklist on the new version, then change it here.
func TestPinnedCharmVersions(t *testing.T) {
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	required := map[string]string{}
	for _, line := range strings.Split(string(mod), "\n") {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		if len(f) >= 2 && strings.HasPrefix(f[1], "v") {
			required[f[0]] = f[1]
		}
	}
	for path, want := range pinnedCharm {
		got, ok := required[path]
		switch {
		case !ok:
			t.Errorf("go.mod no longer requires %s (pinned at %s)", path, want)
		case got != want:
			t.Errorf("go.mod requires %s %s, pinned at %s: go through \"Upgrading Bubble Tea\" in docs/ARCHITECTURE.md, then update pinnedCharm", path, got, want)
		}
	}
}
