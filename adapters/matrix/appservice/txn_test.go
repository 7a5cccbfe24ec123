package appservice

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/id"
)

// evt is an event as a homeserver pushes it.
func evt(room id.RoomID, eventID, typ, sender string, stateKey *string, content map[string]any) map[string]any {
	e := map[string]any{"room_id": room, "event_id": eventID, "type": typ, "sender": sender,
		"origin_server_ts": time.Now().UnixMilli(), "content": content}
	if stateKey != nil {
		e["state_key"] = *stateKey
	}
	return e
}

func sk(s string) *string { return &s }

// put sends a transaction to the appservice as the homeserver does.
func (w *world) put(txnID, token string, events ...map[string]any) int {
	w.t.Helper()
	body, _ := json.Marshal(map[string]any{"events": events})
	req, _ := http.NewRequest(http.MethodPut, fmt.Sprintf("http://%s/_matrix/app/v1/transactions/%s", w.svc.Addr(), txnID), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// dmEvents is a stranger's DM with to, from its creation, and an opener.
func dmEvents(room id.RoomID, stranger, to string, openerID string) []map[string]any {
	return []map[string]any{
		evt(room, "$create-"+string(room), "m.room.create", stranger, sk(""), map[string]any{"creator": stranger}),
		evt(room, "$join-"+string(room), "m.room.member", stranger, sk(stranger), map[string]any{"membership": "join"}),
		evt(room, "$invite-"+string(room), "m.room.member", stranger, sk(to), map[string]any{"membership": "invite", "is_direct": true}),
		evt(room, openerID, "m.room.message", stranger, nil, map[string]any{"msgtype": "m.text", "body": opener}),
	}
}

// A transaction is stored before its 200, and neither a repeat of it
// nor its events under another transaction id change anything; a wrong
// hs_token is refused and stores nothing.
func TestTransactionsAreIdempotent(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	alice := w.hs.User(t, "alice", "Alice")
	w.protect(alice)

	room := id.RoomID("!scripted:localhost")
	events := dmEvents(room, "@ghost:localhost", "@alice:localhost", "$opener")
	turns := func() int {
		c, err := w.eng.Store().Conversation(ctx, "@alice:localhost", "matrix", string(room))
		if err != nil {
			return 0
		}
		return c.TurnCount
	}
	warnings := func() int {
		ws, err := w.eng.Store().RecentWarnings(ctx, "@alice:localhost", 10)
		if err != nil {
			t.Fatal(err)
		}
		return len(ws)
	}
	if code := w.put("t1", "wrong-token", events...); code != http.StatusForbidden {
		t.Errorf("wrong hs_token: %d", code)
	}
	if turns() != 0 {
		t.Fatal("a refused transaction was stored")
	}
	if code := w.put("t1", w.opts.HSToken, events...); code != http.StatusOK {
		t.Fatalf("t1: %d", code)
	}
	// Stored before the answer: no waiting.
	if turns() != 1 || warnings() != 1 {
		t.Fatalf("after t1's 200: %d turns, %d warnings", turns(), warnings())
	}
	for _, txn := range []string{"t1", "t2"} { // t2: the same events again
		if code := w.put(txn, w.opts.HSToken, events...); code != http.StatusOK {
			t.Fatalf("%s: %d", txn, code)
		}
	}
	if turns() != 1 || warnings() != 1 {
		t.Errorf("after repeats: %d turns, %d warnings", turns(), warnings())
	}
	// Alice is only invited: the room is judged from what the invite
	// shows, and never read (as her, it cannot be).
	for _, r := range w.rec.requests() {
		if strings.Contains(r.Path, string(room)) {
			t.Errorf("read a room alice is only invited to: %s %s", r.Method, r.Path)
		}
	}
	// The bot's own invite (a DM it opens) does not make a watched room.
	botDM := id.RoomID("!botdm:localhost")
	if code := w.put("t-bot", w.opts.HSToken, evt(botDM, "$botdm-invite", "m.room.member", string(w.botID()), sk("@alice:localhost"),
		map[string]any{"membership": "invite", "is_direct": true})); code != http.StatusOK || w.svc.room(botDM) != nil {
		t.Errorf("the bot's DM invite: %d, watched %v", code, w.svc.room(botDM) != nil)
	}
	// A message, then alice leaves, in one transaction: the message
	// counts (it came while she was there); events after it do not.
	left := id.RoomID("!left:localhost")
	evs := append(dmEvents(left, "@ghost:localhost", "@alice:localhost", "$left-opener"),
		evt(left, "$left-leave", "m.room.member", "@alice:localhost", sk("@alice:localhost"), map[string]any{"membership": "leave"}),
		evt(left, "$left-after", "m.room.message", "@ghost:localhost", nil, map[string]any{"msgtype": "m.text", "body": "Hello?"}))
	if code := w.put("t-left", w.opts.HSToken, evs...); code != http.StatusOK {
		t.Fatalf("t-left: %d", code)
	}
	if c, err := w.eng.Store().Conversation(ctx, "@alice:localhost", "matrix", string(left)); err != nil || c.TurnCount != 1 {
		t.Errorf("the message before alice left: %+v %v", c, err)
	}
	if w.svc.room(left) != nil {
		t.Error("the room alice left is still watched")
	}
	// A reload that set the core's owners without alice (it began before
	// she opted in) loses nothing of hers.
	w.eng.SetOwners(nil)
	reloaded := id.RoomID("!reloaded:localhost")
	if code := w.put("t-reloaded", w.opts.HSToken, dmEvents(reloaded, "@ghost:localhost", "@alice:localhost", "$reloaded")...); code != http.StatusOK {
		t.Fatalf("t-reloaded: %d", code)
	}
	if _, err := w.eng.Store().Conversation(ctx, "@alice:localhost", "matrix", string(reloaded)); err != nil {
		t.Errorf("a message after a reload without alice: %v", err)
	}
	next := evt(room, "$second", "m.room.message", "@ghost:localhost", nil, map[string]any{"msgtype": "m.text", "body": "Sorry, who is this?"})
	if code := w.put("t3", w.opts.HSToken, next); code != http.StatusOK || turns() != 2 {
		t.Errorf("t3: %d, %d turns", code, turns())
	}
}
