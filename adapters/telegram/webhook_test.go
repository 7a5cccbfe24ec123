package telegram

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Webhook mode: the webhook is set with the secret and the update types;
// a request without the secret is refused; an update is handled and the
// answer carries nothing (Telegram would run a method given there).
func TestWebhook(t *testing.T) {
	api := newFakeAPI(t)
	h := startWith(t, api, filepath.Join(t.TempDir(), "sg.db"), func(o *Options) {
		o.WebhookURL, o.WebhookSecret = "https://sg.example.org/telegram/hook", "s3cret_T0ken"
	})
	ad := h.ad
	waitFor(t, "setWebhook", func() bool {
		for _, c := range api.Calls() {
			if c.Method == "setWebhook" {
				return true
			}
		}
		return false
	})
	for _, c := range api.Calls() {
		if c.Method == "setWebhook" {
			var allowed []string
			if err := jsonUnmarshal(c.Params["allowed_updates"], &allowed); err != nil || !slices.Equal(allowed, AllowedUpdates) {
				t.Errorf("setWebhook allowed_updates = %q, want %q", c.Params["allowed_updates"], AllowedUpdates)
			}
			// One connection: updates arrive in order.
			if c.Params["secret_token"] != "s3cret_T0ken" || c.Params["max_connections"] != "1" ||
				c.Params["url"] != "https://sg.example.org/telegram/hook" {
				t.Errorf("setWebhook params: %v", c.Params)
			}
		}
		if c.Method == "getUpdates" {
			t.Error("polled in webhook mode")
		}
	}
	srv := httptest.NewServer(ad.Handler())
	defer srv.Close()
	post := func(secret, body string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	update := fmt.Sprintf(`{"update_id":1,"message":{"message_id":1,"from":{"id":%d,"is_bot":false,"first_name":"Laura"},"chat":{"id":%d,"type":"private","first_name":"Laura"},"date":%d,"text":"/check Hi Marco, are we still on for dinner at 7pm?"}}`,
		ownerUID, ownerUID, time.Now().Unix())
	for _, s := range []string{"", "wrong"} {
		if code, _ := post(s, update); code != http.StatusUnauthorized {
			t.Errorf("secret %q: HTTP %d, want 401", s, code)
		}
	}
	if n := len(api.sent(ownerUID)); n != 0 {
		t.Fatalf("a refused request was handled")
	}
	code, body := post("s3cret_T0ken", update)
	if code != http.StatusOK || body != "" {
		t.Errorf("HTTP %d %q, want an empty 200", code, body)
	}
	if ans := lastAnswer(t, api); !strings.Contains(ans, "Marco") {
		t.Errorf("check answer: %s", ans)
	}
	if code, _ := post("s3cret_T0ken", `{"update_id":2,"message":{"forward_origin":{"type":"new_kind"}}}`); code != http.StatusOK {
		t.Errorf("an undecodable update: HTTP %d, want 200 (posting it again would not help)", code)
	}
	assertNeverActs(t, api, partnerUID)
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
