package main

import (
	"bytes"
	"database/sql"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/testwait"
)

// backup writes a consistent, private copy of the database while the
// daemon runs, refuses to overwrite a file, and leaves the database as it
// was.
func TestBackupWhileRunning(t *testing.T) {
	e := newEnv(t)
	d := e.start(t)
	if code, body, err := d.post(jsonMsg("m1", "Hi Marco, are we still on for coffee at the usual place at 5?", false, t0)); err != nil || code != http.StatusAccepted {
		t.Fatalf("post: %d %s %v", code, body, err)
	}
	testwait.For(t, "the warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	dest := filepath.Join(t.TempDir(), "backup.db")
	code, out, errOut := runBinary(t, nil, "backup", "--config", e.config, dest)
	if code != exitOK || !strings.Contains(out, "Backed up") {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errOut)
	}
	if m := mode(t, dest); m != 0o600 {
		t.Errorf("backup mode %v, want 0600", m)
	}
	db, err := sql.Open("sqlite", "file:"+dest+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	var convs, warnings int
	db.QueryRow(`PRAGMA integrity_check`).Scan(&check)
	db.QueryRow(`SELECT COUNT(*) FROM conversation`).Scan(&convs)
	db.QueryRow(`SELECT COUNT(*) FROM warning`).Scan(&warnings)
	if check != "ok" || convs != 1 || warnings != 1 {
		t.Errorf("backup: integrity %q, %d conversations, %d warnings; want ok, 1, 1", check, convs, warnings)
	}
	if _, err := os.Stat(dest + "-wal"); err == nil {
		t.Errorf("the backup has a -wal file: it is not one self-contained file")
	}

	before, _ := os.ReadFile(dest)
	code, _, errOut = runBinary(t, nil, "backup", "--config", e.config, dest)
	after, _ := os.ReadFile(dest)
	if code != exitUsage || !strings.Contains(errOut, "exists") || !bytes.Equal(before, after) {
		t.Errorf("backup over an existing file: exit %d, %q; want exit 2 and the file untouched", code, errOut)
	}

	// With the daemon stopped, the database file is not changed (nor
	// upgraded) by a backup.
	d.stop(t)
	dbPath := filepath.Join(e.dir, "data", "silentguard.db")
	orig, _ := os.ReadFile(dbPath)
	if code, out, errOut := runBinary(t, nil, "backup", "--config", e.config, dest+".2"); code != exitOK {
		t.Fatalf("backup of a stopped database: exit %d\n%s%s", code, out, errOut)
	}
	if now, _ := os.ReadFile(dbPath); !bytes.Equal(orig, now) {
		t.Errorf("backup changed the database file")
	}
}
