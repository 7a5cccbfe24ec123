package matrix_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// The owner invites someone into the warning DM (an invite is enough to
// read what follows once they join): the next command answer and the next
// warning go to a new DM of only the owner and the bot, not there.
func TestWarningNeverInRoomWithThirdMember(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.owner.poll(w.botID)
	w.start(w.config(""))
	p := w.portal("whatsapp_12025550143", "+1 202-555-0143 (WA)", "whatsapp", "dm")
	p.say(t, scamScript[0].text)
	dm := w.waitWarnings(1, 30*time.Second)[0].room
	eve := w.hs.User(t, "eve", "Eve")
	if _, err := w.owner.cli.InviteUser(ctx, dm, &mautrix.ReqInviteUser{UserID: eve.UserID}); err != nil {
		t.Fatal(err)
	}

	// A command in the old DM: the bot answers in an owner-only DM.
	before := len(w.owner.messages())
	if _, err := w.owner.cli.SendText(ctx, dm, "!status"); err != nil {
		t.Fatal(err)
	}
	var answer seenMsg
	w.waitFor("the answer to !status", 30*time.Second, func() bool {
		w.owner.poll(w.botID)
		for _, m := range w.owner.messages()[before:] {
			if m.typ == event.MsgNotice {
				answer = m
				return true
			}
		}
		return false
	})
	if answer.room == dm {
		t.Errorf("the bot answered in the DM that Eve is invited to")
	}

	// The next warning.
	p2 := w.portal("whatsapp_12025550144", "+1 202-555-0144 (WA)", "whatsapp", "dm")
	p2.say(t, scamScript[0].text)
	got := w.waitWarnings(2, 30*time.Second)
	w.noMoreWarnings(2)
	if got[1].room == dm {
		t.Errorf("the second warning went to the DM that Eve is invited to")
	}
	if got[1].room != answer.room {
		t.Errorf("the warning and the answer went to different DMs")
	}
	w.assertOwnerOnly(got[1].room)

	// The old DM as Eve reads it once she joins: the bot wrote only the
	// first warning, before she was invited.
	if _, err := eve.JoinRoomByID(ctx, dm); err != nil {
		t.Fatal(err)
	}
	// History as Eve reads it once her join shows in it (Dendrite's read
	// side learns of it a moment later, and shows her nothing before).
	var history []*event.Event
	w.waitFor("Eve's join in the DM's history", 30*time.Second, func() bool {
		msgs, err := eve.Messages(ctx, dm, "", "", mautrix.DirectionBackward, nil, 100)
		if err != nil {
			t.Fatal(err)
		}
		history = msgs.Chunk
		for _, evt := range history {
			var c event.MemberEventContent
			if evt.Type == event.StateMember && evt.GetStateKey() == string(eve.UserID) &&
				json.Unmarshal(evt.Content.VeryRaw, &c) == nil && c.Membership == event.MembershipJoin {
				return true
			}
		}
		return false
	})
	fromBot := 0
	for _, evt := range history {
		if evt.Sender == w.botID && (evt.Type == event.EventMessage || evt.Type == event.EventEncrypted) {
			fromBot++
		}
	}
	if fromBot != 1 {
		t.Errorf("the bot wrote %d messages in the DM Eve was invited to, want the 1 from before", fromBot)
	}
}

// The owner invites the bot into a stranger's DM "to check it", and opens a
// direct room with the bot and a stranger: the bot joins neither, and the
// stranger's DM is still judged, with the warning in a DM of only the
// owner and the bot. A direct invite to a room of only the two is joined.
func TestBotJoinsOnlyOwnerOnlyInvites(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.owner.poll(w.botID)
	w.start(w.config(""))
	mallory := w.hs.User(t, "mallory", "Mallory")
	strangers, err := mallory.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "private_chat", IsDirect: true,
		Invite: []id.UserID{w.owner.cli.UserID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.owner.cli.JoinRoomByID(ctx, strangers.RoomID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.owner.cli.InviteUser(ctx, strangers.RoomID, &mautrix.ReqInviteUser{UserID: w.botID}); err != nil {
		t.Fatal(err)
	}
	// The stranger is invited before the bot (the server invites one at
	// a time, in order), so that the bot's check always sees them.
	threesome, err := w.owner.cli.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true,
		Invite: []id.UserID{mallory.UserID, w.botID}})
	if err != nil {
		t.Fatal(err)
	}
	ownerOnly, err := w.owner.cli.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true,
		Invite: []id.UserID{w.botID}})
	if err != nil {
		t.Fatal(err)
	}
	w.waitFor("the bot to join the owner-only DM", 30*time.Second, func() bool {
		return w.botMembership(ownerOnly.RoomID) == event.MembershipJoin
	})
	for _, rid := range []id.RoomID{strangers.RoomID, threesome.RoomID} {
		// Decided either way: joined, or refused in the log.
		w.waitFor("the bot to decide about "+string(rid), 30*time.Second, func() bool {
			return w.botMembership(rid) == event.MembershipJoin || w.logHas(string(rid), "not joining")
		})
		if m := w.botMembership(rid); m != event.MembershipInvite {
			t.Errorf("the bot's membership in %s, a room with a stranger, is %s, want invite", rid, m)
		}
	}

	// The stranger's opener is still judged, and warned about in the
	// owner-only DM.
	opener, err := mallory.SendText(ctx, strangers.RoomID, scamScript[0].text)
	if err != nil {
		t.Fatal(err)
	}
	got := w.waitWarnings(1, 30*time.Second)
	w.noMoreWarnings(1)
	if got[0].room != ownerOnly.RoomID {
		t.Errorf("the warning went to %s, not to the owner-only DM %s", got[0].room, ownerOnly.RoomID)
	}
	msgs, err := mallory.Messages(ctx, strangers.RoomID, "", "", mautrix.DirectionBackward, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, evt := range msgs.Chunk {
		if evt.Sender == w.botID {
			t.Errorf("the stranger sees a %s from the bot", evt.Type.Type)
		}
	}
	if msgs.Chunk[0].ID != opener.EventID {
		t.Errorf("something followed the stranger's opener: %s from %s", msgs.Chunk[0].Type.Type, msgs.Chunk[0].Sender)
	}
}

// botMembership reads the bot's membership in a room, as the owner.
func (w *world) botMembership(rid id.RoomID) event.Membership {
	w.t.Helper()
	var m event.MemberEventContent
	if err := w.owner.cli.StateEvent(context.Background(), rid, event.StateMember, string(w.botID), &m); err != nil {
		w.t.Fatalf("read the bot's membership: %v", err)
	}
	return m.Membership
}

// logHas tells whether one line of SilentGuard's log holds all of parts.
func (w *world) logHas(parts ...string) bool {
	for _, line := range strings.Split(readLog(w.t, w), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return true
		}
	}
	return false
}

// assertOwnerOnly checks that only the owner and the bot are joined or
// invited in a room.
func (w *world) assertOwnerOnly(rid id.RoomID) {
	w.t.Helper()
	state, err := w.owner.cli.State(context.Background(), rid)
	if err != nil {
		w.t.Fatal(err)
	}
	members := map[id.UserID]bool{}
	for uid, evt := range state[event.StateMember] {
		var c event.MemberEventContent
		_ = json.Unmarshal(evt.Content.VeryRaw, &c)
		if c.Membership == event.MembershipJoin || c.Membership == event.MembershipInvite {
			members[id.UserID(uid)] = true
		}
	}
	if len(members) != 2 || !members[w.owner.cli.UserID] || !members[w.botID] {
		w.t.Errorf("the DM %s has members %v, want the owner and the bot", rid, members)
	}
}
