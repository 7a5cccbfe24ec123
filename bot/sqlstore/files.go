package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
)

// Errors of opening and checking a database file.
var (
	ErrEmptyFile = errors.New("the file is empty (0 bytes), not a SilentGuard database: restore it from a backup, or move it away to start with a new database")
	ErrDamaged   = errors.New("the database is damaged: restore it from a backup")
	ErrReadOnly  = errors.New("the database cannot be written")
)

// prepareFile makes path ready to open: a new database is created complete,
// an existing one (and its -wal and -shm) is made private, and a zero-length
// file is refused.
func prepareFile(ctx context.Context, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return createDatabase(ctx, path)
	case err != nil:
		return fmt.Errorf("open database %s: %w", path, err)
	case st.Size() == 0:
		// SQLite would take it for a new database and start afresh,
		// silently losing what the file held (a failed copy, a full disk).
		return fmt.Errorf("database %s: %w", path, ErrEmptyFile)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := makePrivate(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// createDatabase creates the database under a temporary name with mode
// 0600 (SQLite gives its -wal and -shm the same mode), writes its schema,
// and links it into place: a zero-length file at path never comes from
// SilentGuard, even when it is killed half-way.
func createDatabase(ctx context.Context, path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".new-*")
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			_ = os.Remove(p)
		}
	}()
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	s, err := openSQLite(ctx, tmp)
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	if err := s.Close(); err != nil { // checkpoints the WAL into the file
		return fmt.Errorf("create database %s: %w", path, err)
	}
	// A link never replaces a database another process created meanwhile.
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.Rename(tmp, path); err != nil { // no hard links here
			return fmt.Errorf("create database %s: %w", path, err)
		}
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// makePrivate takes group and other permissions off an existing file.
func makePrivate(ctx context.Context, path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("database file %s: %w", path, err)
	}
	perm := st.Mode().Perm()
	if perm&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(path, perm&^0o077); err != nil {
		return fmt.Errorf("make %s private (it is %v): %w", path, perm, err)
	}
	zerolog.Ctx(ctx).Warn().Str("file", path).Stringer("mode_was", perm).Stringer("mode", perm&^0o077).
		Msg("Others could read a SilentGuard file; made it private")
	return nil
}

// PrivateDir creates dir (0700), or takes group and other permissions off
// it, with a warning, when it exists.
func PrivateDir(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("data directory %s: %w", dir, err)
	}
	return makePrivate(ctx, dir)
}

// Check makes sure the database is sound (PRAGMA quick_check) and can be
// written (Probe): a read-only or damaged file is found at start, not by
// the first message that cannot be stored.
func (s *Store) Check(ctx context.Context) error {
	if s.dialect != dbutil.SQLite {
		// The server checks its own files; what it can refuse is a write.
		if err := s.Probe(ctx); err != nil {
			return fmt.Errorf("database %s: %w: %w", s.path, ErrReadOnly, err)
		}
		return nil
	}
	var result string
	if err := s.db.QueryRow(ctx, `PRAGMA quick_check(1)`).Scan(&result); err != nil {
		return fmt.Errorf("database %s: %w (PRAGMA quick_check: %w)", s.path, ErrDamaged, err)
	}
	if result != "ok" {
		return fmt.Errorf("database %s: %w (PRAGMA quick_check: %s)", s.path, ErrDamaged, result)
	}
	if err := s.Probe(ctx); err != nil {
		return fmt.Errorf("database %s: %w: %w", s.path, ErrReadOnly, err)
	}
	return nil
}

// Probe commits a write, proving that the database can be written now.
// It overwrites one row of its own in the cursor table (owner "" is no
// owner's).
func (s *Store) Probe(ctx context.Context) error {
	return s.Tx(ctx, func(ctx context.Context) error {
		return s.SetCursor(ctx, "", "silentguard", "write-probe", time.Now().UTC().Format(time.RFC3339Nano))
	})
}
