package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
)

// Actions on a post that every pane showing posts offers (like, share,
// copy its link, reply), done the same way everywhere. The outcome comes
// back to the pane that asked.

// postActMsg is the outcome of a like or a share: the post as it is now,
// or the error.
type postActMsg struct {
	verb string // "like" or "share", for the error
	post model.Post
	err  error
}

// likeCmd flips the viewer's like of a post and reads it back with its
// new count.
func likeCmd(c *Common, to pane, id int64) tea.Cmd {
	svc, user := c.Svc, c.User.ID
	return call(c, to, func(ctx context.Context) (model.Post, error) {
		if _, err := svc.ToggleLike(ctx, user, id); err != nil {
			return model.Post{}, err
		}
		return svc.Post(ctx, user, id)
	}, func(p model.Post, err error) tea.Msg {
		return postActMsg{verb: "like", post: p, err: err}
	})
}

// shareCmd flips the viewer's share of a post (one per person: b again
// takes it back) and reads the post back with its new count.
func shareCmd(c *Common, to pane, id int64) tea.Cmd {
	svc, user := c.Svc, c.User.ID
	return call(c, to, func(ctx context.Context) (model.Post, error) {
		if _, err := svc.ToggleShare(ctx, user, id); err != nil {
			return model.Post{}, err
		}
		return svc.Post(ctx, user, id)
	}, func(p model.Post, err error) tea.Msg {
		return postActMsg{verb: "share", post: p, err: err}
	})
}

// acted is what a pane does after it put msg.post in place: tell the
// other panes, and say so for a share. On failure it returns what to show
// where the post is.
func acted(msg postActMsg) (outcome, tea.Cmd) {
	if msg.err != nil {
		return outcome{text: "Could not " + msg.verb + " the post: " + model.ErrorMessage(msg.err), isErr: true}, nil
	}
	cmd := emit(postChangedMsg{post: msg.post})
	if msg.verb == "share" {
		said := "Shared " + name(msg.post.Author) + "'s post with your friends."
		if !msg.post.SharedByViewer {
			said = "Took back your share of " + name(msg.post.Author) + "'s post."
		}
		cmd = tea.Batch(cmd, emit(toastMsg{text: said}))
	}
	return outcome{}, cmd
}

// copyLinkCmd puts a post's link on the clipboard (OSC 52) and says so:
// its web app's address, or, when none is configured, its numeneon://
// address, with a word in the pane's status line that there is none.
func copyLinkCmd(c *Common, p model.Post) (tea.Cmd, outcome) {
	link := postLink(c.WebURL, p)
	if c.WebURL == "" {
		return tea.SetClipboard(link), outcome{text: "No web address is configured (--web-url or NUMENEON_WEB_URL); copied " + link + " instead."}
	}
	return copyTextCmd(link), outcome{}
}

// copyTextCmd puts a link on the clipboard (OSC 52) and says so. Bubble
// Tea writes the sequence at its next flush, within a second: the program
// runs without its renderer.
func copyTextCmd(link string) tea.Cmd {
	return tea.Batch(tea.SetClipboard(link), emit(toastMsg{text: "Copied " + link}))
}

// openToReply opens a post's view with its reply field ready: the view
// must be open before it hears replyToPostMsg, hence the sequence.
func openToReply(id int64) tea.Cmd {
	return tea.Sequence(emit(openPostMsg{id: id}), emit(replyToPostMsg{id: id}))
}
