package storage

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// fileChanges signals when the SQLite file at path or its write-ahead log
// is written, by any process, through inotify: the event stream's watcher
// then looks at PRAGMA data_version only when something was written,
// instead of many times a second. The channel has room for one signal; a
// burst of writes makes one. It is closed when ctx ends.
func fileChanges(ctx context.Context, path string) (<-chan struct{}, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, err
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_MODIFY|unix.IN_CREATE|unix.IN_MOVED_TO|unix.IN_CLOSE_WRITE); err != nil {
		unix.Close(fd)
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "inotify") // non-blocking: its reads end when it is closed
	out := make(chan struct{}, 1)
	context.AfterFunc(ctx, func() { f.Close() })
	go func() {
		defer close(out)
		buf := make([]byte, 64<<10)
		for {
			n, err := f.Read(buf)
			if err != nil {
				return
			}
			if touches(buf[:n], base) {
				select {
				case out <- struct{}{}:
				default:
				}
			}
		}
	}()
	return out, nil
}

// touches reports whether a batch of inotify events names the database
// file or one of its companions (-wal, -journal).
func touches(events []byte, base string) bool {
	for len(events) >= unix.SizeofInotifyEvent {
		// struct inotify_event: wd, mask, cookie, len (uint32 each), name.
		end := unix.SizeofInotifyEvent + int(binary.NativeEndian.Uint32(events[12:16]))
		if end > len(events) {
			return true // a cut batch: look anyway
		}
		name := strings.TrimRight(string(events[unix.SizeofInotifyEvent:end]), "\x00")
		if name == base || strings.HasPrefix(name, base+"-") {
			return true
		}
		events = events[end:]
	}
	return false
}
