package role

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// The roles' whole surface: what code holding a Reader, a Bot or a Crypto
// can call. A method added here must be one that cannot act toward a
// watched sender.
func TestSurface(t *testing.T) {
	for _, c := range []struct {
		name string
		typ  reflect.Type
		want []string
	}{
		{"Reader", reflect.TypeFor[Reader](), []string{"Crypto", "HasToken", "JoinedRooms", "Login", "Messages", "State", "Sync", "UseToken", "UserID"}},
		{"Bot", reflect.TypeFor[Bot](), []string{"Crypto", "FindDM", "Join", "OpenDM", "SendToOwner", "Sync", "UserID"}},
		{"*Crypto", reflect.TypeFor[*Crypto](), []string{"Decrypt", "ProcessSync", "RequestKeys", "UpdateState", "VerifyWithRecoveryKey"}},
		{"OwnerInvite", reflect.TypeFor[OwnerInvite](), nil},
	} {
		var got []string
		for i := range c.typ.NumMethod() {
			got = append(got, c.typ.Method(i).Name)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s has methods %v, want %v", c.name, got, c.want)
		}
	}
	// The implementations offer nothing more, and hold their client in an
	// unexported field: no caller can reach the *mautrix.Client.
	for _, c := range []struct {
		impl, iface reflect.Type
	}{
		{reflect.TypeFor[*reader](), reflect.TypeFor[Reader]()},
		{reflect.TypeFor[*botClient](), reflect.TypeFor[Bot]()},
	} {
		if c.impl.NumMethod() != c.iface.NumMethod() {
			t.Errorf("%s has %d exported methods, %s %d", c.impl, c.impl.NumMethod(), c.iface, c.iface.NumMethod())
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[reader](), reflect.TypeFor[botClient](), reflect.TypeFor[Crypto](), reflect.TypeFor[OwnerInvite]()} {
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() {
				t.Errorf("%s exports field %s", typ, f.Name)
			}
		}
	}
}

const (
	owner    = id.UserID("@laura:localhost")
	botID    = id.UserID("@silentguard:localhost")
	stranger = id.UserID("@mallory:evil.org")
)

// stateJSON is a room state of member events, as GET /state answers it:
// user -> membership, with "+direct" for is_direct, and "<-sender" for who
// set it (default: the user).
func stateJSON(members map[id.UserID]string) string {
	var evts []string
	for uid, spec := range members {
		sender := uid
		if s, from, ok := strings.Cut(spec, "<-"); ok {
			spec, sender = s, id.UserID(from)
		}
		membership, direct := strings.CutSuffix(spec, "+direct")
		evts = append(evts, fmt.Sprintf(`{"type":"m.room.member","state_key":%q,"sender":%q,"event_id":"$%s","content":{"membership":%q,"is_direct":%v}}`,
			uid, sender, uid.Localpart(), membership, direct))
	}
	return "[" + strings.Join(evts, ",") + "]"
}

func state(t *testing.T, members map[id.UserID]string) mautrix.RoomStateMap {
	t.Helper()
	var list []*event.Event
	if err := json.Unmarshal([]byte(stateJSON(members)), &list); err != nil {
		t.Fatal(err)
	}
	st := mautrix.RoomStateMap{}
	for _, evt := range list {
		if st[evt.Type] == nil {
			st[evt.Type] = map[string]*event.Event{}
		}
		st[evt.Type][*evt.StateKey] = evt
	}
	return st
}

func TestCheckInvite(t *testing.T) {
	for _, c := range []struct {
		name    string
		members map[id.UserID]string
		ok      bool
	}{
		{"the owner's direct invite", map[id.UserID]string{owner: "join", botID: "invite+direct<-" + string(owner)}, true},
		{"a stranger joined", map[id.UserID]string{owner: "join", stranger: "join", botID: "invite+direct<-" + string(owner)}, false},
		{"a stranger invited", map[id.UserID]string{owner: "join", stranger: "invite", botID: "invite+direct<-" + string(owner)}, false},
		{"a stranger left", map[id.UserID]string{owner: "join", stranger: "leave", botID: "invite+direct<-" + string(owner)}, true},
		{"not direct", map[id.UserID]string{owner: "join", botID: "invite<-" + string(owner)}, false},
		{"invited by someone else", map[id.UserID]string{owner: "join", botID: "invite+direct<-" + string(stranger)}, false},
		{"the owner only invited", map[id.UserID]string{owner: "invite", botID: "invite+direct<-" + string(owner)}, false},
		{"the bot already joined", map[id.UserID]string{owner: "join", botID: "join+direct"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := checkInvite(state(t, c.members), owner, botID)
			if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrNotOwnerOnly)) {
				t.Errorf("checkInvite = %v, want ok=%v", err, c.ok)
			}
		})
	}
}

func TestCheckDM(t *testing.T) {
	for _, c := range []struct {
		name    string
		members map[id.UserID]string
		ok      bool
	}{
		{"the owner joined", map[id.UserID]string{owner: "join", botID: "join"}, true},
		{"the owner invited", map[id.UserID]string{owner: "invite", botID: "join"}, true},
		{"a stranger invited", map[id.UserID]string{owner: "join", botID: "join", stranger: "invite"}, false},
		{"a stranger joined", map[id.UserID]string{owner: "join", botID: "join", stranger: "join"}, false},
		{"the owner left", map[id.UserID]string{owner: "leave", botID: "join"}, false},
		{"the owner left, a stranger came", map[id.UserID]string{owner: "leave", botID: "join", stranger: "join"}, false},
		{"the bot only invited", map[id.UserID]string{owner: "join", botID: "invite"}, false},
		{"a stranger banned", map[id.UserID]string{owner: "join", botID: "join", stranger: "ban"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := checkDM(state(t, c.members), owner, botID)
			if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrNotOwnerOnly)) {
				t.Errorf("checkDM = %v, want ok=%v", err, c.ok)
			}
		})
	}
}

// The owner's reader reads the room over real HTTP. Dendrite puts an
// invite in the invitee's sync before the room's state holds it: a state
// without the bot's invite is read again, a state with a stranger is
// refused at once.
func TestCheckInviteReadsAgainUntilTheInviteIsInTheState(t *testing.T) {
	const rid = id.RoomID("!dm:localhost")
	ownerOnly := stateJSON(map[id.UserID]string{owner: "join", botID: "invite+direct<-" + string(owner)})
	for _, c := range []struct {
		name   string
		states []string // answers in turn; the last one repeats
		ok     bool
		reads  int
	}{
		{"the invite shows on the third read", []string{stateJSON(map[id.UserID]string{owner: "join"}), stateJSON(map[id.UserID]string{owner: "join"}), ownerOnly}, true, 3},
		{"a stranger is there", []string{stateJSON(map[id.UserID]string{owner: "join", stranger: "join", botID: "invite+direct<-" + string(owner)})}, false, 1},
		{"the invite never shows", []string{stateJSON(map[id.UserID]string{owner: "join"})}, false, inviteReads},
	} {
		t.Run(c.name, func(t *testing.T) {
			var mu sync.Mutex
			reads := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/_matrix/client/v3/rooms/"+string(rid)+"/state" {
					http.NotFound(w, r)
					return
				}
				mu.Lock()
				answer := c.states[min(reads, len(c.states)-1)]
				reads++
				mu.Unlock()
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(answer))
			}))
			defer srv.Close()
			r, err := NewReader(srv.URL, owner, "token", "DEV", srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			inv, err := CheckInvite(context.Background(), r, rid, botID)
			if (err == nil) != c.ok || (err == nil && inv.room != rid) {
				t.Errorf("CheckInvite = %+v, %v; want ok=%v", inv, err, c.ok)
			}
			mu.Lock()
			defer mu.Unlock()
			if reads != c.reads {
				t.Errorf("%d reads of the room's state, want %d", reads, c.reads)
			}
		})
	}
}
