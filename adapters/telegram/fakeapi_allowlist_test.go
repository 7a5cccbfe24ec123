package telegram

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// errorRecorder is a testing.TB whose Errorf is kept, so a test can check
// that the fake fails the test it serves.
type errorRecorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *errorRecorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
	r.mu.Unlock()
}

// The never-act tests are only as good as the fake's allow-list: any call
// off it, a business_connection_id that would act as the owner, or a
// sendMessage to a chat that is not an owner's fails the test that made
// it, whatever the method's spelling.
func TestFakeAPIRefusesCallsOffTheAllowList(t *testing.T) {
	rec := &errorRecorder{TB: t}
	f := newFakeAPI(rec)
	call := func(method string, params url.Values) int {
		t.Helper()
		resp, err := http.PostForm(f.URL()+"/bot"+f.token+"/"+method, params)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	stranger := url.Values{"chat_id": {"987654321"}, "text": {"wrong number"}}
	refused := []struct {
		method string
		params url.Values
	}{
		{"setMessageReaction", url.Values{"chat_id": {"987654321"}, "message_id": {"1"}}},
		{"sendChatAction", url.Values{"chat_id": {"987654321"}, "action": {"typing"}}},
		{"readBusinessMessage", url.Values{"business_connection_id": {"bc1"}, "chat_id": {"987654321"}, "message_id": {"1"}}},
		{"sendMessage", stranger},
		{"SENDMESSAGE", stranger},
		{"sendMessage", url.Values{"chat_id": {fmt.Sprint(ownerUID)}, "text": {"hi"}, "business_connection_id": {"bc1"}}},
		{"getUpdates", url.Values{"business_connection_id": {"bc1"}}},
	}
	for _, c := range refused {
		if code := call(c.method, c.params); code != http.StatusBadRequest {
			t.Errorf("%s %v: answered %d, want 400 from the allow-list", c.method, c.params, code)
		}
	}
	if got := len(f.Violations()); got != len(refused) {
		t.Errorf("%d violations recorded, want %d: %q", got, len(refused), f.Violations())
	}
	if len(rec.errors) != len(refused) || !strings.Contains(strings.Join(rec.errors, "\n"), "setMessageReaction, which is not on the allow-list") {
		t.Errorf("the served test was not failed once per refused call: %q", rec.errors)
	}
	// What SilentGuard does call passes.
	before := len(rec.errors)
	if code := call("getMe", nil); code != http.StatusOK {
		t.Errorf("getMe: %d", code)
	}
	if code := call("sendMessage", url.Values{"chat_id": {fmt.Sprint(ownerUID)}, "text": {"warning"}}); code != http.StatusOK {
		t.Errorf("sendMessage to the owner: %d", code)
	}
	if len(rec.errors) != before {
		t.Errorf("allowed calls failed the test: %q", rec.errors[before:])
	}
}
