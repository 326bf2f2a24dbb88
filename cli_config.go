package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/alecthomas/kong"
)

// The configuration file is JSON whose keys are flag names, e.g.
//
//	{"db": "postgres://numeneon@db.example.com/numeneon"}
//
// It is read by kong's JSON resolver. Kong lets a resolver override a value
// that came from the environment; numeneon's order is flags, then
// environment, then the configuration file, then defaults, so configLoader
// wraps the resolver to step aside for any flag whose variable is set.

// configLoader is the kong.ConfigurationLoader for numeneon's JSON file.
func configLoader(r io.Reader) (kong.Resolver, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	res, err := kong.JSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	return envFirst{Resolver: res, keys: names}, nil
}

// envFirst is a resolver that gives no value for a flag whose environment
// variable is set, so that the environment wins over the file.
type envFirst struct {
	kong.Resolver
	keys []string // the file's top-level keys
}

func (r envFirst) Resolve(kctx *kong.Context, parent *kong.Path, flag *kong.Flag) (any, error) {
	if flag.Name == "config" {
		return nil, nil // the file was chosen already
	}
	for _, env := range flag.Tag.Envs {
		if v, ok := os.LookupEnv(env); ok && v != "" {
			return nil, nil
		}
	}
	return r.Resolver.Resolve(kctx, parent, flag)
}

// Validate refuses keys that name no flag, so that a misspelt setting is
// not silently ignored.
func (r envFirst) Validate(app *kong.Application) error {
	known := map[string]bool{}
	_ = kong.Visit(app, func(n kong.Visitable, next kong.Next) error {
		if f, ok := n.(*kong.Flag); ok {
			known[f.Name] = true
			known[strings.ReplaceAll(f.Name, "-", "_")] = true
			known[camelCase(f.Name)] = true
		}
		return next(nil)
	})
	var unknown []string
	for _, k := range r.keys {
		if !known[k] {
			unknown = append(unknown, fmt.Sprintf("%q", k))
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("unknown setting %s", strings.Join(unknown, ", "))
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
	if err != nil {
		return configError{fmt.Errorf("configuration file %s: %w", path, err)}
	}
	if err := res.Validate(k.Model); err != nil {
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
