package tui

import (
	"charm.land/lipgloss/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// How the post view draws: the thread's rows from the first shown, then
// at the bottom the outcome of the last action and the reply field, and
// over it all the question before a deletion or the box of who liked or
// of the link.

// postWidth is the width of the thread's rows, inside their margins.
func (v *postView) postWidth() int { return max(v.w-2*widget.Width(margin), 10) }

// itemLines is row i drawn: the lines of the row, then the space after
// it; kept by everything the drawing depends on, as the scroll, the
// clicks and every frame ask for the same rows.
func (v *postView) itemLines(i int) []string {
	it := v.items[i]
	sel := selStyle(v.c.Styles, i == v.cur.Index(), v.focused && !v.Typing())
	key := threadRowKey{kind: it.kind, depth: it.depth, w: v.postWidth(), sel: sel}
	if it.kind == threadOlder {
		key.older = v.loadingOlder
	} else {
		key.post = postKeyOf(v.c, it.post)
	}
	return v.c.cached(key, func() []string {
		body, tail := drawItem(v.c, it, key.w, v.loadingOlder, sel)
		return append(body, tail...)
	})
}

// threadRowKey is everything a thread row's drawing depends on.
type threadRowKey struct {
	kind  threadKind
	depth int
	post  postKey
	w     int
	older bool // older replies are loading
	sel   *lipgloss.Style
}

// bottom is what the bottom of the view shows under the thread.
func (v *postView) bottom() []string {
	var out []string
	if v.reloadErr != "" {
		for _, l := range loadFailed(v.c, "refresh the post", v.reloadErr, v.w-2) {
			out = append(out, margin+l)
		}
	}
	if st := v.status.view(v.c.Styles, v.w-2); st != "" {
		out = append(out, margin+st)
	}
	if v.reply != nil {
		out = append(out, v.reply.view(v.w)...)
	}
	return out
}

// threadHeight is the lines left for the thread above the bottom.
func (v *postView) threadHeight() int { return max(v.h-len(v.bottom()), 1) }

// scroll keeps the selected row whole on screen.
func (v *postView) scroll() {
	if len(v.items) == 0 {
		v.first = 0
		return
	}
	v.first = widget.ScrollTop(v.first, v.cur.Index(), v.threadHeight(), func(i int) int { return len(v.itemLines(i)) })
}

// View draws the view in its size: the thread, or what stands in for it,
// the bottom lines, and an open question or box over them.
func (v *postView) View() string {
	s := v.c.Styles
	bottom := v.bottom()
	var lines []string
	gone := func(what string) []string {
		return []string{"", margin + s.Title.Render(what), "", margin + s.Key.Render("esc") + s.Muted.Render(" to go back")}
	}
	switch {
	case v.gone:
		lines = gone("This post was deleted.")
	case model.ErrorCode(v.err) == model.ENOTFOUND:
		lines = gone("This post no longer exists.")
	case v.err != nil:
		lines = []string{""}
		for _, l := range loadFailed(v.c, "load the post", model.ErrorMessage(v.err), v.w-2) {
			lines = append(lines, margin+l)
		}
	case v.top.ID == 0:
		lines = []string{"", margin + s.Muted.Render("Loading…")}
	default:
		lines = v.thread(max(v.h-len(bottom), 1))
	}
	out := append(fitLines(lines, v.h-len(bottom)), bottom...)
	switch {
	case v.confirm != nil:
		title, detail := "Delete this post?", "Its replies and likes go with it."
		if v.confirm.ParentID != nil {
			title, detail = "Delete this reply?", "Answers to it stay, as replies to the post."
		}
		out = question(v.c, out, v.w, v.h, title, detail)
	case v.likers != nil:
		out = overlay(out, v.likers.view(v.w, v.h), v.w, v.h)
	case v.link != nil:
		out = overlay(out, linkBox(v.c, *v.link, v.w), v.w, v.h)
	}
	return widget.Rect(out, v.w, v.h)
}

// thread draws the rows that fit in h lines, from the first shown.
func (v *postView) thread(h int) []string {
	var out []string
	for i := v.first; i < len(v.items) && len(out) < h; i++ {
		for j, l := range v.itemLines(i) {
			out = append(out, selMark(v.c, j == 0 && i == v.cur.Index())+l)
		}
	}
	return out
}

// fitLines is lines made exactly h long.
func fitLines(lines []string, h int) []string {
	h = max(h, 0)
	if len(lines) > h {
		return lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}
