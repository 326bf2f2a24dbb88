package storage_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/numeneon/numeneon/model"
	"github.com/numeneon/numeneon/storage"
)

// lockedBuffer is a log destination that goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSQLiteFileGone removes, then replaces, the SQLite file under an
// open database: every write is refused with a FileGoneError that says
// what happened (never a silent success into the unlinked file), the log
// says it once per loss, and writes go on once the file is back.
func TestSQLiteFileGone(t *testing.T) {
	ctx := context.Background()
	path := sqliteURL(t)
	db, svc := evService(t, path)
	var logs lockedBuffer
	db.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	alice, err := svc.SignUp(ctx, model.SignUp{Username: "alice", Email: "alice@example.com", Password: "password-1"})
	if err != nil {
		t.Fatal(err)
	}
	post := func(content string) error {
		_, err := svc.CreatePost(ctx, alice.ID, model.NewPost{Content: content})
		return err
	}
	if err := post("before"); err != nil {
		t.Fatal(err)
	}

	// Moved away (as rm would unlink it): refused, logged once.
	aside := path + ".aside"
	if err := os.Rename(path, aside); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		err := post("into the void")
		var gone *storage.FileGoneError
		if !errors.As(err, &gone) || gone.Replaced || gone.Path != path {
			t.Fatalf("write %d with the file gone: %v, want a FileGoneError for %s", i, err, path)
		}
		if model.ErrorCode(err) != model.EINTERNAL || !strings.Contains(err.Error(), "was removed") {
			t.Errorf("the error: code %q, %q", model.ErrorCode(err), err)
		}
	}
	if n := strings.Count(logs.String(), "refusing writes"); n != 1 {
		t.Errorf("the loss was logged %d times, want once:\n%s", n, logs.String())
	}

	// Another file in its place (a restore from backup): refused too.
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var gone *storage.FileGoneError
	if err := post("into the old file"); !errors.As(err, &gone) || !gone.Replaced || !strings.Contains(err.Error(), "was replaced") {
		t.Fatalf("write with the file replaced: %v", err)
	}
	if st, err := os.Stat(path); err != nil || st.Size() != 0 {
		t.Errorf("the new file was written to: %v, %v", st, err)
	}

	// The right file back: writes land, and all of them are in it.
	if err := os.Rename(aside, path); err != nil {
		t.Fatal(err)
	}
	if err := post("after"); err != nil {
		t.Fatalf("write with the file back: %v", err)
	}
	posts, err := svc.UserPosts(ctx, alice.ID, alice.ID, model.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 2 || posts[0].Content != "after" || posts[1].Content != "before" {
		t.Errorf("the posts: %+v", posts)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := post("gone again"); !errors.As(err, &gone) {
		t.Fatalf("write with the file removed again: %v", err)
	}
	if n := strings.Count(logs.String(), "refusing writes"); n != 2 {
		t.Errorf("two losses were logged %d times:\n%s", n, logs.String())
	}
}

// BenchmarkSQLiteWrite is one small write (a draft saved), the check
// of the file included: compare BenchmarkCheckFile.
func BenchmarkSQLiteWrite(b *testing.B) {
	ctx := context.Background()
	_, svc := evService(b, sqliteURL(b))
	u, err := svc.SignUp(ctx, model.SignUp{Username: "alice", Email: "alice@example.com", Password: "password-1"})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := svc.SaveDraft(ctx, u.ID, "post", model.Draft{Content: "hello"}); err != nil {
			b.Fatal(err)
		}
	}
}
