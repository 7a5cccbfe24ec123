package matrix

import (
	"context"
	"encoding/json"
	"fmt"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/detectors"
)

// room is what SilentGuard knows of one of the owner's rooms: enough
// state to tell a DM from a group and who is on the other side.
type room struct {
	id id.RoomID
	// home is the owner's homeserver, where bridges run as appservices.
	home      string
	members   map[id.UserID]member // joined or invited
	bridge    *event.BridgeEventContent
	encrypted bool
	name      string
	topic     string
}

type member struct {
	membership  event.Membership
	displayName string
	isDirect    bool
	reason      string
}

func newRoom(rid id.RoomID, home string) *room {
	return &room{id: rid, home: home, members: map[id.UserID]member{}}
}

// apply folds one state event into the room.
func (r *room) apply(evt *event.Event) {
	if evt.StateKey == nil {
		return
	}
	raw := evt.Content.VeryRaw
	switch evt.Type {
	case event.StateMember:
		var c event.MemberEventContent
		if json.Unmarshal(raw, &c) != nil {
			return
		}
		uid := id.UserID(*evt.StateKey)
		if c.Membership == event.MembershipJoin || c.Membership == event.MembershipInvite {
			r.members[uid] = member{membership: c.Membership, displayName: c.Displayname, isDirect: c.IsDirect, reason: c.Reason}
		} else {
			delete(r.members, uid)
		}
	case event.StateBridge, event.StateHalfShotBridge:
		var c event.BridgeEventContent
		if json.Unmarshal(raw, &c) != nil || c.Protocol.ID == "" {
			return
		}
		if evt.Sender.Homeserver() != r.home || (c.BridgeBot != "" && c.BridgeBot.Homeserver() != r.home) {
			// Anyone can put bridge state in a room of their own server
			// (or in an invite's stripped state) to pass for a portal,
			// or name themselves the bridge bot, whose messages are not
			// judged. Bridges live on the owner's homeserver.
			return
		}
		// m.bridge and uk.half-shot.bridge carry the same content; the
		// first one seen wins, the other agrees.
		if r.bridge == nil || evt.Type == event.StateBridge {
			r.bridge = &c
		}
	case event.StateEncryption:
		r.encrypted = true
	case event.StateRoomName:
		var c event.RoomNameEventContent
		if json.Unmarshal(raw, &c) == nil {
			r.name = c.Name
		}
	case event.StateTopic:
		var c event.TopicEventContent
		if json.Unmarshal(raw, &c) == nil {
			r.topic = c.Topic
		}
	}
}

// kind classifies the room for the owner: "dm" (watched when the other
// side is unknown), "group" (never watched), or "" when unclear yet. The
// members in skip (SilentGuard's bots) are not counted.
func (r *room) kind(owner id.UserID, markedDirect bool, skip map[id.UserID]bool) string {
	if r.bridge != nil {
		switch r.bridge.BeeperRoomTypeV2 {
		case "dm":
			return "dm"
		case "group_dm", "space", "channel":
			return "group"
		}
		// Older bridges set only com.beeper.room_type "dm", for group DMs
		// too: count the people instead.
	}
	others := len(r.others(owner, skip))
	switch {
	case others == 1:
		return "dm"
	case others > 1:
		return "group"
	case markedDirect:
		return "dm"
	}
	return ""
}

// others lists the members who are neither the owner, nor the bridge bot,
// nor in skip.
func (r *room) others(owner id.UserID, skip map[id.UserID]bool) []id.UserID {
	var out []id.UserID
	for uid := range r.members {
		if uid == owner || (r.bridge != nil && uid == r.bridge.BridgeBot) || skip[uid] {
			continue
		}
		out = append(out, uid)
	}
	return out
}

// network is where the conversation really happens: the bridged network
// (m.bridge protocol.id), or Matrix itself.
func (r *room) network() detectors.Network {
	if r.bridge == nil {
		return detectors.NetworkMatrix
	}
	if n := detectors.ParseNetwork(r.bridge.Protocol.ID); n != detectors.NetworkUnknown {
		return n
	}
	return detectors.NetworkMatrix
}

// messageRequest is bridgev2's mark for a chat from a non-contact.
func (r *room) messageRequest() bool {
	return r.bridge != nil && r.bridge.Channel.MessageRequest
}

func (s *ownerSync) setDirect(raw json.RawMessage) {
	var content map[id.UserID][]id.RoomID
	if json.Unmarshal(raw, &content) != nil {
		return
	}
	direct := map[id.RoomID]bool{}
	for _, rooms := range content {
		for _, r := range rooms {
			direct[r] = true
		}
	}
	s.mu.Lock()
	s.direct = direct
	s.mu.Unlock()
}

// roomFor returns the tracked room, loading its full state with a plain
// read when SilentGuard meets it after a restart.
func (s *ownerSync) roomFor(ctx context.Context, rid id.RoomID, fresh bool) (*room, error) {
	s.mu.Lock()
	r := s.rooms[rid]
	s.mu.Unlock()
	if r != nil {
		return r, nil
	}
	r = newRoom(rid, s.cli.UserID().Homeserver())
	if !fresh {
		state, err := s.cli.State(ctx, rid)
		if err != nil {
			return nil, fmt.Errorf("load room state: %w", err)
		}
		for _, byKey := range state {
			for _, evt := range byKey {
				evt.RoomID = rid
				r.apply(evt)
				if s.crypto != nil {
					s.crypto.UpdateState(ctx, evt)
				}
			}
		}
	}
	s.mu.Lock()
	s.rooms[rid] = r
	s.mu.Unlock()
	return r, nil
}

// judged tells whether a room's messages go to the core: DMs, except
// SilentGuard's own warning DM (the owner and bots only). A bot does not
// count as a member otherwise: one the owner invited into a stranger's DM
// must not stop SilentGuard from judging it.
func (s *ownerSync) judged(r *room) bool {
	s.mu.Lock()
	direct := s.direct[r.id]
	s.mu.Unlock()
	return judged(r, s.me, direct, s.bots)
}

// judged is the watch decision for owner me in room r; direct tells
// whether me marked it a DM (m.direct).
func judged(r *room, me id.UserID, direct bool, bots map[id.UserID]bool) bool {
	if len(r.others(me, bots)) == 0 && len(r.others(me, nil)) > 0 {
		return false
	}
	return r.kind(me, direct, bots) == "dm"
}

func hasCreate(jr *mautrix.SyncJoinedRoom) bool {
	for _, evt := range append(jr.State.Events, jr.Timeline.Events...) {
		if evt.Type == event.StateCreate {
			return true
		}
	}
	return false
}
