package tui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// Blocking and muting, from someone's profile (B and M, below), the
// command line (:block, :mute, …) and the list of them (:blocks). Each
// change is followed by a refresh of every pane: what a block or a mute
// hides leaves the feeds, threads, chat and notifications at once.

// shieldAction is one of the four changes.
type shieldAction int

const (
	doBlock shieldAction = iota
	doUnblock
	doMute
	doUnmute
)

// shieldCmd makes the change about u and reports it to the pane to (as
// socialDoneMsg, with refresh set).
func shieldCmd(c *Common, to pane, u model.UserSummary, act shieldAction) tea.Cmd {
	svc, me := c.Svc, c.User.ID
	return call(c, to, func(ctx context.Context) (string, error) {
		return shield(ctx, svc, me, u, act)
	}, func(text string, err error) tea.Msg {
		return socialDoneMsg{text: text, err: err, refresh: true}
	})
}

// shield makes the change and says what it did.
func shield(ctx context.Context, svc Service, me int64, u model.UserSummary, act shieldAction) (string, error) {
	who := name(u)
	switch act {
	case doBlock:
		return "Blocked " + who + ": neither of you can reach the other or see the other's posts.", svc.Block(ctx, me, u.ID)
	case doUnblock:
		return "Unblocked " + who + ".", svc.Unblock(ctx, me, u.ID)
	case doMute:
		return "Muted " + who + ": their posts and notifications are hidden from you.", svc.Mute(ctx, me, u.ID)
	}
	return "Unmuted " + who + ".", svc.Unmute(ctx, me, u.ID)
}

// shieldedMsg is a change made from the command line: the root shows
// text and has every pane load again.
type shieldedMsg struct{ text string }

// blockQuestion is what B asks before a block.
func blockQuestion(u model.UserSummary) (title, detail string) {
	return "Block " + name(u) + "?", "They can't message you, befriend you, reply to or like your posts, " +
		"write on your wall or mention you; neither sees the other's posts, and your friendship ends."
}

// block asks before blocking them, or unblocks them.
func (p *profile) block() tea.Cmd {
	switch {
	case p.busy:
		return nil
	case p.view.Blocking.Blocks:
		p.busy = true
		return shieldCmd(p.c, p, p.summary(), doUnblock)
	}
	p.asking = askBlock
	return nil
}

// mute mutes or unmutes them.
func (p *profile) mute() tea.Cmd {
	if p.busy {
		return nil
	}
	p.busy = true
	if p.view.Blocking.Mutes {
		return shieldCmd(p.c, p, p.summary(), doUnmute)
	}
	return shieldCmd(p.c, p, p.summary(), doMute)
}

// shieldKeys are B and M as they act on this person.
func (p *profile) shieldKeys() []key.Binding {
	k := p.c.Keys
	b, m := k.Block, k.Mute
	if p.view != nil && p.view.Blocking.Blocks {
		b.SetHelp(b.Help().Key, "unblock")
	}
	if p.view != nil && p.view.Blocking.Mutes {
		m.SetHelp(m.Help().Key, "unmute")
	}
	return []key.Binding{b, m}
}
