package tui

// How the post view loads its thread and keeps it current: pages of
// replies, live replies and likes, and what its own actions change.

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// load reads the post (the thread's post, when opened on a reply) and
// the newest page of its thread.
func (v *postView) load() tea.Cmd {
	v.loading = true
	svc, user, id := v.c.Svc, v.c.User.ID, v.id
	if v.top.ID != 0 {
		id = v.top.ID
	}
	return call(v.c, v, func(ctx context.Context) (threadMsg, error) {
		top, err := svc.Post(ctx, user, id)
		if err == nil && top.ParentID != nil {
			top, err = svc.Post(ctx, user, *top.ParentID)
		}
		if err != nil {
			return threadMsg{}, err
		}
		replies, err := svc.Thread(ctx, user, top.ID, model.Page{Limit: threadPageSize})
		return threadMsg{top: top, replies: replies}, err
	}, func(m threadMsg, err error) tea.Msg {
		m.err = err
		return m
	})
}

// loadOlder reads the page of replies before the oldest shown.
func (v *postView) loadOlder() tea.Cmd {
	if v.loadingOlder || !v.older || len(v.replies) == 0 {
		return nil
	}
	v.loadingOlder = true
	oldest := slices.MinFunc(v.replies, oldestFirst)
	svc, user, top := v.c.Svc, v.c.User.ID, v.top
	page := model.Page{Limit: threadPageSize, Before: oldest.Cursor()}
	return call(v.c, v, func(ctx context.Context) ([]model.Post, error) { return svc.Thread(ctx, user, top.ID, page) },
		func(rs []model.Post, err error) tea.Msg {
			return threadMsg{top: top, replies: rs, older: true, err: err}
		})
}

// reread reads a post of the thread (0: none) and the thread's post, for
// their new counts or a new reply.
func (v *postView) reread(id int64) tea.Cmd {
	svc, user, topID := v.c.Svc, v.c.User.ID, v.top.ID
	return call(v.c, v, func(ctx context.Context) (threadLiveMsg, error) {
		var m threadLiveMsg
		if id != 0 && id != topID {
			p, err := svc.Post(ctx, user, id)
			if err != nil || p.ParentID == nil || *p.ParentID != topID {
				return threadLiveMsg{other: true}, err // gone already, or another thread's
			}
			m.post = p
		}
		top, err := svc.Post(ctx, user, topID)
		m.top = top
		return m, err
	}, func(m threadLiveMsg, err error) tea.Msg {
		if m.other {
			return nil
		}
		m.err = err
		return m
	})
}

// loaded takes the post and a page of its thread.
func (v *postView) loaded(msg threadMsg) tea.Cmd {
	if msg.older {
		v.loadingOlder = false
	} else {
		v.loading = false
	}
	if msg.err != nil {
		if msg.older {
			v.status = outcome{text: "Could not load older replies: " + model.ErrorMessage(msg.err), isErr: true}
		} else if v.top.ID != 0 {
			v.reloadErr = model.ErrorMessage(msg.err)
		} else {
			v.err = msg.err
		}
		return nil
	}
	first := v.top.ID == 0
	v.err, v.top = nil, msg.top
	if !msg.older {
		v.reloadErr = ""
	}
	if first || msg.older {
		v.older = len(msg.replies) == threadPageSize
	}
	v.merge(msg.replies...)
	if first {
		v.cur.To(v.focusItem())
	}
	if v.wantReply {
		v.wantReply = false
		return v.openReply(v.focusItem())
	}
	return nil
}

// focusItem is the row of the post the view was opened on.
func (v *postView) focusItem() int {
	return max(slices.IndexFunc(v.items, func(it threadItem) bool { return it.kind != threadOlder && it.post.ID == v.id }), 0)
}

// merge adds replies (or puts newer copies in place) and lays the thread
// out again, keeping the selection and the first row shown on the same
// posts: what the reader looks at does not move.
func (v *postView) merge(rs ...model.Post) {
	for _, r := range rs {
		if i := slices.IndexFunc(v.replies, func(p model.Post) bool { return p.ID == r.ID }); i >= 0 {
			v.replies[i] = r
		} else {
			v.replies = append(v.replies, r)
		}
	}
	v.relayout()
}

// relayout rebuilds the rows from the post and its replies, keeping the
// selection and the first row shown on the same posts.
func (v *postView) relayout() {
	keyOf := func(i int) (threadKind, int64) {
		if i < len(v.items) {
			return v.items[i].kind, v.items[i].post.ID
		}
		return threadPost, v.top.ID
	}
	selKind, selID := keyOf(v.cur.Index())
	firstKind, firstID := keyOf(v.first)
	v.items = threadItems(v.top, v.replies, v.older)
	find := func(kind threadKind, id int64) int {
		return max(slices.IndexFunc(v.items, func(it threadItem) bool { return it.kind == kind && it.post.ID == id }), 0)
	}
	v.cur.SetLen(len(v.items))
	v.cur.To(find(selKind, selID))
	v.first = find(firstKind, firstID)
}

// put shows a changed post in place, if it is the thread's.
func (v *postView) put(p model.Post) {
	switch {
	case p.ID == v.top.ID:
		v.top = p
		v.relayout()
	case slices.ContainsFunc(v.replies, func(r model.Post) bool { return r.ID == p.ID }):
		v.merge(p)
	}
}

// drop takes a deleted post away: the thread's post leaves the view
// empty, a reply leaves its answers where they were.
func (v *postView) drop(id int64) {
	if id == v.top.ID {
		v.gone = true
		return
	}
	i := slices.IndexFunc(v.replies, func(r model.Post) bool { return r.ID == id })
	if i < 0 {
		return
	}
	v.replies = slices.Delete(v.replies, i, i+1)
	for k := range v.replies {
		if to := v.replies[k].ReplyToCommentID; to != nil && *to == id {
			v.replies[k].ReplyToCommentID = nil
		}
	}
	v.relayout()
}

// event handles a live event: a reply or a mention in this thread adds
// the reply, a like changes a count.
func (v *postView) event(ev model.Event) tea.Cmd {
	if v.top.ID == 0 || v.gone {
		return nil
	}
	switch ev.Kind {
	case model.EventReply, model.EventMention:
		return v.reread(ev.PostID)
	case model.EventLike:
		if ev.PostID == v.top.ID || slices.ContainsFunc(v.replies, func(r model.Post) bool { return r.ID == ev.PostID }) {
			return v.reread(ev.PostID)
		}
	}
	return nil
}

// learn takes what reread read: the thread's post with its counts, and a
// reply, new or changed. The other panes hear of the new counts.
func (v *postView) learn(msg threadLiveMsg) tea.Cmd {
	v.top = msg.top
	if msg.post.ID != 0 {
		v.merge(msg.post)
	} else {
		v.relayout()
	}
	return emit(postChangedMsg{post: msg.top})
}

// sent takes the outcome of a reply: on success it shows under its post
// and is selected, and the post's count is read again.
func (v *postView) sent(msg replySentMsg) tea.Cmd {
	if v.reply == nil {
		return nil
	}
	if msg.err != nil {
		return v.reply.failed(msg.err)
	}
	v.reply, v.draft = nil, ""
	v.merge(msg.reply)
	v.cur.To(slices.IndexFunc(v.items, func(it threadItem) bool { return it.post.ID == msg.reply.ID }))
	return v.reread(0)
}

// deleted takes the outcome of a deletion: the thread's post closes the
// view, a reply leaves it.
func (v *postView) deleted(msg deletedMsg) tea.Cmd {
	if msg.err != nil {
		v.status = outcome{text: "Could not delete it: " + model.ErrorMessage(msg.err), isErr: true}
		return nil
	}
	if msg.id == v.top.ID {
		v.gone = true
		return tea.Batch(emit(postDeletedMsg{id: msg.id}), emit(backMsg{}), emit(toastMsg{text: "Post deleted."}))
	}
	v.drop(msg.id)
	v.top = msg.top
	v.relayout()
	return tea.Batch(emit(postDeletedMsg{id: msg.id}), emit(postChangedMsg{post: msg.top}), emit(toastMsg{text: "Reply deleted."}))
}

// remove deletes a post of the thread (the reader's own, after y).
func (v *postView) remove(p model.Post) tea.Cmd {
	svc, user, topID := v.c.Svc, v.c.User.ID, v.top.ID
	return call(v.c, v, func(ctx context.Context) (model.Post, error) {
		if err := svc.DeletePost(ctx, user, p.ID); err != nil || p.ID == topID {
			return model.Post{}, err
		}
		return svc.Post(ctx, user, topID)
	}, func(top model.Post, err error) tea.Msg { return deletedMsg{id: p.ID, top: top, err: err} })
}
