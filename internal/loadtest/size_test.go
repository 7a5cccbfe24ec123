package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/testwait"
)

// watchSize reports a file's largest size while it was watched, not its
// last; a file that is not there is 0.
func TestWatchSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wal")
	w := watchSize(path)
	sampled := func() {
		n := w.count()
		testwait.For(t, "two more samples", 10*time.Second, func() bool { return w.count() >= n+2 })
	}
	if err := os.WriteFile(path, make([]byte, 3<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	sampled()
	if err := os.Truncate(path, 1<<20); err != nil {
		t.Fatal(err)
	}
	sampled()
	if got := w.stop(); got != 3 {
		t.Errorf("largest %.2f MB, want 3", got)
	}
	if got := fileMB(path); got != 1 {
		t.Errorf("now %.2f MB, want 1", got)
	}
	if got := fileMB(path + "-none"); got != 0 {
		t.Errorf("a missing file: %.2f MB", got)
	}
}
