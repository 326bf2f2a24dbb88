package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// UserInviteCmd makes an invite code.
type UserInviteCmd struct {
	Uses    int    `default:"1" help:"How many people the code lets sign up."`
	Expires string `default:"7d" placeholder:"AGE" help:"How long the code lasts: 7d, 12h, 30m, or never."`
}

// Help is the detailed help of user invite.
func (*UserInviteCmd) Help() string {
	return `Makes an invite code for a server run with "numeneon serve --signup invite": a
newcomer types it in the sign-up form. The code is printed this once; the
database keeps only its hash. "numeneon user invites" lists the codes, and
revokes one with --revoke.

Examples:
  numeneon user invite
  numeneon user invite --uses 20 --expires 30d
  numeneon user invite --expires never`
}

// Validate checks the flags before the database is opened.
func (c *UserInviteCmd) Validate() error {
	if c.Uses < 1 || c.Uses > model.MaxInviteUses {
		return fmt.Errorf("--uses must be 1 to %d (it is %d)", model.MaxInviteUses, c.Uses)
	}
	_, err := parseAge(c.Expires)
	return err
}

// Run makes the code and prints it.
func (c *UserInviteCmd) Run(ctx context.Context, a *App, g *Globals) error {
	age, err := parseAge(c.Expires)
	if err != nil {
		return err
	}
	op, db, err := a.operator(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	code, inv, err := op.CreateInvite(ctx, c.Uses, age)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.Stdout, code)
	fmt.Fprintf(a.Stderr, "Invite %d: %s, %s.\n", inv.ID, count(inv.Uses, "sign-up", "sign-ups"), expiry(inv))
	return nil
}

// parseAge reads --expires: a number of days (7d), a Go duration (12h,
// 30m), or "never" (0).
func parseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "never" {
		return 0, nil
	}
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 || d > 10*365*24*time.Hour {
		return 0, fmt.Errorf("--expires %q: give an age up to ten years, like 7d, 12h or 30m, or never", s)
	}
	return d, nil
}

// expiry says when an invite expires.
func expiry(inv model.Invite) string {
	if inv.ExpiresAt == nil {
		return "never expires"
	}
	return "expires " + inv.ExpiresAt.Local().Format("2006-01-02 15:04")
}

// UserInvitesCmd lists invite codes, or revokes one.
type UserInvitesCmd struct {
	Revoke int64 `placeholder:"ID" help:"Revoke the invite with this ID (as listed): no one signs up with it any more."`
}

func init() {
	// Revoking is said on the command line, never by a configuration file.
	commandLineOnly["revoke"] = true
}

// Run lists the invites, or revokes one.
func (c *UserInvitesCmd) Run(ctx context.Context, a *App, g *Globals) error {
	op, db, err := a.operator(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	if c.Revoke != 0 {
		if err := op.RevokeInvite(ctx, c.Revoke); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "Revoked invite %d.\n", c.Revoke)
		return nil
	}
	invites, err := op.Invites(ctx)
	if err != nil {
		return err
	}
	if len(invites) == 0 {
		fmt.Fprintln(a.Stdout, "No invites. Make one with: numeneon user invite")
		return nil
	}
	now := time.Now()
	tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCODE\tUSED\tEXPIRES\tMADE\tSTATE")
	for _, inv := range invites {
		expires, state := "never", "live"
		if inv.ExpiresAt != nil {
			expires = inv.ExpiresAt.Local().Format("2006-01-02 15:04")
		}
		switch {
		case inv.Used >= inv.Uses:
			state = "used up"
		case !inv.Live(now):
			state = "expired"
		}
		fmt.Fprintf(tw, "%d\t%s-…\t%d/%d\t%s\t%s\t%s\n", inv.ID, text.CleanLine(inv.Hint), inv.Used, inv.Uses, expires,
			inv.CreatedAt.Local().Format("2006-01-02"), state)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "%s.\n", count(len(invites), "invite", "invites"))
	return nil
}
