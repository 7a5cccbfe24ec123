package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Telegram's webhook is served by the lease's holder only (it holds the
// restored business connections); another instance answers 503, which
// Telegram retries.
func TestTelegramWebhookOnlyOnTheHolder(t *testing.T) {
	a := &App{}
	h := a.onlyLeading(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/telegram/x", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("waiting instance: %d, want 503", rec.Code)
	}
	a.leading.Store(true)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/telegram/x", nil))
	if rec.Code != http.StatusNoContent {
		t.Errorf("holder: %d, want the handler's 204", rec.Code)
	}
}
