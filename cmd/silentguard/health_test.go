package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/silentguard/silentguard/internal/testwait"
)

// healthz asks the daemon's /healthz, with the bearer token when given.
func (d *daemon) healthz(t *testing.T, token string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+d.addr+"/healthz", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("healthz: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("healthz body %q: %v", b, err)
	}
	return resp.StatusCode, body
}

// On a listener others can reach, /healthz tells only ok or not ok without
// the bearer token; and it answers 503 as soon as an owner's protection is
// down because a notifier keeps failing.
func TestHealthzOnAnOpenListener(t *testing.T) {
	const token = "e2e-health-token-0123456789"
	e := newEnv(t)
	e.failingHook(t, token, "push", 1)
	d := e.start(t)

	code, body := d.healthz(t, "")
	if code != http.StatusOK || len(body) != 1 || body["ok"] != true {
		t.Errorf("healthz without the token: %d %v, want 200 and nothing but ok", code, body)
	}
	code, body = d.healthz(t, token)
	if code != http.StatusOK || body["adapters"] == nil {
		t.Errorf("healthz with the token: %d %v, want 200 with the adapters", code, body)
	}

	req, _ := http.NewRequest(http.MethodPost, "http://"+d.addr+"/v1/messages",
		bytes.NewReader([]byte(jsonMsg("m1", "Hi Marco, are we still on for coffee at the usual place at 5?", false, t0))))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("post: %v %v", resp, err)
	}
	resp.Body.Close()
	testwait.For(t, "healthz to report the failing notifier", 10*time.Second, func() bool {
		code, _ := d.healthz(t, "")
		return code == http.StatusServiceUnavailable
	})
	code, body = d.healthz(t, "")
	if len(body) != 1 || body["ok"] != false {
		t.Errorf("healthz without the token: %d %v, want nothing but ok", code, body)
	}
	_, body = d.healthz(t, token)
	if f, _ := body["failing_notifiers"].([]any); len(f) != 1 || f[0] != "laura/push" {
		t.Errorf("failing notifiers %v, want laura/push", body["failing_notifiers"])
	}
	d.stop(t)
}
