package appservice

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/internal/testhomeserver"
	"github.com/silentguard/silentguard/internal/testwait"
)

// A user's settings are set by commands in their DM with the bot, kept
// across a restart, and given to the core; !stop drops their events
// unread from then on, and !protect starts again. !status names an
// encrypted room the appservice cannot read, and where to go instead.
func TestOptInSettingsAndStop(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	alice := w.hs.User(t, "alice", "Alice")
	dm := w.openBotDM(alice)
	testhomeserver.Say(t, alice, dm, "!status")
	w.waitBotSaid(alice, dm, "not protected yet")
	for _, c := range []struct{ cmd, reply string }{
		{"!protect", "You are protected"},
		{"!names Laura, Lalla", "Names set: Laura, Lalla"},
		{"!country it", "Country set: IT"},
		{"!languages it, en", "Languages set: it, en"},
		{"!country Atlantis", "two-letter country code"},
		{"!allow +39 333 123 4567", "Allowed: no warnings about +393331234567"},
	} {
		testhomeserver.Say(t, alice, dm, c.cmd)
		w.waitBotSaid(alice, dm, c.reply)
	}
	w.stop()
	w.start() // the settings are stored
	o := w.eng.Owner("@alice:localhost")
	if o == nil || !slices.Equal(o.Names, []string{"Laura", "Lalla"}) || o.Country != "IT" || !slices.Equal(o.Languages, []string{"it", "en"}) {
		t.Fatalf("alice as an owner after a restart: %+v", o)
	}
	if ok, err := w.eng.Store().Allowed(ctx, "@alice:localhost", "", "+393331234567"); err != nil || !ok {
		t.Errorf("the allowed number is not stored: %v %v", ok, err)
	}

	// An encrypted DM: counted in !status, never read.
	enc := id.RoomID("!encrypted:localhost")
	events := dmEvents(enc, "@ghost:localhost", "@alice:localhost", "$enc-opener")
	events = append(events[:3], evt(enc, "$enc-state", "m.room.encryption", "@ghost:localhost", sk(""), map[string]any{"algorithm": "m.megolm.v1.aes-sha2"}),
		evt(enc, "$enc-msg", "m.room.encrypted", "@ghost:localhost", nil, map[string]any{"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgA"}))
	if code := w.put("enc", w.opts.HSToken, events...); code != 200 {
		t.Fatalf("put: %d", code)
	}
	testhomeserver.Say(t, alice, dm, "!status")
	w.waitBotSaid(alice, dm, "an encrypted room ("+string(enc)+")")
	if said := testhomeserver.MessagesFrom(t, alice, dm, w.botID()); !strings.Contains(said[len(said)-1], "per-owner mode") {
		t.Errorf("!status does not point to the per-owner mode: %q", said[len(said)-1])
	}

	// !stop: the next events in her rooms are dropped unread.
	testhomeserver.Say(t, alice, dm, "!stop")
	w.waitBotSaid(alice, dm, "Protection stopped")
	dropped := w.svc.Dropped()
	room := id.RoomID("!after-stop:localhost")
	if code := w.put("after-stop", w.opts.HSToken, dmEvents(room, "@ghost:localhost", "@alice:localhost", "$after-stop")...); code != 200 {
		t.Fatalf("put: %d", code)
	}
	if _, err := w.eng.Store().Conversation(ctx, "@alice:localhost", "matrix", string(room)); err == nil {
		t.Error("a conversation was stored after !stop")
	}
	if got := w.svc.Dropped() - dropped; got != 4 {
		t.Errorf("%d events dropped after !stop, want 4", got)
	}
	testhomeserver.Say(t, alice, dm, "!protect")
	testwait.For(t, "alice protected again", 30*time.Second, func() bool { return w.svc.protected(alice.UserID) })

	// `silentguard forget --owner @alice:localhost` (the store's Forget,
	// with the daemon stopped): nothing of hers stays, and after a start
	// she is a new user, not protected.
	w.stop()
	if err := w.eng.Store().Forget(ctx, "@alice:localhost"); err != nil {
		t.Fatal(err)
	}
	if err := Forget(ctx, w.eng.Store(), "@alice:localhost"); err != nil {
		t.Fatal(err)
	}
	left, err := w.eng.Store().CursorsWithPrefix(ctx, "", adapterName, "")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range left {
		if strings.Contains(k, "alice") || strings.Contains(v, "alice") {
			t.Errorf("the bot's cursors still name alice: %q = %q", k, v)
		}
	}
	w.start()
	if w.svc.protected(alice.UserID) || w.eng.Owner("@alice:localhost") != nil {
		t.Error("alice is protected after she was forgotten")
	}
	if u := w.svc.user(alice.UserID); u != nil && len(u.settings.Names) > 0 {
		t.Errorf("alice's names survived forget: %v", u.settings.Names)
	}
}
