package appservice

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/testhomeserver"
	"github.com/silentguard/silentguard/internal/testwait"
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
	w.protect(alice)

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

// A user the admin lists is protected even if they wrote to the bot
// before (and set something there), unless they wrote !stop; a !stop
// makes the core forget them at once, so no warning queued for them is
// delivered after it; and nothing of a user is stored from their invite
// of the bot before they opt in.
func TestListedUserProtectedUnlessStopped(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	alice := w.hs.User(t, "alice", "Alice")
	dm := w.openBotDM(alice)
	w.waitBotSaid(alice, dm, "Write !protect to start")
	if raw, err := w.svc.state(string(alice.UserID)).Get(ctx, settingsKey); err != nil || raw != "" {
		t.Errorf("stored before alice opted in: %q %v", raw, err)
	}
	testhomeserver.Say(t, alice, dm, "!country IT")
	w.waitBotSaid(alice, dm, "Country set: IT")

	w.stop()
	w.opts.Users = []string{string(alice.UserID)}
	w.start()
	if !w.svc.protected(alice.UserID) || w.eng.Owner(string(alice.UserID)) == nil {
		t.Fatal("a listed user who wrote to the bot before is not protected")
	}
	if o := w.eng.Owner(string(alice.UserID)); o.Country != "IT" {
		t.Errorf("alice's country: %q", o.Country)
	}

	testhomeserver.Say(t, alice, dm, "!stop")
	w.waitBotSaid(alice, dm, "Protection stopped")
	if w.eng.Owner(string(alice.UserID)) != nil {
		t.Error("the core still knows alice as an owner after !stop")
	}
	// A warning that was already on its way is refused for good (set
	// aside), and nothing is written.
	n := &notifier{s: w.svc, u: w.svc.user(alice.UserID)}
	before := len(testhomeserver.MessagesFrom(t, alice, dm, w.botID()))
	if err := n.Warn(ctx, &bot.Warning{ID: "w-after-stop", Owner: string(alice.UserID)}); err == nil || !bot.IsPermanent(err) {
		t.Errorf("a warning after !stop: %v", err)
	}
	if after := len(testhomeserver.MessagesFrom(t, alice, dm, w.botID())); after != before {
		t.Errorf("the bot wrote %d messages after !stop", after-before)
	}
	w.stop()
	w.start()
	if w.svc.protected(alice.UserID) {
		t.Error("a listed user who wrote !stop is protected again after a restart")
	}
}

// A transaction id seen before but with new events (a homeserver whose
// database was restored numbers its transactions from 1 again) is read,
// not answered 200 unread; the same events again under it change
// nothing. Old transaction ids are forgotten as the service runs, not
// only at its start.
func TestTransactionIDReusedAndPruned(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	alice := w.hs.User(t, "alice", "Alice")
	w.protect(alice)

	turns := func(room id.RoomID) int {
		c, err := w.eng.Store().Conversation(ctx, "@alice:localhost", "matrix", string(room))
		if err != nil {
			return 0
		}
		return c.TurnCount
	}
	first, second := id.RoomID("!first:localhost"), id.RoomID("!second:localhost")
	if code := w.put("1", w.opts.HSToken, dmEvents(first, "@ghost:localhost", "@alice:localhost", "$first")...); code != http.StatusOK {
		t.Fatalf("1: %d", code)
	}
	if code := w.put("1", w.opts.HSToken, dmEvents(second, "@ghost2:localhost", "@alice:localhost", "$second")...); code != http.StatusOK {
		t.Fatalf("1 again: %d", code)
	}
	if turns(first) != 1 || turns(second) != 1 {
		t.Errorf("transaction 1 twice with other events: %d and %d turns", turns(first), turns(second))
	}

	// An id stored two days ago is forgotten after the next pruneEvery
	// transactions.
	old := fmt.Sprint(time.Now().Add(-48 * time.Hour).UnixMilli())
	if err := w.svc.state("").Set(ctx, "txn:old", old); err != nil {
		t.Fatal(err)
	}
	w.svc.txnMu.Lock()
	w.svc.pruneEvery = 2
	w.svc.txnMu.Unlock()
	for i := range 2 {
		if code := w.put(fmt.Sprint("p", i), w.opts.HSToken); code != http.StatusOK {
			t.Fatalf("p%d: %d", i, code)
		}
	}
	testwait.For(t, "the old transaction id to be forgotten", 10*time.Second, func() bool {
		v, err := w.svc.state("").Get(ctx, "txn:old")
		return err == nil && v == ""
	})
}

// !status names an encrypted DM the user joined before !protect (its
// state never loaded: no event came since), after a restart too; an
// encrypted group, which the watch policy does not judge, is not named.
func TestStatusNamesQuietEncryptedRooms(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	alice := w.hs.User(t, "alice", "Alice")
	bob := w.hs.User(t, "bob", "Bob")
	mallory := w.hs.User(t, "mallory", "Mallory")
	encryption := []*event.Event{{Type: event.StateEncryption, StateKey: sk(""),
		Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}}}}
	dmResp, err := mallory.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true,
		Invite: []id.UserID{alice.UserID}, InitialState: encryption})
	if err != nil {
		t.Fatal(err)
	}
	groupResp, err := mallory.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "private_chat",
		Invite: []id.UserID{alice.UserID, bob.UserID}, InitialState: encryption})
	if err != nil {
		t.Fatal(err)
	}
	for _, rid := range []id.RoomID{dmResp.RoomID, groupResp.RoomID} {
		if _, err := alice.JoinRoomByID(ctx, rid); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := bob.JoinRoomByID(ctx, groupResp.RoomID); err != nil {
		t.Fatal(err)
	}
	dm := w.protect(alice)
	testwait.For(t, "the joined rooms watched", 30*time.Second, func() bool {
		return w.svc.room(dmResp.RoomID) != nil && w.svc.room(groupResp.RoomID) != nil
	})
	check := func(when string) {
		t.Helper()
		got := w.svc.unreadable(ctx, alice.UserID)
		if len(got) != 1 || !strings.Contains(got[0], string(dmResp.RoomID)) {
			t.Errorf("%s: !status lists %q, want the encrypted DM %s alone", when, got, dmResp.RoomID)
		}
	}
	check("after !protect")
	w.stop()
	w.start()
	check("after a restart")
	testhomeserver.Say(t, alice, dm, "!status")
	w.waitBotSaid(alice, dm, "an encrypted room ("+string(dmResp.RoomID)+")")
}

// A DM the bot created but did not record (killed between the two) is
// found again and used, rather than a second DM opened with the user.
func TestUnrecordedDMIsReused(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	carol := w.hs.User(t, "carol", "Carol")
	w.stop()
	w.opts.Users = []string{string(carol.UserID)}
	w.start()
	killed := make(chan struct{})
	var once sync.Once
	w.svc.afterOpenDM.Store(func() error {
		once.Do(func() { close(killed) })
		return errors.New("killed after the DM was created")
	})
	room := id.RoomID("!to-carol:localhost")
	if code := w.put("c1", w.opts.HSToken, dmEvents(room, "@ghost:localhost", string(carol.UserID), "$to-carol")...); code != http.StatusOK {
		t.Fatalf("put: %d", code)
	}
	select {
	case <-killed:
	case <-time.After(30 * time.Second):
		t.Fatal("no DM was created for the warning")
	}
	w.stop()
	w.start()
	ws, err := w.eng.Store().RecentWarnings(ctx, string(carol.UserID), 10)
	if err != nil || len(ws) != 1 {
		t.Fatalf("carol's warnings: %d %v", len(ws), err)
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if left, err := w.eng.WaitDelivered(wctx, ws[0].ID); err != nil {
		t.Fatalf("the warning is not delivered: %d targets left, %v", left, err)
	}
	asBot, err := mautrix.NewClient(w.hs.URL, w.botID(), w.opts.ASToken)
	if err != nil {
		t.Fatal(err)
	}
	joined, err := asBot.JoinedRooms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(joined.JoinedRooms) != 1 {
		t.Errorf("the bot is in %d rooms with carol, want one DM", len(joined.JoinedRooms))
	}
}
