package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/bottest"
)

const (
	twilioToken    = "tw1l1o-path-token-0123"
	twilioNumToken = "tw1l1o-numbers-token-456"
	androidToken   = "andr0id-path-token-789"
	authToken      = "12345-twilio-auth-token"
	signingKey     = "Ey6ECgOkVVFjz3CL"
	scammer        = "+12025550143"
)

// logBuffer collects the handler's logs for the no-text checks.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type smsEnv struct {
	srv  *httptest.Server
	eng  *bot.Engine
	rec  *bottest.Recorder
	logs *logBuffer
}

// setupSMS runs the handler with three sources: Twilio for laura by path
// token, Twilio mapping receiving numbers to laura or nonna, and Android
// for laura. publicURL is the Twilio sources' public_url.
func setupSMS(t *testing.T, publicURL string, limit Limit) *smsEnv {
	t.Helper()
	eng := bottest.New(t, bottest.Options{})
	rec := &bottest.Recorder{}
	eng.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"it"},
		Known: map[string]bool{"+393331234567": true}, Targets: []bot.Target{{Name: "rec", Notifier: rec}}})
	eng.AddOwner(&bot.Owner{ID: "nonna", Names: []string{"Maria"}, Country: "IT", Languages: []string{"it"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "rec", Notifier: rec}}})
	bottest.Start(t, eng)
	logs := &logBuffer{}
	h := New(eng, "", 8<<10, zerolog.New(logs))
	for _, s := range []Source{
		{Name: "twilio", Type: SourceTwilio, Token: twilioToken, Owner: "laura", AuthToken: authToken, PublicURL: publicURL},
		{Name: "twilio-2", Type: SourceTwilio, Token: twilioNumToken, AuthToken: authToken, PublicURL: publicURL,
			Numbers: map[string]string{"+393400000001": "laura", "+393400000002": "nonna"}},
		{Name: "android", Type: SourceAndroid, Token: androidToken, Owner: "laura", SigningKey: signingKey},
		{Name: "gammu", Type: SourceGammu, Owner: "laura"},
	} {
		if err := h.AddSource(s, limit); err != nil {
			t.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	h.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &smsEnv{srv: srv, eng: eng, rec: rec, logs: logs}
}

// twilioForm is an incoming SMS exactly as Twilio posts it.
func twilioForm(sid, from, to, body string) url.Values {
	return url.Values{
		"ToCountry": {"IT"}, "ToState": {""}, "SmsMessageSid": {sid}, "NumMedia": {"0"}, "ToCity": {""},
		"FromZip": {"20001"}, "SmsSid": {sid}, "FromState": {"DC"}, "SmsStatus": {"received"}, "FromCity": {"WASHINGTON"},
		"Body": {body}, "FromCountry": {"US"}, "To": {to}, "MessagingServiceSid": {"MG0123456789abcdef0123456789abcdef"},
		"ToZip": {""}, "NumSegments": {"1"}, "MessageSid": {sid}, "AccountSid": {"AC0123456789abcdef0123456789abcdef"},
		"From": {from}, "ApiVersion": {"2010-04-01"},
	}
}

type reply struct {
	status int
	ctype  string
	body   string
	header http.Header
}

func send(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header.Get("Content-Type"), string(b), resp.Header}
}

// postTwilio signs form for the URL Twilio would call (signURL) and posts
// it to the test server's path.
func postTwilio(t *testing.T, e *smsEnv, path, signURL string, form url.Values, mutate func(*http.Request)) reply {
	t.Helper()
	body := form.Encode()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", TwilioSignature(authToken, signURL, form))
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	if mutate != nil {
		mutate(req)
	}
	return send(t, req)
}

// androidBody is an sms:received webhook exactly as the app posts it.
func androidBody(phone, text, receivedAt string) []byte {
	b, _ := json.Marshal(map[string]any{
		"deviceId": "ffffffffceb0b1db0000018e937c815b", "event": "sms:received", "id": "Ey6ECgOkVVFjz3CL48B8C",
		"payload": map[string]any{"messageId": "abc123", "message": text, "phoneNumber": phone, "simNumber": 1,
			"receivedAt": receivedAt},
		"webhookId": "LreFUt-Z3sSq0JufY9uWB",
	})
	return b
}

func postAndroid(t *testing.T, e *smsEnv, token string, body []byte, key string, ts time.Time, mutate func(*http.Request)) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/v1/android/"+token, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	stamp := strconv.FormatInt(ts.Unix(), 10)
	req.Header.Set("X-Timestamp", stamp)
	// Computed here from the app's documented scheme, not with the code
	// under test: hex(HMAC-SHA256(signing key, body + X-Timestamp)).
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write(body)
	mac.Write([]byte(stamp))
	req.Header.Set("X-Signature", hex.EncodeToString(mac.Sum(nil)))
	if mutate != nil {
		mutate(req)
	}
	return send(t, req)
}

// waitCount waits until the owners got n warnings, and returns them.
func waitCount(t *testing.T, rec *bottest.Recorder, n int) []*bot.Warning {
	t.Helper()
	ws := rec.Wait(t, strconv.Itoa(n)+" warnings", func(ws []*bot.Warning) bool { return len(ws) >= n })
	if len(ws) != n {
		t.Fatalf("owners got %d notifications, want %d", len(ws), n)
	}
	return ws
}

// emptyTwiML checks the answer is a TwiML <Response> with no verb and no
// text: nothing Twilio would send to anyone.
func checkEmptyTwiML(t *testing.T, r reply) {
	t.Helper()
	if r.status != http.StatusOK || !strings.HasPrefix(r.ctype, "text/xml") {
		t.Fatalf("answer %d %s %q, want 200 text/xml", r.status, r.ctype, r.body)
	}
	var doc struct {
		XMLName xml.Name
		Inner   string `xml:",innerxml"`
	}
	if err := xml.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("answer is not XML: %v: %q", err, r.body)
	}
	if doc.XMLName.Local != "Response" || strings.TrimSpace(doc.Inner) != "" {
		t.Errorf("TwiML carries something: %q", r.body)
	}
}

// The signature from Twilio's own documentation ("Validating requests").
func TestTwilioSignatureDocumentedExample(t *testing.T) {
	params := url.Values{"CallSid": {"CA1234567890ABCDE"}, "Caller": {"+12349013030"}, "Digits": {"1234"},
		"From": {"+12349013030"}, "To": {"+18005551212"}}
	got := TwilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params)
	if want := "0/KCTR6DLpKmkAf8muzZqo1nDgQ="; got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
}

func TestTwilio(t *testing.T) {
	const public = "https://sg.example.org/silentguard"
	e := setupSMS(t, public, Limit{PerMinute: 600, Burst: 100})
	path := "/v1/twilio/" + twilioToken
	form := twilioForm("SM0001", scammer, "+393400000001", "Ciao Marco, ci vediamo al solito bar alle 17?")

	t.Run("signed", func(t *testing.T) {
		r := postTwilio(t, e, path, public+path, form, nil)
		checkEmptyTwiML(t, r)
		w := waitCount(t, e.rec, 1)[0]
		if w.Owner != "laura" || w.Sender.Phone != scammer || w.Sender.Network != "sms" {
			t.Errorf("warning %+v", w)
		}
		// Redelivery of the same MessageSid changes nothing.
		checkEmptyTwiML(t, postTwilio(t, e, path, public+path, form, nil))
		if n := settled(t, e.eng, e.rec, "laura"); n != 1 || e.rec.Count() != 1 {
			t.Errorf("after the redelivery: %d warnings stored, %d delivered; want 1", n, e.rec.Count())
		}
	})
	t.Run("default port added by a proxy", func(t *testing.T) {
		f := twilioForm("SM0002", "+12025550199", "+393400000001", "Grazie mille")
		checkEmptyTwiML(t, postTwilio(t, e, path, "https://sg.example.org:443/silentguard"+path, f, nil))
	})
	for _, tc := range []struct {
		name, signURL string
		mutate        func(*http.Request)
		field         string
	}{
		{"wrong auth token", public + path, func(r *http.Request) {
			r.Header.Set("X-Twilio-Signature", TwilioSignature("another-token", public+path, form))
		}, "X-Twilio-Signature"},
		{"signed for another URL", "https://evil.example.org" + path, nil, "X-Twilio-Signature"},
		{"no signature", public + path, func(r *http.Request) { r.Header.Del("X-Twilio-Signature") }, "X-Twilio-Signature"},
		{"body changed after signing", public + path, func(r *http.Request) {
			f := twilioForm("SM0001", scammer, "+393400000001", "Ciao Marco, ci vediamo al solito bar alle 18?")
			r.Body = io.NopCloser(strings.NewReader(f.Encode()))
			r.ContentLength = int64(len(f.Encode()))
		}, "X-Twilio-Signature"},
		{"shared-key rule", public + path, func(r *http.Request) {
			r.Header.Set("X-Twilio-Webhooks-Signature-Settings", "key=KS01,algorithm=HMAC_SHA256")
		}, "X-Twilio-Signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.logs.String()
			r := postTwilio(t, e, path, tc.signURL, twilioForm("SM9"+tc.name, "+12025550111", "+393400000001", "Hi Marco secret text"), tc.mutate)
			if r.status != http.StatusForbidden || !strings.Contains(r.body, `"field":"`+tc.field+`"`) {
				t.Errorf("%d %s, want 403 naming %s", r.status, r.body, tc.field)
			}
			logs := strings.TrimPrefix(e.logs.String(), before)
			if !strings.Contains(logs, "bad signature") || strings.Contains(logs, "secret text") || strings.Contains(logs, "2025550111") {
				t.Errorf("403 log: %s", logs)
			}
		})
	}
	waitCount(t, e.rec, 1)

	t.Run("forwarded headers without public_url", func(t *testing.T) {
		e2 := setupSMS(t, "", Limit{})
		f := twilioForm("SM0100", scammer, "+393400000001", "Hi Marco, see you at 5?")
		r := postTwilio(t, e2, path, "https://sg.example.net"+path, f, func(r *http.Request) {
			r.Header.Set("X-Forwarded-Proto", "https")
			r.Header.Set("X-Forwarded-Host", "sg.example.net")
		})
		checkEmptyTwiML(t, r)
	})
	t.Run("receiving number maps the owner", func(t *testing.T) {
		p := "/v1/twilio/" + twilioNumToken
		f := twilioForm("SM0200", "+12025550177", "+39 340 000 0002", "Ciao Marco! Domani alle 15 confermato?")
		checkEmptyTwiML(t, postTwilio(t, e, p, public+p, f, nil))
		if ws := waitCount(t, e.rec, 2); ws[1].Owner != "nonna" {
			t.Errorf("the warning went to %q, not to the owner of the receiving number", ws[1].Owner)
		}
		f = twilioForm("SM0201", "+12025550177", "+393409999999", "Ciao")
		if r := postTwilio(t, e, p, public+p, f, nil); r.status != http.StatusNotFound || !strings.Contains(r.body, `"field":"To"`) {
			t.Errorf("unmapped To: %d %s", r.status, r.body)
		}
	})
	t.Run("bad input names the field", func(t *testing.T) {
		for _, tc := range []struct {
			drop, field string
		}{{"From", "From"}, {"Body", "Body"}, {"MessageSid", "MessageSid"}} {
			f := twilioForm("SM0300", scammer, "+393400000001", "Ciao")
			f.Del(tc.drop)
			if tc.drop == "MessageSid" {
				f.Del("SmsMessageSid")
			}
			r := postTwilio(t, e, path, public+path, f, nil)
			if r.status != http.StatusBadRequest || !strings.Contains(r.body, `"field":"`+tc.field+`"`) {
				t.Errorf("without %s: %d %s", tc.drop, r.status, r.body)
			}
		}
		f := twilioForm("SM0301", scammer, "+393400000001", "")
		f.Set("NumMedia", "1")
		f.Set("MediaContentType0", "image/jpeg")
		f.Set("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0")
		checkEmptyTwiML(t, postTwilio(t, e, path, public+path, f, nil))
	})
	t.Run("transport errors", func(t *testing.T) {
		r := postTwilio(t, e, "/v1/twilio/not-a-known-token-at-all", public+"/v1/twilio/not-a-known-token-at-all", form, nil)
		if r.status != http.StatusNotFound {
			t.Errorf("unknown token: %d", r.status)
		}
		r = postTwilio(t, e, path, public+path, form, func(r *http.Request) { r.Header.Set("Content-Type", "application/json") })
		if r.status != http.StatusUnsupportedMediaType {
			t.Errorf("JSON body: %d", r.status)
		}
		big := twilioForm("SM0400", scammer, "+393400000001", strings.Repeat("a", 9<<10))
		if r := postTwilio(t, e, path, public+path, big, nil); r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized body: %d", r.status)
		}
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
		if r := send(t, req); r.status != http.StatusMethodNotAllowed {
			t.Errorf("GET: %d", r.status)
		}
	})
	t.Run("status callback sent here by mistake", func(t *testing.T) {
		f := url.Values{"MessageSid": {"SM0500"}, "MessageStatus": {"delivered"}, "From": {"+393400000001"}, "To": {scammer}}
		checkEmptyTwiML(t, postTwilio(t, e, path, public+path, f, nil))
	})
}

func TestTwilioWhatsApp(t *testing.T) {
	e := setupSMS(t, "https://sg.example.org", Limit{})
	path := "/v1/twilio/" + twilioToken
	f := twilioForm("SM0600", "whatsapp:"+scammer, "whatsapp:+393400000001", "Hi Marco, coffee at 5 as agreed?")
	f.Set("ProfileName", "Amy")
	checkEmptyTwiML(t, postTwilio(t, e, path, "https://sg.example.org"+path, f, nil))
	if s := waitCount(t, e.rec, 1)[0].Sender; s.Network != "whatsapp" || s.Phone != scammer || s.DisplayName != "Amy" {
		t.Errorf("sender %+v", s)
	}
}

func TestAndroid(t *testing.T) {
	e := setupSMS(t, "", Limit{PerMinute: 600, Burst: 100})
	body := androidBody("+1 202 555 0143", "Ciao Marco, ci vediamo al solito bar alle 17?", "2024-06-22T15:46:11.000+07:00")

	t.Run("signed", func(t *testing.T) {
		r := postAndroid(t, e, androidToken, body, signingKey, time.Now(), nil)
		if r.status != http.StatusAccepted || strings.TrimSpace(r.body) != `{"status":"stored"}` {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if s := waitCount(t, e.rec, 1)[0].Sender; s.Phone != scammer {
			t.Errorf("sender %+v", s)
		}
		// The app retries with a fresh timestamp and signature.
		r = postAndroid(t, e, androidToken, body, signingKey, time.Now().Add(time.Second), nil)
		if r.status != http.StatusAccepted || strings.TrimSpace(r.body) != `{"status":"duplicate"}` {
			t.Errorf("redelivery: %d %s", r.status, r.body)
		}
		// Its local and cloud webhooks differ in deviceId and id only.
		other := strings.Replace(string(body), "Ey6ECgOkVVFjz3CL48B8C", "zzzzzzzzzzzzzzzzzzzzz", 1)
		other = strings.Replace(other, "ffffffffceb0b1db0000018e937c815b", "cloud-device-id-000000000000000", 1)
		r = postAndroid(t, e, androidToken, []byte(other), signingKey, time.Now(), nil)
		if strings.TrimSpace(r.body) != `{"status":"duplicate"}` {
			t.Errorf("the cloud copy: %d %s", r.status, r.body)
		}
	})
	for _, tc := range []struct {
		name   string
		key    string
		ts     time.Time
		mutate func(*http.Request)
		field  string
	}{
		{"wrong key", "not-the-key", time.Now(), nil, "X-Signature"},
		{"stale", signingKey, time.Now().Add(-10 * time.Minute), nil, "X-Timestamp"},
		{"from the future", signingKey, time.Now().Add(10 * time.Minute), nil, "X-Timestamp"},
		{"no signature", signingKey, time.Now(), func(r *http.Request) { r.Header.Del("X-Signature") }, "X-Signature"},
		{"no timestamp", signingKey, time.Now(), func(r *http.Request) { r.Header.Del("X-Timestamp") }, "X-Timestamp"},
		{"timestamp swapped", signingKey, time.Now(), func(r *http.Request) {
			r.Header.Set("X-Timestamp", strconv.FormatInt(time.Now().Unix()+1, 10))
		}, "X-Signature"},
		{"signature upper-case hex of another body", signingKey, time.Now(), func(r *http.Request) {
			r.Header.Set("X-Signature", strings.ToUpper(AndroidSignature(signingKey, []byte("{}"), r.Header.Get("X-Timestamp"))))
		}, "X-Signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.logs.String()
			b := androidBody("+12025550111", "Hi Marco secret text", "2024-06-22T15:46:11.000+07:00")
			r := postAndroid(t, e, androidToken, b, tc.key, tc.ts, tc.mutate)
			if r.status != http.StatusForbidden || !strings.Contains(r.body, `"field":"`+tc.field+`"`) {
				t.Errorf("%d %s, want 403 naming %s", r.status, r.body, tc.field)
			}
			logs := strings.TrimPrefix(e.logs.String(), before)
			if !strings.Contains(logs, "bad signature") || strings.Contains(logs, "secret text") || strings.Contains(logs, "2025550111") {
				t.Errorf("403 log: %s", logs)
			}
		})
	}
	t.Run("upper-case hex is the same signature", func(t *testing.T) {
		b := androidBody("+12025550122", "Ciao, sei libera domani?", "2024-06-22T16:00:00.000+07:00")
		r := postAndroid(t, e, androidToken, b, signingKey, time.Now(), func(r *http.Request) {
			r.Header.Set("X-Signature", strings.ToUpper(r.Header.Get("X-Signature")))
		})
		if r.status != http.StatusAccepted {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("events without a message", func(t *testing.T) {
		b := []byte(`{"deviceId":"ffffffffceb0b1db0000018e937c815b","event":"system:ping","id":"x","payload":{"health":{"status":"pass"}},"webhookId":"w"}`)
		r := postAndroid(t, e, androidToken, b, signingKey, time.Now(), nil)
		if r.status != http.StatusOK || strings.TrimSpace(r.body) != `{"status":"ignored"}` {
			t.Errorf("system:ping: %d %s", r.status, r.body)
		}
	})
	t.Run("unknown event is acknowledged, not retried for days", func(t *testing.T) {
		b := []byte(`{"deviceId":"d","event":"sms:exploded","id":"x","payload":{},"webhookId":"w"}`)
		r := postAndroid(t, e, androidToken, b, signingKey, time.Now(), nil)
		if r.status != http.StatusOK || strings.TrimSpace(r.body) != `{"status":"ignored"}` {
			t.Errorf("sms:exploded: %d %s", r.status, r.body)
		}
	})
	t.Run("batch", func(t *testing.T) {
		b := []byte(`{"deviceId":"d","event":"sms:batch:received","id":"x","webhookId":"w","payload":{"messages":[` +
			`{"messageId":"a","message":"Hello, is this Dr. Wong?","phoneNumber":"+12025550188","simNumber":null,"receivedAt":"2024-06-22T15:46:11.000+07:00"},` +
			`{"messageId":"b","message":"Sorry, wrong number maybe","phoneNumber":"+12025550188","simNumber":null,"receivedAt":"2024-06-22T15:47:11.000+07:00"}]}}`)
		r := postAndroid(t, e, androidToken, b, signingKey, time.Now(), nil)
		if r.status != http.StatusAccepted {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	t.Run("bad input names the field", func(t *testing.T) {
		for _, tc := range []struct{ body, field string }{
			{`{"event":"sms:received","payload":{"message":"hi","receivedAt":"2024-06-22T15:46:11.000+07:00"}}`, "payload.phoneNumber"},
			{`{"event":"sms:received","payload":{"phoneNumber":"+12025550143","receivedAt":"2024-06-22T15:46:11.000+07:00"}}`, "payload.message"},
			{`{"event":"sms:received","payload":{"phoneNumber":"+12025550143","message":"hi","receivedAt":"yesterday"}}`, "payload.receivedAt"},
			{`{"event":"sms:received","payload":{"phoneNumber":5,"message":"hi","receivedAt":"2024-06-22T15:46:11Z"}}`, "payload.phoneNumber"},
			{`{"event":"sms:received"}`, "payload"},
			{`{"payload":{}}`, "event"},
		} {
			r := postAndroid(t, e, androidToken, []byte(tc.body), signingKey, time.Now(), nil)
			if r.status != http.StatusBadRequest || !strings.Contains(r.body, `"field":"`+tc.field+`"`) {
				t.Errorf("%s: %d %s, want 400 naming %s", tc.body, r.status, r.body, tc.field)
			}
		}
		if r := postAndroid(t, e, "wrong-token-0000000000", body, signingKey, time.Now(), nil); r.status != http.StatusNotFound {
			t.Errorf("unknown token: %d", r.status)
		}
	})
}

func TestRateLimitPerSource(t *testing.T) {
	e := setupSMS(t, "https://sg.example.org", Limit{PerMinute: 1, Burst: 2})
	path := "/v1/twilio/" + twilioToken
	codes := []int{}
	for i := range 3 {
		f := twilioForm(fmt.Sprintf("SMR%d", i), "+12025550100", "+393400000001", "ciao")
		r := postTwilio(t, e, path, "https://sg.example.org"+path, f, nil)
		codes = append(codes, r.status)
		if r.status == http.StatusTooManyRequests && r.header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if fmt.Sprint(codes) != "[200 200 429]" {
		t.Errorf("statuses %v, want [200 200 429]", codes)
	}
	// Another source has its own budget.
	r := postAndroid(t, e, androidToken, androidBody("+12025550100", "ciao", "2024-06-22T15:46:11+07:00"), signingKey, time.Now(), nil)
	if r.status != http.StatusAccepted {
		t.Errorf("android after twilio's limit: %d", r.status)
	}
	// The generic endpoint applies a named source's limit.
	for i, want := range []int{202, 202, 429} {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/v1/messages",
			strings.NewReader(fmt.Sprintf(`{"owner":"laura","from":"+12025550100","text":"ciao","id":"g%d"}`, i)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(SourceHeader, "gammu")
		if r := send(t, req); r.status != want {
			t.Errorf("generic post %d as gammu: %d, want %d", i, r.status, want)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/v1/messages", strings.NewReader(`{}`))
	req.Header.Set(SourceHeader, "nope")
	if r := send(t, req); r.status != http.StatusBadRequest || !strings.Contains(r.body, SourceHeader) {
		t.Errorf("unknown source name: %d %s", r.status, r.body)
	}
}

func TestKnownContactIsNotWatched(t *testing.T) {
	e := setupSMS(t, "https://sg.example.org", Limit{})
	path := "/v1/twilio/" + twilioToken
	// laura's allow-list has +39 333 123 4567; Twilio writes it in E.164.
	f := twilioForm("SM0700", "+393331234567", "+393400000001", "Ciao Marco, ci vediamo al solito bar alle 17?")
	checkEmptyTwiML(t, postTwilio(t, e, path, "https://sg.example.org"+path, f, nil))
	if n := settled(t, e.eng, e.rec, "laura"); n != 0 || e.rec.Count() != 0 {
		t.Errorf("a known contact was warned about (%d stored, %d delivered)", n, e.rec.Count())
	}
}

// A fixed vector, computed outside Go (Python's hmac), pins the scheme.
func TestAndroidSignatureKnownAnswer(t *testing.T) {
	got := AndroidSignature("my-signing-key", []byte(`{"event":"sms:received"}`), "1719049571")
	if want := "c30ae85704e9cc83a7b8ff308925487ede10d42431ad68f5a84f1529899c12c4"; got != want {
		t.Errorf("AndroidSignature = %s, want %s", got, want)
	}
}

// The Android app's JSON has the same hole as the generic endpoint: a
// value that is not valid UTF-8 is refused with a 400 naming it, before
// Go's decoder would turn it into U+FFFD, and nothing is stored.
func TestAndroidInvalidUTF8(t *testing.T) {
	e := setupSMS(t, "", Limit{PerMinute: 600, Burst: 100})
	at := "2024-06-22T15:46:11.000+07:00"
	withRaw := func(b []byte, placeholder, raw string) []byte {
		return []byte(strings.Replace(string(b), `"`+placeholder+`"`, raw, 1))
	}
	batch := []byte(`{"deviceId":"d","event":"sms:batch:received","id":"x","webhookId":"w","payload":{"messages":[` +
		`{"messageId":"a","message":"Hello, is this Dr. Wong?","phoneNumber":"+12025550188","simNumber":null,"receivedAt":"` + at + `"},` +
		`{"messageId":"b","message":"BAD","phoneNumber":"+12025550188","simNumber":null,"receivedAt":"` + at + `"}]}}`)
	for _, c := range []struct {
		name  string
		body  []byte
		field string
	}{
		{"message", withRaw(androidBody(scammer, "BAD", at), "BAD", "\"Ciao Marco \xff alle 17?\""), "payload.message"},
		{"lone surrogate", withRaw(androidBody(scammer, "BAD", at), "BAD", `"Ciao Marco \ud83d alle 17?"`), "payload.message"},
		{"phone number", withRaw(androidBody("BAD", "Ciao Marco, alle 17?", at), "BAD", "\"+1202555\xc0143\""), "payload.phoneNumber"},
		{"batch", withRaw(batch, "BAD", "\"Sorry, \xfe wrong number\""), "payload.messages[1].message"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := postAndroid(t, e, androidToken, c.body, signingKey, time.Now(), nil)
			if r.status != http.StatusBadRequest || !strings.Contains(r.body, `"field":"`+c.field+`"`) || !strings.Contains(r.body, "UTF-8") {
				t.Errorf("%d %s, want 400 naming %s", r.status, r.body, c.field)
			}
		})
	}
	counts, err := e.eng.Store().CountConversations(context.Background(), "laura")
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 0 {
		t.Errorf("a refused message was stored: %v", counts)
	}
}
