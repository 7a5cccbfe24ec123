package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// quiet is a daemon started by startQuiet; exited closes when it is gone.
type quiet struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// startQuiet runs the release binary and waits for "SilentGuard is running"
// (it may have no listener to wait on).
func startQuiet(t *testing.T, config string) *quiet {
	t.Helper()
	cmd := exec.Command(binary, "run", "--config", config)
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); pw.Close(); close(exited) }()
	running := make(chan struct{})
	var logs bytes.Buffer
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			logs.WriteString(sc.Text() + "\n")
			var ev map[string]any
			if json.Unmarshal(sc.Bytes(), &ev) == nil && ev["message"] == "SilentGuard is running" {
				close(running)
				io.Copy(io.Discard, pr)
				return
			}
		}
	}()
	select {
	case <-running:
	case <-exited:
		t.Fatalf("silentguard exited at start:\n%s", logs.String())
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("silentguard did not start")
	}
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	return &quiet{cmd: cmd, exited: exited}
}

// A second run on the same database exits 11 with an error that names the
// database, the first one's pid and the lock file, with a listener or
// without; once the first is gone, stopped or killed, the next one starts.
func TestOneDaemonPerDatabase(t *testing.T) {
	for _, listen := range []string{"127.0.0.1:0", ""} {
		t.Run(fmt.Sprintf("listen=%q", listen), func(t *testing.T) {
			e := newEnv(t)
			cfg, _ := os.ReadFile(e.config)
			os.WriteFile(e.config, bytes.Replace(cfg, []byte(`listen = "127.0.0.1:0"`), []byte(fmt.Sprintf("listen = %q", listen)), 1), 0o600)
			first := startQuiet(t, e.config)

			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			second := exec.CommandContext(ctx, binary, "run", "--config", e.config)
			out, _ := second.CombinedOutput()
			db := filepath.Join(e.dir, "data", "silentguard.db")
			if code := second.ProcessState.ExitCode(); code != exitDatabase {
				t.Fatalf("second run: exit %d, want %d\n%s", code, exitDatabase, out)
			}
			for _, want := range []string{"in use by another SilentGuard", db, fmt.Sprintf("pid %d", first.cmd.Process.Pid), db + ".lock"} {
				if !strings.Contains(string(out), want) {
					t.Errorf("the error does not say %q:\n%s", want, out)
				}
			}

			// A stopped first run lets the next one in; so does a killed one
			// (the kernel drops its lock).
			first.cmd.Process.Signal(syscall.SIGTERM)
			<-first.exited
			third := startQuiet(t, e.config)
			third.cmd.Process.Kill()
			<-third.exited
			startQuiet(t, e.config)
		})
	}
}

// `ingest --direct` beside a daemon it cannot hand over to (no listener)
// does not judge and send on its own: it waits for the database, within
// --wait (exit 12, Gammu keeps the message), and goes ahead once free.
func TestIngestDirectWaitsForTheDatabase(t *testing.T) {
	e := smsEnv(t, "", nil)
	d := startQuiet(t, e.config)
	msg := gammuEnv("+12025550143", "Hi Marco, are we still on for coffee at the usual place at 5?")
	code, logs := runIngest(t, context.Background(), e, msg, "--direct", "--wait", "1s", "IN7.txt")
	if code != exitRuntime || !strings.Contains(logs, "The database stayed in use") {
		t.Fatalf("ingest --direct beside a daemon without a listener: exit %d, want %d:\n%s", code, exitRuntime, logs)
	}
	if n := len(readConsole(t, e.console)); n != 0 {
		t.Fatalf("%d warnings sent by the ingest that waited", n)
	}
	d.cmd.Process.Signal(syscall.SIGTERM)
	<-d.exited
	if code, logs = runIngest(t, context.Background(), e, msg, "--direct", "IN7.txt"); code != 0 || len(readConsole(t, e.console)) != 1 {
		t.Fatalf("ingest --direct once the daemon stopped: exit %d:\n%s", code, logs)
	}
}
