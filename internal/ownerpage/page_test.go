package ownerpage

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
)

var t0 = time.Date(2026, 5, 7, 9, 12, 0, 0, time.UTC)

const (
	stranger = "+12025550143"
	opener   = "Hi Marco, are we still on for coffee at the usual place at 5?"
)

type fixture struct {
	store  *sqlstore.Store
	engine *bot.Engine
	page   *Page
	srv    *httptest.Server
	mu     sync.Mutex
	now    time.Time
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// newFixture is the page on a real engine and SQLite file, served over
// real HTTP, with a key made by the store.
func newFixture(t *testing.T, lang string) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "sg.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	reg, err := detectors.New(detectors.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: store, now: t0}
	f.engine = bot.New(bot.Options{Store: store, Detectors: reg, Log: zerolog.Nop(), Now: f.clock,
		Policy: bot.Policy{Window: 24 * time.Hour, MaxMessages: 40, Retention: 24 * time.Hour, MinLevel: detectors.LevelCaution}})
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "US", Languages: []string{lang}, Known: map[string]bool{}})
	key, err := store.Secret(ctx, "owner_page_key", KeySize)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(nil)
	t.Cleanup(f.srv.Close)
	if f.page, err = New(Options{Engine: f.engine, Key: key, PublicURL: f.srv.URL, Log: zerolog.Nop(), Now: f.clock}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(Path, f.page.Handler())
	f.srv.Config.Handler = mux
	return f
}

func (f *fixture) warn(t *testing.T, id, text string) *bot.Warning {
	t.Helper()
	res, err := f.engine.Handle(context.Background(), bot.Message{Platform: "webhook", Owner: "laura", ConversationKey: stranger,
		Sender: bot.Sender{ID: stranger, Phone: stranger, Network: "sms"}, Text: text, EventID: id, At: f.clock()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Warning == nil {
		t.Fatalf("no warning for %q", text)
	}
	return res.Warning
}

type answer struct {
	status int
	body   string
	header http.Header
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, string(b), resp.Header}
}

func get(t *testing.T, link string) answer {
	req, _ := http.NewRequest(http.MethodGet, link, nil)
	return do(t, req)
}

// post presses a button as a browser does: a form from the page itself.
func post(t *testing.T, link string, form url.Values, site string) answer {
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", site)
	return do(t, req)
}

var hiddenToken = regexp.MustCompile(`name="action" value="([a-z_]+)">\s*<input type="hidden" name="token" value="([^"]+)">`)

// buttons reads the forms of a page: action -> token.
func buttons(body string) map[string]string {
	out := map[string]string{}
	for _, m := range hiddenToken.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestPageShowsTheWarningAndTheEvidence(t *testing.T) {
	f := newFixture(t, "en")
	w := f.warn(t, "m1", opener)
	link := f.page.Link(w, warntext.QuoteFull, warntext.DeviceAndroid)
	if !strings.HasPrefix(link, f.srv.URL+Path+w.ID+".") {
		t.Fatalf("link %q", link)
	}
	if again := f.page.Link(w, warntext.QuoteFull, warntext.DeviceAndroid); again != link {
		t.Errorf("a resent warning gets another link: %q, %q", again, link)
	}
	a := get(t, link)
	if a.status != http.StatusOK {
		t.Fatalf("GET: %d\n%s", a.status, a.body)
	}
	for _, want := range []string{
		`<html lang="en">`, "This looks like a scam", "Warning " + w.Ref + " · 2026-05-07 09:12",
		// The evidence, marked in the message (checked below).
		"<p><mark>Hi Marco, are we still on", " place at 5?</p>",
		"Android: in Messages, touch and hold the conversation", // the block-and-report steps
		"I know this sender", "This was a false alarm", "never writes to the sender",
	} {
		if !strings.Contains(a.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	checkMarks(t, a.body)
	if b := buttons(a.body); b[purposeAllow] == "" || b[purposeFalseAlarm] == "" {
		t.Errorf("buttons: %v", b)
	}
	for k, want := range map[string]string{"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Frame-Options": "DENY"} {
		if got := a.header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if csp := a.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
		t.Errorf("Content-Security-Policy: %q", csp)
	}
	if f.page.Link(&bot.Warning{ID: "sgw_x", Owner: "laura", Notice: warntext.NoticeProtectionStopped}, warntext.QuoteFull, "") != "" {
		t.Error("a notice has a link")
	}
	noURL, _ := New(Options{Engine: f.engine, Key: f.page.key})
	if noURL.Link(w, warntext.QuoteFull, "") != "" {
		t.Error("a link without a public URL")
	}
}

func TestAllowOnceThenNotWarned(t *testing.T) {
	f := newFixture(t, "en")
	w := f.warn(t, "m1", opener)
	link := f.page.Link(w, warntext.QuoteShort, "")
	b := buttons(get(t, link).body)
	a := post(t, link, url.Values{"action": {purposeAllow}, "token": {b[purposeAllow]}}, "same-origin")
	if a.status != http.StatusSeeOther || a.header.Get("Location") != "./"+strings.TrimPrefix(link, f.srv.URL+Path) {
		t.Fatalf("POST allow: %d %q\n%s", a.status, a.header.Get("Location"), a.body)
	}
	page := get(t, link).body
	if !strings.Contains(page, "Done: you know this sender") || buttons(page)[purposeAllow] != "" || buttons(page)[purposeFalseAlarm] == "" {
		t.Errorf("page after allow:\n%s", page)
	}
	// The next message from that sender is not watched.
	res, err := f.engine.Handle(context.Background(), bot.Message{Platform: "webhook", Owner: "laura", ConversationKey: stranger,
		Sender: bot.Sender{ID: stranger, Phone: stranger, Network: "sms"}, EventID: "m2", At: f.clock(),
		Text: "My uncle is a crypto analyst, I made 30% last week on a trading platform, add me on WhatsApp"})
	if err != nil || res.Watched || res.Warning != nil {
		t.Errorf("after allow: %+v %v", res, err)
	}
	// Pressed again (the same token): said so, nothing changes.
	a = post(t, link, url.Values{"action": {purposeAllow}, "token": {b[purposeAllow]}}, "same-origin")
	if a.status != http.StatusConflict || !strings.Contains(a.body, "already recorded") {
		t.Errorf("POST allow again: %d\n%s", a.status, a.body)
	}
	said, _ := f.store.Feedbacks(context.Background(), "laura", w.ID)
	if len(said) != 1 || said[0].Kind != bot.FeedbackAllow {
		t.Errorf("feedback stored: %+v", said)
	}
	// The other button still works, once.
	a = post(t, link, url.Values{"action": {purposeFalseAlarm}, "token": {b[purposeFalseAlarm]}}, "")
	if a.status != http.StatusSeeOther {
		t.Errorf("POST false alarm: %d\n%s", a.status, a.body)
	}
}

// A post that is not the owner's press of the page's own button changes
// nothing: from another site, with the link's token, with another
// warning's button, with a forged token.
func TestForgedAnswersChangeNothing(t *testing.T) {
	f := newFixture(t, "en")
	w := f.warn(t, "m1", opener)
	link := f.page.Link(w, warntext.QuoteFull, "")
	b := buttons(get(t, link).body)
	other := *w
	other.ID = "sgw_other"
	otherTok := strings.TrimPrefix(f.page.token(purposeAllow, &other, warntext.QuoteFull, ""), "")
	viewTok := strings.TrimPrefix(link, f.srv.URL+Path)
	forged := []byte(b[purposeAllow])
	forged[len(forged)-3] ^= 1
	for _, c := range []struct {
		name   string
		form   url.Values
		site   string
		status int
	}{
		{"another site", url.Values{"action": {purposeAllow}, "token": {b[purposeAllow]}}, "cross-site", http.StatusForbidden},
		{"the link's own token", url.Values{"action": {purposeAllow}, "token": {viewTok}}, "same-origin", http.StatusForbidden},
		{"the other button's token", url.Values{"action": {purposeAllow}, "token": {b[purposeFalseAlarm]}}, "same-origin", http.StatusForbidden},
		{"another warning's button", url.Values{"action": {purposeAllow}, "token": {otherTok}}, "same-origin", http.StatusForbidden},
		{"a forged token", url.Values{"action": {purposeAllow}, "token": {string(forged)}}, "same-origin", http.StatusForbidden},
		{"no token", url.Values{"action": {purposeAllow}}, "same-origin", http.StatusForbidden},
		{"an unknown action", url.Values{"action": {"block"}, "token": {b[purposeAllow]}}, "same-origin", http.StatusForbidden},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := post(t, link, c.form, c.site)
			if a.status != c.status || !strings.Contains(a.body, "did not work") {
				t.Errorf("%d, want %d\n%s", a.status, c.status, a.body)
			}
		})
	}
	// A button's token does not open the page.
	if a := get(t, f.srv.URL+Path+b[purposeAllow]); a.status != http.StatusNotFound || strings.Contains(a.body, "Marco") {
		t.Errorf("GET with a button's token: %d", a.status)
	}
	if said, _ := f.store.Feedbacks(context.Background(), "laura", w.ID); len(said) != 0 {
		t.Errorf("feedback stored: %+v", said)
	}
	if c, _ := f.store.ConversationByID(context.Background(), w.ConversationID); c.State != bot.StateWatching {
		t.Errorf("conversation %s", c.State)
	}
}

func TestExpiredLinkSaysSoAndChangesNothing(t *testing.T) {
	f := newFixture(t, "it")
	w := f.warn(t, "m1", "Ciao Marco, confermi per domani alle 15?")
	link := f.page.Link(w, warntext.QuoteFull, "")
	b := buttons(get(t, link).body)
	f.advance(LinkTTL)
	a := get(t, link)
	if a.status != http.StatusGone || !strings.Contains(a.body, "Questo link è scaduto") || !strings.Contains(a.body, w.Ref) ||
		strings.Contains(a.body, "Marco") {
		t.Errorf("GET expired: %d\n%s", a.status, a.body)
	}
	a = post(t, link, url.Values{"action": {purposeAllow}, "token": {b[purposeAllow]}}, "same-origin")
	if a.status != http.StatusGone {
		t.Errorf("POST expired: %d\n%s", a.status, a.body)
	}
	if said, _ := f.store.Feedbacks(context.Background(), "laura", w.ID); len(said) != 0 {
		t.Errorf("feedback stored: %+v", said)
	}
	// A token that is not one: in the browser's language.
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+Path+"nonsense", nil)
	req.Header.Set("Accept-Language", "de-AT, en;q=0.5")
	if a := do(t, req); a.status != http.StatusNotFound || !strings.Contains(a.body, "Dieser Link funktioniert nicht") {
		t.Errorf("GET nonsense: %d\n%s", a.status, a.body)
	}
}

// The page shows the sender's words as the target's quote allows, and
// after the retention purged them, says so.
func TestQuoteAndRetention(t *testing.T) {
	f := newFixture(t, "en")
	w := f.warn(t, "m1", opener)
	if body := get(t, f.page.Link(w, warntext.QuoteNone, "")).body; strings.Contains(body, "Marco") || strings.Contains(body, "coffee") ||
		!strings.Contains(body, "not shown here") {
		t.Errorf("quote none shows the sender's words:\n%s", body)
	}
	short := get(t, f.page.Link(w, warntext.QuoteShort, "")).body
	// The cue's words, then the model's: where they end is the model's.
	if _, after, ok := strings.Cut(short, "<p><mark>Hi Marco, are we still on"); !ok || !strings.Contains(after, "</mark> … <mark>") ||
		strings.Contains(short, "place at 5?</p>") {
		t.Errorf("quote short:\n%s", short)
	}
	checkMarks(t, short)
	f.advance(49 * time.Hour) // past the window and the retention
	if n, err := f.engine.Purge(context.Background()); err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	body := get(t, f.page.Link(w, warntext.QuoteFull, "")).body
	if strings.Contains(body, "Marco") || strings.Contains(body, "coffee") || !strings.Contains(body, "have been deleted, as planned") {
		t.Errorf("after the purge:\n%s", body)
	}
	if b := buttons(body); b[purposeAllow] == "" {
		t.Error("no button after the purge")
	}
}

// checkMarks: the page marks the cue's words first, then the words the
// model weighs most (which move with each retraining); every mark is the
// sender's own words, in their order, and overlapping quotes are merged
// into one mark.
func checkMarks(t *testing.T, body string) {
	t.Helper()
	var marks []string
	for rest := body; ; {
		_, after, ok := strings.Cut(rest, "<mark>")
		if !ok {
			break
		}
		m, tail, _ := strings.Cut(after, "</mark>")
		marks, rest = append(marks, html.UnescapeString(m)), tail
	}
	if len(marks) < 2 || !strings.HasPrefix(marks[0], "Hi Marco, are we still on") {
		t.Errorf("marks %q: want the cue's words first, then the model's", marks)
	}
	at := 0
	for _, m := range marks {
		i := strings.Index(opener[at:], m)
		if m == "" || i < 0 {
			t.Errorf("mark %q is not the sender's words, in order after %q", m, opener[:at])
			return
		}
		at += i + len(m)
	}
}
