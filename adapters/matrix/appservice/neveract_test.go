package appservice

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/internal/testhomeserver"
	"github.com/silentguard/silentguard/internal/testwait"
)

// TestNeverActsTowardSender runs a whole scam at a protected user (a
// bridged portal where she replies once, a stranger's native DM invite,
// a stranger's chat she invites the bot into) and one at a user who did
// not opt in, and records every request the appservice makes to the
// homeserver: only its DMs with users who wrote to it are written to
// (created, joined, sent to); everything else is a read, and no request
// writes as a user. The senders see nothing from SilentGuard.
func TestNeverActsTowardSender(t *testing.T) {
	testhomeserver.Require(t)
	w := newWorld(t)
	ctx := context.Background()
	alice := w.hs.User(t, "alice", "Alice")
	bob := w.hs.User(t, "bob", "Bob")
	bridge := w.hs.User(t, "whatsappbot", "WhatsApp bridge")
	ghost := w.hs.User(t, "whatsapp_12025550143", "+1 202-555-0143 (WA)")
	mallory := w.hs.User(t, "mallory", "Mallory")

	dm := w.protect(alice)

	// A WhatsApp portal, with alice joined as double puppeting does.
	sk := "localhost/whatsapp"
	bridgeState := map[string]any{"bridgebot": bridge.UserID, "creator": bridge.UserID,
		"protocol": map[string]any{"id": "whatsapp"}, "channel": map[string]any{"id": "12025550143"},
		"com.beeper.room_type.v2": "dm"}
	portal, err := bridge.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "private_chat", IsDirect: true,
		Invite:       []id.UserID{ghost.UserID, alice.UserID},
		InitialState: []*event.Event{{Type: event.StateBridge, StateKey: &sk, Content: event.Content{Raw: bridgeState}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*mautrix.Client{ghost, alice} {
		if _, err := c.JoinRoomByID(ctx, portal.RoomID); err != nil {
			t.Fatal(err)
		}
	}
	testhomeserver.Say(t, ghost, portal.RoomID, opener)
	aliceSent := map[id.EventID]bool{testhomeserver.Say(t, alice, portal.RoomID, "Sorry, wrong number"): true}
	testhomeserver.Say(t, ghost, portal.RoomID, "Oh sorry! Nice to meet you anyway, I'm Amy. My uncle is a crypto analyst, I made 30% last week on his trading platform. Add me on WhatsApp")

	// A stranger's native DM invite, and the same to bob.
	invite := strangerDM(t, mallory, alice.UserID)
	testhomeserver.Say(t, mallory, invite, opener)
	toBob := strangerDM(t, mallory, bob.UserID)
	testhomeserver.Say(t, mallory, toBob, opener)

	// Alice invites the bot into a stranger's chat "to check it".
	trap, err := mallory.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "private_chat", IsDirect: true, Invite: []id.UserID{alice.UserID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alice.JoinRoomByID(ctx, trap.RoomID); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.InviteUser(ctx, trap.RoomID, &mautrix.ReqInviteUser{UserID: w.botID()}); err != nil {
		t.Fatal(err)
	}

	testwait.For(t, "warnings about the portal and the invite", 30*time.Second, func() bool {
		n := 0
		for _, m := range testhomeserver.MessagesFrom(t, alice, dm, w.botID()) {
			if strings.Contains(strings.ToLower(m), "reply") {
				n++
			}
		}
		return n >= 2
	})
	// The homeserver sends transactions in order: once !status is
	// answered, everything before it was handled.
	testhomeserver.Say(t, alice, dm, "!status")
	w.waitBotSaid(alice, dm, "atching")
	w.stop()

	dms := map[id.RoomID]bool{}
	for rid := range w.svc.dms {
		dms[rid] = true
	}
	watched := []id.RoomID{portal.RoomID, invite, toBob, trap.RoomID}
	for _, r := range w.rec.requests() {
		if strings.Contains(r.Query, "user_id=") && r.Method != http.MethodGet {
			t.Errorf("wrote as a user: %s %s?%s", r.Method, r.Path, r.Query)
		}
		if r.Method == http.MethodGet {
			continue // reads: state, members, joined rooms
		}
		for _, rid := range watched {
			if strings.Contains(r.Path, string(rid)) {
				t.Errorf("acted in a watched room: %s %s", r.Method, r.Path)
			}
		}
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/createRoom"):
			var body struct {
				Invite []id.UserID `json:"invite"`
			}
			_ = json.Unmarshal(r.Body, &body)
			if len(body.Invite) != 1 || body.Invite[0] != alice.UserID {
				t.Errorf("created a room for %v", body.Invite)
			}
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/join"):
			if !dms[id.RoomID(strings.TrimSuffix(strings.TrimPrefix(r.Path, "/_matrix/client/v3/rooms/"), "/join"))] {
				t.Errorf("joined a room that is not a DM with the bot: %s", r.Path)
			}
		case r.Method == http.MethodPut && strings.Contains(r.Path, "/send/m.room.message/"):
			rid := id.RoomID(strings.SplitN(strings.TrimPrefix(r.Path, "/_matrix/client/v3/rooms/"), "/", 2)[0])
			if !dms[rid] {
				t.Errorf("wrote outside the bot's DMs: %s", r.Path)
			}
		default:
			t.Errorf("unexpected request: %s %s", r.Method, r.Path)
		}
	}

	// The senders' view: nothing from SilentGuard, nothing from alice but
	// what her client sent (and her join, done here as a bridge's double
	// puppeting would).
	for _, v := range []struct {
		who  *mautrix.Client
		room id.RoomID
	}{{ghost, portal.RoomID}, {mallory, invite}, {mallory, toBob}, {mallory, trap.RoomID}} {
		msgs, err := v.who.Messages(ctx, v.room, "", "", mautrix.DirectionBackward, nil, 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range msgs.Chunk {
			switch {
			case e.Sender == w.botID():
				t.Errorf("the bot acted in %s: %s", v.room, e.Type.Type)
			case e.Sender == alice.UserID && e.Type != event.StateMember && !aliceSent[e.ID]:
				t.Errorf("alice's account sent %s that her client did not", e.Type.Type)
			}
		}
	}
	members, err := mallory.JoinedMembers(ctx, trap.RoomID)
	if err != nil {
		t.Fatal(err)
	}
	if _, in := members.Joined[w.botID()]; in {
		t.Error("the bot joined the stranger's chat alice invited it to")
	}
}
