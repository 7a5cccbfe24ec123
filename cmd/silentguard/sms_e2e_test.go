package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/adapters/webhook"
	"github.com/silentguard/silentguard/internal/e2e"
	"github.com/silentguard/silentguard/internal/testsmtp"
	"github.com/silentguard/silentguard/internal/testwait"
)

const (
	e2eTwilioToken  = "e2e-twilio-token-0123456789"
	e2eAndroidToken = "e2e-android-token-0123456789"
	e2eAuthToken    = "e2e-auth-token"
	e2eSigningKey   = "e2e-signing-key"
)

// smsEnv writes a config with Twilio, Android and Gammu sources for
// laura, whose warnings go to a console file and, when smtp is set, by
// e-mail. listen is the [http] address.
func smsEnv(t *testing.T, listen string, smtp *testsmtp.Server) *env {
	return writeEnv(t, func(e *env) string {
		cfg := fmt.Sprintf(`[http]
listen = %q
token = "e2e-bearer-token"

[sms]
rate = 600
burst = 100
[[sms.source]]
type = "twilio"
token = %q
auth_token = %q
owner = "laura"
public_url = "https://sg.example.org/"
[[sms.source]]
type = "android"
token = %q
signing_key = %q
owner = "laura"
[[sms.source]]
type = "gammu"
name = "modem"
owner = "laura"

[[owner]]
id = "laura"
names = ["Laura", "Laura Bianchi"]
country = "IT"
languages = ["en"]
allow = ["+39 333 123 4567"]
  [[owner.notify]]
  type = "console"
  path = %q
`, listen, e2eTwilioToken, e2eAuthToken, e2eAndroidToken, e2eSigningKey, e.console)
		if smtp != nil {
			cfg += fmt.Sprintf(`  [[owner.notify]]
  type = "email"
  to = "laura@example.net"
  quote = "short"
[smtp]
host = %q
port = %d
from = "SilentGuard <silentguard@example.org>"
tls = "starttls"
timeout = "10s"
`, smtp.Host, smtp.Port)
		}
		return cfg
	})
}

func (d *daemon) do(req *http.Request) (int, string, http.Header) {
	d.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func (d *daemon) twilio(form url.Values, signWith string) (int, string) {
	path := "/v1/twilio/" + e2eTwilioToken
	req, _ := http.NewRequest(http.MethodPost, "http://"+d.addr+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", webhook.TwilioSignature(signWith, "https://sg.example.org"+path, form))
	code, body, _ := d.do(req)
	return code, body
}

func incomingSMS(sid, from, text string) url.Values {
	return url.Values{"MessageSid": {sid}, "SmsMessageSid": {sid}, "SmsSid": {sid}, "AccountSid": {"AC0123456789abcdef0123456789abcdef"},
		"From": {from}, "To": {"+393400000001"}, "Body": {text}, "NumMedia": {"0"}, "NumSegments": {"1"},
		"SmsStatus": {"received"}, "ApiVersion": {"2010-04-01"}, "FromCountry": {"US"}, "ToCountry": {"IT"}}
}

// TestSMSGatewaysEndToEnd: Twilio and the Android app post to the real
// binary, and the warning reaches an SMS-only owner by e-mail through a
// local SMTP server with STARTTLS.
func TestSMSGatewaysEndToEnd(t *testing.T) {
	smtp := testsmtp.Start(t, testsmtp.Options{})
	e := smsEnv(t, "127.0.0.1:0", smtp)
	// The binary trusts the test server's certificate and nothing else.
	d := e.start(t, "SSL_CERT_FILE="+smtp.CertFile, "SSL_CERT_DIR=/nonexistent")

	code, body := d.twilio(incomingSMS("SM1", "+12025550143", "Hi Marco, are we still on for coffee at the usual place at 5?"), e2eAuthToken)
	if code != 200 || body != `<?xml version="1.0" encoding="UTF-8"?><Response/>` {
		t.Fatalf("twilio: %d %q, want 200 and an empty TwiML response", code, body)
	}
	testwait.For(t, "the e-mail warning", 15*time.Second, func() bool { return len(smtp.Mails()) == 1 })
	testwait.For(t, "the console warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	warning := readConsole(t, e.console)[0]
	m := smtp.Mails()[0]
	if !m.TLS || m.To[0] != "laura@example.net" {
		t.Errorf("mail TLS=%v to %v", m.TLS, m.To)
	}
	if id := m.Msg.Header.Get("Message-Id"); id != "<"+warning.id+"@example.org>" {
		t.Errorf("Message-ID %q, want the warning ID %s at the sender's domain", id, warning.id)
	}
	if !strings.Contains(m.Body, "Marco") {
		t.Errorf("the mail does not say what was seen:\n%s", m.Body)
	}

	// A forged request: 403, not stored, logged without the text.
	code, body = d.twilio(incomingSMS("SM2", "+12025550143", "Hi Marco forged text"), "not-the-auth-token")
	if code != http.StatusForbidden || !strings.Contains(body, "X-Twilio-Signature") {
		t.Errorf("forged: %d %s", code, body)
	}

	// The Android app, signed as its documentation says.
	payload := []byte(`{"deviceId":"ffffffffceb0b1db0000018e937c815b","event":"sms:received","id":"Ey6ECgOkVVFjz3CL48B8C",` +
		`"payload":{"messageId":"abc123","message":"Ciao Marco, confermi per domani alle 15?","phoneNumber":"+1 650 555 1212",` +
		`"simNumber":1,"receivedAt":"2026-05-07T15:46:11.000+07:00"},"webhookId":"w1"}`)
	for i, key := range []string{e2eSigningKey, "wrong-key"} {
		req, _ := http.NewRequest(http.MethodPost, "http://"+d.addr+"/v1/android/"+e2eAndroidToken, strings.NewReader(string(payload)))
		req.Header.Set("Content-Type", "application/json")
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req.Header.Set("X-Timestamp", ts)
		req.Header.Set("X-Signature", webhook.AndroidSignature(key, payload, ts))
		code, body, _ := d.do(req)
		want := []int{http.StatusAccepted, http.StatusForbidden}[i]
		if code != want {
			t.Errorf("android with key %d: %d %s, want %d", i, code, body, want)
		}
	}
	testwait.For(t, "the second e-mail", 15*time.Second, func() bool { return len(smtp.Mails()) == 2 })
	if logs := d.logs(); strings.Contains(logs, "Marco") || strings.Contains(logs, "2025550143") || strings.Contains(logs, "650 555") || strings.Contains(logs, "forged") {
		t.Errorf("logs carry message text or a phone number:\n%s", logs)
	}
	if !strings.Contains(d.logs(), "bad signature") {
		t.Error("the forged requests were not logged")
	}
	d.stop(t)
}

// gammuEnv is what Gammu SMSD's RunOnReceive puts in the environment for
// one received single-part SMS.
func gammuEnv(number, text string) []string {
	return []string{"SMS_MESSAGES=1", "DECODED_PARTS=0", "SMS_1_CLASS=-1", "SMS_1_NUMBER=" + number,
		"SMS_1_TEXT=" + text, "PHONE_ID=modem"}
}

// runIngest runs `silentguard ingest` as Gammu does: through the shell,
// with every standard file descriptor closed, the message in the
// environment and its IDs as arguments.
func runIngest(t *testing.T, ctx context.Context, e *env, extraEnv []string, args ...string) (int, string) {
	t.Helper()
	logPath := filepath.Join(e.dir, "ingest.log")
	full := append([]string{"ingest", "--config", e.config, "--log", logPath}, args...)
	cmd := exec.CommandContext(ctx, "/bin/sh", append([]string{"-c", `exec "$0" "$@" <&- >&- 2>&-`, binary}, full...)...)
	cmd.Env = append(cleanEnv(), extraEnv...)
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(logPath)
	return code, string(b)
}

// cleanEnv is the test's environment without Gammu's variables.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SMS_") && !strings.HasPrefix(kv, "DECODED_") && !strings.HasPrefix(kv, "SILENTGUARD_") {
			out = append(out, kv)
		}
	}
	return out
}

func TestIngestHandsOverToDaemon(t *testing.T) {
	e := smsEnv(t, "127.0.0.1:0", nil)
	d := e.start(t)
	// ingest reads the daemon's address from the config.
	b, _ := os.ReadFile(e.config)
	os.WriteFile(e.config, []byte(strings.Replace(string(b), `listen = "127.0.0.1:0"`, fmt.Sprintf("listen = %q", d.addr), 1)), 0o600)
	ids := []string{"IN20260507_091200_00_+12025550143_00.txt"}
	code, logs := runIngest(t, context.Background(), e, gammuEnv("+12025550143", "Hi Marco, are we still on for coffee at the usual place at 5?"), ids...)
	if code != 0 {
		t.Fatalf("ingest exit %d:\n%s", code, logs)
	}
	testwait.For(t, "the console warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	// Gammu reruns the program after its two-minute limit: harmless.
	code, logs = runIngest(t, context.Background(), e, gammuEnv("+12025550143", "Hi Marco, are we still on for coffee at the usual place at 5?"), ids...)
	if code != 0 || !strings.Contains(logs, `"status":"duplicate"`) {
		t.Errorf("rerun: exit %d:\n%s", code, logs)
	}
	// The rerun was judged a duplicate before ingest got its answer, so
	// the database holds whatever it caused; once nothing is pending,
	// nothing more reaches the console.
	dbPath := filepath.Join(e.dir, "data", "silentguard.db")
	testwait.For(t, "no delivery pending", 10*time.Second, func() bool {
		n, err := countRows(dbPath, `SELECT COUNT(*) FROM delivery WHERE state='pending'`)
		return err == nil && n == 0
	})
	if n, err := countRows(dbPath, `SELECT COUNT(*) FROM warning`); err != nil || n != 1 {
		t.Errorf("%d warnings stored after a rerun, want 1 (%v)", n, err)
	}
	if n := len(readConsole(t, e.console)); n != 1 {
		t.Errorf("%d warnings after a rerun, want 1", n)
	}
	for _, l := range []string{logs, d.logs()} {
		if strings.Contains(l, "Marco") || strings.Contains(l, "2025550143") {
			t.Errorf("logs carry message text or the phone number:\n%s", l)
		}
	}
	// A delivery report: nothing to judge, exit 0.
	code, _ = runIngest(t, context.Background(), e, []string{"SMS_MESSAGES=1", "SMS_1_NUMBER=+12025550143", "SMS_1_CLASS=1", "SMS_1_REFERENCE=12"}, "IN2.txt")
	if code != 0 {
		t.Errorf("delivery report: exit %d", code)
	}
	// Not run by Gammu: a usage error naming the variable.
	code, logs = runIngest(t, context.Background(), e, nil)
	if code != exitUsage || !strings.Contains(logs, "SMS_MESSAGES") {
		t.Errorf("empty environment: exit %d:\n%s", code, logs)
	}
	if !strings.Contains(d.logs(), "Warning decided") {
		t.Errorf("the daemon did not store the message:\n%s", d.logs())
	}
	d.stop(t)
}

func TestIngestWaitsForRestartingDaemon(t *testing.T) {
	addr := freeAddr(t)
	e := smsEnv(t, addr, nil)
	done := make(chan int, 1)
	var logs string
	start := time.Now()
	go func() {
		code, l := runIngest(t, context.Background(), e, gammuEnv("+12025550143", "Hi Marco, coffee at 5 as agreed?"), "IN3.txt")
		logs = l
		done <- code
	}()
	// ingest has found the daemon down twice (its log says so) and is
	// still waiting for it.
	logPath := filepath.Join(e.dir, "ingest.log")
	testwait.For(t, "ingest to retry twice", 20*time.Second, func() bool {
		b, _ := os.ReadFile(logPath)
		return strings.Count(string(b), "The daemon is not reachable; retrying") >= 2
	})
	select {
	case code := <-done:
		t.Fatalf("ingest ended (%d) before the daemon was up:\n%s", code, logs)
	default:
	}
	d := e.start(t)
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("ingest exit %d:\n%s", code, logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ingest did not finish after the daemon came up")
	}
	t.Logf("handed over %s after ingest started", time.Since(start).Round(time.Millisecond))
	if !strings.Contains(logs, "not reachable") {
		t.Errorf("ingest did not retry:\n%s", logs)
	}
	testwait.For(t, "the console warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	d.stop(t)
}

func TestIngestDirect(t *testing.T) {
	e := smsEnv(t, "127.0.0.1:0", nil)
	start := time.Now()
	code, logs := runIngest(t, context.Background(), e, gammuEnv("+12025550143", "Hi Marco, are we still on for coffee at the usual place at 5?"),
		"--direct", "IN4.txt")
	if code != 0 {
		t.Fatalf("ingest --direct exit %d:\n%s", code, logs)
	}
	t.Logf("ingest --direct took %s", time.Since(start).Round(time.Millisecond))
	// Delivered before it exited.
	if n := len(readConsole(t, e.console)); n != 1 {
		t.Fatalf("%d warnings after ingest --direct, want 1:\n%s", n, logs)
	}
	code, logs = runIngest(t, context.Background(), e, gammuEnv("+12025550143", "Hi Marco, are we still on for coffee at the usual place at 5?"),
		"--direct", "IN4.txt")
	if code != 0 || !strings.Contains(logs, `"duplicate":true`) {
		t.Errorf("rerun: exit %d:\n%s", code, logs)
	}
	if n := len(readConsole(t, e.console)); n != 1 {
		t.Errorf("%d warnings after a rerun, want 1", n)
	}
	// An allowed contact: stored, not warned about.
	code, _ = runIngest(t, context.Background(), e, gammuEnv("3331234567", "Hi Marco, coffee at 5?"), "--direct", "IN5.txt")
	if code != 0 || len(readConsole(t, e.console)) != 1 {
		t.Errorf("known contact: exit %d, %d warnings", code, len(readConsole(t, e.console)))
	}
	if strings.Contains(logs, "Marco") || strings.Contains(logs, "2025550143") {
		t.Errorf("logs carry message text or the phone number:\n%s", logs)
	}
}

// `ingest --direct` beside a running daemon hands the message over: two
// processes resending the same pending warnings could send one twice.
func TestIngestDirectDefersToRunningDaemon(t *testing.T) {
	addr := freeAddr(t)
	e := smsEnv(t, addr, nil)
	d := e.start(t)
	code, logs := runIngest(t, context.Background(), e, gammuEnv("+12025550143", "Hi Marco, are we still on for coffee at the usual place at 5?"),
		"--direct", "IN6.txt")
	if code != 0 || !strings.Contains(logs, "handing the message to it") {
		t.Fatalf("ingest --direct beside a daemon: exit %d:\n%s", code, logs)
	}
	testwait.For(t, "the console warning", 10*time.Second, func() bool { return len(readConsole(t, e.console)) == 1 })
	// The daemon's log reaches the test through a pipe, which may lag
	// the console file the warning was written to.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(d.logs(), "Warning decided"); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the daemon did not judge the message:\n%s", d.logs())
		}
	}
	d.stop(t)
}

// freeAddr returns a loopback address nothing listens on (yet).
func freeAddr(t *testing.T) string {
	t.Helper()
	addr, err := e2e.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	return addr
}
