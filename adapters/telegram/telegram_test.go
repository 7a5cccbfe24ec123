package telegram

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/internal/bottest"
	"github.com/silentguard/silentguard/internal/testwait"
)

const (
	ownerUID   = int64(111222333)
	partnerUID = int64(987654321)
	connID     = "BC-owner-1"
)

var (
	ownerUser   = user(ownerUID, "Laura", "Bianchi", "laurab")
	partnerUser = user(partnerUID, "Amy", "Chen", "amy_c88")
)

// testLog logs to stderr when SG_TEST_LOG is set.
func testLog() zerolog.Logger {
	if os.Getenv("SG_TEST_LOG") != "" {
		return zerolog.New(zerolog.ConsoleWriter{Out: os.Stderr})
	}
	return zerolog.Nop()
}

type harness struct {
	t      testing.TB
	api    *fakeAPI
	store  *sqlstore.Store
	eng    *bot.Engine
	ad     *Adapter
	rec    *bottest.Recorder
	cancel context.CancelFunc
	done   chan struct{}
}

// start runs an engine on the SQLite file at db and the adapter against
// api, until stop.
func start(t testing.TB, api *fakeAPI, db string) *harness {
	t.Helper()
	return startWith(t, api, db, nil)
}

// startWith is start with adapter options changed by opt.
func startWith(t testing.TB, api *fakeAPI, db string, opt func(*Options)) *harness {
	t.Helper()
	store := bottest.SQLite(t, db)
	log := testLog()
	policy := bottest.Policy
	policy.Retention = time.Hour
	eng := bottest.New(t, bottest.Options{Store: store, Log: &log, Policy: policy,
		Delivery: bot.DeliveryOptions{RetryMin: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond}})
	opts := Options{Token: api.token, APIURL: api.URL(), PollTimeout: time.Second, Core: eng,
		Owners: map[int64]string{ownerUID: "laura"}, Log: testLog(),
		BackoffMin: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond}
	if opt != nil {
		opt(&opts)
	}
	ad, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, api: api, store: store, eng: eng, ad: ad, rec: &bottest.Recorder{}, done: make(chan struct{})}
	aud := notify.Audience{Lang: "en", Country: "IT", Quote: warntext.QuoteFull}
	eng.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura", "Laura Bianchi"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "telegram", Notifier: ad.Notifier("laura", aud)}, {Name: "rec", Notifier: h.rec}}})
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	if err := eng.Start(ctx); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(h.done)
		if err := ad.Run(ctx); err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	t.Cleanup(h.stop)
	return h
}

func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	<-h.done
	h.eng.Wait()
	h.store.Close()
	h.cancel = nil
}

// waitFor waits for what the fake Bot API server or the store shows.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	testwait.For(t, what, bottest.WaitTimeout, cond)
}

// handled waits until the adapter saved an offset past update id.
func (h *harness) handled(id int64) {
	h.t.Helper()
	waitFor(h.t, "update "+strconv.FormatInt(id, 10)+" to be handled", func() bool {
		v, err := h.store.Cursor(context.Background(), "*", Platform, h.ad.offsetKey())
		n, _ := strconv.ParseInt(v, 10, 64)
		return err == nil && n > id
	})
}

// delivered waits until no delivery is pending.
func (h *harness) delivered() {
	h.t.Helper()
	waitFor(h.t, "deliveries", func() bool {
		p, err := h.store.PendingDeliveries(context.Background())
		return err == nil && len(p) == 0
	})
}

// warnings lists the warnings (not notices nor answers) sent to the owner:
// they end with the commands line.
func warnings(api *fakeAPI) []string {
	var out []string
	for _, c := range api.sent(ownerUID) {
		if strings.Contains(c.Params["text"], "/allow ") {
			out = append(out, c.Params["text"])
		}
	}
	return out
}

// The wrong-number conversation, as business messages, with the owner's
// own reply among them.
var conversation = []struct {
	fromOwner bool
	body      map[string]any
}{
	{false, text("Hi Marco, are we still on for dinner at the usual restaurant at 7pm tonight?")},
	{true, text("Sorry, wrong number")},
	{false, text("Oh I'm so sorry to bother you! You seem very kind. My name is Amy, where are you from? Maybe we can be friends")},
	{false, map[string]any{"photo": []map[string]any{{"file_id": "AgAD1", "file_unique_id": "u1", "width": 90, "height": 90}}, "caption": "This is me at my tea shop in Hong Kong"}},
	{false, text("My uncle is a financial analyst, I made 30% profit on crypto trading last week with bitcoin. Add me on WhatsApp +1 202 555 0143 and I will show you how to invest")},
}

func (h *harness) converse(connID string, from, to int, base int) int64 {
	var last int64
	at := time.Now().Add(-time.Hour)
	for i := from; i < to; i++ {
		m := conversation[i]
		sender := partnerUser
		if m.fromOwner {
			sender = ownerUser
		}
		last = h.api.push("business_message", businessMessage(connID, base+i, sender, partnerUser, at.Add(time.Duration(i)*time.Minute), m.body))
	}
	return last
}

func TestBusinessConversationWarnsOwner(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	id := api.push("business_connection", businessConnection(connID, ownerUser, true))
	h.handled(id)
	if got := api.sent(ownerUID); len(got) != 1 || !strings.Contains(got[0].Params["text"], "Telegram Business") {
		t.Fatalf("a new connection should be confirmed once to the owner, got %d messages", len(got))
	}

	h.handled(h.converse(connID, 0, len(conversation), 1))
	h.delivered()
	ws := warnings(api)
	if len(ws) != 2 {
		t.Fatalf("owner got %d warnings, want a warning and an escalation:\n%s", len(ws), strings.Join(ws, "\n---\n"))
	}
	t.Logf("warning:\n%s\n---\nescalation:\n%s", ws[0], ws[1])
	if strings.Contains(ws[0], "Update:") || !strings.Contains(ws[1], "Update:") {
		t.Errorf("want the warning, then the escalation:\n%s\n---\n%s", ws[0], ws[1])
	}
	if !strings.Contains(ws[0], "Marco") {
		t.Errorf("the warning does not quote its reasons:\n%s", ws[0])
	}
	// The escalation quotes what the pivot (the friendly turn after "wrong
	// number") said, not only the opener.
	pivot := conversation[2].body["text"].(string)
	if q := quotes(ws[1]); !slices.ContainsFunc(q, func(s string) bool { return strings.Contains(pivot, s) }) {
		t.Errorf("the escalation quotes nothing of the pivot message (quotes: %q):\n%s", q, ws[1])
	}
	for _, w := range ws {
		if !strings.Contains(w, "Block") || !strings.Contains(w, "Report spam") {
			t.Errorf("the warning lacks Telegram's own block and report steps:\n%s", w)
		}
	}
	for _, c := range api.sent(ownerUID) {
		if c.Params["parse_mode"] != "HTML" {
			t.Errorf("sendMessage without parse_mode=HTML: %v", c.Params["parse_mode"])
		}
	}
	conv, err := h.store.Conversation(context.Background(), "laura", Platform, strconv.FormatInt(partnerUID, 10))
	if err != nil {
		t.Fatal(err)
	}
	if conv.TurnCount != len(conversation) || conv.Warnings != 2 || conv.Sender.ID != "telegram:987654321" ||
		!strings.Contains(conv.Sender.DisplayName, "@amy_c88") {
		t.Errorf("stored conversation: %+v", conv)
	}

	// /check on the forwarded opener answers with a verdict.
	before := len(api.sent(ownerUID))
	id = api.push("message", forwarded(1, map[string]any{"type": "user", "date": time.Now().Unix(), "sender_user": partnerUser},
		conversation[0].body))
	h.handled(id)
	got := api.sent(ownerUID)
	if len(got) != before+1 {
		t.Fatalf("no answer to the forwarded message")
	}
	ans := got[len(got)-1].Params["text"]
	t.Logf("check answer:\n%s", ans)
	if !strings.Contains(ans, "Marco") || strings.Contains(ans, "no sign") {
		t.Errorf("check answer lacks the verdict and its reasons:\n%s", ans)
	}
}

// quotes lists the “quoted” words of a warning.
func quotes(w string) []string {
	var out []string
	for {
		_, rest, ok := strings.Cut(w, "“")
		if !ok {
			return out
		}
		q, after, ok := strings.Cut(rest, "”")
		if !ok {
			return out
		}
		out = append(out, q)
		w = after
	}
}

// forwarded is a message the owner forwarded to the bot.
func forwarded(msgID int, origin map[string]any, body map[string]any) map[string]any {
	m := map[string]any{"message_id": 5000 + msgID, "from": ownerUser, "chat": privateChat(ownerUser),
		"date": time.Now().Unix(), "forward_origin": origin}
	for k, v := range body {
		m[k] = v
	}
	return m
}

// ownerSays is a message the owner typed in their chat with the bot.
func ownerSays(msgID int, s string) map[string]any {
	return map[string]any{"message_id": 6000 + msgID, "from": ownerUser, "chat": privateChat(ownerUser),
		"date": time.Now().Unix(), "text": s}
}

// The invariant: across a full conversation (with an edit, a deletion, a
// contact card, a connection SilentGuard learns by asking, and /check),
// the bot made no call that acts as the owner or toward the sender.
func TestNeverActsTowardSender(t *testing.T) {
	api := newFakeAPI(t)
	h := start(t, api, filepath.Join(t.TempDir(), "sg.db"))
	// The connection exists but its update was missed: the adapter asks.
	api.addConn(connID, businessConnection(connID, ownerUser, true))
	h.converse(connID, 0, 3, 1)
	api.push("edited_business_message", func() map[string]any {
		m := businessMessage(connID, 3, partnerUser, partnerUser, time.Now().Add(-50*time.Minute),
			text("Oh I'm so sorry! You seem kind. I'm Amy, where are you from?"))
		m["edit_date"] = time.Now().Unix()
		return m
	}())
	api.push("business_message", businessMessage(connID, 90, partnerUser, partnerUser, time.Now().Add(-40*time.Minute),
		map[string]any{"contact": map[string]any{"phone_number": "12025550143", "first_name": "Amy", "user_id": partnerUID}}))
	api.push("deleted_business_messages", map[string]any{"business_connection_id": connID, "chat": privateChat(partnerUser), "message_ids": []int{90}})
	h.converse(connID, 3, len(conversation), 1)
	api.push("message", forwarded(1, map[string]any{"type": "hidden_user", "date": time.Now().Unix(), "sender_user_name": "Amy"}, conversation[0].body))
	// A stranger (the sender, who found the bot) writes to it: no answer.
	id := api.push("message", map[string]any{"message_id": 1, "from": partnerUser, "chat": privateChat(partnerUser),
		"date": time.Now().Unix(), "text": "/start"})
	h.handled(id)
	h.delivered()
	if n := len(warnings(api)); n != 2 {
		t.Fatalf("owner got %d warnings, want 2", n)
	}

	// Every call was on the fake's allow-list: no method off it, no
	// business_connection_id but on getBusinessConnection, no sendMessage
	// but to the owner's chat with the bot; nothing toward the sender.
	if v := api.Violations(); len(v) != 0 {
		t.Errorf("calls refused by the allow-list: %q", v)
	}
	assertNeverActs(t, api, partnerUID)
	sawGetConn := false
	for _, c := range api.Calls() {
		if _, ok := c.Params["business_connection_id"]; ok && c.Method == "getBusinessConnection" {
			sawGetConn = true
		}
	}
	if !sawGetConn {
		t.Error("the scenario did not exercise getBusinessConnection")
	}
	// The deletion and the contact card reached the core.
	turns, err := h.store.Turns(context.Background(), mustConv(t, h).ID)
	if err != nil {
		t.Fatal(err)
	}
	redacted := 0
	for _, tr := range turns {
		if tr.Redacted {
			redacted++
		}
	}
	if redacted != 1 {
		t.Errorf("%d turns deleted, want 1", redacted)
	}
	if c := mustConv(t, h); c.Sender.Phone != "+12025550143" {
		t.Errorf("the shared contact did not give the sender's phone: %q", c.Sender.Phone)
	}
}

func mustConv(t *testing.T, h *harness) *bot.Conversation {
	t.Helper()
	c, err := h.store.Conversation(context.Background(), "laura", Platform, strconv.FormatInt(partnerUID, 10))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
