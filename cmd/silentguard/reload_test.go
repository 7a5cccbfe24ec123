package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/testwait"
)

// hookReceiver is an HTTP notification target that records the warning
// IDs it gets.
type hookReceiver struct {
	*httptest.Server
	mu  sync.Mutex
	ids []string
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.ids = append(h.ids, r.Header.Get("X-SilentGuard-Warning-ID"))
		h.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookReceiver) received() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.ids...)
}

// logCount counts the daemon's log lines with this message.
func (d *daemon) logCount(message string) int {
	n := 0
	for _, line := range strings.Split(d.logs(), "\n") {
		var ev map[string]any
		if json.Unmarshal([]byte(line), &ev) == nil && ev["message"] == message {
			n++
		}
	}
	return n
}

// reload sends SIGHUP and waits for the daemon to log the outcome (the
// n-th of its kind): "Config reloaded", or the refusal.
func (d *daemon) reload(t *testing.T, outcome string, n int) {
	t.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	testwait.For(t, "the reload's outcome: "+outcome, 10*time.Second, func() bool { return d.logCount(outcome) >= n })
}

const (
	reloaded = "Config reloaded"
	refused  = "Config reload refused; the running config stays in force"
)

// postFrom posts one message of a new conversation from a sender.
func (d *daemon) postFrom(t *testing.T, id, from, text string) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"owner": "laura", "from": from, "text": text, "id": id, "time": t0.Format(time.RFC3339)})
	if code, body, err := d.post(string(b)); err != nil || code != http.StatusAccepted {
		t.Fatalf("post %s: %d %s %v", id, code, body, err)
	}
}

// warningsFor counts the warnings stored for a sender (E.164 digits).
func warningsFor(t *testing.T, e *env, digits string) int {
	t.Helper()
	n, err := countRows(filepath.Join(e.dir, "data", "silentguard.db"),
		`SELECT COUNT(*) FROM warning WHERE notice = '' AND sender LIKE '%`+digits+`%'`)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// lineOf is the 1-based line of the first line of text containing s.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line holds %q", s)
	return 0
}

const (
	openerText = "Hi Marco, are we still on for coffee at the usual place at 5?"
	isThisText = "Hello, is this Jenny?" // caution, from the one cue opener.is_this
)

// SIGHUP reloads the config in the running binary: a newly allowed sender
// and a contact of a re-exported vCard are not warned, a new notifier gets
// the next warning, a changed weight counts, a new owner is served; a broken config, or one that changes what needs a restart, is
// refused with its file and line in the log, and the old one keeps
// running.
func TestReloadOnSIGHUP(t *testing.T) {
	hook := newHookReceiver(t)
	e := newEnv(t)
	v1, err := os.ReadFile(e.config)
	if err != nil {
		t.Fatal(err)
	}
	d := e.start(t)

	d.postFrom(t, "a1", "+1 202 555 0101", isThisText)
	testwait.For(t, "the first warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })

	// v2: allow 0102, know 0107 from a vCard, warn through the hook too,
	// and turn opener.is_this off.
	vcf := filepath.Join(e.dir, "contacts.vcf")
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zia\r\nTEL;TYPE=CELL:+1 202 555 0107\r\nEND:VCARD\r\n"
	if err := os.WriteFile(vcf, []byte(card), 0o600); err != nil {
		t.Fatal(err)
	}
	v2 := strings.Replace(string(v1), `languages = ["en"]`, fmt.Sprintf(`languages = ["en"]
allow = ["+1 202 555 0102"]
vcard = %q`, vcf), 1)
	v2 = strings.Replace(v2, "[http]", "[detectors.weights]\n\"opener.is_this\" = 0.0\n[http]", 1)
	v2 += fmt.Sprintf("  [[owner.notify]]\n  type = \"http\"\n  name = \"hook\"\n  url = %q\n", hook.URL+"/warn")
	if err := os.WriteFile(e.config, []byte(v2), 0o600); err != nil {
		t.Fatal(err)
	}
	d.reload(t, reloaded, 1)

	d.postFrom(t, "b1", "+1 202 555 0102", openerText) // allowed now
	d.postFrom(t, "c1", "+1 202 555 0103", isThisText) // its only cue weighs 0 now
	d.postFrom(t, "g1", "+1 202 555 0107", openerText) // in the vCard
	d.postFrom(t, "d1", "+1 202 555 0104", openerText) // warned, on both targets
	testwait.For(t, "the hook's first warning", 10*time.Second, func() bool { return len(hook.received()) == 1 })
	testwait.For(t, "the console's second warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 2 })
	if c := readConsole(t, e.console); hook.received()[0] != c[1].id {
		t.Errorf("the hook got %s, the console %s: want the same warning", hook.received()[0], c[1].id)
	}
	// Each message was stored, and any warning with it, before its 202.
	for _, s := range []struct {
		digits string
		want   int
	}{{"12025550101", 1}, {"12025550102", 0}, {"12025550103", 0}, {"12025550107", 0}, {"12025550104", 1}} {
		if got := warningsFor(t, e, s.digits); got != s.want {
			t.Errorf("+%s: %d warnings, want %d", s.digits, got, s.want)
		}
	}

	// A new export of the address book, with the config as it is.
	card += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zio\r\nTEL;TYPE=CELL:+1 202 555 0108\r\nEND:VCARD\r\n"
	if err := os.WriteFile(vcf, []byte(card), 0o600); err != nil {
		t.Fatal(err)
	}
	d.reload(t, reloaded, 2)
	d.postFrom(t, "h1", "+1 202 555 0108", openerText) // in the vCard now
	d.postFrom(t, "i1", "+1 202 555 0109", openerText) // warned
	testwait.For(t, "the hook's second warning", 10*time.Second, func() bool { return len(hook.received()) == 2 })
	if got := warningsFor(t, e, "12025550108"); got != 0 {
		t.Errorf("+12025550108, in the reloaded vCard: %d warnings, want 0", got)
	}

	// v3 is broken: it would allow 0105, but min_level is nonsense.
	v3 := strings.Replace(v2, `allow = ["+1 202 555 0102"]`, `allow = ["+1 202 555 0102", "+1 202 555 0105"]`, 1)
	v3 = strings.Replace(v3, "[http]", "[watch]\nmin_level = \"loud\"\n[http]", 1)
	if err := os.WriteFile(e.config, []byte(v3), 0o600); err != nil {
		t.Fatal(err)
	}
	d.reload(t, refused, 1)
	want := fmt.Sprintf(`silentguard.toml:%d: watch.min_level = \"loud\": bad value`, lineOf(t, v3, `min_level = "loud"`))
	if !strings.Contains(d.logs(), want) {
		t.Errorf("the refusal does not say %s:\n%s", want, d.logs())
	}
	d.postFrom(t, "e1", "+1 202 555 0105", openerText) // not allowed by the running config
	testwait.For(t, "the hook's third warning", 10*time.Second, func() bool { return len(hook.received()) == 3 })

	// v4 moves the listener: only a restart can.
	v4 := strings.Replace(v2, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:1"`, 1)
	if err := os.WriteFile(e.config, []byte(v4), 0o600); err != nil {
		t.Fatal(err)
	}
	d.reload(t, refused, 2)
	want = fmt.Sprintf("silentguard.toml:%d: http.listen: changed, but only a restart applies", lineOf(t, v4, "listen ="))
	if !strings.Contains(d.logs(), want) {
		t.Errorf("the refusal does not say %s:\n%s", want, d.logs())
	}
	d.postFrom(t, "f1", "+1 202 555 0106", openerText) // still served, still warned through the hook
	testwait.For(t, "the hook's fourth warning", 10*time.Second, func() bool { return len(hook.received()) == 4 })

	// v5 adds an owner: their messages are taken from now on.
	beaConsole := filepath.Join(e.dir, "bea.txt")
	v5 := v2 + fmt.Sprintf("[[owner]]\nid = \"bea\"\nnames = [\"Bea\"]\ncountry = \"ES\"\n  [[owner.notify]]\n  type = \"console\"\n  path = %q\n", beaConsole)
	if err := os.WriteFile(e.config, []byte(v5), 0o600); err != nil {
		t.Fatal(err)
	}
	d.reload(t, reloaded, 3)
	b, _ := json.Marshal(map[string]any{"owner": "bea", "from": "+1 202 555 0110", "text": openerText, "id": "j1"})
	if code, body, err := d.post(string(b)); err != nil || code != http.StatusAccepted {
		t.Fatalf("post for the new owner: %d %s %v", code, body, err)
	}
	testwait.For(t, "the new owner's warning", 10*time.Second, func() bool { return len(readConsole(t, beaConsole)) == 1 })

	if logs := d.logs(); strings.Contains(logs, "Marco") || strings.Contains(logs, "Jenny") || testPhone.MatchString(logs) {
		t.Errorf("logs carry message text or a phone number:\n%s", logs)
	}
	d.stop(t)
}
