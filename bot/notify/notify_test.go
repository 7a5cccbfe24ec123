package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
)

func italianWarning() *bot.Warning {
	return &bot.Warning{ID: "sgw_test1", Ref: "K7Q2", Owner: "nonna", Platform: "webhook",
		Sender: bot.Sender{ID: "+12025550143", Phone: "+12025550143", DisplayName: "+1 202-555-0143", Network: "sms"},
		Level:  detectors.LevelAlert, Kind: detectors.KindInvestment, Created: time.Now(),
		Reasons: []detectors.Reason{{Code: detectors.CodeWrongName, Weight: 0.5, Turn: 0, Evidence: "Ciao Marco",
			Detail: "greets 'Ciao Marco', which is not one of your names", Args: map[string]string{"name": "Marco"}}}}
}

type capture struct {
	mu      sync.Mutex
	bodies  [][]byte
	headers []http.Header
	paths   []string
	status  int
}

func (c *capture) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	c.bodies, c.headers, c.paths = append(c.bodies, b), append(c.headers, r.Header.Clone()), append(c.paths, r.URL.Path)
	st := c.status
	c.mu.Unlock()
	if st == 0 {
		st = 200
	}
	w.WriteHeader(st)
}

func TestNtfyPublishesJSON(t *testing.T) {
	c := &capture{}
	srv := httptest.NewServer(c)
	defer srv.Close()
	n := &HTTP{Audience: Audience{Lang: "it", Country: "IT", Quote: warntext.QuoteShort}, Ntfy: true,
		URL: srv.URL + "/nonna-alerts", Token: "tok"}
	if err := n.Warn(context.Background(), italianWarning()); err != nil {
		t.Fatal(err)
	}
	var m ntfyMessage
	if err := json.Unmarshal(c.bodies[0], &m); err != nil {
		t.Fatal(err)
	}
	if c.paths[0] != "/" || m.Topic != "nonna-alerts" || m.Priority != 5 || m.Title == "" || !strings.Contains(m.Message, "Marco") {
		t.Errorf("ntfy publish: path %s, %+v", c.paths[0], m)
	}
	if c.headers[0].Get("Authorization") != "Bearer tok" || c.headers[0].Get("X-SilentGuard-Warning-ID") != "sgw_test1" {
		t.Errorf("headers: %v", c.headers[0])
	}
	// Italian, as the owner reads.
	if !strings.Contains(m.Message, "Polizia Postale") {
		t.Errorf("not in the owner's language or country:\n%s", m.Message)
	}
}

func TestHTTPQuoteNoneAndErrors(t *testing.T) {
	c := &capture{}
	srv := httptest.NewServer(c)
	defer srv.Close()
	n := &HTTP{Audience: Audience{Lang: "en", Country: "US", Quote: warntext.QuoteNone}, URL: srv.URL + "/hook?secret=abc"}
	if err := n.Warn(context.Background(), italianWarning()); err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"Marco", "555", "+1202"} {
		if bytes.Contains(c.bodies[0], []byte(leak)) {
			t.Errorf("quote=none body carries %q: %s", leak, c.bodies[0])
		}
	}
	var h hookMessage
	json.Unmarshal(c.bodies[0], &h)
	if h.ID != "sgw_test1" || h.Ref != "K7Q2" || h.Level != "alert" {
		t.Errorf("hook body: %+v", h)
	}
	c.status = 502
	err := n.Warn(context.Background(), italianWarning())
	if err == nil || !strings.Contains(err.Error(), "502") || strings.Contains(err.Error(), "secret=abc") {
		t.Errorf("a 502 must be an error that names the status, not the query: %v", err)
	}
}

func TestConsoleHeader(t *testing.T) {
	var buf bytes.Buffer
	c := NewConsole(&buf, Audience{Lang: "en", Country: "US", Quote: warntext.QuoteFull})
	w := italianWarning()
	w.Escalation = true
	if err := c.Warn(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "=== SilentGuard owner=nonna escalation level=alert ref=K7Q2 id=sgw_test1\n") || !strings.Contains(out, "Ciao Marco") {
		t.Errorf("console output:\n%s", out)
	}
}

// With an owner page, an ntfy notification opens it when tapped, a hook
// gets its address, and every text ends with it; a notice, which has no
// page, gets none.
func TestOwnerPageLink(t *testing.T) {
	c := &capture{}
	srv := httptest.NewServer(c)
	defer srv.Close()
	link := func(w *bot.Warning) string { return "https://sg.example.org/owner/" + w.ID + ".tok" }
	aud := Audience{Lang: "it", Country: "IT", Quote: warntext.QuoteShort, Link: link}
	ntfy := &HTTP{Audience: aud, Ntfy: true, URL: srv.URL + "/nonna"}
	hook := &HTTP{Audience: aud, URL: srv.URL + "/hook"}
	w := italianWarning()
	notice := &bot.Warning{ID: "sgw_n", Owner: "nonna", Notice: warntext.NoticeProtectionStopped, Kind: "matrix"}
	for _, n := range []*HTTP{ntfy, hook} {
		for _, x := range []*bot.Warning{w, notice} {
			if err := n.Warn(context.Background(), x); err != nil {
				t.Fatal(err)
			}
		}
	}
	var nm, nn ntfyMessage
	var hm, hn hookMessage
	for i, v := range []any{&nm, &nn, &hm, &hn} {
		if err := json.Unmarshal(c.bodies[i], v); err != nil {
			t.Fatal(err)
		}
	}
	want := link(w)
	if nm.Click != want || !strings.HasSuffix(nm.Message, "(«Conosco chi scrive», «Falso allarme»): "+want) {
		t.Errorf("ntfy: click %q, message ends %q", nm.Click, nm.Message[max(0, len(nm.Message)-120):])
	}
	if hm.URL != want || !strings.HasSuffix(hm.Text, want) {
		t.Errorf("hook: url %q, text %q", hm.URL, hm.Text)
	}
	if nn.Click != "" || hn.URL != "" || strings.Contains(nn.Message+hn.Text, "sg.example.org") {
		t.Errorf("a notice links to a page: %+v %+v", nn, hn)
	}
	if m := (Audience{Lang: "it"}).Render(w); strings.Contains(m.Plain(), "sg.example.org") {
		t.Error("a link without Link")
	}
}
