package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// A new database, its -wal and -shm files are the owner's alone, whatever
// the umask.
func TestNewDatabaseIsPrivate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data", "sg.db")
	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetCursor(ctx, "o", "a", "k", "v"); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, filepath.Dir(path)); m != 0o700 {
		t.Errorf("new data directory %v, want 0700", m)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s: %v, want 0600", filepath.Base(p), m)
		}
	}
	if left, _ := filepath.Glob(path + ".new*"); len(left) != 0 {
		t.Errorf("files left from creating the database: %v", left)
	}
}

// Files that others can read (made by an older version, or restored from a
// backup) are made private at start, with a warning that names them.
func TestExistingFilesAreMadePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sg.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TABLE other (x TEXT)`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	ctx := zerolog.New(&logs).WithContext(context.Background())
	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s: %v, want 0600", filepath.Base(p), m)
		}
		if !strings.Contains(logs.String(), p+`"`) {
			t.Errorf("no warning names %s:\n%s", p, logs.String())
		}
	}
	if !strings.Contains(logs.String(), `"level":"warn"`) {
		t.Errorf("fixing the modes is not a warning:\n%s", logs.String())
	}
}

// A zero-length file where the database should be is refused: it is not
// silently replaced by an empty database.
func TestZeroLengthDatabaseIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sg.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := OpenSQLite(context.Background(), path)
	if err == nil {
		s.Close()
		t.Fatal("a zero-length database file was opened")
	}
	if !errors.Is(err, ErrEmptyFile) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q, want ErrEmptyFile naming the file", err)
	}
	if st, _ := os.Stat(path); st.Size() != 0 {
		t.Errorf("the file was written to (%d bytes)", st.Size())
	}
}

// Check finds a damaged database (PRAGMA quick_check), naming the file.
func TestCheckFindsDamage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sg.db")
	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 400 {
		if err := s.SetCursor(ctx, "o", "a", strings.Repeat("k", 200)+string(rune('a'+i%26))+string(rune(i)), strings.Repeat("v", 200)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Check(ctx); err != nil {
		t.Fatalf("check of a sound database: %v", err)
	}
	s.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	// Scribble over the last pages: table b-tree pages, not the header.
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, 3*4096), st.Size()-3*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s, err = OpenSQLite(ctx, path)
	if err == nil {
		err = s.Check(ctx)
		s.Close()
	}
	t.Logf("damaged database: %v", err)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("damaged database: %v, want an error naming the file", err)
	}
}
