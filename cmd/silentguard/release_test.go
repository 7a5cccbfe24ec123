package main

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/testwait"
)

// The release binary carries no failpoint: none of its symbols, not the
// variable's name, and arming it changes nothing.
func TestReleaseBinaryHasNoFailpoints(t *testing.T) {
	out, err := exec.Command("go", "tool", "nm", binary).Output()
	if err != nil {
		t.Fatalf("go tool nm: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "internal/failpoint") {
			t.Errorf("failpoint symbol in the release binary: %s", strings.TrimSpace(line))
		}
		// Nor the profiler that -tags pprof builds in.
		if strings.Contains(line, "net/http/pprof") {
			t.Errorf("profiler symbol in the release binary: %s", strings.TrimSpace(line))
		}
	}
	raw, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("SILENTGUARD_FAILPOINT")) {
		t.Error("the release binary knows the failpoint variable")
	}
	e := newEnv(t)
	d := e.start(t, "SILENTGUARD_FAILPOINT=ingest.after-commit:1")
	code, body, err := d.post(jsonMsg("m1", "Hi Marco, are we still on for coffee at the usual place at 5?", false, t0))
	if err != nil || code != http.StatusAccepted {
		t.Fatalf("POST with a failpoint armed: %d %s %v", code, body, err)
	}
	testwait.For(t, "the warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	if d.died() {
		t.Fatal("the release binary died at an armed failpoint")
	}
	d.stop(t)
}
