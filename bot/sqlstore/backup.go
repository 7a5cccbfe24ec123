package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
)

// Backup writes a consistent copy of the SQLite database at path to dest
// (VACUUM INTO), also while another process writes to it. The database is
// opened read-only and not upgraded: a backup taken before installing a
// new version keeps the old schema. dest must not exist (an error that is
// os.ErrExist); it is created readable by its owner only, since it holds
// what the database holds.
func Backup(ctx context.Context, path, dest string) (err error) {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: database: %w", err)
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(dest)
		}
	}()
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_pragma=busy_timeout(10000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("backup: open database %s: %w", path, err)
	}
	defer db.Close()
	// SQLite writes into the empty file, keeping its mode.
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("backup: copy %s to %s: %w", path, dest, err)
	}
	var ok string
	check, err := sql.Open("sqlite", "file:"+(&url.URL{Path: dest}).EscapedPath()+"?mode=ro")
	if err != nil {
		return fmt.Errorf("backup: check %s: %w", dest, err)
	}
	defer check.Close()
	if err := check.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("backup: check %s: %w", dest, errors.Join(err, fmt.Errorf("quick_check: %s", ok)))
	}
	return nil
}
