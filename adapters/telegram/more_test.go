package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/sqlstore"
)

// lastAnswer is the newest message the bot sent the owner.
func lastAnswer(t *testing.T, api *fakeAPI) string {
	t.Helper()
	got := api.sent(ownerUID)
	if len(got) == 0 {
		t.Fatal("the bot sent the owner nothing")
	}
	return got[len(got)-1].Params["text"]
}

// A restart mid-conversation neither repeats nor loses a warning, even
// when updates already handed to the core come again (the crash fell
// before the offset was saved); a malformed update, a 429 and a dropped
// connection are survived.
func TestRestartMidConversation(t *testing.T) {
	api := newFakeAPI(t)
	db := filepath.Join(t.TempDir(), "sg.db")
	h := start(t, api, db)
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	first := api.push("business_message", businessMessage(connID, 1, partnerUser, partnerUser, time.Now().Add(-time.Hour), conversation[0].body))
	last := h.converse(connID, 1, 2, 1)
	h.handled(last)
	h.delivered()
	if n := len(warnings(api)); n != 1 {
		t.Fatalf("before the restart: %d warnings, want 1", n)
	}
	h.stop()

	// The crash fell before the offset was saved: Telegram hands the
	// same updates over again.
	st, err := sqlstore.OpenSQLite(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	key := "offset:123456"
	if err := st.SetCursor(context.Background(), "*", Platform, key, strconv.FormatInt(first, 10)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	api.redeliver(first, last)
	api.failNext(failure{status: 429, body: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`},
		failure{}, // the connection drops
		failure{status: 502, body: "<html>Bad Gateway</html>"})
	bad := api.newID()
	api.pushRaw(bad, fmt.Sprintf(`{"update_id":%d,"business_message":{"message_id":50,"from":%s,"chat":{"id":%d,"type":"private","first_name":"Amy"},"date":%d,"business_connection_id":%q,"forward_origin":{"type":"story_reply","date":1},"text":"x"}}`,
		bad, `{"id":987654321,"is_bot":false,"first_name":"Amy"}`, partnerUID, time.Now().Unix(), connID))
	restarted := time.Now()
	h2 := start(t, api, db)
	end := h2.converse(connID, 2, len(conversation), 1)
	h2.handled(end)
	h2.delivered()

	ws := warnings(api)
	if len(ws) != 2 || !strings.Contains(ws[1], "Update:") {
		t.Fatalf("after the restart: %d warnings, want the first one and one escalation:\n%s", len(ws), strings.Join(ws, "\n---\n"))
	}
	if c := mustConv(t, h2); c.TurnCount != len(conversation) || c.Warnings != 2 {
		t.Errorf("conversation after restart: %d turns, %d warnings; want %d and 2", c.TurnCount, c.Warnings, len(conversation))
	}
	// The first poll of the new run resumed from the saved offset, and the
	// poll after the 429 waited retry_after.
	var polls []apiCall
	for _, c := range api.Calls() {
		if c.Method == "getUpdates" && c.At.After(restarted) {
			polls = append(polls, c)
		}
	}
	if len(polls) < 4 {
		t.Fatalf("%d polls after the restart, want at least 4", len(polls))
	}
	if polls[0].Params["offset"] != strconv.FormatInt(first, 10) {
		t.Fatalf("first poll after restart: %+v", polls[0].Params)
	}
	if gap := polls[1].At.Sub(polls[0].At); gap < time.Second {
		t.Errorf("polled again %v after a 429 with retry_after 1", gap)
	}
	var allowed []string
	if err := jsonUnmarshal(polls[0].Params["allowed_updates"], &allowed); err != nil ||
		!slices.Equal(allowed, AllowedUpdates) {
		t.Errorf("allowed_updates = %q", polls[0].Params["allowed_updates"])
	}
	assertNeverActs(t, api, partnerUID)
}

// Each forward_origin type, a typed /check and a pasted text are judged
// on the spot and answered; nothing is stored as a watched conversation.
func TestCheck(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	opener := conversation[0].body
	now := time.Now().Unix()
	cases := []struct {
		name  string
		msg   map[string]any
		scam  bool
		usage bool
	}{
		{"user", forwarded(1, map[string]any{"type": "user", "date": now, "sender_user": partnerUser}, opener), true, false},
		{"hidden_user", forwarded(2, map[string]any{"type": "hidden_user", "date": now, "sender_user_name": "Amy"}, opener), true, false},
		{"chat", forwarded(3, map[string]any{"type": "chat", "date": now, "sender_chat": map[string]any{"id": -1005678, "type": "supergroup", "title": "Friends"}}, opener), true, false},
		{"channel", forwarded(4, map[string]any{"type": "channel", "date": now, "chat": map[string]any{"id": -1001234, "type": "channel", "title": "News"}, "message_id": 77}, opener), true, false},
		{"caption", forwarded(5, map[string]any{"type": "user", "date": now, "sender_user": partnerUser},
			map[string]any{"photo": []map[string]any{{"file_id": "A", "file_unique_id": "u", "width": 9, "height": 9}}, "caption": opener["text"]}), true, false},
		{"typed", ownerSays(1, "/check "+opener["text"].(string)), true, false},
		{"pasted", ownerSays(2, opener["text"].(string)), true, false},
		{"benign", ownerSays(3, "/check Can you buy milk on your way home?"), false, false},
		{"empty", ownerSays(4, "/check"), false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(api.sent(ownerUID))
			h.handled(api.push("message", c.msg))
			if got := len(api.sent(ownerUID)); got != before+1 {
				t.Fatalf("%d answers, want 1", got-before)
			}
			ans := lastAnswer(t, api)
			switch {
			case c.usage:
				if !strings.Contains(ans, "Forward me") {
					t.Errorf("want the usage hint, got:\n%s", ans)
				}
			case c.scam:
				if !strings.Contains(ans, "Marco") || !strings.Contains(ans, "<b>") {
					t.Errorf("want a verdict quoting its reasons, got:\n%s", ans)
				}
			default:
				if !strings.Contains(ans, "no sign") {
					t.Errorf("want the all-clear, got:\n%s", ans)
				}
			}
		})
	}
	counts, err := h.store.CountConversations(context.Background(), "laura")
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 0 {
		t.Errorf("/check stored conversations: %v", counts)
	}
	// An update the client cannot decode is skipped; the next one works.
	bad := api.newID()
	api.pushRaw(bad, fmt.Sprintf(`{"update_id":%d,"message":{"message_id":9,"from":{"id":%d,"is_bot":false,"first_name":"Laura"},"chat":{"id":%d,"type":"private"},"date":%d,"forward_origin":{"type":"future_origin","date":1},"text":"hi"}}`,
		bad, ownerUID, ownerUID, now))
	before := len(api.sent(ownerUID))
	h.handled(api.push("message", ownerSays(5, "/help")))
	if got := api.sent(ownerUID); len(got) != before+1 || !strings.Contains(got[len(got)-1].Params["text"], "/check") {
		t.Errorf("after an undecodable update: want only the /help answer, mentioning /check")
	}
}

// The owner's commands, as on Matrix, answered as escaped HTML.
func TestCommands(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	h.handled(h.converse(connID, 0, 1, 1))
	h.delivered()
	recent, err := h.store.RecentWarnings(context.Background(), "laura", 1)
	if err != nil || len(recent) != 1 {
		t.Fatalf("no warning: %v", err)
	}
	ref := recent[0].Ref
	for _, c := range []struct{ say, want string }{
		{"/status", "watching 1 new conversation"},
		{"/status@silentguard_test_bot", ref},
		{"/false@silentguard_test_bot " + ref, "false alarm"},
		{"/allow " + strings.ToLower(ref), "won&#39;t warn you"},
		{"/allow ZZZZ", "can&#39;t find"},
		{"/allow", "Add the reference"},
		{"/nonsense", "don&#39;t know that command"},
	} {
		h.handled(api.push("message", ownerSays(len(c.say), c.say)))
		if ans := lastAnswer(t, api); !strings.Contains(ans, c.want) {
			t.Errorf("%s: answer lacks %q:\n%s", c.say, c.want, ans)
		}
	}
	if c := mustConv(t, h); c.State != bot.StateKnown {
		t.Errorf("after /allow the conversation is %s", c.State)
	}
}

// A disabled business connection tells the owner that protection stopped;
// enabling it again, that it is back.
func TestConnectionDisabled(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, false)))
	waitFor(t, "the stopped notice", func() bool { return h.rec.notices(bot.NoticeProtectionStopped) == 1 })
	h.delivered()
	if ans := lastAnswer(t, api); !strings.Contains(ans, "Protection is stopped for telegram") {
		t.Errorf("the owner's bot chat did not get the notice:\n%s", ans)
	}
	// Messages of a disabled connection that still arrive are judged.
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	waitFor(t, "the resumed notice", func() bool { return h.rec.notices(bot.NoticeProtectionResumed) == 1 })
	states, _ := h.eng.Health()
	if len(states) != 1 || !states[0].OK {
		t.Errorf("health: %+v", states)
	}
}

// A rejected token (401) stops protection and says so; when the token
// works again, protection is back.
func TestTokenRejected(t *testing.T) {
	api := newFakeAPI(t)
	api.setTokenOK(false)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	waitFor(t, "the stopped notice", func() bool { return h.rec.notices(bot.NoticeProtectionStopped) == 1 })
	api.setTokenOK(true)
	waitFor(t, "the resumed notice", func() bool { return h.rec.notices(bot.NoticeProtectionResumed) == 1 })
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
}

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

// Any bytes: decoding and converting never panic.
func FuzzDecodeUpdate(f *testing.F) {
	f.Add([]byte(`{"update_id":1,"business_message":{"message_id":1,"from":{"id":2,"is_bot":false,"first_name":"A"},"chat":{"id":2,"type":"private"},"date":1,"business_connection_id":"c","text":"hi"}}`))
	f.Add([]byte(`{"update_id":2,"message":{"message_id":1,"chat":{"id":2,"type":"private"},"date":1,"forward_origin":{"type":"user","date":1,"sender_user":{"id":3,"is_bot":false,"first_name":"B"}},"caption":"x","photo":[{}]}}`))
	f.Add([]byte(`{"update_id":3,"deleted_business_messages":{"business_connection_id":"c","chat":{"id":2,"type":"private"},"message_ids":[1,2]}}`))
	f.Add([]byte(`{"update_id":4,"business_connection":{"id":"c","user":{"id":1,"is_bot":false,"first_name":"L"},"user_chat_id":1,"date":1,"is_enabled":false}}`))
	f.Add([]byte(`{"update_id":5,"message":{"forward_origin":{"type":"nope"}}}`))
	f.Add([]byte(`[]`))
	ad := &Adapter{opts: Options{Owners: map[int64]string{1: "o"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		id, u, err := DecodeUpdate(data)
		if err == nil && u == nil {
			t.Fatal("no error and no update")
		}
		if u == nil {
			return
		}
		if u.ID != id {
			t.Fatalf("update_id %d, decoded %d", id, u.ID)
		}
		for _, m := range []*models.Message{u.Message, u.BusinessMessage, u.EditedBusinessMessage} {
			if m == nil {
				continue
			}
			msg := ad.coreMessage(&conn{Owner: "o", UserID: 1}, m, m.EditDate != 0)
			if msg.ConversationKey == "" || msg.EventID == "" {
				t.Fatal("empty key or event id")
			}
			if m.ForwardOrigin != nil {
				text, media := content(m)
				_ = ad.forwardedTurn(m, "o", text, media)
			}
		}
	})
}

// BenchmarkUpdateToWarning measures, on the local Bot API server, the time
// from a scam opener being queued as a business_message to the warning's
// sendMessage reaching the server: long poll, decode, core (SQLite,
// detectors, alert policy), delivery. 100 conversations per iteration.
func BenchmarkUpdateToWarning(b *testing.B) {
	api := newFakeAPI(b)
	h := start(b, api, filepath.Join(b.TempDir(), "sg.db"))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	arrived := make(chan time.Time, 1)
	api.mu.Lock()
	api.sentHook = func(c apiCall) {
		if strings.Contains(c.Params["text"], "/allow ") {
			arrived <- c.At
		}
	}
	api.mu.Unlock()
	var lat []time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i := 0; i < 100; i++ {
			p := user(partnerUID+int64(n*100+i)+1, "Amy", "", "")
			t0 := time.Now()
			api.push("business_message", businessMessage(connID, 1, p, p, time.Now(), conversation[0].body))
			select {
			case at := <-arrived:
				lat = append(lat, at.Sub(t0))
			case <-time.After(10 * time.Second):
				b.Fatal("no warning")
			}
		}
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.95), "p95-ms")
	b.ReportMetric(q(1), "max-ms")
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// An update whose handling keeps failing (getBusinessConnection answers
// 500, then 429) is fetched again after a growing wait, and after the 429
// no sooner than its retry_after; once the error clears, the message is
// judged once.
func TestHandlingRetryBacksOff(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	api.addConn(connID, businessConnection(connID, ownerUser, true))
	e500 := failure{status: 500, body: `{"ok":false,"error_code":500,"description":"Internal Server Error"}`}
	e429 := failure{status: 429, body: `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`}
	api.failConn(e500, e500, e500, e429)
	h.handled(api.push("business_message", businessMessage(connID, 1, partnerUser, partnerUser, time.Now().Add(-time.Hour), conversation[0].body)))
	h.delivered()

	var gets, polls []apiCall
	for _, c := range api.Calls() {
		switch c.Method {
		case "getBusinessConnection":
			gets = append(gets, c)
		case "getUpdates":
			polls = append(polls, c)
		}
	}
	if len(gets) != 5 {
		t.Fatalf("%d getBusinessConnection calls, want 4 failed and 1 answered", len(gets))
	}
	// BackoffMin is 20ms: the waits double, and the 429 asks for 1s.
	want := []time.Duration{20 * time.Millisecond, 40 * time.Millisecond, 80 * time.Millisecond, time.Second}
	for i, w := range want {
		next := -1
		for j, p := range polls {
			if p.At.After(gets[i].At) {
				next = j
				break
			}
		}
		if next < 0 {
			t.Fatalf("no poll after failure %d", i+1)
		}
		if gap := polls[next].At.Sub(gets[i].At); gap < w {
			t.Errorf("failure %d: polled again after %v, want at least %v", i+1, gap, w)
		}
		if polls[next].At.After(gets[i+1].At) {
			t.Errorf("failure %d: retried without polling again", i+1)
		}
	}
	if n := len(warnings(api)); n != 1 {
		t.Errorf("%d warnings once the error cleared, want 1", n)
	}
	if c := mustConv(t, h); c.TurnCount != 1 {
		t.Errorf("the message was judged %d times, want once", c.TurnCount)
	}
	assertNeverActs(t, api, partnerUID)
}

// An owner with two Telegram accounts: turning one connection off does not
// stop protection while the other still watches; turning both off does.
func TestConnectionDisabledOtherStillOn(t *testing.T) {
	const workUID = int64(444555666)
	work := user(workUID, "Laura", "Work", "")
	api := newFakeAPI(t)
	api.addOwner(workUID)
	h := startWith(t, api, filepath.Join(t.TempDir(), "sg.db"), func(o *Options) {
		o.Owners = map[int64]string{ownerUID: "laura", workUID: "laura"}
	})
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	h.handled(api.push("business_connection", businessConnection("BC-owner-2", work, true)))
	h.handled(api.push("business_connection", businessConnection("BC-owner-2", work, false)))
	h.delivered()
	if n := h.rec.notices(bot.NoticeProtectionStopped); n != 0 {
		t.Errorf("%d stopped notices while another connection still watches, want none", n)
	}
	if states, ok := h.eng.Health(); !ok || len(states) != 1 {
		t.Errorf("health: %+v", states)
	}
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, false)))
	waitFor(t, "the stopped notice", func() bool { return h.rec.notices(bot.NoticeProtectionStopped) == 1 })
	assertNeverActs(t, api, partnerUID)
}

// A "disabled" update that comes again after a restart (its offset was not
// saved) does not tell the owner a second time.
func TestConnectionDisabledReplayed(t *testing.T) {
	api := newFakeAPI(t)
	db := filepath.Join(t.TempDir(), "sg.db")
	h := start(t, api, db)
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	off := api.push("business_connection", businessConnection(connID, ownerUser, false))
	h.handled(off)
	waitFor(t, "the stopped notice", func() bool { return h.rec.notices(bot.NoticeProtectionStopped) == 1 })
	h.delivered()
	h.stop()

	st, err := sqlstore.OpenSQLite(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetCursor(context.Background(), "*", Platform, "offset:123456", strconv.FormatInt(off, 10)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	api.redeliver(off)
	h2 := start(t, api, db)
	h2.handled(off)
	h2.delivered()
	if n := h2.rec.notices(bot.NoticeProtectionStopped); n != 0 {
		t.Errorf("the replayed update told the owner again (%d notices)", n)
	}
	stopped := 0
	for _, c := range api.sent(ownerUID) {
		if strings.Contains(c.Params["text"], "Protection is stopped") {
			stopped++
		}
	}
	if stopped != 1 {
		t.Errorf("the owner's bot chat got %d stopped notices, want 1", stopped)
	}
	// Turned on again after the restart: the owner hears it resumed.
	h2.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	waitFor(t, "the resumed notice", func() bool { return h2.rec.notices(bot.NoticeProtectionResumed) == 1 })
	assertNeverActs(t, api, partnerUID)
}

// Telegram counts a message's length in UTF-16 code units: a text of
// astral-plane characters (emoji, math letters) is cut by that count, on
// whole characters, and a text that fits is left alone.
func TestFitTextUTF16(t *testing.T) {
	const emoji = "😀" // U+1F600: two UTF-16 code units
	for _, c := range []struct {
		name string
		in   string
		cut  bool
	}{
		{"ascii at the limit", strings.Repeat("a", maxText), false},
		{"emoji at the limit", strings.Repeat(emoji, maxText/2), false},
		{"one emoji past the limit", strings.Repeat(emoji, maxText/2+1), true},
		{"few runes, many units", strings.Repeat(emoji, 3000), true},
		{"html that fits", "<b>" + strings.Repeat("𝐀", 2000) + "</b> &amp; <code>/allow 2TYC</code>", false},
		{"html past the limit", "<b>⚠️ Title &amp; more</b>\n" + strings.Repeat("a"+emoji+emoji+emoji, 1100), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := fitText(c.in)
			if !c.cut {
				if out != c.in {
					t.Errorf("a text that fits was changed")
				}
				return
			}
			head, ok := strings.CutSuffix(out, "\n…")
			if !ok {
				t.Fatalf("cut text lacks the ellipsis: %q", out[max(0, len(out)-20):])
			}
			plain := html.UnescapeString(out)
			if n := len(utf16.Encode([]rune(plain))); n > maxText {
				t.Errorf("%d UTF-16 code units, over Telegram's %d", n, maxText)
			}
			if !utf8.ValidString(out) || strings.ContainsRune(out, utf8.RuneError) {
				t.Error("the cut split a character")
			}
			if !strings.HasPrefix(html.UnescapeString(stripTags(c.in)), html.UnescapeString(head)) {
				t.Error("the cut text is not the head of the original")
			}
			if strings.Contains(head, "<b>") {
				t.Error("the cut text keeps HTML tags")
			}
		})
	}
}

// The owner wrote first in a business chat: the conversation is not
// watched, and nothing the other side says next warns.
func TestOwnerStartedNoWarning(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	h.handled(api.push("business_connection", businessConnection(connID, ownerUser, true)))
	api.push("business_message", businessMessage(connID, 1, ownerUser, partnerUser, time.Now().Add(-2*time.Hour),
		text("Hi Amy, it's Laura from the pottery class. Here is my number, as promised")))
	for i, m := range conversation {
		if !m.fromOwner {
			api.push("business_message", businessMessage(connID, 10+i, partnerUser, partnerUser, time.Now().Add(-time.Hour+time.Duration(i)*time.Minute), m.body))
		}
	}
	h.handled(api.push("message", ownerSays(1, "/status")))
	h.delivered()
	if ws := warnings(api); len(ws) != 0 {
		t.Errorf("%d warnings in a conversation the owner started:\n%s", len(ws), strings.Join(ws, "\n---\n"))
	}
	if c := mustConv(t, h); c.State != bot.StateOwnerStarted || c.Warnings != 0 {
		t.Errorf("conversation: state %s, %d warnings; want %s and none", c.State, c.Warnings, bot.StateOwnerStarted)
	}
	assertNeverActs(t, api, partnerUID)
}
