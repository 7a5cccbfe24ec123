package matrix

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/adapters/matrix/internal/role"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/bottest"
)

// testSync is an owner reader with the store under its core, which the
// test reads (the reader itself only has the core).
type testSync struct {
	*ownerSync
	store bot.Store
}

// newTestSync is an owner reader for @laura:localhost with a real core
// and store, and a client that is never contacted.
func newTestSync(t *testing.T) testSync {
	t.Helper()
	store := bottest.SQLite(t, "")
	policy := bottest.Policy
	policy.Window, policy.Retention = 72*time.Hour, time.Hour
	eng := bottest.New(t, bottest.Options{Store: store, Policy: policy})
	eng.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{"@mamma:localhost": true}})
	cli, err := role.NewReader("http://127.0.0.1:9", "@laura:localhost", "unused", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return testSync{&ownerSync{msgconv: testConv, core: eng, state: eng.AdapterState(adapterName, "laura"), log: zerolog.Nop(), cli: cli,
		rooms: map[id.RoomID]*room{}, direct: map[id.RoomID]bool{}, unreadable: map[id.RoomID]string{}, invites: map[id.RoomID]bool{}}, store}
}

// inviteFrom is the stripped state of a DM invite to @laura:localhost
// from inviter; extra are more stripped state events (JSON objects).
func inviteFrom(t *testing.T, inviter, displayName, topic string, extra ...string) *mautrix.SyncInvitedRoom {
	t.Helper()
	events := []string{
		fmt.Sprintf(`{"type":"m.room.create","state_key":"","sender":%q,"content":{"room_version":"10"}}`, inviter),
		fmt.Sprintf(`{"type":"m.room.member","state_key":%q,"sender":%q,"content":{"membership":"join","displayname":%q}}`, inviter, inviter, displayName),
		fmt.Sprintf(`{"type":"m.room.member","state_key":"@laura:localhost","sender":%q,"origin_server_ts":%d,"content":{"membership":"invite","is_direct":true}}`,
			inviter, time.Now().UnixMilli()),
	}
	if topic != "" {
		events = append(events, fmt.Sprintf(`{"type":"m.room.topic","state_key":"","sender":%q,"content":{"topic":%q}}`, inviter, topic))
	}
	events = append(events, extra...)
	var inv mautrix.SyncInvitedRoom
	if err := json.Unmarshal([]byte(`{"invite_state":{"events":[`+strings.Join(events, ",")+`]}}`), &inv); err != nil {
		t.Fatal(err)
	}
	return &inv
}

const inviteOpener = "Hi Marco, is our meeting at 5 still on? As agreed yesterday"

// fakeBridge is m.bridge state that names sender the bridge bot.
func fakeBridge(sender string) string {
	return fmt.Sprintf(`{"type":"m.bridge","state_key":"localhost/whatsapp","sender":%q,"content":{"bridgebot":%q,"protocol":{"id":"whatsapp"},"channel":{"id":"1"},"com.beeper.room_type.v2":"dm"}}`, sender, sender)
}

// An invite that only looks like a bridge's, from another server, is a
// stranger's invite: it is judged, not filed as an unreadable portal.
func TestInviteFromLookalikeBridgeOnAnotherServerIsJudged(t *testing.T) {
	for _, c := range []struct {
		name, inviter string
		extra         []string
		judged        bool
	}{
		{"ghost-like id on another server", "@whatsapp_12025550143:evil.org", nil, true},
		{"bridge-bot-like id on another server", "@whatsappbot:evil.org", nil, true},
		{"bridge state from another server", "@mallory:evil.org", []string{fakeBridge("@mallory:evil.org")}, true},
		{"the owner's server's bridge ghost", "@whatsapp_12025550143:localhost", nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newTestSync(t)
			ctx := context.Background()
			rid := id.RoomID("!inv:evil.org")
			if err := s.invitedRoom(ctx, rid, inviteFrom(t, c.inviter, "Amy", inviteOpener, c.extra...), false); err != nil {
				t.Fatal(err)
			}
			_, err := s.store.Conversation(ctx, "laura", Platform, string(rid))
			if judged := err == nil; judged != c.judged {
				t.Errorf("judged = %v (%v), want %v", judged, err, c.judged)
			}
			warnings, err := s.store.RecentWarnings(ctx, "laura", 5)
			if err != nil {
				t.Fatal(err)
			}
			if c.judged && len(warnings) != 1 {
				t.Errorf("%d warnings for the stranger's invite, want 1", len(warnings))
			}
			unread := strings.Join(s.Unreadable(), "\n")
			if onlyInvited := strings.Contains(unread, "only invited"); onlyInvited == c.judged {
				t.Errorf("!status lists %q", unread)
			}
		})
	}
}

// Bridge state sent from another server, or naming a bridge bot there,
// does not make a room a portal: the sender could otherwise pass for the
// bridge bot, whose messages are never judged.
func TestBridgeStateOnlyFromTheOwnersServer(t *testing.T) {
	for _, c := range []struct {
		name, evt string
		bridged   bool
	}{
		{"the owner's server's bridge", fakeBridge("@whatsappbot:localhost"), true},
		{"sent from another server", fakeBridge("@mallory:evil.org"), false},
		{"naming a bot on another server", `{"type":"m.bridge","state_key":"x","sender":"@whatsappbot:localhost","content":{"bridgebot":"@mallory:evil.org","protocol":{"id":"whatsapp"}}}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRoom("!r:localhost", "localhost")
			var evt event.Event
			if err := json.Unmarshal([]byte(c.evt), &evt); err != nil {
				t.Fatal(err)
			}
			r.apply(&evt)
			if got := r.bridge != nil; got != c.bridged {
				t.Errorf("bridged = %v, want %v", got, c.bridged)
			}
		})
	}
}

// A DM invite from a stranger with no words gives the core nothing to
// judge (it judges text; the sender's ID and name alone give an empty
// verdict), so it is listed in !status, across a restart, until the owner
// answers it. Invites from known people are not listed.
func TestWordlessInviteListedUntilAnswered(t *testing.T) {
	s := newTestSync(t)
	ctx := context.Background()
	rid := id.RoomID("!quiet:evil.org")
	if err := s.invitedRoom(ctx, rid, inviteFrom(t, "@amy:evil.org", "Amy", ""), false); err != nil {
		t.Fatal(err)
	}
	mamma := id.RoomID("!mamma:localhost")
	if err := s.invitedRoom(ctx, mamma, inviteFrom(t, "@mamma:localhost", "Mamma", ""), false); err != nil {
		t.Fatal(err)
	}
	listed := func(s *ownerSync) string {
		var out []string
		for _, u := range s.Unreadable() {
			if strings.Contains(u, "invite") {
				out = append(out, u)
			}
		}
		return strings.Join(out, "\n")
	}
	got := listed(s.ownerSync)
	if !strings.Contains(got, "Amy (@amy:evil.org)") || !strings.Contains(got, "no message") || !strings.Contains(got, string(rid)) {
		t.Errorf("!status does not list the wordless invite: %q", got)
	}
	if strings.Contains(got, "mamma") {
		t.Errorf("!status lists an invite from a known person: %q", got)
	}
	// The same reader after a restart: the sync does not repeat invites.
	s2 := newTestSync(t)
	s2.store, s2.core, s2.state = s.store, s.core, s.state
	s2.loadInvites(ctx)
	if again := listed(s2.ownerSync); again != got {
		t.Errorf("after a restart !status lists %q, want %q", again, got)
	}
	// The owner accepts: the chat is readable and judged from now on.
	var jr mautrix.SyncJoinedRoom
	if err := json.Unmarshal([]byte(`{"state":{"events":[{"type":"m.room.create","state_key":"","sender":"@amy:evil.org","content":{}}]}}`), &jr); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.joinedRoom(ctx, rid, &jr, "s1"); err != nil {
		t.Fatal(err)
	}
	if left := listed(s2.ownerSync); left != "" {
		t.Errorf("!status still lists an accepted invite: %q", left)
	}
	if notes, _ := s.store.CursorsWithPrefix(ctx, "laura", adapterName, invitePrefix); len(notes) != 0 {
		t.Errorf("notes left after the invite was accepted: %v", notes)
	}
}
