//go:build !linux

package storage_test

import (
	"errors"
	"time"
)

// cpuTime is measured on Linux only.
func cpuTime() time.Duration { return 0 }

// dropFromCache is for Linux only (posix_fadvise): the cold pages are
// skipped elsewhere.
func dropFromCache(string) error { return errors.ErrUnsupported }
