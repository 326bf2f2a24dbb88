package storage

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Location is a database as a URL names it: a SQLite file or a PostgreSQL
// database.
type Location struct {
	// Dialect is "sqlite" or "postgres".
	Dialect string
	// Path is the SQLite file, with a leading ~ expanded; "" for PostgreSQL.
	Path string
	raw  string // as given, which may hold a password
	dsn  string // for pgx: the URL with its scheme in lower case, or the keyword/value string
}

// AcceptedForms lists the database URLs that ParseLocation takes, for
// messages and help.
const AcceptedForms = "postgres://… or postgresql://… (in any letter case) or libpq's keyword/value " +
	"form (host=… dbname=… user=…) for PostgreSQL; a file path, sqlite:PATH or a file: URI for SQLite"

var (
	// schemePrefix is an RFC 3986 scheme and its colon.
	schemePrefix = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)
	// keywordPrefix is the start of libpq's keyword/value form, "host=…".
	keywordPrefix = regexp.MustCompile(`^\s*[A-Za-z_][A-Za-z0-9_]*\s*=`)
)

// ParseLocation reads a database URL:
//   - postgres://… or postgresql://…, the scheme in any letter case, or
//     libpq's keyword/value form (host=… dbname=…): a PostgreSQL database;
//   - a plain path or sqlite:PATH: a SQLite file, the path taken
//     literally (#, % and ? are part of the name);
//   - file:URI: a SQLite file named by an RFC 8089 URI (file:data.db,
//     file:///abs/data.db), its %XX escapes decoded; it may not carry a
//     query or a fragment, which numeneon would otherwise have to ignore.
//
// A path that starts with ~/ starts in the home directory, also where no
// shell expanded it (a configuration file, a quoted argument). Any other
// scheme:/ or scheme:// is refused, so that a URL of another database does
// not become a SQLite file named after it. The error never holds a
// password.
func ParseLocation(raw string) (Location, error) {
	loc := Location{raw: raw}
	fail := func(format string, args ...any) (Location, error) {
		return Location{}, fmt.Errorf("%s: %s", Redact(raw), fmt.Sprintf(format, args...))
	}
	var path string
	if m := schemePrefix.FindStringSubmatch(raw); m != nil {
		scheme, rest := strings.ToLower(m[1]), raw[len(m[0]):]
		switch {
		case scheme == "postgres" || scheme == "postgresql":
			if !strings.HasPrefix(rest, "//") {
				return fail("a PostgreSQL URL starts with %s:// (two slashes)", scheme)
			}
			loc.Dialect, loc.dsn = "postgres", scheme+":"+rest
		case scheme == "sqlite":
			// sqlite://PATH has been taken since the start; the slashes
			// are not part of the path.
			path = strings.TrimPrefix(rest, "//")
		case scheme == "file":
			p, err := fileURIPath(rest)
			if err != nil {
				return fail("%v", err)
			}
			path = p
		case strings.HasPrefix(rest, "/"):
			return fail("numeneon does not open %s: URLs; it takes %s", m[1], AcceptedForms)
		default:
			path = raw // a relative path with a colon in its first name
		}
	} else if keywordPrefix.MatchString(raw) {
		loc.Dialect, loc.dsn = "postgres", raw
	} else {
		path = raw
	}
	if loc.Dialect == "postgres" {
		if _, err := pgconn.ParseConfig(loc.dsn); err != nil {
			return fail("not a valid PostgreSQL connection string: %s", pgParseDetail(raw, err))
		}
		return loc, nil
	}
	if path == "" {
		return fail("no SQLite file path; numeneon takes %s", AcceptedForms)
	}
	path, err := expandHome(path)
	if err != nil {
		return fail("%v", err)
	}
	loc.Dialect, loc.Path = "sqlite", path
	return loc, nil
}

// fileURIPath returns the path of a file: URI, given what follows "file:".
func fileURIPath(rest string) (string, error) {
	if strings.ContainsAny(rest, "?#") {
		return "", errors.New("in a file: URI, ? starts a query and # a fragment, which numeneon does not take; " +
			"give a file whose name holds them by its plain path (or sqlite:PATH)")
	}
	if after, ok := strings.CutPrefix(rest, "//"); ok {
		host, path, _ := strings.Cut(after, "/")
		if host != "" && !strings.EqualFold(host, "localhost") {
			return "", fmt.Errorf("a file: URI names a file on this machine, not on %q", host)
		}
		rest = "/" + path
	}
	path, err := url.PathUnescape(rest)
	if err != nil {
		return "", fmt.Errorf("a %% in a file: URI must start an escape such as %%20 (%v); "+
			"give a file whose name holds %% by its plain path (or sqlite:PATH)", err)
	}
	return path, nil
}

// expandHome replaces a leading ~ (alone or before a /) with the home
// directory.
func expandHome(path string) (string, error) {
	if path != "~" && !strings.HasPrefix(path, "~/") {
		return path, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot expand ~: %v", err)
	}
	return filepath.Join(home, path[1:]), nil
}

// pgParseDetail is what went wrong in pgx's parse of raw, without pgx's
// quote of the connection string and without any password.
func pgParseDetail(raw string, err error) string {
	msg := err.Error()
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		// "cannot parse `<the string, best-effort redacted>`: <what>"
		if i := strings.Index(msg, "`: "); i >= 0 {
			msg = msg[i+3:]
		}
	}
	return scrub(raw, msg)
}

// String is the location fit to print: the SQLite file's path, or the
// PostgreSQL URL or keyword string with its passwords replaced by xxxxx.
func (l Location) String() string {
	if l.Dialect == "sqlite" {
		return l.Path
	}
	return Redact(l.raw)
}

// Key names the database the same way whatever form of URL named it
// (without its password), for keeping something per database: a SQLite
// file's absolute path, or the redacted PostgreSQL URL.
func (l Location) Key() string {
	if l.Dialect == "sqlite" {
		if abs, err := filepath.Abs(l.Path); err == nil {
			return abs
		}
	}
	return l.String()
}

// redacted replaces a secret in what numeneon prints.
const redacted = "xxxxx"

// Passwords in a query (?password=…&) and in libpq's keyword/value form
// (password=… or password='…', with backslash escapes), sslpassword too.
var (
	queryPassword   = regexp.MustCompile(`(?i)[?&](?:ssl)?password=([^&#]*)`)
	keywordPassword = regexp.MustCompile(`(?i)(?:^|\s)(?:ssl)?password\s*=\s*('(?:[^'\\]|\\.)*'?|(?:[^\s\\]|\\.)*)`)
)

// secretSpans returns the byte ranges of raw that hold a password, in
// order and without overlaps: the password of a URL's user information (up
// to its last @, so that an @, / or space left unescaped in it is covered
// too), and the values of password= and sslpassword= in a query or a
// keyword/value string. It reads raw leniently, since a string that fails
// to parse must not leak either. SQLite paths hold no passwords.
func secretSpans(raw string) [][2]int {
	var spans [][2]int
	if m := schemePrefix.FindStringSubmatch(raw); m != nil {
		if s := strings.ToLower(m[1]); s == "sqlite" || s == "file" {
			return nil
		}
		start := len(m[0])
		for start < len(raw) && raw[start] == '/' {
			start++
		}
		if at := strings.LastIndexByte(raw[start:], '@'); at >= 0 {
			if c := strings.IndexByte(raw[start:start+at], ':'); c >= 0 {
				spans = append(spans, [2]int{start + c + 1, start + at})
			}
		}
	} else if !keywordPrefix.MatchString(raw) {
		return nil // a plain path
	}
	for _, re := range []*regexp.Regexp{queryPassword, keywordPassword} {
		for _, m := range re.FindAllStringSubmatchIndex(raw, -1) {
			spans = append(spans, [2]int{m[2], m[3]})
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	merged := spans[:0]
	for _, s := range spans {
		if n := len(merged); n > 0 && s[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], s[1])
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// Redact returns raw, a database URL whether it parses or not, with every
// password in it replaced by xxxxx.
func Redact(raw string) string {
	spans := secretSpans(raw)
	if len(spans) == 0 {
		return raw
	}
	var b strings.Builder
	last := 0
	for _, s := range spans {
		b.WriteString(raw[last:s[0]])
		if s[1] > s[0] {
			b.WriteString(redacted)
		}
		last = s[1]
	}
	b.WriteString(raw[last:])
	return b.String()
}

// unescapeKeyword undoes the backslash escapes of a keyword/value string.
var unescapeKeyword = strings.NewReplacer(`\\`, `\`, `\'`, `'`, `\ `, ` `)

// scrub removes raw and every password in it from msg, a message that a
// driver may have built from raw: its passwords as written, quoted or
// %-decoded.
func scrub(raw, msg string) string {
	if strings.Contains(msg, raw) {
		msg = strings.ReplaceAll(msg, raw, Redact(raw))
	}
	for _, s := range secretSpans(raw) {
		secret := raw[s[0]:s[1]]
		forms := []string{secret, strings.Trim(secret, "'"), unescapeKeyword.Replace(strings.Trim(secret, "'"))}
		if dec, err := url.PathUnescape(secret); err == nil {
			forms = append(forms, dec)
		}
		for _, f := range forms {
			if f != "" && f != redacted {
				msg = strings.ReplaceAll(msg, f, redacted)
			}
		}
	}
	return msg
}

// redactError is an error whose message has had a database URL's
// passwords removed; errors.Is and errors.As still see the original.
type redactError struct {
	msg string
	err error
}

func (e *redactError) Error() string { return e.msg }
func (e *redactError) Unwrap() error { return e.err }

// scrubError returns err with raw's passwords removed from its message.
func scrubError(raw string, err error) error {
	if err == nil {
		return nil
	}
	return &redactError{msg: scrub(raw, err.Error()), err: err}
}
