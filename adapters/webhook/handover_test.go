package webhook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
)

func TestDaemonURL(t *testing.T) {
	for listen, want := range map[string]string{
		"127.0.0.1:8089": "http://127.0.0.1:8089/v1/messages",
		"0.0.0.0:8089":   "http://127.0.0.1:8089/v1/messages",
		":8089":          "http://127.0.0.1:8089/v1/messages",
		"[::]:8089":      "http://[::1]:8089/v1/messages",
	} {
		if got, err := (Daemon{Listen: listen}).url("/v1/messages"); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", listen, got, err, want)
		}
	}
	if _, err := (Daemon{}).url("/v1/messages"); !errors.Is(err, ErrNoListener) {
		t.Errorf("no listener: %v", err)
	}
}

// HandOver retries a restarting daemon (503) and stops at what retrying
// cannot mend: a refused token, a refused message.
func TestHandOver(t *testing.T) {
	var calls atomic.Int32
	var status atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get(SourceHeader) != "modem" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if calls.Load() == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(int(status.Load()))
		w.Write([]byte(`{"status":"stored","error":"bad","field":"text"}`))
	}))
	defer srv.Close()
	d := Daemon{Listen: strings.TrimPrefix(srv.URL, "http://"), Token: "tok", Source: "modem", Log: zerolog.Nop()}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m := Received{Owner: "laura", From: "+12025550143", Text: "hi", ID: "1"}
	status.Store(http.StatusAccepted)
	if err := d.HandOver(ctx, m); err != nil || calls.Load() != 2 {
		t.Errorf("after a 503: %v, %d calls", err, calls.Load())
	}
	calls.Store(1)
	status.Store(http.StatusBadRequest)
	if err := d.HandOver(ctx, m); !errors.Is(err, ErrRefused) {
		t.Errorf("400: %v", err)
	}
	d.Token = "wrong"
	if err := d.HandOver(ctx, m); !errors.Is(err, ErrBadToken) {
		t.Errorf("401: %v", err)
	}
}

// Direct returns once the warning it caused has reached the owner's
// targets: the engine tells when, nothing polls.
func TestDirectWaitsForDelivery(t *testing.T) {
	env := setupSMS(t, "", Limit{})
	m := Received{Owner: "laura", From: scammer, Text: "Hi Marco, are we still on for coffee at the usual place at 5?", ID: "gammu:1"}
	res, err := Direct(context.Background(), env.eng, zerolog.Nop(), m)
	if err != nil || res.Warning == nil {
		t.Fatalf("%+v %v, want a warning", res, err)
	}
	if n := env.rec.Count(); n != 1 {
		t.Errorf("%d warnings delivered when Direct returned, want 1", n)
	}
	var ie *bot.InputError
	if _, err := Direct(context.Background(), env.eng, zerolog.Nop(), Received{Owner: "nobody", From: scammer, Text: "x", ID: "2"}); !errors.As(err, &ie) || ie.Field != "owner" {
		t.Errorf("unknown owner: %v", err)
	}
}
