package tui

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// Drafts outlive the session: what was typed and not sent, in a composer
// or to someone in chat, is saved when the session ends, however it ends,
// and is there again at the next sign-in, here or over SSH after a
// dropped connection.

// dmDraftKey is the draft key of a message to a user.
func dmDraftKey(user int64) string { return "dm:" + strconv.FormatInt(user, 10) }

// draftsMsg brings the drafts kept from earlier sessions.
type draftsMsg struct {
	drafts map[string]model.Draft
	err    error
}

func (a *App) loadDrafts() tea.Cmd {
	svc, me := a.c.Svc, a.c.User.ID
	return call(a.c, nil, func(ctx context.Context) (map[string]model.Draft, error) {
		return svc.Drafts(ctx, me)
	}, func(d map[string]model.Draft, err error) tea.Msg { return draftsMsg{drafts: d, err: err} })
}

// restoreDrafts puts the kept drafts where they belong, without covering
// anything typed since the session began.
func (a *App) restoreDrafts(msg draftsMsg) {
	a.savedDrafts = map[string]bool{}
	for key, d := range msg.drafts {
		a.savedDrafts[key] = true
		if id, ok := strings.CutPrefix(key, "dm:"); ok {
			if user, err := strconv.ParseInt(id, 10, 64); err == nil {
				if ch, ok := a.tabs[tabChat].(*chat); ok {
					ch.restoreDraft(user, d.Content)
				}
			}
			continue
		}
		if _, typed := a.c.Drafts[key]; !typed {
			a.c.Drafts[key] = d
		}
	}
}

// SaveDrafts saves what the session typed and did not send, and forgets
// the kept drafts that were sent or emptied meanwhile. Run it once the
// session's program has ended.
func (a *App) SaveDrafts(ctx context.Context) error {
	if a.c.User.ID == 0 || a.farewell != "" {
		return nil // no one, or an account that can no longer keep them
	}
	for _, p := range a.stack {
		if cp, ok := p.(*compose); ok {
			cp.keepDraft()
		}
	}
	now := map[string]model.Draft{}
	for key, d := range a.c.Drafts {
		now[key] = d
	}
	if ch, ok := a.tabs[tabChat].(*chat); ok {
		for user, text := range ch.unsent() {
			now[dmDraftKey(user)] = model.Draft{Content: text}
		}
	}
	var firstErr error
	save := func(key string, d model.Draft) {
		if err := a.c.Svc.SaveDraft(ctx, a.c.User.ID, key, d); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	for key, d := range now {
		save(key, d)
	}
	for key := range a.savedDrafts {
		if _, still := now[key]; !still {
			save(key, model.Draft{}) // an empty draft is forgotten
		}
	}
	return firstErr
}
