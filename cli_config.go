package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/kong"
)

// The configuration file is JSON whose keys are flag names, e.g.
//
//	{"db": "postgres://numeneon@db.example.com/numeneon"}
//
// It is read by kong's JSON resolver. Kong lets a resolver override a value
// that came from the environment; numeneon's order is flags, then
// environment, then the configuration file, then defaults, so configLoader
// wraps the resolver to step aside for any flag whose variable is set. The
// wrapper also checks the file's keys and the types of their values, since
// kong would take 1.5 for 1 and word a wrong type in Go's terms.

// configLoader is the kong.ConfigurationLoader for numeneon's JSON file.
func configLoader(r io.Reader) (kong.Resolver, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		// encoding/json would make each bad byte U+FFFD.
		return nil, fmt.Errorf("not valid UTF-8 text")
	}
	var values map[string]any
	if err := json.Unmarshal(data, &values); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	res, err := kong.JSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return &fileResolver{Resolver: res, values: values}, nil
}

// fileResolver resolves flags from the configuration file. It gives no
// value for a flag whose environment variable is set, so that the
// environment wins over the file.
type fileResolver struct {
	kong.Resolver
	values map[string]any // the file's top-level keys and values
}

// commandLineOnly are the flags the configuration file may not set: which
// file to read, and the confirmations of what cannot be undone, which must
// be typed each time.
var commandLineOnly = map[string]bool{"config": true, "help": true, "version": true, "clear": true, "yes": true, "force": true}

func (r *fileResolver) Resolve(kctx *kong.Context, parent *kong.Path, flag *kong.Flag) (any, error) {
	for _, env := range flag.Tag.Envs {
		if v, ok := os.LookupEnv(env); ok && v != "" {
			return nil, nil
		}
	}
	return r.Resolver.Resolve(kctx, parent, flag)
}

// keyForms are the keys that may name flag in the file.
func keyForms(flag string) []string {
	return []string{flag, strings.ReplaceAll(flag, "-", "_"), camelCase(flag)}
}

// Validate refuses keys that name no flag, so that a misspelt setting is
// not silently ignored, and keys of flags that belong on the command line.
func (r *fileResolver) Validate(app *kong.Application) error {
	flags := map[string]string{} // key form -> flag name
	_ = kong.Visit(app, func(n kong.Visitable, next kong.Next) error {
		if f, ok := n.(*kong.Flag); ok {
			for _, k := range keyForms(f.Name) {
				flags[k] = f.Name
			}
		}
		return next(nil)
	})
	var unknown []string
	for _, k := range slices.Sorted(maps.Keys(r.values)) {
		name, ok := flags[k]
		switch {
		case !ok:
			unknown = append(unknown, fmt.Sprintf("%q", k))
		case commandLineOnly[name]:
			return fmt.Errorf("%q can only be given on the command line (--%s), not in the configuration file", k, name)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("unknown setting %s", strings.Join(unknown, ", "))
	}
	return nil
}

// checkTypes refuses a value of the wrong type for any of flags: a string
// for a string flag, a whole number for a number, true or false for a
// switch.
func (r *fileResolver) checkTypes(flags []*kong.Flag) error {
	for _, f := range flags {
		for _, k := range keyForms(f.Name) {
			v, ok := r.values[k]
			if !ok {
				continue
			}
			var want string
			switch f.Target.Kind() {
			case reflect.String:
				if _, ok := v.(string); !ok {
					want = "a string (in double quotes)"
				}
			case reflect.Int, reflect.Int64:
				if n, ok := v.(float64); !ok || n != math.Trunc(n) || math.Abs(n) > 1<<53 {
					want = "a whole number"
				}
			case reflect.Bool:
				if _, ok := v.(bool); !ok {
					want = "true or false"
				}
			}
			if want != "" {
				return fmt.Errorf("%q must be %s", k, want)
			}
		}
	}
	return nil
}

// camelCase turns "password-stdin" into "passwordStdin", one of the key
// forms kong.JSON accepts.
func camelCase(name string) string {
	parts := strings.Split(name, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// BeforeResolve loads the configuration file once the command line and the
// environment are known: --config, else NUMENEON_CONFIG, else the default
// path. A missing default file is fine; a missing file that was asked for
// is an error.
func (c *CLI) BeforeResolve(k *kong.Kong, kctx *kong.Context, a *App) error {
	var flag *kong.Flag
	for _, f := range kctx.Flags() {
		if f.Name == "config" {
			flag = f
		}
	}
	path, explicit := "", false
	if flag != nil {
		for _, p := range kctx.Path {
			if p.Flag == flag {
				explicit = true
			}
		}
		if v, ok := kctx.FlagValue(flag).(string); ok {
			path = v
		}
	}
	if env := os.Getenv("NUMENEON_CONFIG"); env != "" {
		explicit = true
	}
	if path == "" {
		path, explicit = a.DefaultConfig(), false
	}
	path = kong.ExpandPath(path)
	if _, err := os.Stat(path); err != nil {
		switch {
		case !explicit && os.IsNotExist(err):
			return nil
		case os.IsNotExist(err):
			return configError{fmt.Errorf("configuration file %s does not exist", path)}
		}
		return configError{fmt.Errorf("configuration file: %w", err)}
	}
	res, err := k.LoadConfig(path)
	if err == nil {
		err = res.Validate(k.Model)
	}
	if err == nil {
		err = res.(*fileResolver).checkTypes(kctx.Flags())
	}
	if err != nil {
		return configError{fmt.Errorf("configuration file %s: %w", path, err)}
	}
	kctx.AddResolver(res)
	return nil
}

// configError is a problem with the configuration file, not with the
// command line, so no usage hint follows it.
type configError struct{ error }

func (e configError) Unwrap() error { return e.error }

// AfterApply fills in the defaults for settings left empty in the
// environment or the configuration file (NUMENEON_DB=, say). An empty --db
// on the command line is a mistake (an unset shell variable, likely), not a
// wish for the default database.
func (c *CLI) AfterApply(kctx *kong.Context, a *App) error {
	for _, p := range kctx.Path {
		if p.Flag != nil && p.Flag.Name == "db" && !p.Resolved && c.DB == "" {
			return fmt.Errorf("--db: no database given")
		}
	}
	if c.DB == "" {
		c.DB = a.DefaultDB()
	}
	if c.Config == "" {
		c.Config = a.DefaultConfig()
	}
	return nil
}
