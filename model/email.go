package model

import (
	"net/netip"
	"regexp"
	"strings"

	"golang.org/x/net/idna"
)

// MaxEmailAddress is the longest address Django's EmailValidator takes
// (RFC 3696); the column holds at most MaxEmail of them.
const MaxEmailAddress = 320

// The parts of Django 5.2's EmailValidator: a dot-atom or quoted-string
// local part (ASCII only), and a domain that is an ASCII host name (after
// IDN labels are turned into punycode), "localhost", or an IP literal.
var (
	emailDotAtom = regexp.MustCompile("^[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*$")
	emailQuoted  = regexp.MustCompile(`^"([\x01-\x08\x0b\x0c\x0e-\x1f!#-\[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"$`)
	// A host label: letters, digits and hyphens, 1 to 63, no hyphen at
	// either end. The last label (the top-level domain) is letters only,
	// or a punycode label.
	domainLabel = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	domainTLD   = regexp.MustCompile(`^([A-Za-z]([A-Za-z-]{0,61}[A-Za-z])|xn--[A-Za-z0-9]{1,59})$`)
)

// ValidateEmail accepts what Django's EmailValidator accepts: at most 320
// characters (and the column's 254), an ASCII local part (quoted or not),
// and a domain of labels of up to 63 characters that neither start nor end
// with a hyphen, whose top-level label has two or more letters; an
// internationalized domain is checked as punycode.
func ValidateEmail(email string) error {
	if err := validText("email", "Email", email); err != nil {
		return err
	}
	if email == "" {
		return Invalid("email", "Email is required.")
	}
	if len(email) > MaxEmail {
		return Invalid("email", "Email can be at most %d characters.", MaxEmail)
	}
	bad := Invalid("email", "%q is not a valid email address.", email)
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return bad
	}
	local, domain := email[:at], email[at+1:]
	if !emailDotAtom.MatchString(local) && !emailQuoted.MatchString(local) {
		return bad
	}
	if !validEmailDomain(domain) {
		return bad
	}
	return nil
}

func validEmailDomain(domain string) bool {
	if domain == "localhost" {
		return true
	}
	if strings.HasPrefix(domain, "[") && strings.HasSuffix(domain, "]") {
		_, err := netip.ParseAddr(domain[1 : len(domain)-1])
		return err == nil
	}
	ascii, err := idna.ToASCII(domain)
	if err != nil || len(ascii) > 255 {
		return false
	}
	labels := strings.Split(strings.TrimSuffix(ascii, "."), ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels[:len(labels)-1] {
		if !domainLabel.MatchString(l) {
			return false
		}
	}
	return domainTLD.MatchString(labels[len(labels)-1])
}
