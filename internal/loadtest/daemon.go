package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// writeConfig writes the daemon's config: SQLite in dir (or what
// dbSection, a [database] table, says), the webhook on listen, one owner
// whose warnings go to hookURL.
func writeConfig(dir, listen, hookURL, dbSection string) (string, error) {
	cfg := fmt.Sprintf(`data_dir = %q
%s[log]
format = "json"
[http]
listen = %q
[[owner]]
id = %q
names = ["Laura", "Laura Bianchi"]
country = "IT"
languages = ["en", "it"]
  [[owner.notify]]
  type = "http"
  url = %q
`, filepath.Join(dir, "data"), dbSection, listen, owner, hookURL)
	path := filepath.Join(dir, "silentguard.toml")
	return path, os.WriteFile(path, []byte(cfg), 0o600)
}

// daemon is a running silentguard.
type daemon struct {
	cmd     *exec.Cmd
	addr    string
	exited  chan struct{}
	exitErr error
	mu      sync.Mutex
	tail    []string // the last lines of its log, for errors
}

// startDaemon runs bin with the config and waits until /healthz answers
// 200; it returns the time that took (the cold start).
func startDaemon(bin, configPath, addr string, env ...string) (*daemon, time.Duration, error) {
	d := &daemon{addr: addr, exited: make(chan struct{})}
	d.cmd = exec.Command(bin, "run", "--config", configPath)
	d.cmd.Env = append(os.Environ(), env...)
	d.cmd.Stdout = io.Discard
	stderr, err := d.cmd.StderrPipe()
	if err != nil {
		return nil, 0, err
	}
	start := time.Now()
	if err := d.cmd.Start(); err != nil {
		return nil, 0, err
	}
	go d.readLog(stderr)
	client := &http.Client{Timeout: time.Second}
	for {
		select {
		case <-d.exited:
			return nil, 0, fmt.Errorf("silentguard exited at start (%v):\n%s", d.exitErr, d.logTail())
		default:
		}
		if resp, err := client.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return d, time.Since(start), nil
			}
		}
		if time.Since(start) > 30*time.Second {
			d.kill()
			return nil, 0, fmt.Errorf("silentguard not healthy after 30 s:\n%s", d.logTail())
		}
		time.Sleep(time.Millisecond)
	}
}

func (d *daemon) readLog(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		d.mu.Lock()
		d.tail = append(d.tail, sc.Text())
		if len(d.tail) > 50 {
			d.tail = d.tail[1:]
		}
		d.mu.Unlock()
	}
	d.exitErr = d.cmd.Wait()
	close(d.exited)
}

func (d *daemon) logTail() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.tail, "\n")
}

// stop sends SIGTERM and waits for a clean exit.
func (d *daemon) stop() error {
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
		if d.exitErr != nil {
			return fmt.Errorf("exit after SIGTERM: %w\n%s", d.exitErr, d.logTail())
		}
		return nil
	case <-time.After(30 * time.Second):
		d.kill()
		return errors.New("no exit within 30 s of SIGTERM")
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (d *daemon) kill() {
	_ = d.cmd.Process.Kill()
	<-d.exited
}

// mem is the daemon's memory, in MB: its resident set (anonymous memory
// plus the pages of files it maps, the binary's code above all) and peak.
type mem struct{ rss, anon, file, peak float64 }

func (m mem) String() string {
	return fmt.Sprintf("%.1f MB (%.1f anon + %.1f file)", m.rss, m.anon, m.file)
}

// memory reads the daemon's memory from /proc.
func (d *daemon) memory() mem {
	var m mem
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", d.cmd.Process.Pid))
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		mb := float64(kb) / 1024
		switch k {
		case "VmRSS":
			m.rss = mb
		case "VmHWM":
			m.peak = mb
		case "RssAnon":
			m.anon = mb
		case "RssFile":
			m.file = mb
		}
	}
	return m
}

// cpu is the daemon's CPU time so far (user and system).
func (d *daemon) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", d.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command name (which may hold spaces).
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ
}

// ownCPU is this process's CPU time so far (the posters and the notifier).
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
