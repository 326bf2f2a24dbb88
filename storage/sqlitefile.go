package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// A SQLite database is a file that the process holds open. Removed or
// replaced under a running numeneon (rm, a restore from backup, a
// careless mv), it goes on taking writes into the unlinked or old file,
// and every later write is lost with no error. So each write first checks
// that the path still names the file opened: one stat, against the
// device and inode kept at Open.

// FileGoneError is the error of a write refused because the SQLite file
// was removed or replaced since it was opened. It is meant for the
// operator (it names the path); a person sees an internal error.
type FileGoneError struct {
	Path     string
	Replaced bool // another file is at Path now; else there is none
}

func (e *FileGoneError) Error() string {
	if e.Replaced {
		return fmt.Sprintf("the SQLite file %s was replaced by another file after numeneon opened it; "+
			"writes are refused, since they would go to the old file: restart numeneon to use the new one", e.Path)
	}
	return fmt.Sprintf("the SQLite file %s was removed after numeneon opened it; "+
		"writes are refused, since they would be lost with it: put the file back, or restart numeneon", e.Path)
}

// checkFile refuses a write when the SQLite file is not the one opened,
// and logs it once each time the file goes missing. Postgres has no file.
func (s *DB) checkFile() error {
	if s.file == nil {
		return nil
	}
	st, err := os.Stat(s.path)
	var gone *FileGoneError
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		gone = &FileGoneError{Path: s.path}
	case err == nil && !os.SameFile(s.file, st):
		gone = &FileGoneError{Path: s.path, Replaced: true}
	default:
		// The file is there, or the path cannot be looked at (a
		// directory's permissions changed): the open file still is.
		s.fileLost.Store(false)
		return nil
	}
	if !s.fileLost.Swap(true) {
		s.Logger.Error("refusing writes: the database file is gone", "err", gone)
	}
	return gone
}
