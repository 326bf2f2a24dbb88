package storage

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// versionTable is goose's bookkeeping table, prefixed like all of ours.
const versionTable = "numeneon_goose_db_version"

// Migrate brings the schema up to date. The migrations create the Django
// tables only where they are missing, so they run on an empty database and
// on one the Numeneon web backend made. On Postgres a session advisory lock
// lets several `numeneon serve` instances start at once.
func (s *DB) Migrate(ctx context.Context) error {
	p, err := s.migrator()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", s.d.name, err)
	}
	if err := s.CatchUpUsernames(ctx); err != nil {
		return fmt.Errorf("migrate %s: the keys of usernames: %w", s.d.name, err)
	}
	return nil
}

// MigrationStatus reports the applied and pending migrations, for `numeneon
// migrate`.
func (s *DB) MigrationStatus(ctx context.Context) (applied, pending []string, err error) {
	p, err := s.migrator()
	if err != nil {
		return nil, nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("migration status: %w", err)
	}
	for _, m := range st {
		if m.State == goose.StateApplied {
			applied = append(applied, m.Source.Path)
		} else {
			pending = append(pending, m.Source.Path)
		}
	}
	return applied, pending, nil
}

func (s *DB) migrator() (*goose.Provider, error) {
	fsys, err := fs.Sub(migrations, "migrations/"+s.d.name)
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithTableName(versionTable), goose.WithDisableGlobalRegistry(true)}
	dialect := goose.DialectSQLite3
	if s.d.name == "postgres" {
		dialect = goose.DialectPostgres
		id, err := s.migrationLockID()
		if err != nil {
			return nil, err
		}
		// Looked for again every second, up to 5 minutes: instances
		// starting together wait for the first one's migrations.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	} else if s.path != "" {
		opts = append(opts, goose.WithSessionLocker(&fileLocker{path: migrateLockPath(s.path)}))
	}
	return goose.NewProvider(dialect, s.db, fsys, opts...)
}

// migrationLockID is the Postgres advisory lock that serializes migrations
// of this database's schema: one per schema (current_schema(), from the
// search_path), so that the migrations of unrelated schemas on one server
// (tests, or two deployments in one database) never wait on each other.
func (s *DB) migrationLockID() (int64, error) {
	var schema string
	if err := s.db.QueryRow(`SELECT current_schema()`).Scan(&schema); err != nil {
		return 0, fmt.Errorf("migration lock: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("numeneon migrations " + schema))
	return int64(h.Sum64()), nil
}
