package tui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// A thread as the post view lays it out: the post, then (when older ones
// are left to load) a row that loads them, then the replies oldest first,
// each answer under the comment it answers, indented by its depth.

// threadKind says what a row of the thread is.
type threadKind int

const (
	threadPost  threadKind = iota // the post itself
	threadOlder                   // "older replies": enter loads them
	threadReply                   // a reply
)

// threadItem is one row of the thread.
type threadItem struct {
	kind  threadKind
	post  model.Post
	depth int // 1 for a reply to the post, 2 for an answer to it, …
}

// maxIndent is the deepest indentation drawn: deeper answers line up,
// each with its depth marked.
const maxIndent = 6

// replyMaxLines is how many lines of a reply show; a post shows whole.
const replyMaxLines = 12

// threadItems lays out a post and its replies (in any order): each reply
// goes under the comment it answers (when that one is loaded), answers in
// the order they came.
func threadItems(top model.Post, replies []model.Post, older bool) []threadItem {
	items := []threadItem{{kind: threadPost, post: top}}
	if older {
		items = append(items, threadItem{kind: threadOlder})
	}
	sorted := slices.Clone(replies)
	slices.SortFunc(sorted, oldestFirst)
	byID := make(map[int64]model.Post, len(sorted))
	for _, r := range sorted {
		byID[r.ID] = r
	}
	answers := map[int64][]model.Post{}
	var roots []model.Post
	for _, r := range sorted {
		if to := r.ReplyToCommentID; to != nil && *to != r.ID {
			if _, ok := byID[*to]; ok {
				answers[*to] = append(answers[*to], r)
				continue
			}
		}
		roots = append(roots, r)
	}
	var walk func(rs []model.Post, depth int)
	walk = func(rs []model.Post, depth int) {
		for _, r := range rs {
			items = append(items, threadItem{kind: threadReply, post: r, depth: depth})
			walk(answers[r.ID], depth+1)
		}
	}
	walk(roots, 1)
	return items
}

// oldestFirst orders posts as a thread reads: by time, then by id (the
// keyset order, reversed).
func oldestFirst(a, b model.Post) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// drawItem draws one row of the thread in w cells: the lines of the row,
// then the space after them. sel is the style of the selected row's
// header, nil for another row.
func drawItem(c *Common, it threadItem, w int, loadingOlder bool, sel *lipgloss.Style) (body, tail []string) {
	s := c.Styles
	switch it.kind {
	case threadOlder:
		text := "↑ older replies · enter to load them"
		if loadingOlder {
			text = "Loading older replies…"
		}
		if sel != nil {
			return []string{sel.Render(text)}, []string{""}
		}
		return []string{s.Muted.Render(text)}, []string{""}
	case threadPost:
		p := it.post
		lines := append([]string{postHeader(c, p, w, sel)}, postText(c, p, w, 0)...)
		if p.MediaURL != "" {
			for _, l := range widget.Wrap(widget.SanitizeLine(p.MediaURL), w) {
				lines = append(lines, s.Link.Render(l))
			}
		}
		label := " " + plural(p.CommentCount, "reply", "replies") + " "
		tail = []string{"", s.Rule.Render("──") + s.Muted.Render(label) + s.Rule.Render(strings.Repeat("─", max(w-2-widget.Width(label), 0)))}
		if p.CommentCount == 0 {
			tail = append(tail, s.Muted.Render("No replies yet. ")+s.Key.Render("r")+s.Muted.Render(" to write the first."))
		}
		return lines, tail
	}
	indent := strings.Repeat("  ", min(it.depth-1, maxIndent))
	inner := max(w-widget.Width(indent), 10)
	// Past the deepest indentation the depth is written out: "↳ 8".
	var marker string
	if it.depth-1 > maxIndent {
		marker = s.Muted.Render("↳ " + strconv.Itoa(it.depth) + " ")
	}
	header := marker + postHeader(c, it.post, max(inner-widget.Width(marker), 10), sel)
	lines := append([]string{header}, postText(c, it.post, inner, replyMaxLines)...)
	for i, l := range lines {
		lines[i] = indent + l
	}
	return lines, []string{""}
}
