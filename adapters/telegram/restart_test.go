package telegram

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/internal/bottest"
	"github.com/silentguard/silentguard/internal/testwait"
)

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

// slowStateStore holds every read of a stored business connection until
// its context ends and then fails as a database driver does.
type slowStateStore struct {
	*sqlstore.Store
	entered chan struct{}
}

func (s *slowStateStore) Cursor(ctx context.Context, owner, adapter, key string) (string, error) {
	if !strings.HasPrefix(key, "conn:") {
		return s.Store.Cursor(ctx, owner, adapter, key)
	}
	select {
	case s.entered <- struct{}{}:
	default:
	}
	<-ctx.Done()
	return "", fmt.Errorf("failed to receive message: %w", ctx.Err())
}

// A shutdown while the adapter restores the owners' business connections
// is a clean stop, not an error (the daemon would exit 12 on SIGTERM).
func TestShutdownWhileRestoringConnections(t *testing.T) {
	api := newFakeAPI(t)
	store := &slowStateStore{Store: bottest.SQLite(t, ""), entered: make(chan struct{}, 1)}
	log := testLog()
	eng := bottest.New(t, bottest.Options{Store: store, Log: &log})
	ad, err := New(Options{Token: api.token, APIURL: api.URL(), PollTimeout: time.Second, Core: eng,
		Owners: map[int64]string{ownerUID: "laura"}, Log: testLog(),
		BackoffMin: 20 * time.Millisecond, BackoffMax: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	eng.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Known: map[string]bool{}})
	engCtx, stopEngine := context.WithCancel(context.Background())
	defer stopEngine()
	if err := eng.Start(engCtx); err != nil {
		t.Fatal(err)
	}
	testwait.StopsCleanly(t, "Run restoring the business connections", bottest.WaitTimeout, store.entered, ad.Run)
	stopEngine()
	eng.Wait()
}
