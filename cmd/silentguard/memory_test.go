package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/testwait"
)

// The daemon sets the config's soft memory limit (40 MiB by default), and
// GOMEMLIMIT, when set, wins; memory_limit_mib = 0 sets none.
func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		name, config, env, want string
	}{
		{"default", "", "", `"mib":40,"from":"config"`},
		{"config", "memory_limit_mib = 64\n", "", `"mib":64,"from":"config"`},
		{"environment", "memory_limit_mib = 64\n", "GOMEMLIMIT=100MiB", `"mib":100,"from":"GOMEMLIMIT"`},
		{"none", "memory_limit_mib = 0\n", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			if c.config != "" {
				cfg, err := os.ReadFile(e.config)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(e.config, append([]byte(c.config), cfg...), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			line := startLogLine(t, e, c.env, "Memory limit")
			switch {
			case c.want == "" && line != "":
				t.Errorf("memory_limit_mib = 0 logged a limit: %s", line)
			case c.want != "" && !strings.Contains(line, c.want):
				t.Errorf("memory limit line %q, want %s", line, c.want)
			}
		})
	}
}

// The daemon collects garbage at GOGC=200 unless the environment sets
// GOGC, and says which.
func TestGarbageCollectionPercent(t *testing.T) {
	for _, c := range []struct{ name, env, want string }{
		{"default", "", `"gogc":200,"from":"default"`},
		{"environment", "GOGC=150", `"gogc":150,"from":"GOGC"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			line := startLogLine(t, newEnv(t), c.env, "Garbage collection")
			if !strings.Contains(line, c.want) {
				t.Errorf("garbage collection line %q, want %s", line, c.want)
			}
		})
	}
}

// startLogLine starts the daemon (with env, "" for none added), waits
// until it runs, stops it, and returns its log line of message ("" if
// none).
func startLogLine(t *testing.T, e *env, env, message string) string {
	t.Helper()
	var extra []string
	if env != "" {
		extra = append(extra, env)
	}
	d := e.start(t, extra...)
	testwait.For(t, "the start's log", 10*time.Second, func() bool { return strings.Contains(d.logs(), "SilentGuard is running") })
	logs := d.logs()
	d.stop(t)
	var line string
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, `"message":"`+message+`"`) {
			line = l
		}
	}
	return line
}
