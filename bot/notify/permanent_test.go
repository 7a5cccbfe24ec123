package notify

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/internal/testsmtp"
)

// An HTTP receiver's 4xx is a refusal that sending again will not change;
// a 5xx, a timeout (408) or a rate limit (429) is worth retrying.
func TestHTTPErrorsArePermanentOrNot(t *testing.T) {
	for status, permanent := range map[int]bool{
		400: true, 401: true, 403: true, 404: true, 413: true, 422: true,
		408: false, 425: false, 429: false, 500: false, 502: false, 503: false,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) }))
		h := &HTTP{Audience: Audience{Lang: "en", Quote: warntext.QuoteShort}, URL: srv.URL + "/hook"}
		err := h.Warn(context.Background(), italianWarning())
		srv.Close()
		if err == nil || bot.IsPermanent(err) != permanent {
			t.Errorf("HTTP %d: error %v, permanent=%v, want permanent=%v", status, err, bot.IsPermanent(err), permanent)
		}
	}
}

// A mail server's 5xx refusal is permanent, its 4xx is not.
func TestEmailRefusalsArePermanentOrNot(t *testing.T) {
	for code, permanent := range map[int]bool{550: true, 553: true, 450: false, 451: false} {
		srv := testsmtp.Start(t, testsmtp.Options{RefuseRcpt: code})
		e := &Email{Audience: Audience{Lang: "en", Quote: warntext.QuoteShort}, Host: srv.Host, Port: srv.Port,
			From: "SilentGuard <silentguard@example.org>", To: "maria@example.net", TLS: EmailStartTLS,
			Timeout: 10 * time.Second, TLSConfig: srv.ClientTLS}
		err := e.Warn(context.Background(), sampleWarning())
		if err == nil || bot.IsPermanent(err) != permanent {
			t.Errorf("RCPT refused with %d: error %v, permanent=%v, want permanent=%v", code, err, bot.IsPermanent(err), permanent)
		}
	}
}
