package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal: what the binary writes to tty, the
// test reads from pty.
func openPTY(t *testing.T) (pty, tty *os.File) {
	t.Helper()
	pty, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, pty.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlockpt: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, pty.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("ptsname: %v", e)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pty.Close(); tty.Close() })
	return pty, tty
}

// startupLog runs the binary until it gives up on a taken port (so it logs
// a few lines and exits by itself) and returns what it wrote to stderr,
// through a terminal when onTTY.
func startupLog(t *testing.T, format string, onTTY bool, env ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	e := newEnv(t)
	cfg, _ := os.ReadFile(e.config)
	cfg = bytes.Replace(cfg, []byte(`listen = "127.0.0.1:0"`), []byte(fmt.Sprintf("listen = %q", ln.Addr())), 1)
	repl := ""
	if format != "" {
		repl = fmt.Sprintf("format = %q", format)
	}
	cfg = bytes.Replace(cfg, []byte(`format = "json"`), []byte(repl), 1)
	os.WriteFile(e.config, cfg, 0o600)
	cmd := exec.Command(binary, "run", "--config", e.config)
	cmd.Env = append(os.Environ(), "NO_COLOR=", "TERM=xterm")
	cmd.Env = append(cmd.Env, env...)
	var out []byte
	if onTTY {
		pty, tty := openPTY(t)
		cmd.Stderr = tty
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		tty.Close()
		out, _ = io.ReadAll(pty) // ends with EIO once the binary is gone
		cmd.Wait()
		out = bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n"))
	} else {
		var errb bytes.Buffer
		cmd.Stderr = &errb
		cmd.Run()
		out = errb.Bytes()
	}
	if code := cmd.ProcessState.ExitCode(); code != exitDatabase || !bytes.Contains(out, []byte("Starting SilentGuard")) {
		t.Fatalf("exit %d, want %d after logging the start:\n%s", code, exitDatabase, out)
	}
	return string(out)
}

func allJSON(s string) bool {
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if !json.Valid([]byte(l)) {
			return false
		}
	}
	return true
}

// Logs are JSON unless they go to a terminal (or the config asks for the
// console format); colour only on a terminal, and never with NO_COLOR.
func TestLogFormatAndColour(t *testing.T) {
	const esc = "\x1b["
	for _, c := range []struct {
		name, format string
		tty          bool
		env          []string
		json, colour bool
	}{
		{"pipe, default", "", false, nil, true, false},
		{"pipe, console", "console", false, nil, false, false},
		{"terminal, default", "", true, nil, false, true},
		{"terminal, NO_COLOR", "", true, []string{"NO_COLOR=1"}, false, false},
		{"terminal, console, NO_COLOR", "console", true, []string{"NO_COLOR=1"}, false, false},
		{"terminal, json", "json", true, nil, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := startupLog(t, c.format, c.tty, c.env...)
			if allJSON(out) != c.json {
				t.Errorf("JSON lines: %v, want %v:\n%s", !c.json, c.json, out)
			}
			if strings.Contains(out, esc) != c.colour {
				t.Errorf("colour: %v, want %v:\n%q", !c.colour, c.colour, out)
			}
		})
	}
}
