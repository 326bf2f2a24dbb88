// Command numeneon is the terminal client of the Numeneon social network.
//
// The command line is built with kong. main only wires the process (its
// arguments, standard streams, signals and exit code) to Main, so that tests
// run every command in-process without a terminal.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/adrg/xdg"
	"github.com/alecthomas/kong"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // the command line (or its configuration) is wrong
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first Ctrl-C the command winds down; a second one
		// kills the process the ordinary way.
		<-ctx.Done()
		stop()
	}()
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs numeneon with args (without the program name) and returns the
// exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &App{
		Stdin:      stdin,
		Stdout:     stdout,
		Stderr:     stderr,
		DataHome:   xdg.DataHome,
		ConfigHome: xdg.ConfigHome,
		StateHome:  xdg.StateHome,
	}
	return a.Run(ctx, args)
}

// App is one run of the command line with its environment. Tests build one
// directly to point the default paths at a temporary directory and to make
// password hashing cheap.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// DataHome and ConfigHome are the XDG base directories that the default
	// database and configuration file live under; StateHome holds the
	// local sign-ins and the app's log.
	DataHome, ConfigHome, StateHome string
	// Hasher makes the password hashes of the accounts that commands make
	// and seed; the zero Hasher has Django's cost, tests use a cheap one.
	Hasher model.Hasher
}

// DefaultDB is the database used when neither --db, NUMENEON_DB nor the
// configuration file names one.
func (a *App) DefaultDB() string { return filepath.Join(a.DataHome, "numeneon", "numeneon.db") }

// DefaultConfig is the configuration file read when neither --config nor
// NUMENEON_CONFIG names one. It need not exist.
func (a *App) DefaultConfig() string { return filepath.Join(a.ConfigHome, "numeneon", "config.json") }

// exitPanic carries an exit status out of kong (which calls Exit after
// --help and --version) back to Run.
type exitPanic struct{ code int }

// errInterrupted is the error of a command stopped by Ctrl-C or SIGTERM.
var errInterrupted = errors.New("interrupted")

// usageErr is a command's error that says its command line (or the
// configuration) is wrong, as a database URL of another kind is: exit
// status 2, like the mistakes kong finds.
type usageErr struct{ error }

func (e usageErr) Unwrap() error { return e.error }

// checkedWriter keeps the first error of the writes to w, so that a
// command whose output was lost (a full disk, a closed pipe) fails.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.keep(err)
	return n, err
}

// Flush flushes w if it buffers, so that output written line by line
// (events --follow) is not held back by the wrapper.
func (c *checkedWriter) Flush() error {
	f, ok := c.w.(interface{ Flush() error })
	if !ok {
		return nil
	}
	err := f.Flush()
	c.keep(err)
	return err
}

func (c *checkedWriter) keep(err error) {
	if err != nil && c.err == nil {
		c.err = err
	}
}

// Run parses args, runs the chosen command and returns the exit status.
// Output that could not be written to Stdout fails the command.
func (a *App) Run(ctx context.Context, args []string) (code int) {
	out := &checkedWriter{w: a.Stdout}
	a.Stdout = out
	defer func() {
		a.Stdout = out.w
		if r := recover(); r != nil {
			e, ok := r.(exitPanic)
			if !ok {
				panic(r)
			}
			code = e.code
		}
		if out.err != nil {
			err := out.err
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // "write /dev/stdout" says nothing more
			}
			fmt.Fprintf(a.Stderr, "numeneon: could not write to standard output: %v\n", err)
			code = max(code, exitError)
		}
	}()

	if err := notUTF8(args); err != nil {
		a.usageError(err)
		return exitUsage
	}
	var cli CLI
	parser, err := a.newParser(&cli)
	if err != nil { // a bug in the CLI's definition
		fmt.Fprintf(a.Stderr, "numeneon: %v\n", err)
		return exitError
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		if out.err != nil && errors.Is(err, out.err) {
			return exitError // --help that could not be written, reported above
		}
		a.usageError(err)
		return exitUsage
	}
	kctx.BindTo(ctx, (*context.Context)(nil))
	if err := kctx.Run(); err != nil {
		switch {
		case out.err != nil && errors.Is(err, out.err):
			return exitError // reported once, above
		case ctx.Err() != nil && !errors.Is(err, errInterrupted):
			// Whatever broke (a statement cut short, "context
			// canceled"), it broke because the user stopped it.
			err = errInterrupted
		}
		a.printError(err)
		if errors.As(err, new(usageErr)) {
			return exitUsage
		}
		return exitError
	}
	return exitOK
}

// newParser builds the kong parser for cli.
func (a *App) newParser(cli *CLI) (*kong.Kong, error) {
	return kong.New(cli,
		kong.Name("numeneon"),
		kong.Description("numeneon is the terminal client of the Numeneon social network. "+
			"It works on a SQLite file or a PostgreSQL database that has the Numeneon "+
			"web backend's schema."),
		kong.Writers(a.Stdout, a.Stderr),
		kong.Exit(func(code int) { panic(exitPanic{code}) }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, WrapUpperBound: 100}),
		kong.Vars{
			"version":        "numeneon " + version,
			"default_db":     a.DefaultDB(),
			"default_config": a.DefaultConfig(),
		},
		// Registers the loader; which file it reads is decided in
		// CLI.BeforeResolve, once --config and NUMENEON_CONFIG are known.
		kong.Configuration(configLoader),
		kong.Bind(a, &cli.Globals),
	)
}

// notUTF8 refuses an argument or a NUMENEON_ variable that is not UTF-8:
// kong would turn its bad bytes into U+FFFD, and a name or a path would
// silently become another.
func notUTF8(args []string) error {
	for i, arg := range args {
		if !utf8.ValidString(arg) {
			return fmt.Errorf("argument %d (%s) is not valid UTF-8 text; numeneon takes UTF-8 only", i+1, text.CleanLine(arg))
		}
	}
	for _, kv := range os.Environ() {
		if name, value, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "NUMENEON_") && !utf8.ValidString(value) {
			return fmt.Errorf("the environment variable %s is not valid UTF-8 text; numeneon takes UTF-8 only", text.CleanLine(name))
		}
	}
	return nil
}

// usageError reports a command line that kong refused.
func (a *App) usageError(err error) {
	fmt.Fprintf(a.Stderr, "numeneon: %v\n", err)
	var pe *kong.ParseError
	var ce configError
	if errors.As(err, &pe) && pe.Context != nil && !errors.As(err, &ce) {
		cmd := "numeneon"
		if c := pe.Context.Selected(); c != nil {
			cmd = c.FullPath() // starts with the application's name
		}
		fmt.Fprintf(a.Stderr, "Run '%s --help' for usage.\n", cmd)
	}
}

// printError reports a failed command: a domain error by its message (with
// its field), any other error in full, since the person running an
// operator's command needs to see what broke.
func (a *App) printError(err error) {
	msg := err.Error()
	if model.ErrorCode(err) != model.EINTERNAL {
		msg = model.ErrorMessage(err)
	}
	fmt.Fprintf(a.Stderr, "numeneon: %s\n", text.Clean(msg))
}

// CLI is numeneon's command line.
type CLI struct {
	Globals

	Run     RunCmd     `cmd:"" default:"1" help:"Open numeneon on the database (the default command)."`
	Open    OpenCmd    `cmd:"" help:"Open numeneon at a post: numeneon open numeneon://post/12."`
	Demo    DemoCmd    `cmd:"" help:"Open numeneon on a fresh sample network, signed in as alice, with the others busy around you."`
	Serve   ServeCmd   `cmd:"" help:"Serve numeneon over SSH to many people at once."`
	Migrate MigrateCmd `cmd:"" help:"Create or update the database schema."`
	Seed    SeedCmd    `cmd:"" help:"Fill the database with a sample network, or with many generated users and posts."`
	User    UserCmd    `cmd:"" help:"Manage accounts."`
	Stats   StatsCmd   `cmd:"" help:"Show how much the database holds."`
	Events  EventsCmd  `cmd:"" help:"Print the latest events (messages, friend requests, likes, …), and with --follow every new one."`
	Version VersionCmd `cmd:"" help:"Print the version."`
}

// Globals are the flags every command takes.
type Globals struct {
	DB          string           `name:"db" env:"NUMENEON_DB" default:"${default_db}" placeholder:"URL" help:"Database: postgres://… (or host=… dbname=…) for PostgreSQL, or a SQLite file path (sqlite:PATH and file: URIs work too; ~/ is your home). Default: ${default}."`
	Config      string           `name:"config" env:"NUMENEON_CONFIG" default:"${default_config}" placeholder:"PATH" help:"JSON configuration file; any flag but --clear, --yes and --force can be set there, by its name (\"db\", \"users\", …). Default: ${default} (if it exists)."`
	WebURL      string           `name:"web-url" env:"NUMENEON_WEB_URL" placeholder:"URL" help:"The Numeneon web app's address: y copies a post's link there ({id} in it stands for the post's number, else /post/ID is added)."`
	VersionFlag kong.VersionFlag `name:"version" help:"Print the version and exit."`
}

// webURL is --web-url, checked: an http or https address, or none.
func (g *Globals) webURL() (string, error) {
	if g.WebURL == "" {
		return "", nil
	}
	u, err := url.Parse(g.WebURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", usageErr{fmt.Errorf("--web-url %s: give the web app's address, like https://numeneon.example", text.CleanLine(g.WebURL))}
	}
	return g.WebURL, nil
}

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints the version.
func (VersionCmd) Run(a *App) error {
	fmt.Fprintln(a.Stdout, "numeneon "+version)
	return nil
}
