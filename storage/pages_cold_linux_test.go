package storage_test

import (
	"os"

	"golang.org/x/sys/unix"
)

// dropFromCache writes out the file's dirty pages and drops all of them
// from the page cache.
func dropFromCache(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return err
	}
	return unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
}
