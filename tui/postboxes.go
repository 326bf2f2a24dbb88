package tui

import (
	"context"
	"net/url"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// The boxes the post view draws over the thread: who liked a post, and a
// post's media link.

// likersMsg carries who liked a post.
type likersMsg struct {
	users []model.UserSummary
	err   error
}

// likersCmd reads who liked a post.
func likersCmd(c *Common, to pane, postID int64) tea.Cmd {
	svc, user := c.Svc, c.User.ID
	return call(c, to, func(ctx context.Context) ([]model.UserSummary, error) { return svc.Likers(ctx, user, postID) },
		func(us []model.UserSummary, err error) tea.Msg {
			return likersMsg{users: us, err: err}
		})
}

// likersBox lists who liked a post; enter opens one's profile.
type likersBox struct {
	c     *Common
	users []model.UserSummary
	cur   widget.Cursor
}

// likersShown is how many names the box shows at most.
const likersShown = 10

// newLikersBox lists who liked a post.
func newLikersBox(c *Common, users []model.UserSummary) *likersBox {
	b := &likersBox{c: c, users: users}
	b.cur.SetHeight(likersShown)
	b.cur.SetLen(len(users))
	return b
}

// key moves in the list, opens a profile or closes the box (close).
func (b *likersBox) key(msg tea.KeyPressMsg, close func()) tea.Cmd {
	k := b.c.Keys
	switch {
	case b.cur.Navigate(msg, k):
	case key.Matches(msg, k.Open) && len(b.users) > 0:
		close()
		return emit(openProfileMsg{userID: b.users[b.cur.Index()].ID})
	case key.Matches(msg, k.CancelTyping, k.Likers, k.Back):
		close()
	}
	return nil
}

// view draws the box for a view of w×h cells.
func (b *likersBox) view(w, h int) string {
	s := b.c.Styles
	inner := min(max(w/2, 30), w-4)
	var lines []string
	if len(b.users) == 0 {
		lines = append(lines, s.Muted.Render("No likes yet."))
	}
	for i := b.cur.Top(); i < len(b.users) && i < b.cur.Top()+min(likersShown, h-4); i++ {
		u := b.users[i]
		text := s.Author.Render(name(u)) + " " + s.Handle.Render(handle(u))
		if i == b.cur.Index() {
			text = s.Selected.Render(widget.Pad(name(u)+" "+handle(u), inner))
		}
		lines = append(lines, text)
	}
	title := "♥ Liked by " + plural(len(b.users), "person", "people")
	return widget.Dialog(b.c.Styles, title, lines, inner)
}

// linkBox shows a media post's URL as a link the terminal can open (OSC
// 8), and the URL itself, for terminals that cannot, to copy by hand.
func linkBox(c *Common, p model.Post, w int) string {
	s := c.Styles
	raw := widget.SanitizeLine(p.MediaURL)
	inner := min(max(widget.Width(raw), 36), w-6)
	var lines []string
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		lines = append(lines, ansi.SetHyperlink(raw)+s.Link.Render("Open "+laneIcon(p.Type)+" "+widget.Truncate(u.Host, inner-8))+ansi.ResetHyperlink(), "")
	}
	for _, l := range widget.Wrap(raw, inner) {
		lines = append(lines, s.Body.Render(l))
	}
	lines = append(lines, "", s.Key.Render("y")+s.Muted.Render(" copy · ")+s.Key.Render("esc")+s.Muted.Render(" close"))
	return widget.Dialog(c.Styles, "Media link", lines, inner)
}
