package tui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/theme"
	"github.com/numeneon/numeneon/tui/widget"
)

// What the feed, the River and the post view draw of a post beyond a list
// row (postrow.go): the lanes' names and accents, the whole text of a
// post, its media address on one line, the River's short counts, and the
// link `y` copies.

// laneIcon is the emoji of a post type: each is two cells wide in every
// terminal (🖼 is one cell by wcwidth and two in most terminals, so
// media has the camera).
func laneIcon(t model.PostType) string {
	switch t {
	case model.Media:
		return "📷"
	case model.Milestones:
		return "🏆"
	}
	return "💭"
}

// laneName is a post type as a person reads it.
func laneName(t model.PostType) string {
	switch t {
	case model.Media:
		return "Media"
	case model.Milestones:
		return "Milestones"
	}
	return "Thoughts"
}

// laneStyleOf is the accent of a post type, Thoughts' for an unknown one
// (a row the web app wrote with a type of its own).
func laneStyleOf(s *theme.Styles, t model.PostType) lipgloss.Style {
	if st, ok := s.Lane[t]; ok {
		return st
	}
	return s.Lane[model.Thoughts]
}

// postCountsShort is a post's counts for a narrow lane: "♥ 3  ↩ 2".
func postCountsShort(c *Common, p model.Post) string {
	s := c.Styles
	out := s.Muted.Render("♡ " + count(p.LikesCount))
	if p.LikedByViewer {
		out = s.Marker.Render("♥ " + count(p.LikesCount))
	}
	out += s.Muted.Render("  ↩ " + count(p.CommentCount))
	if p.SharedByViewer {
		out += s.Marker.Render("  ⇄ " + count(p.SharesCount))
	} else if p.SharesCount > 0 {
		out += s.Muted.Render("  ⇄ " + count(p.SharesCount))
	}
	return out
}

// postText is the whole text of a post (a list shows its first lines,
// postBody), wrapped to w cells with the line breaks its author typed, at
// most maxLines lines (0: all), the last ending in … when some were cut.
func postText(c *Common, p model.Post, w, maxLines int) []string {
	lines := contentLines(p.Content, w, maxLines, true)
	for i, l := range lines {
		lines[i] = c.Styles.Body.Render(l)
	}
	return lines
}

// contentLines is what a person wrote, wrapped to w cells with the line
// breaks they typed, without blank lines at its end (with blanks false,
// without any: a list's rows are few), at most maxLines lines (0: all),
// the last ending in … when some were cut.
func contentLines(content string, w, maxLines int, blanks bool) []string {
	var lines []string
	for _, l := range strings.Split(widget.SanitizeText(content), "\n") {
		if !blanks && strings.TrimSpace(l) == "" {
			continue
		}
		lines = append(lines, widget.Wrap(l, w)...)
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = widget.Truncate(strings.TrimRight(lines[maxLines-1], " ")+" …", w)
	}
	return lines
}

// mediaLine is a media post's address on one line, without its scheme
// (the post's view shows it whole), or "" for a post without one.
func mediaLine(c *Common, p model.Post, w int) string {
	if p.MediaURL == "" {
		return ""
	}
	u := strings.TrimPrefix(strings.TrimPrefix(widget.SanitizeLine(p.MediaURL), "https://"), "http://")
	return c.Styles.Link.Render(widget.Truncate("🔗 "+u, w))
}

// postLink is what `y` copies: the post's address in the web app when
// its address is known (web), else its numeneon:// address.
func postLink(web string, p model.Post) string {
	id := strconv.FormatInt(p.ID, 10)
	switch {
	case web == "":
		return PostLinkPrefix + id
	case strings.Contains(web, "{id}"):
		return strings.ReplaceAll(web, "{id}", id)
	}
	return strings.TrimRight(web, "/") + "/post/" + id
}

// selMark is the cell left of a list's row: ">" on the selected row of a
// terminal without colours (Common.Plain), else a space.
func selMark(c *Common, selected bool) string {
	if selected && c.Plain {
		return ">"
	}
	return " "
}

// selStyle is the style of a selected row's header: nil for a row that
// is not selected, the blurred selection when its list is not in front.
func selStyle(s *theme.Styles, selected, focused bool) *lipgloss.Style {
	switch {
	case !selected:
		return nil
	case focused:
		return &s.Selected
	}
	return &s.SelectedBl
}
