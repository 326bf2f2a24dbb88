package tui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/tui/widget"
)

// The key a session came with over SSH, when it is registered to no one:
// a newcomer's sign-up registers it at once; a person who logged in with a
// password is asked, on the bottom line, whether to register it.

// keyOffer is the question on the bottom line, "" when none is asked.
type keyOffer struct {
	line        string // the authorized_keys line
	fingerprint string
}

func newKeyOffer(line string) keyOffer {
	k, _ := model.ParseAuthorizedKey(line) // one the model refuses could not be registered anyway
	return keyOffer{line: line, fingerprint: k.Fingerprint}
}

// sessionKey deals with the session's unregistered key after a sign-in:
// a new account gets it, anyone else is asked. Once per session.
func (a *App) sessionKey(signedUp bool) tea.Cmd {
	if a.opts.SSHKey == "" || a.keyDealt {
		return nil
	}
	a.keyDealt = true
	if signedUp {
		return a.addSessionKey(false)
	}
	a.offer = newKeyOffer(a.opts.SSHKey)
	return nil
}

// keyAddedMsg is the outcome of registering the session's key.
type keyAddedMsg struct {
	fingerprint string
	asked       bool // the person said yes (not a sign-up's own)
	err         error
}

// addSessionKey registers the session's key to the signed-in person.
func (a *App) addSessionKey(asked bool) tea.Cmd {
	line, svc, me := a.opts.SSHKey, a.c.Svc, a.c.User.ID
	return call(a.c, nil, func(ctx context.Context) (model.SSHKey, error) {
		return svc.AddSSHKey(ctx, me, line)
	}, func(k model.SSHKey, err error) tea.Msg {
		return keyAddedMsg{fingerprint: k.Fingerprint, asked: asked, err: err}
	})
}

func (a *App) keyAdded(msg keyAddedMsg) tea.Cmd {
	switch {
	case msg.err == nil:
		return a.toast("Your key "+msg.fingerprint+" is registered: next time ssh lets you straight in.", false)
	case model.ErrorCode(msg.err) == model.ECONFLICT && !msg.asked:
		return nil // registered meanwhile, by another session
	}
	return a.toast("Your key was not registered: "+model.ErrorMessage(msg.err), true)
}

// offerKeyLine is the question, drawn in place of the help line.
func (a *App) offerKeyLine(w int) string {
	s := a.c.Styles
	fp := a.offer.fingerprint
	if len(fp) > 19 {
		fp = fp[:18] + "…" // "SHA256:" and enough to recognise it
	}
	// The answer keys first: on a narrow terminal the question is cut,
	// not how to answer it.
	q := "Register the SSH key you came with (" + fp + ")? Next time ssh lets you straight in."
	return widget.Truncate(" "+s.Muted.Render("y yes · n no")+"  "+s.Title.Render(q), w)
}

// offerKey answers the question with a key press; it reports whether the
// key was an answer.
func (a *App) offerKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch strings.ToLower(msg.String()) {
	case "y":
		a.offer = keyOffer{}
		return a.addSessionKey(true), true
	case "n", "esc":
		a.offer = keyOffer{}
		return nil, true
	}
	return nil, false
}
