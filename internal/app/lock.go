//go:build unix

package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockDatabase takes the database's lock file (<database>.lock) for this
// process, so that two daemons never judge and warn from one database. The
// kernel drops a flock when its process dies, so a crash leaves no stale
// lock behind. The lock file holds the pid, for the error of the next one.
func lockDatabase(dbPath string) (*os.File, error) {
	p := dbPath + ".lock"
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return nil, fmt.Errorf("lock file %s: %w", p, err)
	}
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock file %s: %w", p, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		pid, _ := io.ReadAll(io.LimitReader(f, 32))
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: database %s is in use by another SilentGuard (pid %s, lock file %s); stop it first, or give this one its own data_dir",
				ErrInUse, dbPath, strings.TrimSpace(string(pid)), p)
		}
		return nil, fmt.Errorf("lock file %s: %w", p, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}
