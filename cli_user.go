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
	Add        UserAddCmd        `cmd:"" help:"Create an account (and its profile)."`
	Passwd     UserPasswdCmd     `cmd:"" help:"Set a user's password."`
	List       UserListCmd       `cmd:"" help:"List the accounts."`
	Keys       UserKeysCmd       `cmd:"" help:"List, add or remove the SSH public keys of an account."`
	Invite     UserInviteCmd     `cmd:"" help:"Make an invite code for a server that takes new accounts by invite."`
	Invites    UserInvitesCmd    `cmd:"" help:"List the invite codes, or revoke one."`
	Deactivate UserDeactivateCmd `cmd:"" help:"Close an account: it cannot sign in, and its open sessions end at once."`
	Activate   UserActivateCmd   `cmd:"" help:"Open a closed account again."`
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
	u, err := namedUser(ctx, op, c.Username)
	if err != nil {
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

// UserKeysCmd lists, adds or removes the SSH public keys of an account.
type UserKeysCmd struct {
	Username string `arg:"" help:"Whose keys."`
	Add      string `placeholder:"FILE" xor:"action" help:"Add the public keys of FILE (a .pub or authorized_keys file; - for standard input), one a line."`
	Remove   string `placeholder:"FINGERPRINT" xor:"action" help:"Remove the key with this fingerprint (SHA256:…, as listed)."`
}

func init() {
	// What keys an account has is said on the command line each time,
	// never by a configuration file.
	commandLineOnly["add"] = true
	commandLineOnly["remove"] = true
}

// Help is the detailed help of user keys.
func (*UserKeysCmd) Help() string {
	return `Without --add or --remove, lists the account's SSH public keys: the fingerprint,
the type, the comment and the day it was added. A key signs its owner in to
numeneon serve without a password; each key belongs to one account, and an
account has at most 20.

--add reads an OpenSSH public key file (~/.ssh/id_ed25519.pub) or an
authorized_keys file and adds each key in it, skipping blank lines and # comments;
options before a key (from=…, command=…) are refused, since numeneon keeps none.

Examples:
  numeneon user keys alice
  numeneon user keys alice --add ~/.ssh/id_ed25519.pub
  ssh-add -L | numeneon user keys alice --add -
  numeneon user keys alice --remove SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s`
}

// maxKeyFile bounds what --add reads: far more than 20 keys of any kind.
const maxKeyFile = 1 << 20

// Run lists, adds or removes keys.
func (c *UserKeysCmd) Run(ctx context.Context, a *App, g *Globals) error {
	var in []byte
	if c.Add != "" {
		var err error
		if in, err = a.readKeyFile(c.Add); err != nil {
			return err
		}
	}
	op, db, err := a.operator(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := namedUser(ctx, op, c.Username)
	if err != nil {
		return err
	}
	name := text.CleanLine(u.Username)
	switch {
	case c.Add != "":
		return a.addKeys(ctx, op, u.Username, in)
	case c.Remove != "":
		if err := op.RemoveSSHKey(ctx, u.Username, c.Remove); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "Removed the key %s of %s.\n", text.CleanLine(strings.TrimSpace(c.Remove)), name)
		return nil
	}
	keys, err := op.SSHKeys(ctx, u.Username)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		fmt.Fprintf(a.Stdout, "%s has no SSH keys. Add one with: numeneon user keys %s --add ~/.ssh/id_ed25519.pub\n", name, name)
		return nil
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FINGERPRINT\tTYPE\tCOMMENT\tADDED")
	for _, k := range keys {
		comment := text.CleanLine(k.Comment)
		if comment == "" {
			comment = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", text.CleanLine(k.Fingerprint), text.CleanLine(k.Type), comment,
			k.CreatedAt.Local().Format("2006-01-02"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "%s.\n", count(len(keys), "key", "keys"))
	return nil
}

// readKeyFile reads what --add names: a file, or standard input for "-".
func (a *App) readKeyFile(name string) ([]byte, error) {
	var r io.Reader = a.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("read the keys: %w", err)
		}
		defer f.Close()
		r = f
	}
	in, err := io.ReadAll(io.LimitReader(r, maxKeyFile+1))
	if err != nil {
		return nil, fmt.Errorf("read the keys: %w", err)
	}
	if len(in) > maxKeyFile {
		return nil, model.Invalid("key", "That is too long for a file of public keys (at most %d MiB).", maxKeyFile>>20)
	}
	return in, nil
}

// addKeys adds each key line of in, reporting each, and fails when any
// was refused.
func (a *App) addKeys(ctx context.Context, op *model.Operator, username string, in []byte) error {
	content := string(in)
	// A private key or an RFC 4716 key spans lines: say what it is once,
	// rather than refusing each of its lines.
	if model.IsKeyBlock(content) {
		_, err := model.ParseAuthorizedKey(content)
		return err
	}
	name := text.CleanLine(username)
	added, failed := 0, 0
	for i, line := range strings.Split(content, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, err := op.AddSSHKey(ctx, username, line)
		if err != nil {
			if model.ErrorCode(err) == model.EINTERNAL {
				return err
			}
			failed++
			fmt.Fprintf(a.Stderr, "numeneon: line %d: %s\n", i+1, text.CleanLine(model.ErrorMessage(err)))
			continue
		}
		added++
		comment := ""
		if k.Comment != "" {
			comment = ", " + text.CleanLine(k.Comment)
		}
		fmt.Fprintf(a.Stdout, "Added %s (%s%s) to %s.\n", text.CleanLine(k.Fingerprint), text.CleanLine(k.Type), comment, name)
	}
	switch {
	case added == 0 && failed == 0:
		return model.Invalid("key", "No public key found: give the line of a .pub file (ssh-ed25519 AAAA…).")
	case failed > 0:
		return model.Errorf(model.EINVALID, "%s not added.", count(failed, "key was", "keys were"))
	}
	return nil
}

// namedUser finds the account a command names, or says there is none.
func namedUser(ctx context.Context, op *model.Operator, username string) (model.User, error) {
	u, err := op.UserByUsername(ctx, username)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return u, model.Errorf(model.ENOTFOUND, "There is no user %q.", text.CleanLine(username))
	}
	return u, err
}
