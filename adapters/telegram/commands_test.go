package telegram

import (
	"context"
	"fmt"
	"html"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
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

// A /check whose judgement failed is never answered as an all-clear.
func TestRenderCheckOfFailedJudgement(t *testing.T) {
	for _, lang := range []string{"en", "de", "pt"} {
		failed := RenderCheck(lang, "", bot.Sender{}, detectors.Verdict{Reasons: []detectors.Reason{}, Fault: "panic: x"})
		clean := RenderCheck(lang, "", bot.Sender{}, detectors.Verdict{Reasons: []detectors.Reason{}})
		if failed == clean || failed != escape(phrase(lang, phraseCheckFailed, nil)) || strings.Contains(failed, "panic") {
			t.Errorf("%s: failed check answered %q (all-clear %q)", lang, failed, clean)
		}
	}
}
