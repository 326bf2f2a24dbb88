package tui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/theme"
	"github.com/numeneon/numeneon/tui/widget"
)

// Drawing the profile: the whole page is laid out as lines, and the pane
// shows the part of it that holds the selected post (the header and the
// heatmap scroll away as the selection goes down the list).

// View draws the form, or the part of the page that holds the selected
// post, with the sticky line on top once scrolled and the question over it.
func (p *profile) View() string {
	if p.edit != nil {
		return p.edit.view()
	}
	if p.keys != nil {
		return p.keys.view()
	}
	pl := p.plan()
	vis := pl.lines(p, p.off, p.h)
	if p.off > 0 && len(vis) > 0 {
		vis[0] = p.sticky()
	}
	switch p.asking {
	case askUnfriend:
		vis = question(p.c, vis, p.w, p.h, "Unfriend "+name(p.summary())+"?",
			"You can ask again later; they will have to accept.")
	case askBlock:
		title, detail := blockQuestion(p.summary())
		vis = question(p.c, vis, p.w, p.h, title, detail)
	}
	return widget.Rect(vis, p.w, p.h)
}

// sticky is the line that stays on top once the page is scrolled: whose
// profile it is, how the viewer stands with them, and what arrived above.
func (p *profile) sticky() string {
	s := p.c.Styles
	w := max(p.w-2, 1)
	left := s.Title.Render("↑") + " "
	if p.view != nil {
		left += s.Author.Render(name(p.summary())) + " " + s.Handle.Render(handle(p.summary())) +
			s.Muted.Render(" · ") + relation(s, p.view)
	}
	right := ""
	if p.fresh > 0 {
		right = s.Marker.Render(plural(p.fresh, "new post", "new posts") + " above")
	}
	left = widget.Truncate(left, max(w-widget.Width(right)-1, 1))
	return " " + left + strings.Repeat(" ", max(w-widget.Width(left)-widget.Width(right), 1)) + right
}

// page is the profile laid out as one long page: the lines above the
// posts, the lines each post takes (from, to exclusive), and the lines
// below them. Posts are measured, not drawn: only those in sight are.
type page struct {
	head  []string
	spans [][2]int
	tail  []string
	n     int // lines in all
}

// margin is the cell of room on each side of the page.
const margin = " "

// postWidth and postMax are the width and the most lines of content of
// a post on the page.
func (p *profile) postWidth() int { return max(p.w-2, 1) }

func (p *profile) postMax() int {
	if p.h >= 30 {
		return 3
	}
	return 2
}

// plan lays the page out in the pane's width.
func (p *profile) plan() page {
	s := p.c.Styles
	w := max(p.w-2, 1)
	var pl page
	add := func(ls ...string) {
		for _, l := range ls {
			pl.head = append(pl.head, margin+l)
		}
	}
	switch {
	case p.view == nil && p.loadErr != "":
		add(loadFailed(p.c, "load this profile", p.loadErr, w)...)
	case p.view == nil:
		add(s.Muted.Render("Loading…"))
	default:
		add(profileHeader(p.c, p.view, w)...)
		if p.loadErr != "" {
			add(loadFailed(p.c, "refresh this profile", p.loadErr, w)...)
		}
	}
	if st := p.status.view(s, w); st != "" {
		add(st)
	}
	if p.view != nil && p.view.Blocking.Either() {
		add("")
		for _, l := range widget.Wrap(blockedNote(p.c, p.view), w) {
			add(s.Muted.Render(l))
		}
		pl.n = len(pl.head)
		return pl // nothing of theirs, nor the posts section
	}
	if p.view != nil {
		add("")
		add(p.heatmap.section(p.c, p.view, w)...)
	}
	title := "Posts and wall"
	if p.fresh > 0 {
		title += " · " + plural(p.fresh, "new post", "new posts") + " above"
	}
	add("", sectionTitle(s, title, w))
	switch {
	case p.postsErr != "" && len(p.posts) == 0:
		add(loadFailed(p.c, "load the posts", p.postsErr, w)...)
	case len(p.posts) == 0 && p.loading:
		add(s.Muted.Render("Loading…"))
	case len(p.posts) == 0 && p.own():
		add(s.Muted.Render("You have not posted yet: " + p.c.Keys.NewPost.Help().Key + " writes your first post."))
	case len(p.posts) == 0:
		add(s.Muted.Render("No posts yet."))
	}
	y := len(pl.head)
	pl.spans = make([][2]int, len(p.posts))
	for i, post := range p.posts {
		h := p.height(post)
		pl.spans[i] = [2]int{y, y + h}
		y += h + 1 // and a blank line
	}
	switch {
	case p.postsErr != "" && len(p.posts) > 0:
		for _, l := range loadFailed(p.c, "load more posts", p.postsErr, w) {
			pl.tail = append(pl.tail, margin+l)
		}
	case p.loading && len(p.posts) > 0:
		pl.tail = append(pl.tail, margin+s.Muted.Render("Loading more…"))
	}
	pl.n = y + len(pl.tail)
	return pl
}

// lines draws the h lines of the page from line off on.
func (pl page) lines(p *profile, off, h int) []string {
	s := p.c.Styles
	out := make([]string, 0, h)
	for y := off; y < off+h && y < len(pl.head); y++ {
		out = append(out, pl.head[y])
	}
	// The first post in sight (or whose blank line is), then the ones
	// after it.
	i, _ := slices.BinarySearchFunc(pl.spans, off, func(sp [2]int, y int) int { return cmp.Compare(sp[1], y) })
	for ; i < len(pl.spans) && pl.spans[i][0] < off+h; i++ {
		sel := selStyle(s, i == p.sel.Index(), p.focused)
		for j, l := range postLines(p.c, p.posts[i], p.postWidth(), p.postMax(), sel) {
			if y := pl.spans[i][0] + j; y >= off && y < off+h {
				out = append(out, selMark(p.c, j == 0 && i == p.sel.Index())+l)
			}
		}
		if y := pl.spans[i][1]; y >= off && y < off+h {
			out = append(out, "")
		}
	}
	start := pl.n - len(pl.tail)
	for y := max(off, start); y < off+h && y < pl.n; y++ {
		out = append(out, pl.tail[y-start])
	}
	return out
}

// height is how many lines a post takes on the page, measured once per
// width: a long list would otherwise wrap every post at every key.
func (p *profile) height(post model.Post) int {
	k := heightKey{id: post.ID, w: p.postWidth(), max: p.postMax(), content: post.Content, media: post.MediaURL != ""}
	if h, ok := p.heights[k]; ok {
		return h
	}
	if p.heights == nil || len(p.heights) > 4*len(p.posts)+64 {
		p.heights = map[heightKey]int{} // old widths and versions go
	}
	h := postHeight(post, k.w, k.max)
	p.heights[k] = h
	return h
}

// heightKey is what a post's height depends on.
type heightKey struct {
	id      int64
	w, max  int
	content string
	media   bool
}

// profileHeader is the top of a profile, w cells wide: name and how the
// viewer stands with them, bio, where and since when, counts.
func profileHeader(c *Common, v *model.ProfileView, w int) []string {
	s := c.Styles
	u := v.User.Summary()
	state := relation(s, v)
	who := s.Author.Render(name(u)) + "  " + s.Handle.Render(handle(u))
	who = widget.Truncate(who, max(w-widget.Width(state)-2, 1))
	out := []string{who + strings.Repeat(" ", max(w-widget.Width(who)-widget.Width(state), 1)) + state}
	if v.Blocking.Either() {
		return out // a block hides all the rest
	}

	bio := strings.TrimSpace(widget.SanitizeText(v.Profile.Bio))
	switch {
	case bio != "":
		for _, l := range strings.Split(bio, "\n") {
			for _, wl := range widget.Wrap(l, w) {
				out = append(out, s.Body.Render(wl))
			}
		}
	case v.Friendship == model.FriendSelf:
		out = append(out, s.Muted.Render("No bio yet: "+c.Keys.EditProfile.Help().Key+" to write one."))
	}

	var meta []string
	if loc := widget.SanitizeLine(v.Profile.Location); loc != "" {
		meta = append(meta, s.Body.Render(loc))
	}
	if site := widget.SanitizeLine(v.Profile.Website); site != "" {
		meta = append(meta, s.Link.Render(widget.Truncate(site, w)))
	}
	if !v.User.DateJoined.IsZero() {
		meta = append(meta, s.Muted.Render("joined "+v.User.DateJoined.UTC().Format("January 2006")))
	}
	out = append(out, flow(s, meta, w)...)

	num := func(n int, one, many string) string {
		text := plural(n, one, many)
		i := strings.IndexByte(text, ' ')
		return s.Author.Render(text[:i]) + s.Muted.Render(text[i:])
	}
	counts := []string{
		num(v.PostCount, "post", "posts"), num(v.FriendCount, "friend", "friends"),
		num(v.LikesReceived, "like received", "likes received"), num(v.LikesGiven, "like given", "likes given"),
	}
	return append(out, flow(s, counts, w)...)
}

// flow puts items on lines of at most w cells, " · " between them.
func flow(s *theme.Styles, items []string, w int) []string {
	var out []string
	cur := ""
	sep := s.Muted.Render(" · ")
	for _, it := range items {
		switch {
		case cur == "":
			cur = it
		case widget.Width(cur)+widget.Width(sep)+widget.Width(it) <= w:
			cur += sep + it
		default:
			out, cur = append(out, cur), it
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// relation says how the viewer stands with a person: a block, or the
// friendship and whether the viewer mutes them.
func relation(s *theme.Styles, v *model.ProfileView) string {
	switch {
	case v.Blocking.Blocks:
		return s.Error.Render("⊘ Blocked")
	case v.Blocking.BlockedBy:
		return s.Muted.Render("Unavailable")
	case v.Blocking.Mutes:
		return friendState(s, v.Friendship) + s.Muted.Render(" · Muted")
	}
	return friendState(s, v.Friendship)
}

// blockedNote is what a profile says instead of its content while a block
// stands.
func blockedNote(c *Common, v *model.ProfileView) string {
	who := name(v.User.Summary())
	if v.Blocking.Blocks {
		return "You blocked " + who + ": neither of you sees the other's posts or can reach the other. " +
			c.Keys.Block.Help().Key + " unblocks."
	}
	return "This profile is unavailable: you can't see " + who + "'s posts or reach them."
}

// friendState says how the viewer stands with a person.
func friendState(s *theme.Styles, st model.FriendState) string {
	switch st {
	case model.FriendSelf:
		return s.Muted.Render("This is you")
	case model.FriendFriends:
		return s.Success.Render("✓ Friends")
	case model.FriendOutgoing:
		return s.Marker.Render("Request sent")
	case model.FriendIncoming:
		return s.Marker.Render("Asks to be your friend")
	}
	return s.Muted.Render("Not friends")
}

// sectionTitle is a heading followed by a rule to the edge.
func sectionTitle(s *theme.Styles, title string, w int) string {
	return s.Title.Render(title) + " " + s.Rule.Render(strings.Repeat("─", max(w-widget.Width(title)-1, 0)))
}
