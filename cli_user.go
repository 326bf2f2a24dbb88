package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// UserCmd groups the account commands.
type UserCmd struct {
	Add    UserAddCmd    `cmd:"" help:"Create an account (and its profile)."`
	Passwd UserPasswdCmd `cmd:"" help:"Set a user's password."`
	List   UserListCmd   `cmd:"" help:"List the accounts."`
}

// UserAddCmd creates an account.
type UserAddCmd struct {
	Username      string `arg:"" help:"Username: up to 150 letters, digits and @ . + - _."`
	Email         string `required:"" placeholder:"ADDRESS" help:"E-mail address."`
	First         string `placeholder:"NAME" help:"First name."`
	Last          string `placeholder:"NAME" help:"Last name."`
	PasswordStdin bool   `help:"Read the password as one line from standard input instead of asking for it on the terminal."`
}

// Help is the detailed help of user add.
func (*UserAddCmd) Help() string {
	return `The password is asked for twice on the terminal, or read as one line from
standard input with --password-stdin. It is stored the way Django stores it
(pbkdf2_sha256), so the account also logs in to the Numeneon web app.

Examples:
  numeneon user add alice --email alice@example.com --first Alice --last Liddell
  printf '%s\n' "$PASSWORD" | numeneon user add bob --email bob@example.com --password-stdin`
}

// Run creates the account.
func (c *UserAddCmd) Run(ctx context.Context, a *App, g *Globals) error {
	f := model.SignUp{Username: c.Username, Email: c.Email, FirstName: c.First, LastName: c.Last}
	// Check what was typed on the command line before asking for a password.
	if err := model.ValidateUsername(strings.TrimSpace(f.Username)); err != nil {
		return err
	}
	if err := model.ValidateEmail(strings.TrimSpace(f.Email)); err != nil {
		return err
	}
	op, db, err := a.operator(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := op.UserByUsername(ctx, strings.TrimSpace(f.Username)); err == nil {
		return model.Errorf(model.ECONFLICT, "The username %q is taken.", text.CleanLine(strings.TrimSpace(f.Username)))
	} else if model.ErrorCode(err) != model.ENOTFOUND {
		return err
	}
	if f.Password, err = a.readPassword(c.PasswordStdin, strings.TrimSpace(f.Username)); err != nil {
		return err
	}
	u, err := op.AddUser(ctx, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "Created user %s (id %d).\n", text.CleanLine(u.Username), u.ID)
	return nil
}

// UserPasswdCmd sets a password without the old one.
type UserPasswdCmd struct {
	Username      string `arg:"" help:"Whose password to set."`
	PasswordStdin bool   `help:"Read the password as one line from standard input instead of asking for it on the terminal."`
}

// Help is the detailed help of user passwd.
func (*UserPasswdCmd) Help() string {
	return `Sets the password without asking for the old one: a command for whoever runs
the database.

Examples:
  numeneon user passwd alice
  printf '%s\n' "$PASSWORD" | numeneon user passwd alice --password-stdin`
}

// Run sets the password.
func (c *UserPasswdCmd) Run(ctx context.Context, a *App, g *Globals) error {
	op, db, err := a.operator(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := op.UserByUsername(ctx, c.Username)
	if err != nil {
		if model.ErrorCode(err) == model.ENOTFOUND {
			return model.Errorf(model.ENOTFOUND, "There is no user %q.", text.CleanLine(c.Username))
		}
		return err
	}
	password, err := a.readPassword(c.PasswordStdin, u.Username)
	if err != nil {
		return err
	}
	if err := op.ResetPassword(ctx, u.Username, password); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "Changed the password of %s.\n", text.CleanLine(u.Username))
	return nil
}

// UserListCmd lists accounts.
type UserListCmd struct{}

// Run prints a table of every account, by id.
func (UserListCmd) Run(ctx context.Context, a *App, g *Globals) error {
	op, db, err := a.operator(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tEMAIL\tJOINED\tACTIVE")
	var after int64
	n := 0
	for {
		users, err := op.Users(ctx, after, model.MaxPageSize)
		if err != nil {
			return err
		}
		for _, u := range users {
			active := "yes"
			if !u.IsActive {
				active = "no"
			}
			name := strings.TrimSpace(u.FirstName + " " + u.LastName)
			if name == "" {
				name = "-"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, text.CleanLine(u.Username), text.CleanLine(name), text.CleanLine(u.Email),
				u.DateJoined.Local().Format("2006-01-02"), active)
			after = u.ID
			n++
		}
		if len(users) < model.MaxPageSize {
			break
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "%s.\n", count(n, "user", "users"))
	return nil
}

// terminal returns standard input if it is a terminal, where a command
// may ask questions.
func (a *App) terminal() (*os.File, bool) {
	f, ok := a.Stdin.(*os.File)
	return f, ok && term.IsTerminal(int(f.Fd()))
}

// readPassword gets a new password: one line from standard input with
// --password-stdin, else typed twice on the terminal without echo. It
// checks the password against the model's rules before asking again.
func (a *App) readPassword(fromStdin bool, username string) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(a.Stdin).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			if errors.Is(err, io.EOF) {
				return "", model.Invalid("password", "No password on standard input.")
			}
			return "", fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := a.terminal()
	if !ok {
		return "", model.Invalid("password", "Standard input is not a terminal: give the password on it with --password-stdin.")
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(a.Stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		return string(b), nil
	}
	p, err := ask("New password: ")
	if err != nil {
		return "", err
	}
	if err := model.ValidatePassword(p, username); err != nil {
		return "", err
	}
	again, err := ask("New password again: ")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", model.Invalid("password", "The two passwords differ.")
	}
	return p, nil
}
