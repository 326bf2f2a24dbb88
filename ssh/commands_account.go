package ssh

import (
	"fmt"
	"strings"
	"time"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/text"
)

// The commands about one's own account: the SSH keys that sign in, and
// the settings that follow the account into every session.

// sshKeyJSON is one registered public key.
type sshKeyJSON struct {
	Fingerprint string    `json:"fingerprint"`
	Type        string    `json:"type"`
	PublicKey   string    `json:"public_key"`
	Comment     string    `json:"comment"`
	CreatedAt   time.Time `json:"created_at"`
}

func toSSHKey(k model.SSHKey) sshKeyJSON {
	return sshKeyJSON{Fingerprint: k.Fingerprint, Type: k.Type, PublicKey: k.PublicKey, Comment: k.Comment,
		CreatedAt: k.CreatedAt.UTC()}
}

// keys lists the account's SSH keys, adds one (keys add KEY..., or - to
// read it from standard input) or removes one (keys remove FINGERPRINT).
func (r *cmdRunner) keys(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return r.listKeys(*asJSON)
	}
	switch args[0] {
	case "add":
		line, err := r.textArg(args[1:])
		if err != nil {
			return err
		}
		k, err := r.svc.AddSSHKey(r.ctx, r.user.ID, line)
		if err != nil {
			return err
		}
		if *asJSON {
			return r.printJSON(toSSHKey(k))
		}
		return r.print("added " + keyLine(k) + "\n")
	case "remove":
		if err := wantArgs(args[1:], 1); err != nil {
			return err
		}
		if err := r.svc.RemoveSSHKey(r.ctx, r.user.ID, args[1]); err != nil {
			return err
		}
		if *asJSON {
			return r.printJSON(struct {
				Removed string `json:"removed"`
			}{args[1]})
		}
		return r.print("removed " + text.CleanLine(args[1]) + "\n")
	}
	return cmdUsagef("%q: keys takes add or remove, or nothing to list them", args[0])
}

// listKeys prints the account's keys.
func (r *cmdRunner) listKeys(asJSON bool) error {
	ks, err := r.svc.SSHKeys(r.ctx, r.user.ID)
	if err != nil {
		return err
	}
	if asJSON {
		out := struct {
			Keys []sshKeyJSON `json:"keys"`
		}{Keys: []sshKeyJSON{}}
		for _, k := range ks {
			out.Keys = append(out.Keys, toSSHKey(k))
		}
		return r.printJSON(out)
	}
	var b strings.Builder
	for _, k := range ks {
		b.WriteString(keyLine(k) + "\n")
	}
	return r.print(b.String())
}

// keyLine is a key on one line: fingerprint, type, comment, date added.
func keyLine(k model.SSHKey) string {
	s := k.Fingerprint + " " + text.CleanLine(k.Type)
	if k.Comment != "" {
		s += " " + text.CleanLine(k.Comment)
	}
	return s + " · added " + k.CreatedAt.UTC().Format("2006-01-02")
}

// settings prints the account's settings, or sets one (settings NAME
// VALUE) and prints them all.
func (r *cmdRunner) settings(c *cmdSpec, args []string) error {
	fs := r.flags(c)
	asJSON := jsonFlag(fs)
	args, err := r.parse(c, fs, args)
	if err != nil {
		return err
	}
	switch len(args) {
	case 0:
	case 2:
		if err := r.svc.SetSetting(r.ctx, r.user.ID, args[0], args[1]); err != nil {
			return err
		}
	default:
		return cmdUsagef("give a NAME and a VALUE to set one, or nothing to list them")
	}
	set, err := r.svc.Settings(r.ctx, r.user.ID)
	if err != nil {
		return err
	}
	if *asJSON {
		return r.printJSON(struct {
			Settings model.Settings `json:"settings"`
		}{set})
	}
	var b strings.Builder
	for _, spec := range model.SettingSpecs {
		fmt.Fprintf(&b, "%-13s %-8s (%s)\n", spec.Name, set[spec.Name], strings.Join(spec.Values, ", "))
	}
	return r.print(b.String())
}
