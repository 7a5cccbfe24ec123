package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/silentguard/silentguard/internal/e2e"
	"github.com/silentguard/silentguard/internal/testwait"
)

// binary is the real silentguard as released (pure-Go olm, no cgo), built
// once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	var err error
	if binary, err = e2e.Binary(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	e2e.Cleanup()
	os.Exit(code)
}

// crashBinary is silentguard built with the failpoints the crash tests arm
// (the release binary has none).
func crashBinary(t *testing.T) string {
	t.Helper()
	bin, err := e2e.Binary("failpoint")
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

type daemon struct {
	t       *testing.T
	cmd     *exec.Cmd
	addr    string
	stderr  *bytes.Buffer
	mu      sync.Mutex
	exited  chan struct{}
	exitErr error
}

type env struct {
	dir     string
	config  string
	console string
}

// writeEnv makes a directory for one daemon and writes its config: the
// data directory, debug JSON logs and quick retries every test wants,
// then what body writes (its [http] section and owners; e.console is the
// console notifier's file).
func writeEnv(t *testing.T, body func(e *env) string) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{dir: dir, config: filepath.Join(dir, "silentguard.toml"), console: filepath.Join(dir, "warnings.txt")}
	cfg := fmt.Sprintf(`data_dir = %q
[log]
format = "json"
level = "debug"
[delivery]
retry_min = "50ms"
retry_max = "200ms"
`, filepath.Join(dir, "data")) + body(e)
	if err := os.WriteFile(e.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return e
}

func newEnv(t *testing.T) *env {
	return writeEnv(t, func(e *env) string {
		return fmt.Sprintf(`[http]
listen = "127.0.0.1:0"
[[owner]]
id = "laura"
names = ["Laura", "Laura Bianchi"]
country = "IT"
languages = ["en"]
  [[owner.notify]]
  type = "console"
  path = %q
`, e.console)
	})
}

// failingHook moves e's listener off loopback behind token and adds an
// HTTP target called name whose server always answers 503; failureAlert
// is how many failures in a row make a notice. It returns the server's URL.
func (e *env) failingHook(t *testing.T, token, name string, failureAlert int) string {
	t.Helper()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(failing.Close)
	cfg, err := os.ReadFile(e.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg = bytes.Replace(cfg, []byte(`listen = "127.0.0.1:0"`), []byte(`listen = "0.0.0.0:0"
token = "`+token+`"`), 1)
	cfg = bytes.Replace(cfg, []byte("[delivery]\n"), []byte(fmt.Sprintf("[delivery]\nfailure_alert = %d\n", failureAlert)), 1)
	cfg = append(cfg, fmt.Sprintf(`  [[owner.notify]]
  type = "http"
  name = %q
  url = "%s/hook"
`, name, failing.URL)...)
	if err := os.WriteFile(e.config, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	return failing.URL
}

// start runs the release binary and waits until its listener is up.
func (e *env) start(t *testing.T, extraEnv ...string) *daemon {
	t.Helper()
	return e.startBinary(t, binary, extraEnv...)
}

func (e *env) startBinary(t *testing.T, bin string, extraEnv ...string) *daemon {
	t.Helper()
	d := &daemon{t: t, stderr: &bytes.Buffer{}, exited: make(chan struct{})}
	d.cmd = exec.Command(bin, "run", "--config", e.config)
	d.cmd.Env = append(os.Environ(), extraEnv...)
	pr, pw := io.Pipe()
	d.cmd.Stderr = pw
	d.cmd.Stdout = io.Discard
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addrCh := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			d.mu.Lock()
			d.stderr.WriteString(line + "\n")
			d.mu.Unlock()
			var ev map[string]any
			if json.Unmarshal([]byte(line), &ev) == nil && ev["message"] == "HTTP listener ready" {
				addrCh <- ev["listen"].(string)
			}
		}
	}()
	go func() {
		d.exitErr = d.cmd.Wait()
		pw.Close()
		close(d.exited)
	}()
	select {
	case d.addr = <-addrCh:
	case <-d.exited:
		t.Fatalf("silentguard exited at start: %v\n%s", d.exitErr, d.logs())
	case <-time.After(20 * time.Second):
		d.cmd.Process.Kill()
		t.Fatalf("silentguard did not start:\n%s", d.logs())
	}
	t.Cleanup(func() { d.cmd.Process.Kill(); <-d.exited })
	return d
}

// testPhone matches the tests' senders' numbers (+1 202 555 01xx) in any
// of the forms they are posted in. A bare "555" also turned up, by chance,
// inside a random warning id ("sgw_9c555st...") and failed a test.
var testPhone = regexp.MustCompile(`202[ -]?555[ -]?01[0-9][0-9]`)

func (d *daemon) logs() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stderr.String()
}

func (d *daemon) stop(t *testing.T) {
	t.Helper()
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
		if d.exitErr != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", d.exitErr, d.logs())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
}

// died reports whether the process is gone (killed by a failpoint).
func (d *daemon) died() bool {
	select {
	case <-d.exited:
		return true
	default:
		return false
	}
}

func (d *daemon) post(body string) (int, string, error) {
	resp, err := http.Post("http://"+d.addr+"/v1/messages", "application/json", strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

var header = regexp.MustCompile(`(?m)^=== SilentGuard owner=(\S+) (\S+) level=(\S+) ref=(\S+) id=(\S+)$`)

type delivered struct{ kind, level, id string }

func readConsole(t *testing.T, path string) []delivered {
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []delivered
	for _, m := range header.FindAllStringSubmatch(string(b), -1) {
		out = append(out, delivered{kind: m[2], level: m[3], id: m[5]})
	}
	return out
}

func jsonMsg(id, text string, fromOwner bool, at time.Time) string {
	b, _ := json.Marshal(map[string]any{"owner": "laura", "from": "+1 202 555 0143", "name": "+1 202-555-0143",
		"text": text, "id": id, "time": at.Format(time.RFC3339), "from_owner": fromOwner})
	return string(b)
}

var t0 = time.Date(2026, 5, 7, 9, 12, 0, 0, time.UTC)

func TestWebhookEndToEnd(t *testing.T) {
	e := newEnv(t)
	d := e.start(t)
	code, body, err := d.post(jsonMsg("m1", "Hi Marco, are we still on for coffee at the usual place at 5?", false, t0))
	if err != nil || code != http.StatusAccepted {
		t.Fatalf("POST opener: %d %s %v", code, body, err)
	}
	if strings.Contains(body, "Marco") || strings.Contains(body, "level") {
		t.Errorf("the response carries more than a receipt: %s", body)
	}
	testwait.For(t, "the console warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	out, _ := os.ReadFile(e.console)
	if !strings.Contains(string(out), "Marco") {
		t.Errorf("the warning does not quote the evidence:\n%s", out)
	}
	// Bad input: a clear 4xx naming the field, and the daemon goes on.
	for _, tc := range []struct {
		body, field string
		code        int
	}{
		{`{"owner":"laura","from":"+12025550143","id":"x"}`, "text", 400},
		{`{"owner":"laura","from":"+12025550143","text":"hi","id":"x","time":"yesterday"}`, "time", 400},
		{`{"owner":"nobody","from":"+12025550143","text":"hi","id":"x"}`, "owner", 404},
		{`{"owner":"laura","from":"+12025550143","text":"hi","id":"x","colour":1}`, "colour", 400},
		{`{"owner":"laura","from":5,"text":"hi","id":"x"}`, "from", 400},
		{`{"owner":`, "", 400},
	} {
		code, body, err := d.post(tc.body)
		if err != nil || code != tc.code || !strings.Contains(body, `"field":"`+tc.field+`"`) && tc.field != "" {
			t.Errorf("%s: %d %s %v, want %d naming %q", tc.body, code, body, err, tc.code, tc.field)
		}
	}
	big := `{"owner":"laura","from":"+12025550143","id":"big","text":"` + strings.Repeat("a", 70<<10) + `"}`
	if code, _, _ := d.post(big); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", code)
	}
	resp, err := http.Get("http://" + d.addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	var health struct {
		OK       bool `json:"ok"`
		Adapters []struct {
			Owner, Adapter string
			OK             bool
		} `json:"adapters"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&health); err != nil {
		t.Fatalf("healthz body: %v", err)
	}
	resp.Body.Close()
	if !health.OK || len(health.Adapters) != 1 || health.Adapters[0].Owner != "laura" ||
		health.Adapters[0].Adapter != "webhook" || !health.Adapters[0].OK {
		t.Errorf("healthz = %+v, want laura's webhook adapter, ok", health)
	}
	if logs := d.logs(); strings.Contains(logs, "Marco") || testPhone.MatchString(logs) {
		t.Errorf("logs carry message text or the phone number:\n%s", logs)
	}
	// Every log line is JSON with a real log level (a field named "level"
	// in a log call would overwrite it).
	for _, line := range strings.Split(strings.TrimSpace(d.logs()), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Errorf("log line is not JSON: %q", line)
			continue
		}
		switch ev["level"] {
		case "trace", "debug", "info", "warn", "error":
		default:
			t.Errorf("log line with level %v: %s", ev["level"], line)
		}
	}
	d.stop(t)
}

// The scripted conversation of the crash tests: a warning on the opener,
// an escalation on the pivot.
var script = []struct {
	text      string
	fromOwner bool
}{
	{"Hi Marco, are we still on for coffee at the usual place at 5?", false},
	{"Sorry, wrong number", true},
	{"Oh sorry! Nice to meet you anyway, I'm Amy. Where are you from?", false},
	{"My uncle is a crypto analyst, I made 30% last week on his trading platform. Add me on WhatsApp and I'll show you", false},
}

func TestCrashRecovery(t *testing.T) {
	points := []struct {
		failpoint string
		// dupOK: a kill between a successful send and its record may show
		// that warning twice; nowhere else.
		dupOK bool
	}{
		{"ingest.before-commit:1", false},
		{"ingest.after-commit:1", false},
		{"deliver.before-send:1", false},
		{"deliver.after-send:1", true},
		{"ingest.before-commit:4", false},
		{"ingest.after-commit:4", false},
		{"deliver.before-send:2", false},
		{"deliver.after-send:2", true},
	}
	for _, p := range points {
		t.Run(p.failpoint, func(t *testing.T) {
			e := newEnv(t)
			dbPath := filepath.Join(e.dir, "data", "silentguard.db")
			d := e.startBinary(t, crashBinary(t), "SILENTGUARD_FAILPOINT="+p.failpoint)
			killed := false
			for i, s := range script {
				body := jsonMsg(fmt.Sprintf("m%d", i+1), s.text, s.fromOwner, t0.Add(time.Duration(i)*20*time.Minute))
				// A gateway retries until it gets a 2xx.
				for attempt := 0; ; attempt++ {
					if attempt > 5 {
						t.Fatalf("message %d never accepted\n%s", i+1, d.logs())
					}
					code, resp, err := d.post(body)
					if err == nil && code == http.StatusAccepted {
						break
					}
					if err == nil && code != http.StatusAccepted {
						t.Fatalf("message %d: %d %s", i+1, code, resp)
					}
					testwait.For(t, "the killed process to exit", 5*time.Second, d.died)
					killed = true
					d = e.start(t)
				}
				// Before the next message: this one's warning, if any, is
				// delivered and recorded, or the failpoint killed the process.
				testwait.For(t, "no delivery pending, or the process killed", 10*time.Second, func() bool {
					n, err := countRows(dbPath, `SELECT COUNT(*) FROM delivery WHERE state='pending'`)
					return d.died() || err == nil && n == 0
				})
				if d.died() {
					killed = true
					d = e.start(t)
				}
			}
			testwait.For(t, "two distinct warnings on the console", 10*time.Second, func() bool {
				if d.died() {
					killed = true
					d = e.start(t)
				}
				ids := map[string]bool{}
				for _, w := range readConsole(t, e.console) {
					ids[w.id] = true
				}
				return len(ids) == 2
			})
			if !killed {
				t.Fatalf("failpoint %s never fired", p.failpoint)
			}
			d.stop(t)
			got := readConsole(t, e.console)
			count := map[string]int{}
			escalations := map[string]bool{}
			firsts := map[string]bool{}
			for _, w := range got {
				count[w.id]++
				switch w.kind {
				case "escalation":
					escalations[w.id] = true
				case "warning":
					firsts[w.id] = true
				default:
					t.Errorf("unexpected %s", w.kind)
				}
			}
			if len(firsts) != 1 || len(escalations) != 1 {
				t.Errorf("want one warning and one escalation, got %+v", got)
			}
			dups := 0
			for id, n := range count {
				if n > 1 {
					dups++
					if !p.dupOK || n > 2 {
						t.Errorf("warning %s delivered %d times; a duplicate is allowed only for a kill between send and record", id, n)
					}
				}
			}
			if p.dupOK && dups != 1 {
				t.Logf("no duplicate after a kill between send and record (the re-send may have raced): %+v", got)
			}
			assertNothingPending(t, dbPath)
		})
	}
}

func assertNothingPending(t *testing.T, dbPath string) {
	t.Helper()
	pending, err := countRows(dbPath, `SELECT COUNT(*) FROM delivery WHERE state='pending'`)
	if err != nil {
		t.Fatal(err)
	}
	if pending != 0 {
		t.Errorf("%d deliveries still pending after a clean stop", pending)
	}
}

// countRows runs a COUNT query on the database at dbPath, which a running
// (or just killed) daemon may be writing: a busy database is waited for.
func countRows(dbPath, query string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(context.Background(), query).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: %w", query, err)
	}
	return n, nil
}

func TestForgetLeavesNothing(t *testing.T) {
	e := newEnv(t)
	// A second owner whose data must survive.
	cfg, _ := os.ReadFile(e.config)
	cfg = append(cfg, []byte(`
[[owner]]
id = "marco"
names = ["Marco"]
country = "IT"
  [[owner.notify]]
  type = "console"
  path = "`+filepath.Join(e.dir, "marco.txt")+`"
`)...)
	os.WriteFile(e.config, cfg, 0o600)
	d := e.start(t)
	// Each owner gets a text of their own, so the file can be searched for
	// the forgotten owner's words.
	texts := map[string]string{
		"laura": "Ciao Giulia, confermi per domani alle 15 dal dentista? Porta lo zainoblu",
		"marco": "Ciao Giulia, confermi per domani alle 15 dal dentista? Porta la borsarossa",
	}
	for _, owner := range []string{"laura", "marco"} {
		body, _ := json.Marshal(map[string]any{"owner": owner, "from": "+39 347 123 4567", "text": texts[owner], "id": "f1"})
		if code, resp, err := d.post(string(body)); err != nil || code != 202 {
			t.Fatalf("post: %d %s %v", code, resp, err)
		}
	}
	testwait.For(t, "warnings", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	d.stop(t)
	out, err := exec.Command(binary, "forget", "--owner", "laura", "--config", e.config).CombinedOutput()
	if err != nil {
		t.Fatalf("forget: %v\n%s", err, out)
	}
	dbPath := filepath.Join(e.dir, "data", "silentguard.db")
	db, err := sql.Open("sqlite", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`SELECT COUNT(*) FROM conversation WHERE owner='laura'`,
		`SELECT COUNT(*) FROM warning WHERE owner='laura'`,
		`SELECT COUNT(*) FROM cursor WHERE owner='laura'`,
		`SELECT COUNT(*) FROM feedback WHERE owner='laura'`,
		`SELECT COUNT(*) FROM allowed_sender WHERE owner='laura'`,
		// Nothing left behind by the deleted rows.
		`SELECT COUNT(*) FROM turn WHERE conv_id NOT IN (SELECT id FROM conversation)`,
		`SELECT COUNT(*) FROM seen_event WHERE conv_id NOT IN (SELECT id FROM conversation)`,
		`SELECT COUNT(*) FROM delivery WHERE warning_id NOT IN (SELECT id FROM warning)`,
	} {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s = %d (%v)", q, n, err)
		}
	}
	var marco int
	db.QueryRow(`SELECT COUNT(*) FROM conversation WHERE owner='marco'`).Scan(&marco)
	if marco != 1 {
		t.Errorf("forget deleted another owner's data")
	}
	db.Close()
	// The file itself must not hold laura's id any more (marco's text is
	// the same sentence, so look for the owner id and her warning refs).
	raw, _ := os.ReadFile(dbPath)
	wal, _ := os.ReadFile(dbPath + "-wal")
	for _, s := range []string{"laura", "zainoblu"} {
		if bytes.Contains(raw, []byte(s)) || bytes.Contains(wal, []byte(s)) {
			t.Errorf("the database file still contains %q of the forgotten owner", s)
		}
	}
	if !bytes.Contains(raw, []byte("borsarossa")) && !bytes.Contains(wal, []byte("borsarossa")) {
		t.Errorf("the other owner's text is gone from the file (the search above proves nothing)")
	}
}

func TestConfigCommands(t *testing.T) {
	out, err := exec.Command(binary, "config", "example").Output()
	if err != nil || !bytes.Contains(out, []byte("[[owner.notify]]")) {
		t.Fatalf("config example: %v", err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "bad.toml")
	os.WriteFile(p, []byte("[watch]\nwindow = \"2w\"\n"), 0o600)
	cmd := exec.Command(binary, "config", "check", p)
	out, err = cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != exitConfig || !strings.Contains(string(out), p+":2") {
		t.Errorf("config check of a bad file: exit %d, %s (%v)", cmd.ProcessState.ExitCode(), out, err)
	}
	os.WriteFile(p, silentguardExample(t), 0o600)
	if out, err := exec.Command(binary, "config", "check", p).CombinedOutput(); err != nil {
		t.Errorf("config check of the example: %v\n%s", err, out)
	}
	for _, v := range []string{"version", "--version", "-version"} {
		out, err = exec.Command(binary, v).Output()
		if err != nil || !strings.HasPrefix(string(out), "silentguard ") {
			t.Errorf("%s: %q %v", v, out, err)
		}
	}
}

func silentguardExample(t *testing.T) []byte {
	b, err := os.ReadFile("../../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A listener that cannot bind is a start-up failure (exit 11), with a
// JSON log line that says which address.
func TestListenerInUseIsStartupFailure(t *testing.T) {
	startupFailsOnTakenPort(t, func(cfg []byte, addr string) []byte {
		return bytes.Replace(cfg, []byte(`listen = "127.0.0.1:0"`), []byte(fmt.Sprintf("listen = %q", addr)), 1)
	})
}

// startupFailsOnTakenPort runs the binary with a config that edit points
// at a port already taken: a start-up failure (exit 11) that names the
// address, not a crash a supervisor restarts at once.
func startupFailsOnTakenPort(t *testing.T, edit func(cfg []byte, addr string) []byte) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	e := newEnv(t)
	cfg, _ := os.ReadFile(e.config)
	os.WriteFile(e.config, edit(cfg, ln.Addr().String()), 0o600)
	cmd := exec.Command(binary, "run", "--config", e.config)
	out, _ := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != exitDatabase {
		t.Errorf("exit %d, want %d (start-up failure)\n%s", code, exitDatabase, out)
	}
	if !bytes.Contains(out, []byte(ln.Addr().String())) {
		t.Errorf("the log does not name the address:\n%s", out)
	}
}

// An appservice whose port is taken cannot start either.
func TestAppserviceListenerInUseIsStartupFailure(t *testing.T) {
	startupFailsOnTakenPort(t, func(cfg []byte, addr string) []byte {
		return append(cfg, fmt.Sprintf(`[matrix.appservice]
enabled = true
homeserver = "http://127.0.0.1:9"
server_name = "localhost"
listen = %q
`, addr)...)
	})
}
