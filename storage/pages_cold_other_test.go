//go:build !linux

package storage_test

import "errors"

// dropFromCache is for Linux only (posix_fadvise): the cold pages are
// skipped elsewhere.
func dropFromCache(string) error { return errors.ErrUnsupported }
