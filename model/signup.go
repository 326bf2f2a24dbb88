package model

import "net/netip"

// SignUpMode is how a server takes new accounts from strangers.
type SignUpMode string

// The sign-up modes; the zero value is SignUpOpen.
const (
	SignUpOpen   SignUpMode = "open"   // anyone signs up
	SignUpClosed SignUpMode = "closed" // no one: accounts come from the operator or the web app
	SignUpInvite SignUpMode = "invite" // with an invite code the operator made
)

// MaxInvite is the longest invite code worth looking up.
const MaxInvite = 64

// AddressBlock is the block of addresses that one client is taken to
// hold, by which sign-ups and password tries are counted: an IPv4 address
// itself, and the /64 of an IPv6 one (a single host is usually given a
// whole /64). Text that is no IP address is returned as it is.
func AddressBlock(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	ip = ip.Unmap()
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.WithZone("").Prefix(64)
	return p.String()
}
