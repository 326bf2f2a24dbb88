package ssh

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// Exit statuses of a script command.
const (
	ExitOK    = 0 // done
	ExitError = 1 // refused or failed: the message is on stderr
	ExitUsage = 2 // bad usage: the error and a one-line usage are on stderr
)

// MaxStdin is the most a command reads from standard input (TEXT "-").
const MaxStdin = 64 << 10

// RunCommand runs one script command for user and returns the exit status.
// It is what the SSH server runs for a session that has a command (ssh
// host feed --json), after the person was authenticated. Output is plain
// text by default, every user-written text passed through the text
// sanitizer; --json gives one JSON document instead. Internal errors are
// logged to log, and the person told the log line's reference.
func RunCommand(ctx context.Context, svc *model.Service, user model.User, args []string,
	stdin io.Reader, stdout, stderr io.Writer, log *slog.Logger) int {
	r := &cmdRunner{ctx: ctx, svc: svc, user: user, stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now, log: log}
	return r.run(args)
}

// cmdRunner is one command's session: who runs it, where it reads and
// writes, where its internal errors are logged.
type cmdRunner struct {
	ctx            context.Context
	svc            *model.Service
	user           model.User
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	log            *slog.Logger
}

// cmdSpec is one script command.
type cmdSpec struct {
	name    string
	args    string // the usage after the name
	summary string
	// interleaved cmdSpecs take no TEXT, so their flags may also come
	// after their arguments; the others stop at the first argument.
	interleaved bool
	run         func(r *cmdRunner, c *cmdSpec, args []string) error
}

// cmdSpecs lists the commands in the order help shows them.
var cmdSpecs = []*cmdSpec{
	{"whoami", "[--json]", "who you are signed in as", true, (*cmdRunner).whoami},
	{"feed", "[--json] [--limit N] [--everyone]", "your home feed (or everyone's), newest first", true, (*cmdRunner).feed},
	{"post", "[--json] [--type thoughts|media|milestones] [--media URL] TEXT...", "publish a post (TEXT - reads stdin)", false, (*cmdRunner).post},
	{"reply", "[--json] ID TEXT...", "reply to a post or a reply (TEXT - reads stdin)", false, (*cmdRunner).reply},
	{"like", "[--json] ID", "like a post", true, (*cmdRunner).like},
	{"unlike", "[--json] ID", "take your like back", true, (*cmdRunner).unlike},
	{"share", "[--json] ID", "share a post with your friends (their home feeds show it)", true, (*cmdRunner).share},
	{"unshare", "[--json] ID", "take your share back", true, (*cmdRunner).unshare},
	{"friends", "[--json]", "your friends", true, (*cmdRunner).friends},
	{"requests", "[--json]", "friend requests, incoming and outgoing", true, (*cmdRunner).requests},
	{"befriend", "[--json] USER", "ask USER to be your friend", true, (*cmdRunner).befriend},
	{"accept", "[--json] USER", "accept USER's friend request", true, (*cmdRunner).accept},
	{"decline", "[--json] USER", "decline USER's friend request", true, (*cmdRunner).decline},
	{"unfriend", "[--json] USER", "end your friendship with USER", true, (*cmdRunner).unfriend},
	{"block", "[--json] USER", "block USER: neither of you can reach the other or see the other's posts", true, (*cmdRunner).block},
	{"unblock", "[--json] USER", "lift your block of USER", true, (*cmdRunner).unblock},
	{"mute", "[--json] USER", "hide USER's posts and notifications from you", true, (*cmdRunner).mute},
	{"unmute", "[--json] USER", "show USER's posts and notifications again", true, (*cmdRunner).unmute},
	{"blocks", "[--json]", "the people you block and mute", true, (*cmdRunner).blocks},
	{"dm", "[--json] USER TEXT...", "send USER a direct message (TEXT - reads stdin)", false, (*cmdRunner).dm},
	{"inbox", "[--json]", "your conversations: unread count, last message, time", true, (*cmdRunner).inbox},
	{"thread", "[--json] [--limit N] ID", "a post and its newest replies, oldest first (ID may be a reply's)", true, (*cmdRunner).thread},
	{"notifications", "[--json] [--limit N] [--filter all|mentions|requests] [--mark-read]", "your notifications, newest first; --mark-read then marks them read", true, (*cmdRunner).notifications},
	{"profile", "[--json] USER", "USER's profile: who, bio, counts, how you stand", true, (*cmdRunner).profile},
	{"search", "[--json] [--limit N] posts|people TEXT...", "find posts by their text, or people by name", false, (*cmdRunner).search},
	{"keys", "[--json] [add KEY...|remove FINGERPRINT]", "your SSH keys, or add one (KEY - reads stdin) or remove one", false, (*cmdRunner).keys},
	{"settings", "[--json] [NAME VALUE]", "your settings, which follow you into every session, or set one", true, (*cmdRunner).settings},
	{"conversation", "[--json] [--limit N] USER", "your messages with USER, oldest first", true, (*cmdRunner).conversation},
	{"edit-message", "[--json] ID TEXT...", "change the text of a message you sent (TEXT - reads stdin)", false, (*cmdRunner).editMessage},
	{"delete-message", "[--json] ID", "delete a message you sent", true, (*cmdRunner).deleteMessage},
	{"help", "[COMMAND]", "this list, or how to use COMMAND", true, nil},
}

// findCmd finds a command by name.
func findCmd(name string) *cmdSpec {
	for _, c := range cmdSpecs {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usage is the command's one-line usage.
func (c *cmdSpec) usage() string { return "usage: " + c.name + " " + c.args }

// cmdUsageError is a mistake in how a command was called: exit status 2.
type cmdUsageError struct{ msg string }

func (e *cmdUsageError) Error() string { return e.msg }

// cmdUsagef returns a usage error.
func cmdUsagef(format string, args ...any) error { return &cmdUsageError{fmt.Sprintf(format, args...)} }

// errCmdHelp asks for a command's help (-h, --help): printed on stdout, exit 0.
var errCmdHelp = errors.New("help requested")

// run dispatches args and turns the outcome into an exit status.
func (r *cmdRunner) run(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(r.stderr, "no command given; run help for the list")
		return ExitUsage
	}
	name := args[0]
	if name == "help" || name == "--help" || name == "-h" {
		return r.help(args[1:])
	}
	c := findCmd(name)
	if c == nil {
		fmt.Fprintf(r.stderr, "unknown command %q; run help for the list\n", name) // %q escapes controls
		return ExitUsage
	}
	err := c.run(r, c, args[1:])
	var ue *cmdUsageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errCmdHelp):
		return ExitOK // parse printed it
	case errors.As(err, &ue):
		if ue.msg != "" {
			fmt.Fprintln(r.stderr, text.CleanLine(c.name+": "+ue.msg))
		}
		fmt.Fprintln(r.stderr, c.usage())
		return ExitUsage
	}
	err = model.Report(r.log, err, "command", c.name) // the session's logger names the account
	fmt.Fprintln(r.stderr, errorText(err))
	return ExitError
}

// errorText is what a person reads about err, sanitized, since it may
// quote what someone typed.
func errorText(err error) string { return text.CleanLine(model.ErrorMessage(err)) }

// help prints the list of commands, or one command's help.
func (r *cmdRunner) help(args []string) int {
	if len(args) > 0 {
		c := findCmd(args[0])
		if c == nil {
			fmt.Fprintf(r.stderr, "unknown command %q; run help for the list\n", args[0])
			return ExitUsage
		}
		if c.run == nil {
			r.commandHelp(c, nil)
			return ExitOK
		}
		return r.run([]string{c.name, "-h"})
	}
	var b strings.Builder
	b.WriteString("numeneon over SSH: ssh HOST COMMAND [ARGS]\n\nCommands:\n")
	w := 0
	for _, c := range cmdSpecs {
		w = max(w, len(c.name))
	}
	for _, c := range cmdSpecs {
		fmt.Fprintf(&b, "  %-*s %s\n  %*s %s\n", w, c.name, c.args, w, "", c.summary)
	}
	b.WriteString("\nFlags come before TEXT. TEXT - reads standard input (at most 64 KiB).\n" +
		"USER is a username, with or without @; ID is a post's or a message's number (#12 or 12).\n" +
		"Run COMMAND --help for its flags.\n" +
		"ssh -t HOST open numeneon://post/12 opens the app at a post.\n" +
		"Exit status: 0 done, 1 refused or failed (the reason on stderr), 2 bad usage.\n")
	io.WriteString(r.stdout, b.String())
	return ExitOK
}

// commandHelp prints one command's usage and summary on stdout; its flags
// follow when fs is given.
func (r *cmdRunner) commandHelp(c *cmdSpec, fs *flag.FlagSet) {
	fmt.Fprintf(r.stdout, "%s\n\n%s.\n", c.usage(), capitalize(c.summary))
	if fs == nil {
		return
	}
	// The flags as the usage spells them (--limit N), not as the flag
	// package prints them (-limit int).
	type row struct{ left, usage string }
	var rows []row
	w := 0
	fs.VisitAll(func(f *flag.Flag) {
		left := "--" + f.Name
		if ph := c.placeholder(f.Name); ph != "" {
			left += " " + ph
		} else if name, _ := flag.UnquoteUsage(f); name != "" {
			left += " " + strings.ToUpper(name)
		}
		_, usage := flag.UnquoteUsage(f)
		if d := f.DefValue; d != "" && d != "false" && d != "0" {
			usage += " (default " + d + ")"
		}
		rows = append(rows, row{left, usage})
		w = max(w, len(left))
	})
	io.WriteString(r.stdout, "\nFlags:\n")
	for _, x := range rows {
		fmt.Fprintf(r.stdout, "  %-*s  %s\n", w, x.left, x.usage)
	}
}

// placeholder is what follows --name in the command's usage (N in
// --limit N), "" when nothing does.
func (c *cmdSpec) placeholder(name string) string {
	_, after, ok := strings.Cut(c.args, "--"+name+" ")
	if !ok {
		return ""
	}
	ph, _, _ := strings.Cut(after, "]")
	ph, _, _ = strings.Cut(ph, " ")
	return ph
}

// capitalize upper-cases the first letter of an ASCII sentence.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// flags returns the flag set of a command. Its errors reach stderr through
// parse, sanitized: the flag package quotes an unknown flag as typed.
func (r *cmdRunner) flags(c *cmdSpec) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.Usage = func() {}
	return fs
}

// parse parses args with fs and returns the arguments that are not flags.
// A command without TEXT (c.interleaved) takes flags after its arguments
// too; the others stop at their first argument, so that TEXT may hold
// anything.
func (r *cmdRunner) parse(c *cmdSpec, fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	var msg strings.Builder
	fs.SetOutput(&msg)
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			r.commandHelp(c, fs)
			return nil, errCmdHelp
		case err != nil:
			return nil, &cmdUsageError{strings.TrimSpace(msg.String())}
		}
		args = fs.Args()
		if !c.interleaved || len(args) == 0 {
			return append(rest, args...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
		if len(args) == 0 {
			return rest, nil
		}
	}
}

// jsonFlag adds the --json flag.
func jsonFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("json", false, "print one JSON document instead of plain text")
}

// wantArgs refuses a number of arguments other than n.
func wantArgs(args []string, n int) error {
	switch {
	case len(args) < n:
		return cmdUsagef("missing arguments")
	case len(args) > n:
		return cmdUsagef("too many arguments")
	}
	return nil
}

// textArg joins args into TEXT; a lone "-" reads standard input.
func (r *cmdRunner) textArg(args []string) (string, error) {
	if len(args) == 0 {
		return "", cmdUsagef("missing TEXT")
	}
	if len(args) > 1 || args[0] != "-" {
		return strings.Join(args, " "), nil
	}
	if r.stdin == nil {
		return "", nil
	}
	b, err := io.ReadAll(io.LimitReader(r.stdin, MaxStdin+1))
	if err != nil {
		return "", model.Errorf(model.EINVALID, "Could not read standard input.")
	}
	if len(b) > MaxStdin {
		return "", model.Errorf(model.EINVALID, "Standard input is over %d KiB; that is more than any post or message can hold.", MaxStdin>>10)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// oneID parses a command whose only argument is an id (read by parseID)
// after its flags, of which only --json: the id, and whether JSON is
// asked for.
func (r *cmdRunner) oneID(c *cmdSpec, args []string, parseID func(string) (int64, error)) (int64, bool, error) {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	args, err := r.parse(c, fs, args)
	if err != nil {
		return 0, false, err
	}
	if err := wantArgs(args, 1); err != nil {
		return 0, false, err
	}
	id, err := parseID(args[0])
	return id, *asJSON, err
}

// parsePostID parses a post's id: 12 or #12.
func parsePostID(arg string) (int64, error) { return parseID(arg, "post") }

// parseMessageID parses a message's id: 12 or #12.
func parseMessageID(arg string) (int64, error) { return parseID(arg, "message") }

// parseID parses the id of a post or a message: 12 or #12.
func parseID(arg, what string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, cmdUsagef("%q is not a %s id", arg, what)
	}
	return id, nil
}

// person finds the user a USER argument names (@ optional).
func (r *cmdRunner) person(arg string) (model.User, error) {
	return r.svc.UserByUsername(r.ctx, r.user.ID, arg)
}

// agoText says how long ago t was: "just now", "3m ago", "5h ago", "2d ago",
// then the date.
func agoText(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m ago"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h ago"
	case d < 7*24*time.Hour:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d ago"
	}
	return t.UTC().Format("2006-01-02")
}

// atName is @username, sanitized.
func atName(u model.UserSummary) string { return "@" + text.CleanLine(u.Username) }

// nameLine is "@username · Display Name", sanitized; the name only when it
// differs from the username.
func nameLine(u model.UserSummary) string {
	if n := u.DisplayName(); n != u.Username {
		return atName(u) + " · " + text.CleanLine(n)
	}
	return atName(u)
}

// print writes s to stdout.
func (r *cmdRunner) print(s string) error {
	_, err := io.WriteString(r.stdout, s)
	return err
}
