package main

import (
	"context"
	"fmt"

	"github.com/numeneon/numeneon/text"
)

// UserDeactivateCmd closes an account.
type UserDeactivateCmd struct {
	Username string `arg:"" help:"Whose account to close."`
}

// Help is the detailed help of user deactivate.
func (*UserDeactivateCmd) Help() string {
	return `Closes the account as Django's is_active does: it can no longer sign in, here
or on the Numeneon web app, its open sessions end at once on every server with
a message, and its posts and messages stay. "numeneon user activate" opens it
again.`
}

// Run closes the account.
func (c *UserDeactivateCmd) Run(ctx context.Context, a *App, g *Globals) error {
	return a.setActive(ctx, g, c.Username, false)
}

// UserActivateCmd opens an account again.
type UserActivateCmd struct {
	Username string `arg:"" help:"Whose account to open again."`
}

// Run opens the account.
func (c *UserActivateCmd) Run(ctx context.Context, a *App, g *Globals) error {
	return a.setActive(ctx, g, c.Username, true)
}

// setActive opens or closes the named account and says what changed.
func (a *App) setActive(ctx context.Context, g *Globals, username string, active bool) error {
	op, db, err := a.operator(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	u, changed, err := op.SetActive(ctx, username, active)
	if err != nil {
		return err
	}
	name := text.CleanLine(u.Username)
	switch {
	case !changed && active:
		fmt.Fprintf(a.Stdout, "%s is active already.\n", name)
	case !changed:
		fmt.Fprintf(a.Stdout, "%s is deactivated already.\n", name)
	case active:
		fmt.Fprintf(a.Stdout, "Activated %s: they can sign in again.\n", name)
	default:
		fmt.Fprintf(a.Stdout, "Deactivated %s: their open sessions end now, and they cannot sign in until \"numeneon user activate %s\".\n", name, name)
	}
	return nil
}
