//go:build !linux

package storage

import (
	"context"
	"errors"
)

// fileChanges is Linux's only (inotify); elsewhere the watcher polls.
func fileChanges(context.Context, string) (<-chan struct{}, error) {
	return nil, errors.New("file change notification is not supported here")
}
