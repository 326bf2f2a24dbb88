package widget

import (
	"strings"

	"github.com/numeneon/numeneon/tui/theme"
)

// Dialog draws lines in the theme's dialog box under a title, each line
// padded to inner cells.
func Dialog(s *theme.Styles, title string, lines []string, inner int) string {
	body := []string{s.DialogTitle.Render(Truncate(title, inner)), ""}
	for _, l := range lines {
		body = append(body, Pad(l, inner))
	}
	return s.Dialog.Render(strings.Join(body, "\n"))
}
