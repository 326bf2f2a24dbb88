package storage_test

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// cpuTime is the processor time the process has used, in user and kernel
// mode: on a machine shared with other work a benchmark's own cost, which
// its wall time is not.
func cpuTime() time.Duration {
	var ru unix.Rusage
	if unix.Getrusage(unix.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

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
