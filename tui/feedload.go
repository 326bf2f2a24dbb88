package tui

// How the feed loads: its pages, by keyset, and what live events change.

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// riverPageMsg is a page of the River for the load numbered gen.
type riverPageMsg struct {
	gen   int
	first bool
	rows  []model.RiverRow
	err   error
}

// feedPageMsg is a page of the column (or of search results) for the load
// numbered gen.
type feedPageMsg struct {
	gen    int
	search bool
	first  bool
	posts  []model.Post
	err    error
}

// feedPostMsg is a post the feed read because of a live event.
type feedPostMsg struct {
	kind model.EventKind
	post model.Post
	err  error
}

// loadRiver asks for the River's first page or the next one.
func (f *feed) loadRiver(first bool) tea.Cmd {
	r := f.river
	var after *model.RiverCursor
	if first {
		f.riverStale = false
	} else if after = r.next(); after == nil {
		return nil
	}
	r.loading = true
	svc, user, scope, gen := f.c.Svc, f.c.User.ID, f.scope, f.gen
	return call(f.c, f, func(ctx context.Context) ([]model.RiverRow, error) {
		return svc.River(ctx, user, scope, riverPageSize, after)
	}, func(rows []model.RiverRow, err error) tea.Msg {
		return riverPageMsg{gen: gen, first: first, rows: rows, err: err}
	})
}

// loadList asks for the column's first page or the next one.
func (f *feed) loadList(first bool) tea.Cmd {
	l := f.list
	page := &model.Page{Limit: listPageSize}
	if first {
		f.listStale = false
	} else if page = l.next(); page == nil {
		return nil
	}
	l.loading = true
	svc, user, scope, gen := f.c.Svc, f.c.User.ID, f.scope, f.gen
	pg := *page
	return call(f.c, f, func(ctx context.Context) ([]model.Post, error) {
		return svc.Feed(ctx, user, scope, pg)
	}, func(posts []model.Post, err error) tea.Msg {
		return feedPageMsg{gen: gen, first: first, posts: posts, err: err}
	})
}

// reload loads the view shown from its start and marks the other one to
// load when shown: after a scope change, a refresh, or to show the new
// posts (toTop: then the reader goes to the top, where they are).
func (f *feed) reload(toTop bool) tea.Cmd {
	f.gen++
	f.toTop = toTop
	f.fresh, f.onMarker, f.status = 0, false, outcome{}
	f.river.loading, f.list.loading = false, false
	if f.column {
		f.riverStale = true
		return f.loadList(true)
	}
	f.listStale = true
	return f.loadRiver(true)
}

// more loads the next page of what is shown, when the reader nears its
// end.
func (f *feed) more() tea.Cmd {
	switch {
	case f.search != nil:
		return f.search.more(f)
	case f.column:
		return f.loadList(false)
	}
	return f.loadRiver(false)
}

// replace puts a changed post in place wherever the feed shows it.
func (f *feed) replace(p model.Post) {
	f.river.replace(p)
	f.list.replace(p)
	if f.search != nil {
		f.search.list.replace(p)
	}
}

// shows reports whether the feed shows post id anywhere.
func (f *feed) shows(id int64) bool {
	if f.list.index(id) >= 0 || f.search != nil && f.search.list.index(id) >= 0 {
		return true
	}
	for _, row := range f.river.rows {
		for _, t := range model.PostTypes {
			for _, p := range row.Lane(t) {
				if p.ID == id {
					return true
				}
			}
		}
	}
	return false
}

// event handles a live event: a new post (the reader's own shows at once,
// others' are counted by the marker and placed in their River row), and
// likes and replies on posts shown (their counts change in place).
func (f *feed) event(ev model.Event) tea.Cmd {
	switch ev.Kind {
	case model.EventNewPost:
		own := ev.ActorID == f.c.User.ID
		if !own {
			f.fresh++
		}
		if own || f.river.rowOf(ev.ActorID) >= 0 {
			return f.fetch(ev.Kind, ev.PostID, false)
		}
	case model.EventLike:
		if f.shows(ev.PostID) {
			return f.fetch(ev.Kind, ev.PostID, false)
		}
	case model.EventReply:
		return f.fetch(ev.Kind, ev.PostID, true)
	}
	return nil
}

// fetch reads a post for a live event; of a reply (parent), it reads the
// post the reply belongs to, if the feed shows that one.
func (f *feed) fetch(kind model.EventKind, id int64, parent bool) tea.Cmd {
	svc, user := f.c.Svc, f.c.User.ID
	return call(f.c, f, func(ctx context.Context) (model.Post, error) {
		p, err := svc.Post(ctx, user, id)
		if err != nil || !parent {
			return p, err
		}
		if p.ParentID == nil {
			return model.Post{}, nil // not a reply after all: nothing to update
		}
		return svc.Post(ctx, user, *p.ParentID)
	}, func(p model.Post, err error) tea.Msg { return feedPostMsg{kind: kind, post: p, err: err} })
}

// learn puts a post read for a live event where it belongs.
func (f *feed) learn(msg feedPostMsg) {
	p := msg.post
	switch {
	case msg.kind != model.EventNewPost:
		f.replace(p)
	case p.Author.ID == f.c.User.ID:
		if !f.listStale {
			f.list.prepend(p)
		}
		if !f.riverStale {
			f.river.mine(p)
		}
	default:
		f.river.arrived(p)
	}
}
