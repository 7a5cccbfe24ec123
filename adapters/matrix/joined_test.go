package matrix_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/id"
)

// A warning about a native Matrix DM fits where the owner is: one who
// joined the stranger's chat is not told "don't accept the invite", one who
// is only invited is.
func TestMatrixAdviceFitsWhetherTheOwnerJoined(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.owner.poll(w.botID)
	w.start(w.config(""))

	// The owner accepted a stranger's wordless DM invite, then the
	// opener came.
	mallory := w.hs.User(t, "mallory", "Mallory")
	dm, err := mallory.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true,
		Invite: []id.UserID{w.owner.cli.UserID}})
	if err != nil {
		t.Fatal(err)
	}
	w.joinAsOwner(dm.RoomID)
	if _, err := mallory.SendText(ctx, dm.RoomID, "Hi Marco, are we still on for coffee at the usual place at 5?"); err != nil {
		t.Fatal(err)
	}
	got := w.waitWarnings(1, 30*time.Second)
	if b := got[0].body; strings.Contains(b, "accept the invite") || !strings.Contains(b, "already joined this chat") || !strings.Contains(b, "/ignore") {
		t.Errorf("the warning about a joined chat:\n%s", b)
	}

	// An invite with an opener in it, not accepted.
	trudy := w.hs.User(t, "trudy", "Trudy")
	if _, err := trudy.CreateRoom(ctx, &mautrix.ReqCreateRoom{Preset: "trusted_private_chat", IsDirect: true,
		Name: "Marco", Topic: "Hi Marco, is our meeting at 5 still on? As agreed yesterday",
		Invite: []id.UserID{w.owner.cli.UserID}}); err != nil {
		t.Fatal(err)
	}
	got = w.waitWarnings(2, 30*time.Second)
	if b := got[1].body; !strings.Contains(b, "don't accept the invite") || strings.Contains(b, "already joined") {
		t.Errorf("the warning about an invite:\n%s", b)
	}
}
