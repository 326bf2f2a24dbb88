package storage

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"
)

// fileLocker is goose's session lock for SQLite, which has no advisory
// locks: an exclusive lock (flock(2), LockFileEx on Windows: tryLock) on a
// file beside the database, held while
// goose reads the applied versions and applies the rest. Without it two
// processes upgrading one file at once could both apply a migration (each
// waits for the other's writes, none fails, but both run it).
type fileLocker struct {
	path string
	f    *os.File
}

// migrateLockPath is the lock file of the database at path.
func migrateLockPath(path string) string { return path + "-migrate-lock" }

func (l *fileLocker) SessionLock(ctx context.Context, _ *sql.Conn) error {
	f, err := os.OpenFile(l.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	for {
		locked, err := tryLock(f)
		if locked {
			l.f = f
			return nil
		}
		if err != nil {
			f.Close()
			return fmt.Errorf("migration lock %s: %w", l.path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func (l *fileLocker) SessionUnlock(context.Context, *sql.Conn) error {
	if l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the file releases the lock
	l.f = nil
	return err
}
