package webhook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/bottest"
)

// settled is the number of warnings stored for owner, once the recorder
// got each of them. Handle stores the warning a message causes before the
// HTTP answer, so once the answer is back that number is final: nothing
// more can come, without sleeping "long enough" to be sure.
func settled(t *testing.T, eng *bot.Engine, rec *bottest.Recorder, owner string) int {
	t.Helper()
	stored, err := eng.Store().RecentWarnings(context.Background(), owner, 1000)
	if err != nil {
		t.Fatal(err)
	}
	rec.Wait(t, "the stored warnings to be delivered", func(ws []*bot.Warning) bool {
		return len(ownedBy(ws, owner)) >= len(stored)
	})
	return len(stored)
}

func ownedBy(ws []*bot.Warning, owner string) []*bot.Warning {
	return slices.DeleteFunc(slices.Clone(ws), func(w *bot.Warning) bool { return w.Owner != owner })
}

// outbound records any HTTP request made through the default transport:
// SilentGuard must make none toward a gateway or the sender.
type outbound struct {
	mu   sync.Mutex
	reqs []string
}

func (o *outbound) RoundTrip(r *http.Request) (*http.Response, error) {
	o.mu.Lock()
	o.reqs = append(o.reqs, r.Method+" "+r.URL.String())
	o.mu.Unlock()
	return nil, http.ErrNotSupported
}

func setup(t *testing.T, token string) (*httptest.Server, *bot.Engine, *bottest.Recorder) {
	t.Helper()
	eng := bottest.New(t, bottest.Options{})
	rec := &bottest.Recorder{}
	eng.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"it"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "rec", Notifier: rec}}})
	bottest.Start(t, eng)
	mux := http.NewServeMux()
	New(eng, token, 64<<10, zerolog.Nop()).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, eng, rec
}

func post(t *testing.T, srv *httptest.Server, token, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/messages", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	// The test's own client, so that the default transport only sees what
	// SilentGuard itself would send.
	resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestNeverActsTowardSender runs a scam conversation through every source
// and checks that no answer carries anything a gateway would send to the
// sender (no TwiML verb, no reply field, no text), and that SilentGuard
// calls no gateway API (no outbound HTTP at all).
func TestNeverActsTowardSender(t *testing.T) {
	out := &outbound{}
	saved := http.DefaultTransport
	http.DefaultTransport = out
	defer func() { http.DefaultTransport = saved }()

	opener := "Ciao Marco, ci vediamo al solito bar alle 17?"
	pivot := "Mio zio è un analista, con le crypto ho guadagnato il 30% in una settimana. Scrivimi su WhatsApp"
	// Nothing a gateway could relay: no TwiML verb, no reply field, no text
	// of any kind beyond the receipt.
	forbidden := []string{"<Message", "<Redirect", "<Say", "reply", "message", "text", "Marco", "WhatsApp", "phoneNumber", "0143"}
	checkJSONReceipt := func(t *testing.T, i int, status int, ctype, got string, want ...string) {
		t.Helper()
		ok := false
		for _, w := range want {
			ok = ok || strings.TrimSpace(got) == w
		}
		if status/100 != 2 || !ok || ctype != "application/json" {
			t.Errorf("message %d: %d %s %q, want one of %v", i, status, ctype, got, want)
		}
		for _, bad := range forbidden {
			if strings.Contains(got, bad) {
				t.Errorf("message %d: response carries %q: %s", i, bad, got)
			}
		}
	}
	waitWarned := func(t *testing.T, eng *bot.Engine, rec *bottest.Recorder, owner string) {
		t.Helper()
		if n := settled(t, eng, rec, owner); n != 2 {
			t.Fatalf("%d warnings stored, want a warning and an escalation", n)
		}
		ws := rec.Warnings()
		if len(ws) != 2 {
			t.Fatalf("owner got %d notifications, want a warning and an escalation", len(ws))
		}
		for _, w := range ws {
			if w.Owner != owner {
				t.Errorf("a notification addressed %q", w.Owner)
			}
		}
	}

	t.Run("generic", func(t *testing.T) {
		srv, eng, rec := setup(t, "")
		conversation := []struct {
			text      string
			fromOwner bool
		}{
			{opener, false},
			{"Ha sbagliato numero", true},
			{"Oh scusi! Piacere di conoscerla comunque, sono Amy. Di dove è?", false},
			{pivot, false},
			{opener, false},
		}
		for i, m := range conversation {
			body, _ := json.Marshal(map[string]any{"owner": "laura", "from": "+1 202 555 0143", "text": m.text,
				"from_owner": m.fromOwner, "id": []string{"a", "b", "c", "d", "a"}[i]})
			resp, got := post(t, srv, "", string(body))
			want := `{"status":"stored"}`
			if i == 4 {
				want = `{"status":"duplicate"}`
			}
			checkJSONReceipt(t, i, resp.StatusCode, resp.Header.Get("Content-Type"), got, want)
		}
		waitWarned(t, eng, rec, "laura")
	})

	// The gateways see only what the sender writes.
	texts := []string{opener, "Oh scusi! Piacere di conoscerla comunque, sono Amy. Di dove è?", pivot, opener}

	t.Run("twilio", func(t *testing.T) {
		e := setupSMS(t, "https://sg.example.org", Limit{})
		path := "/v1/twilio/" + twilioToken
		for i, text := range texts {
			sid := []string{"SMa", "SMb", "SMc", "SMa"}[i]
			r := postTwilio(t, e, path, "https://sg.example.org"+path, twilioForm(sid, scammer, "+393400000001", text), nil)
			checkEmptyTwiML(t, r)
			for _, bad := range forbidden {
				if strings.Contains(r.body, bad) {
					t.Errorf("message %d: TwiML carries %q: %s", i, bad, r.body)
				}
			}
		}
		waitWarned(t, e.eng, e.rec, "laura")
	})

	t.Run("android", func(t *testing.T) {
		e := setupSMS(t, "", Limit{})
		for i, text := range texts {
			at := []string{"2024-06-22T15:46:11.000+07:00", "2024-06-22T15:50:00.000+07:00", "2024-06-22T16:10:00.000+07:00", "2024-06-22T15:46:11.000+07:00"}[i]
			r := postAndroid(t, e, androidToken, androidBody(scammer, text, at), signingKey, time.Now(), nil)
			checkJSONReceipt(t, i, r.status, r.ctype, r.body, `{"status":"stored"}`, `{"status":"duplicate"}`)
		}
		waitWarned(t, e.eng, e.rec, "laura")
	})

	t.Run("gammu", func(t *testing.T) {
		// What `silentguard ingest` posts for a RunOnReceive run.
		e := setupSMS(t, "", Limit{})
		for i, text := range texts {
			env := map[string]string{"SMS_MESSAGES": "1", "DECODED_PARTS": "0", "SMS_1_NUMBER": scammer, "SMS_1_TEXT": text, "SMS_1_CLASS": "-1"}
			ids := []string{[]string{"IN20240622_154611_00_+12025550143_00.txt", "IN20240622_155000_00_+12025550143_00.txt",
				"IN20240622_161000_00_+12025550143_00.txt", "IN20240622_154611_00_+12025550143_00.txt"}[i]}
			m, err := ParseGammu(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, ids)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(map[string]any{"owner": "laura", "from": m.From, "text": m.Text, "id": m.ID})
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/v1/messages", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(SourceHeader, "gammu")
			r := send(t, req)
			checkJSONReceipt(t, i, r.status, r.ctype, r.body, `{"status":"stored"}`, `{"status":"duplicate"}`)
		}
		waitWarned(t, e.eng, e.rec, "laura")
	})

	if len(out.reqs) != 0 {
		t.Errorf("SilentGuard made outbound HTTP calls: %v", out.reqs)
	}
}

func TestBearerToken(t *testing.T) {
	srv, _, _ := setup(t, "tok3n")
	body := `{"owner":"laura","from":"+12025550143","text":"hi","id":"1"}`
	if resp, _ := post(t, srv, "", body); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: %d", resp.StatusCode)
	}
	if resp, _ := post(t, srv, "wrong", body); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", resp.StatusCode)
	}
	if resp, _ := post(t, srv, "tok3n", body); resp.StatusCode != http.StatusAccepted {
		t.Errorf("right token: %d", resp.StatusCode)
	}
}

func TestBadInputNamesTheField(t *testing.T) {
	srv, _, rec := setup(t, "")
	cases := []struct{ body, field string }{
		{`{"from":"+12025550143","text":"hi","id":"1"}`, "owner"},
		{`{"owner":"laura","text":"hi","id":"1"}`, "from"},
		{`{"owner":"laura","from":"+12025550143","id":"1"}`, "text"},
		{`{"owner":"laura","from":"+12025550143","text":"hi"}`, "id"},
		{`{"owner":"laura","from":"+12025550143","text":"hi","id":"1","time":"5pm"}`, "time"},
		{`{"owner":"laura","from":"+12025550143","text":"hi","id":"1","media":"hologram"}`, "media"},
		{`{"owner":"laura","from":"+12025550143","text":7,"id":"1"}`, "text"},
		{`{"owner":"laura","from":"+12025550143","text":"hi","id":"1","extra":true}`, "extra"},
	}
	for _, c := range cases {
		resp, got := post(t, srv, "", c.body)
		var e apiError
		json.Unmarshal([]byte(got), &e)
		if resp.StatusCode/100 != 4 || e.Field != c.field || e.Error == "" {
			t.Errorf("%s: %d %s, want 4xx naming %q", c.body, resp.StatusCode, got, c.field)
		}
	}
	// The process goes on serving.
	resp, _ := post(t, srv, "", `{"owner":"laura","from":"+12025550143","text":"Hi Marco, coffee at 5 as agreed?","id":"ok"}`)
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("good message after bad ones: %d", resp.StatusCode)
	}
	_ = rec
}

func TestPhoneE164(t *testing.T) {
	cases := []struct{ in, country, want string }{
		{"+1 (202) 555-0143", "IT", "+12025550143"},
		{"333 123 4567", "IT", "+393331234567"},
		{"0044 7700 900123", "IT", "+447700900123"},
		{"AMAZON", "US", ""},
		{"12345", "US", ""},
	}
	for _, c := range cases {
		got, ok := PhoneE164(c.in, c.country)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("PhoneE164(%q, %s) = %q %v, want %q", c.in, c.country, got, ok, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"owner":"laura","from":"+12025550143","text":"hi","id":"1"}`))
	f.Add([]byte(`{"owner":"laura","from":"AMAZON","text":"hi","id":"1","time":"2026-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"owner":`))
	f.Add([]byte(`[]`))
	eng := bottest.New(f, bottest.Options{})
	eng.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT"})
	h := New(eng, "", 64<<10, zerolog.Nop())
	f.Fuzz(func(t *testing.T, body []byte) {
		m, field, err := h.parse(body)
		if err != nil {
			if err.Error() == "" {
				t.Error("empty error")
			}
			return
		}
		if field != "" || m.Owner == "" || m.EventID == "" || (m.Text == "" && m.Media == "") {
			t.Errorf("accepted an incomplete message: %+v", m)
		}
	})
}

// Go's JSON decoder replaces invalid UTF-8 (and a lone \u surrogate) with
// U+FFFD without a word. The generic endpoint refuses such a value with a
// 400 naming its field, and stores nothing; a surrogate pair is fine.
func TestInvalidUTF8NamesTheField(t *testing.T) {
	srv, eng, _ := setup(t, "")
	base := map[string]string{"owner": "laura", "from": "+12025550143", "name": "Amy", "text": "Hi Marco, coffee at 5?",
		"id": "u1", "time": "2026-05-07T09:12:00Z", "network": "sms", "conversation": "c1", "edit_of": ""}
	body := func(field, raw string) string {
		var b strings.Builder
		b.WriteString("{")
		for _, k := range []string{"owner", "from", "name", "text", "id", "time", "network", "conversation", "edit_of"} {
			v, _ := json.Marshal(base[k])
			if k == field {
				v = []byte(raw)
			}
			if k != "owner" {
				b.WriteString(",")
			}
			b.WriteString(`"` + k + `":` + string(v))
		}
		return b.String() + "}"
	}
	for _, field := range []string{"owner", "from", "name", "text", "id", "time", "network", "conversation", "edit_of"} {
		for _, raw := range []string{"\"Hi \xff Marco\"", "\"caf\xc3\"", `"Hi \ud83d Marco"`, `"\udc00"`, `"\ud83d"`} {
			resp, got := post(t, srv, "", body(field, raw))
			var e apiError
			json.Unmarshal([]byte(got), &e)
			if resp.StatusCode != http.StatusBadRequest || e.Field != field || !strings.Contains(e.Error, "UTF-8") {
				t.Errorf("%s = %q: %d %s, want 400 naming %q", field, raw, resp.StatusCode, got, field)
			}
		}
	}
	// A bad byte in a key: refused, without a field to name.
	if resp, got := post(t, srv, "", "{\"te\xffxt\":\"hi\",\"owner\":\"laura\",\"from\":\"+12025550143\",\"id\":\"k\"}"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad byte in a key: %d %s", resp.StatusCode, got)
	}
	counts, err := eng.Store().CountConversations(context.Background(), "laura")
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 0 {
		t.Fatalf("a refused message was stored: %v", counts)
	}
	// An emoji written as a surrogate pair (as Python's json.dumps does) is
	// stored as the emoji.
	resp, got := post(t, srv, "", body("text", `"Hi Marco \ud83d\ude00 coffee at 5?"`))
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("surrogate pair: %d %s", resp.StatusCode, got)
	}
	turns, err := storedTexts(eng, "laura", "c1")
	if err != nil || len(turns) != 1 || turns[0] != "Hi Marco 😀 coffee at 5?" {
		t.Errorf("stored %q (%v)", turns, err)
	}
}

// storedTexts lists the texts stored in an owner's webhook conversation.
func storedTexts(eng *bot.Engine, owner, key string) ([]string, error) {
	conv, err := eng.Store().Conversation(context.Background(), owner, Platform, key)
	if err != nil {
		return nil, err
	}
	turns, err := eng.Store().Turns(context.Background(), conv.ID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range turns {
		out = append(out, t.Text)
	}
	return out, nil
}

func TestCheckUTF8(t *testing.T) {
	for _, c := range []struct {
		name, doc, field string
		bad              bool
	}{
		{"clean", `{"a":"x","b":[1,"y"]}`, "", false},
		{"escapes", `{"a":"\u00e9\n\\ud800\"","b":"\ud83d\ude00"}`, "", false},
		{"nested", "{\"p\":{\"m\":[{\"x\":\"ok\"},{\"x\":\"b\xe9d\"}]}}", "p.m[1].x", true},
		{"first in document order", "{\"z\":\"\xff\",\"a\":\"\xff\"}", "z", true},
		{"after a nested value", "{\"a\":[1,{\"b\":[]},\"x\"],\"c\":[\"ok\",\"\xff\"]}", "c[1]", true},
		{"top-level string", "\"\xff\"", "", true},
		{"lone high", `{"a":"\uD800x"}`, "a", true},
		{"high then escape", `{"a":"\ud800\n"}`, "a", true},
		{"two highs", `{"a":"\ud800\ud800\udc00"}`, "a", true},
		{"high at end", `{"a":"\ud800"}`, "a", true},
		{"lone low", `{"a":"\udfff"}`, "a", true},
		{"in a key", "{\"\xff\":\"x\"}", "", true},
		{"not json", "{\"a\":\"\xff", "", true},
		{"not json, clean", `{"a":`, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			field, err := checkUTF8([]byte(c.doc))
			if (err != nil) != c.bad || field != c.field {
				t.Errorf("checkUTF8(%q) = %q, %v; want %q, bad=%v", c.doc, field, err, c.field, c.bad)
			}
		})
	}
}

// Any bytes: checkUTF8 never panics, and what it passes decodes to the
// same text as was sent (no U+FFFD put in by the decoder).
func FuzzCheckUTF8(f *testing.F) {
	f.Add([]byte(`{"a":"\ud83d\ude00","b":["\u00e9"]}`))
	f.Add([]byte("{\"a\":\"\xff\"}"))
	f.Add([]byte(`"\u12`))
	f.Add([]byte(`"\ud800"`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		if _, err := checkUTF8(doc); err != nil || !json.Valid(doc) {
			return
		}
		var v any
		if json.Unmarshal(doc, &v) != nil {
			return
		}
		if !utf8.Valid(doc) {
			t.Fatalf("passed invalid UTF-8: %q", doc)
		}
		if s, ok := v.(string); ok && strings.ContainsRune(s, utf8.RuneError) && !strings.Contains(strings.ToLower(string(doc)), `\ufffd`) && !strings.ContainsRune(string(doc), utf8.RuneError) {
			t.Fatalf("passed a string the decoder altered: %q", doc)
		}
	})
}
