package appservice

import (
	"context"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/internal/testhomeserver"
	"github.com/silentguard/silentguard/internal/testwait"
)

// A user opts in with !protect in their DM with the bot; a stranger's
// opener to them is then warned about in that DM. The same opener to a
// user who did not opt in is dropped unread: nothing of it is stored.
func TestOpenerToProtectedUserIsWarned(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	alice := w.hs.User(t, "alice", "Alice Rossi")
	bob := w.hs.User(t, "bob", "Bob")
	marco := w.hs.User(t, "mallory", "Mallory")

	dm := w.openBotDM(alice)
	w.waitBotSaid(alice, dm, "!protect")
	testhomeserver.Say(t, alice, dm, "!protect")
	w.waitBotSaid(alice, dm, "You are protected")
	if o := w.eng.Owner("@alice:localhost"); o == nil || len(o.Names) != 1 || o.Names[0] != "Alice" {
		t.Fatalf("alice as an owner: %+v", o)
	}

	toBob := strangerDM(t, marco, bob.UserID)
	testhomeserver.Say(t, marco, toBob, opener)
	toAlice := strangerDM(t, marco, alice.UserID)
	testhomeserver.Say(t, marco, toAlice, opener)

	testwait.For(t, "a warning in alice's DM with the bot", 30*time.Second, func() bool {
		return len(testhomeserver.MessagesFrom(t, alice, dm, w.botID())) >= 3 // hello, protected, the warning
	})
	said := testhomeserver.MessagesFrom(t, alice, dm, w.botID())
	if warn := said[len(said)-1]; !strings.Contains(strings.ToLower(warn), "reply") {
		t.Errorf("the last message is not a warning: %q", warn)
	}
	counts, err := w.eng.Store().CountConversations(ctx, "@alice:localhost")
	if err != nil || counts["watching"] != 1 {
		t.Errorf("alice's conversations: %v %v", counts, err)
	}
	// Bob did not opt in: nothing of his is stored, and his room's events
	// were dropped (counted).
	if counts, err := w.eng.Store().CountConversations(ctx, "@bob:localhost"); err != nil || len(counts) != 0 && sum(counts) != 0 {
		t.Errorf("bob's conversations were stored: %v %v", counts, err)
	}
	if w.svc.Dropped() == 0 {
		t.Error("no event was counted as dropped")
	}
	if r := w.svc.room(toBob); r != nil {
		t.Error("bob's room is watched")
	}
	_ = id.RoomID("")
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
