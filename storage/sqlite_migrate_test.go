package storage_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/numeneon/numeneon/storage"
)

// migrateEnv, set to a path, makes TestHelperMigrateProcess a process that
// opens and migrates the SQLite file at that path once its stdin closes.
const migrateEnv = "NUMENEON_MIGRATE_TEST_FILE"

// TestHelperMigrateProcess is not a test: TestSQLiteFirstOpenProcesses
// runs the test binary again as several processes that open a new file.
func TestHelperMigrateProcess(t *testing.T) {
	path := os.Getenv(migrateEnv)
	if path == "" {
		t.Skip("a process for TestSQLiteFirstOpenProcesses; not a test by itself")
	}
	io.Copy(io.Discard, os.Stdin) // the start signal: all processes begin together
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestSQLiteFirstOpenProcesses: several processes open and migrate the
// same brand-new SQLite file at the same moment, as several `numeneon`
// commands started together on a fresh machine do. Every one succeeds,
// round after round, and they leave the whole schema, in WAL mode.
func TestSQLiteFirstOpenProcesses(t *testing.T) {
	const rounds, processes = 15, 4
	failed := 0
	for round := range rounds {
		path := filepath.Join(t.TempDir(), "fresh.db")
		var (
			cmds  []*exec.Cmd
			outs  []*bytes.Buffer
			gates []io.WriteCloser
		)
		for range processes {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperMigrateProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), migrateEnv+"="+path)
			out := &bytes.Buffer{}
			cmd.Stdout, cmd.Stderr = out, out
			gate, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, outs, gates = append(cmds, cmd), append(outs, out), append(gates, gate)
		}
		for _, gate := range gates {
			gate.Close()
		}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				failed++
				t.Errorf("round %d: process %d of %d failed to open and migrate: %v\n%s", round, i+1, processes, err, outs[i])
			}
		}
		db := open(t, path)
		applied, pending, err := db.MigrationStatus(context.Background())
		if err != nil || len(pending) > 0 || len(applied) == 0 {
			t.Errorf("round %d: migrations applied %v, pending %v, %v", round, applied, pending, err)
		}
		var twice int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM (SELECT version_id FROM numeneon_goose_db_version
			GROUP BY version_id HAVING COUNT(*) > 1) t`).Scan(&twice); err != nil || twice != 0 {
			t.Errorf("round %d: %d migrations were applied more than once (%v)", round, twice, err)
		}
		var mode string
		if err := db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("round %d: journal mode %q, %v; want wal", round, mode, err)
		}
		db.Close()
	}
	t.Logf("%d rounds of %d processes opening a new file at once: %d processes failed", rounds, processes, failed)
}
