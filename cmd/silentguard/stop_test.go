package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// SIGTERM lets a send in flight finish and records it, instead of
// cancelling it into a duplicate after the restart.
func TestStopLetsSendsInFlightFinish(t *testing.T) {
	arrived := make(chan string, 10)
	aborted := make(chan string, 10)
	release := make(chan struct{})
	var mu sync.Mutex
	requests := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-SilentGuard-Warning-ID")
		io.Copy(io.Discard, r.Body) // so that the server notices the client leaving
		mu.Lock()
		requests[id]++
		mu.Unlock()
		arrived <- id
		select {
		case <-release:
		case <-r.Context().Done():
			aborted <- id
		}
	}))
	defer srv.Close()
	defer close(release)

	e := newEnv(t)
	cfg, _ := os.ReadFile(e.config)
	cfg = append(cfg, []byte(`  [[owner.notify]]
  type = "http"
  name = "push"
  url = "`+srv.URL+`/hook"
`)...)
	os.WriteFile(e.config, cfg, 0o600)
	d := e.start(t)
	if code, body, err := d.post(jsonMsg("m1", "Hi Marco, are we still on for coffee at the usual place at 5?", false, t0)); err != nil || code != 202 {
		t.Fatalf("post: %d %s %v", code, body, err)
	}
	var id string
	select {
	case id = <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatalf("the warning never reached the receiver\n%s", d.logs())
	}
	d.cmd.Process.Signal(syscall.SIGTERM)
	deadline := time.After(10 * time.Second)
	for !strings.Contains(d.logs(), "Waiting for deliveries in flight") {
		select {
		case <-aborted:
			t.Fatalf("the stop cancelled the send in flight\n%s", d.logs())
		case <-deadline:
			t.Fatalf("the stop did not wait for the send in flight\n%s", d.logs())
		case <-time.After(20 * time.Millisecond):
		}
	}
	release <- struct{}{}
	select {
	case <-d.exited:
		if d.exitErr != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", d.exitErr, d.logs())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
	assertNothingPending(t, filepath.Join(e.dir, "data", "silentguard.db"))
	mu.Lock()
	defer mu.Unlock()
	if requests[id] != 1 {
		t.Errorf("the receiver got the warning %d times, want once", requests[id])
	}
}
