package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// feedSearch is the feed's post search: a field at the top of the pane
// and the posts that match under it, as a single column. esc leaves it
// for the feed, which is where it was.
type feedSearch struct {
	in     widget.Input
	q      string // the query of the results shown
	list   *postList
	typing bool // the field has the focus, else the results
	gen    int  // counts searches: a page of an older one is dropped
}

// openSearch shows the search field (again), focused.
func (f *feed) openSearch() tea.Cmd {
	if f.search == nil {
		f.search = &feedSearch{in: widget.NewInput(f.c.Styles, "words in posts", model.MaxPost), list: &postList{c: f.c}}
		f.SetSize(f.w, f.h)
	}
	f.search.typing, f.onMarker = true, false
	return f.search.in.Focus()
}

// key handles the search's own keys: the field's while typing, esc and /
// on the results. It reports whether the key was the search's.
func (s *feedSearch) key(f *feed, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := f.c.Keys
	switch {
	case s.typing && s.q != "" && key.Matches(msg, k.CancelTyping):
		// Out of the field, back to the results it was changing.
		s.typing = false
		s.in.SetValue(s.q)
		s.in.Blur()
		return nil, true
	case s.typing && key.Matches(msg, k.CancelTyping):
		f.search = nil
		return nil, true
	case s.typing && key.Matches(msg, k.SubmitForm):
		return s.run(f), true
	case s.typing:
		var cmd tea.Cmd
		cmd = s.in.Update(msg)
		return cmd, true
	case key.Matches(msg, k.Search):
		s.typing = true
		return s.in.Focus(), true
	}
	return nil, false
}

// Back closes the search's results, back to the feed where it was.
func (f *feed) Back() bool {
	if f.search == nil || f.search.typing {
		return false
	}
	f.search = nil
	return true
}

// run searches for what the field holds, from the first page.
func (s *feedSearch) run(f *feed) tea.Cmd {
	s.q = strings.TrimSpace(s.in.Value())
	s.gen++
	s.list.reset()
	s.list.loading = true
	s.typing = false
	s.in.Blur()
	return s.load(f, model.Page{Limit: listPageSize}, true)
}

// more loads the next page of results when the reader nears their end.
func (s *feedSearch) more(f *feed) tea.Cmd {
	page := s.list.next()
	if page == nil {
		return nil
	}
	s.list.loading = true
	return s.load(f, *page, false)
}

// load asks for a page of the results of the query shown.
func (s *feedSearch) load(f *feed, page model.Page, first bool) tea.Cmd {
	svc, user, q, gen := f.c.Svc, f.c.User.ID, s.q, s.gen
	return call(f.c, f, func(ctx context.Context) ([]model.Post, error) {
		return svc.SearchPosts(ctx, user, q, page)
	}, func(posts []model.Post, err error) tea.Msg {
		return feedPageMsg{gen: gen, search: true, first: first, posts: posts, err: err}
	})
}

// loaded takes a page of results. A query the Service refuses (too short)
// puts the focus back in the field, with the reason under it.
func (s *feedSearch) loaded(msg feedPageMsg) tea.Cmd {
	if s == nil || msg.gen != s.gen {
		return nil
	}
	s.list.finished(msg.err, msg.first)
	if msg.err == nil {
		s.list.add(msg.posts, msg.first)
		return nil
	}
	if model.ErrorCode(msg.err) == model.EINVALID {
		s.typing = true
		return s.in.Focus()
	}
	return nil
}

// head is the search's two lines above the results: the field, then what
// the search found or why it could not.
func (s *feedSearch) head(c *Common, w int) (field, status string) {
	st := c.Styles
	field = " " + st.Label.Render("Search posts ") + s.in.View()
	l := s.list
	switch {
	case l.err != nil:
		status = st.Error.Render(widget.Truncate(" "+widget.SanitizeLine(model.ErrorMessage(l.err)), w))
	case l.loading && len(l.posts) == 0:
		status = st.Muted.Render(" Searching…")
	case s.q == "" || s.typing:
		status = " " + st.Key.Render("enter") + st.Muted.Render(" search · ") + st.Key.Render("esc") + st.Muted.Render(" back to the feed")
	case len(l.posts) == 0:
		status = st.Muted.Render(widget.Truncate(" No post matches “"+widget.SanitizeLine(s.q)+"”.", w))
	default:
		more := ""
		if !l.done {
			more = " so far"
		}
		status = st.Muted.Render(widget.Truncate(" "+plural(len(l.posts), "post matches", "posts match")+" “"+widget.SanitizeLine(s.q)+"”"+more+" · / to change · esc back to the feed", w))
	}
	return widget.Truncate(field, w), status
}
