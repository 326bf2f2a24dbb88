package ssh

import (
	"os"
	"runtime/debug"
)

// ServerGCPercent is the garbage collector's target a server runs with
// (SetRuntimeDefaults) unless GOGC says otherwise: the heap may grow to
// 1.5× what is live between two collections, not Go's 2×. A server's
// thousands of idle sessions hold their memory and allocate next to
// nothing, so a collection is rare and costs little then; with Go's
// default, the garbage of the last burst of sign-ins stays resident up to
// the size of all that is live. The price is more collections in a burst
// of sign-ins (the SSH benchmarks measure both).
const ServerGCPercent = 50

// SetRuntimeDefaults sets the Go runtime as a server runs best: the
// garbage collector's target, unless the GOGC environment variable sets
// it.
func SetRuntimeDefaults() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(ServerGCPercent)
	}
}
