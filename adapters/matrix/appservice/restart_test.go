package appservice

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"maunium.net/go/mautrix/id"
)

// inviteOnly is a stranger's direct invite of to, as the homeserver pushes
// it: the invite alone, with the room's stripped state in unsigned (no
// m.room.create in the timeline, so the room is not seen from its start).
func inviteOnly(room id.RoomID, stranger, to string) map[string]any {
	inv := evt(room, "$invite-"+string(room), "m.room.member", stranger, sk(to), map[string]any{"membership": "invite", "is_direct": true})
	inv["unsigned"] = map[string]any{"invite_room_state": []map[string]any{
		{"type": "m.room.create", "state_key": "", "sender": stranger, "content": map[string]any{"creator": stranger}},
		{"type": "m.room.join_rules", "state_key": "", "sender": stranger, "content": map[string]any{"join_rule": "invite"}},
		{"type": "m.room.member", "state_key": stranger, "sender": stranger, "content": map[string]any{"membership": "join"}},
	}}
	return inv
}

// A room the protected user is only invited to is judged from the
// invite's stripped state after a restart too, and never read as the
// user (Synapse refuses that read: 403), so the stranger's messages after
// the restart are not lost.
func TestInviteSurvivesRestart(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	alice := w.hs.User(t, "alice", "Alice")
	dm := w.openBotDM(alice)
	say(t, alice, dm, "!protect")
	w.waitBotSaid(alice, dm, "You are protected")

	room := id.RoomID("!invited:localhost")
	if code := w.put("inv", w.opts.HSToken, inviteOnly(room, "@ghost:localhost", "@alice:localhost")); code != http.StatusOK {
		t.Fatalf("invite: %d", code)
	}
	w.stop()
	w.start()
	msg := evt(room, "$after-restart", "m.room.message", "@ghost:localhost", nil, map[string]any{"msgtype": "m.text", "body": opener})
	if code := w.put("msg", w.opts.HSToken, msg); code != http.StatusOK {
		t.Fatalf("message: %d", code)
	}
	if c, err := w.eng.Store().Conversation(ctx, "@alice:localhost", "matrix", string(room)); err != nil || c.TurnCount != 1 {
		t.Errorf("the stranger's message after a restart: %+v %v", c, err)
	}
	for _, r := range w.rec.requests() {
		if strings.Contains(r.Path, string(room)) {
			t.Errorf("read a room alice is only invited to: %s %s", r.Method, r.Path)
		}
	}
}
