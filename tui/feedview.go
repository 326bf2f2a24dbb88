package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// How the feed draws: the sub-header (view and scope), the marker line,
// then the River, the column or the search results, or what stands in
// for them (loading, an error, an empty feed).

// View draws the feed in its size.
func (f *feed) View() string {
	var lines []string
	if f.search != nil {
		field, status := f.search.head(f.c, f.w)
		lines = append(lines, field, status)
		lines = append(lines, f.listBody(f.search.list, false)...)
	} else {
		lines = append(lines, f.subheader(), f.markerLine())
		if f.column {
			lines = append(lines, f.listBody(f.list, f.listStale)...)
		} else {
			lines = append(lines, f.riverBody()...)
		}
	}
	return widget.Rect(lines, f.w, f.h)
}

// subheader names the view and the scope, and the keys that change them.
func (f *feed) subheader() string {
	s := f.c.Styles
	view, other := "River", "column"
	if f.column {
		view, other = "Column", "River"
	}
	seg := func(label string, on bool) string {
		if on {
			return s.TabActive.Render(label)
		}
		return s.Tab.Render(label)
	}
	left := " " + s.Title.Render(view) + s.Muted.Render("  ·  ") +
		seg("Home", f.scope == model.FeedHome) + s.Muted.Render(" / ") + seg("Everyone", f.scope == model.FeedEveryone)
	otherScope := "everyone"
	if f.scope == model.FeedEveryone {
		otherScope = "home"
	}
	right := s.Key.Render("v") + s.Muted.Render(" "+other+"  ") + s.Key.Render("s") + s.Muted.Render(" "+otherScope+" ")
	if gap := f.w - widget.Width(left) - widget.Width(right); gap > 0 {
		return left + strings.Repeat(" ", gap) + right
	}
	return widget.Truncate(left, f.w)
}

// markerLine is the "N new posts" marker, and the error of the last
// action on a post.
func (f *feed) markerLine() string {
	s := f.c.Styles
	out := ""
	if f.fresh > 0 {
		text := "▲ " + plural(f.fresh, "new post", "new posts") + " · g to show"
		if f.onMarker && f.focused {
			out = " " + s.Selected.Render(" "+text+" ")
		} else {
			out = " " + s.Marker.Render(text)
		}
	}
	if st := f.status.view(s, f.w-widget.Width(out)-1); st != "" {
		out += " " + st
	}
	return widget.Truncate(out, f.w)
}

// bodyHeight is the lines under the sub-header and marker.
func (f *feed) bodyHeight() int { return max(f.h-feedHead, 1) }

// riverBody draws the River, or what stands in for it.
func (f *feed) riverBody() []string {
	r := f.river
	if len(r.rows) == 0 {
		return f.standIn(r.err, r.loading || f.riverStale)
	}
	return f.withPageError(r.view(f.focused && !f.onMarker), r.paging)
}

// listBody draws a column of posts, or what stands in for it.
func (f *feed) listBody(l *postList, stale bool) []string {
	if len(l.posts) == 0 {
		if f.search != nil {
			return nil // the search's status line says it all
		}
		return f.standIn(l.err, l.loading || stale)
	}
	return f.withPageError(l.view(f.focused && !f.onMarker), l.paging)
}

// withPageError shows, under the posts still there, why the last page
// did not come.
func (f *feed) withPageError(out []string, pg paging) []string {
	if pg.err == nil {
		return out
	}
	what := "load more"
	if pg.errFirst {
		what = "load the feed"
	}
	var msg []string
	for _, l := range loadFailed(f.c, what, model.ErrorMessage(pg.err), f.w-2) {
		msg = append(msg, margin+l)
	}
	keep := max(min(len(out), f.bodyHeight()-len(msg)), 0)
	return append(out[:keep], msg...)
}

// standIn is what shows where there are no posts: why, or what to do.
func (f *feed) standIn(err error, loading bool) []string {
	s := f.c.Styles
	w := max(f.w-4, 10)
	indent := func(lines []string) []string {
		for i, l := range lines {
			lines[i] = "  " + l
		}
		return append([]string{""}, lines...)
	}
	switch {
	case err != nil:
		return indent(loadFailed(f.c, "load the feed", model.ErrorMessage(err), w))
	case loading:
		return indent([]string{s.Muted.Render("Loading…")})
	case f.scope == model.FeedEveryone:
		return indent([]string{s.Title.Render("Nobody has posted yet."), "",
			s.Key.Render("n") + s.Muted.Render(" to write the first post.")})
	}
	return indent([]string{s.Title.Render("Your feed is empty."), "",
		s.Key.Render("n") + s.Muted.Render(" to write your first post; ") + s.Key.Render("3") + s.Muted.Render(" to find friends; ") +
			s.Key.Render("s") + s.Muted.Render(" to see everyone's posts.")})
}

// ShortHelp is the keys of what has the focus: the search field, the
// results, the column or the River.
func (f *feed) ShortHelp() []key.Binding {
	k := f.c.Keys
	if f.search != nil && f.search.typing {
		search, leave := k.SubmitForm, k.CancelTyping
		search.SetHelp("enter", "search")
		leave.SetHelp("esc", "back to the feed")
		return []key.Binding{search, leave}
	}
	if f.search != nil {
		again, leave := k.Search, k.CancelTyping
		again.SetHelp("/", "search again")
		leave.SetHelp("esc", "back to the feed")
		return []key.Binding{k.Down, k.Open, k.Like, k.Reply, again, leave}
	}
	if f.column {
		return []key.Binding{k.Down, k.Open, k.Like, k.Reply, k.Search, k.Share, k.ToggleView, k.ToggleScope}
	}
	lanes, posts := k.Left, k.NewerInLane
	lanes.SetHelp("h/l", "lane")
	posts.SetHelp("[/]", "posts in lane")
	return []key.Binding{k.Down, lanes, posts, k.Open, k.Like, k.Reply, k.Search, k.Collapse, k.ToggleView, k.ToggleScope}
}

// FullHelp is every key of the feed.
func (f *feed) FullHelp() [][]key.Binding {
	k := f.c.Keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Left, k.Right, k.NewerInLane, k.OlderInLane, k.Collapse},
		{k.Open, k.Like, k.Reply, k.Share, k.Author, k.CopyLink},
		{k.ToggleView, k.ToggleScope, k.Search, k.Refresh},
	}
}
