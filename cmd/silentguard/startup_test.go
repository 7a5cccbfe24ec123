package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot/sqlstore"
)

// runUntilExit runs the binary with the env's config and returns its exit
// code and output; a daemon that starts serving instead is killed after
// the timeout (exit -1).
func runUntilExit(t *testing.T, e *env, cred *syscall.Credential) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "run", "--config", e.config)
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	out, _ := cmd.CombinedOutput()
	return cmd.ProcessState.ExitCode(), string(out)
}

// A database that cannot serve stops the start with exit 11 and a message
// that names the file, instead of a daemon that answers 503 to every
// message while /healthz says ok.
func TestUnusableDatabaseStopsTheStart(t *testing.T) {
	t.Run("zero-length", func(t *testing.T) {
		e := newEnv(t)
		db := filepath.Join(e.dir, "data", "silentguard.db")
		os.MkdirAll(filepath.Dir(db), 0o700)
		if err := os.WriteFile(db, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		expectDatabaseExit(t, e, db, nil, "empty")
		if st, _ := os.Stat(db); st.Size() != 0 {
			t.Errorf("the zero-length file was replaced (%d bytes)", st.Size())
		}
	})
	t.Run("damaged", func(t *testing.T) {
		e := newEnv(t)
		db := filepath.Join(e.dir, "data", "silentguard.db")
		s, err := sqlstore.OpenSQLite(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		// Damage a page that nothing reads at start: the feedback table's.
		var root, pageSize int64
		s.DB().QueryRow(context.Background(), `SELECT rootpage FROM sqlite_master WHERE name='feedback'`).Scan(&root)
		s.DB().QueryRow(context.Background(), `PRAGMA page_size`).Scan(&pageSize)
		s.Close()
		if root == 0 || pageSize == 0 {
			t.Fatalf("feedback table at page %d of %d bytes", root, pageSize)
		}
		f, err := os.OpenFile(db, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteAt(bytes.Repeat([]byte{0xA5}, int(pageSize)), (root-1)*pageSize)
		f.Close()
		expectDatabaseExit(t, e, db, nil, "damaged")
	})
	t.Run("read-only", func(t *testing.T) {
		e := newEnv(t)
		db := filepath.Join(e.dir, "data", "silentguard.db")
		s, err := sqlstore.OpenSQLite(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		var cred *syscall.Credential
		if os.Getuid() == 0 {
			// root writes any file: run as nobody, who owns the files
			// but may not write the database.
			cred = &syscall.Credential{Uid: 65534, Gid: 65534}
			for _, dir := range []string{filepath.Dir(binary), filepath.Dir(e.dir)} {
				os.Chmod(dir, 0o755)
			}
			filepath.Walk(e.dir, func(p string, _ os.FileInfo, _ error) error { return os.Chown(p, 65534, 65534) })
		}
		if err := os.Chmod(db, 0o400); err != nil {
			t.Fatal(err)
		}
		expectDatabaseExit(t, e, db, cred, "cannot be written")
	})
}

func expectDatabaseExit(t *testing.T, e *env, db string, cred *syscall.Credential, why string) {
	t.Helper()
	code, out := runUntilExit(t, e, cred)
	if code != exitDatabase {
		t.Fatalf("exit %d, want %d\n%s", code, exitDatabase, out)
	}
	if !strings.Contains(out, db) || !strings.Contains(out, why) {
		t.Errorf("the message does not name %s and say %q:\n%s", db, why, out)
	}
}

// The data directory and the database files are the owner's alone, even
// when the directory existed with wider permissions; fixing it is logged.
func TestDataDirectoryIsMadePrivate(t *testing.T) {
	e := newEnv(t)
	data := filepath.Join(e.dir, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	d := e.start(t)
	// A message makes SQLite write its -wal and -shm.
	if code, body, err := d.post(jsonMsg("m1", "hello", false, time.Now())); err != nil || code != 202 {
		t.Fatalf("post: %d %s %v", code, body, err)
	}
	if m := mode(t, data); m != 0o700 {
		t.Errorf("data directory %v, want 0700", m)
	}
	db := filepath.Join(data, "silentguard.db")
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s: %v, want 0600", filepath.Base(p), m)
		}
	}
	warned := false
	for _, line := range strings.Split(d.logs(), "\n") {
		var ev map[string]any
		if json.Unmarshal([]byte(line), &ev) == nil && ev["level"] == "warn" && ev["file"] == data {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning names the data directory it made private:\n%s", d.logs())
	}
	d.stop(t)
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}
