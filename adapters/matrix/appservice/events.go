package appservice

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/bot"
)

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// header is all that is read of an event before SilentGuard knows that a
// protected user is in its room: nothing of its content.
type header struct {
	RoomID   id.RoomID `json:"room_id"`
	Type     string    `json:"type"`
	StateKey *string   `json:"state_key"`
	Sender   id.UserID `json:"sender"`
}

// roomWorkers bounds how many rooms of one transaction are judged at once.
const roomWorkers = 16

// handleEvents stores what a transaction's events mean, in their order
// within each room. First, one pass in order: the bot's own DMs (opt-in
// and commands) and the memberships of protected users, which decide
// which rooms are watched; events of other rooms are dropped unread.
// Then the watched rooms' events go to the core, rooms side by side.
func (s *Service) handleEvents(ctx context.Context, raw []json.RawMessage) error {
	queues := map[*watchedRoom][]*event.Event{}
	var order []*watchedRoom
	for _, r := range raw {
		var h header
		if err := json.Unmarshal(r, &h); err != nil || h.RoomID == "" {
			continue // not an event of a room
		}
		if s.forBot(h) {
			evt, err := parseEvent(r)
			if err != nil {
				continue
			}
			if err := s.botEvent(ctx, evt); err != nil {
				return err
			}
			continue
		}
		if h.Type == event.StateMember.Type && h.StateKey != nil && s.protected(id.UserID(*h.StateKey)) {
			evt, err := parseEvent(r)
			if err != nil {
				continue
			}
			if err := s.membership(ctx, evt, r); err != nil {
				return err
			}
		}
		wr := s.room(h.RoomID)
		if wr == nil {
			s.dropped.Add(1)
			continue
		}
		evt, err := parseEvent(r)
		if err != nil {
			continue
		}
		if _, ok := queues[wr]; !ok {
			order = append(order, wr)
		}
		queues[wr] = append(queues[wr], evt)
	}
	sem := make(chan struct{}, roomWorkers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for _, wr := range order {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := s.roomEvents(ctx, wr, queues[wr]); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// parseEvent reads a whole event, with the type class a sync would give it.
func parseEvent(raw json.RawMessage) (*event.Event, error) {
	var evt event.Event
	if err := json.Unmarshal(raw, &evt); err != nil {
		return nil, err
	}
	if evt.StateKey != nil {
		evt.Type.Class = event.StateEventType
	} else {
		evt.Type.Class = event.MessageEventType
	}
	return &evt, nil
}

// forBot tells whether an event concerns the bot: an invite of the bot,
// anything the bot sent (the invite of a DM it opens arrives before the
// room is known as its DM), or anything in one of its DMs.
func (s *Service) forBot(h header) bool {
	if h.Sender == s.botID || h.Type == event.StateMember.Type && h.StateKey != nil && id.UserID(*h.StateKey) == s.botID {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.dms[h.RoomID]
	return ok
}

func (s *Service) protected(uid id.UserID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[uid]
	return u != nil && u.settings.Protected
}

func (s *Service) room(rid id.RoomID) *watchedRoom {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rooms[rid]
}

// membership follows a protected user into and out of rooms: a room is
// watched while one is joined or invited. It is noted in the store, so a
// restart knows the rooms without asking the homeserver: a join as
// "join", an invite as the invite event itself (raw), whose stripped
// state is all there is to judge the room by until the user joins.
func (s *Service) membership(ctx context.Context, evt *event.Event, raw json.RawMessage) error {
	uid := id.UserID(*evt.StateKey)
	var c struct {
		Membership event.Membership `json:"membership"`
	}
	_ = json.Unmarshal(evt.Content.VeryRaw, &c)
	switch c.Membership {
	case event.MembershipJoin, event.MembershipInvite:
		wr := s.watch(evt.RoomID, uid)
		record := string(c.Membership)
		if c.Membership == event.MembershipInvite {
			wr.mu.Lock()
			applyInvite(wr, evt)
			wr.mu.Unlock()
			record = string(raw)
		}
		if err := s.state(string(uid)).Set(ctx, roomKey(evt.RoomID), record); err != nil {
			return fmt.Errorf("note a watched room: %w", err)
		}
	}
	// A leave is taken in the room's order (roomEvents): the events
	// before it in this transaction still count.
	return nil
}

// applyInvite gives a room the state its invitee sees (the invite's
// stripped state): enough to tell a DM, before they can read it. The
// invite itself too: a room the user is only invited to is not read (it
// cannot be) before they join. Call with wr.mu held.
func applyInvite(wr *watchedRoom, evt *event.Event) {
	for _, st := range evt.Unsigned.InviteRoomState {
		st.Type.Class = event.StateEventType
		st.RoomID = wr.id
		wr.state.Apply(st)
	}
	wr.state.Apply(evt)
}

// restoreRoom watches a room a stored record names: an invite gets its
// stripped state and the invite back, so that the room is judged as
// before the restart, and not read.
func (s *Service) restoreRoom(rid id.RoomID, uid id.UserID, record string) {
	wr := s.watch(rid, uid)
	var inv *event.Event
	switch {
	case strings.HasPrefix(record, "{"):
		evt, err := parseEvent(json.RawMessage(record))
		if err != nil || evt.StateKey == nil || id.UserID(*evt.StateKey) != uid {
			s.log.Warn().Str("room", string(rid)).Msg("A stored invite cannot be read; taking it as an invite without state")
			break
		}
		evt.RoomID = rid
		inv = evt
	case record != string(event.MembershipInvite):
		return // joined: its state is read when needed
	}
	if inv == nil {
		// An invite stored without its event: the membership alone, so
		// that the room is never read as the user.
		key := string(uid)
		inv = &event.Event{RoomID: rid, Sender: uid, StateKey: &key, Type: event.StateMember,
			Content: event.Content{VeryRaw: json.RawMessage(`{"membership":"invite"}`)}}
		_ = inv.Content.ParseRaw(event.StateMember)
	}
	wr.mu.Lock()
	applyInvite(wr, inv)
	wr.mu.Unlock()
}

// leave takes a user who left (or was kicked or banned) out of a room.
func (s *Service) leave(ctx context.Context, rid id.RoomID, uid id.UserID) error {
	s.unwatch(rid, uid)
	if err := s.state(string(uid)).Delete(ctx, roomKey(rid)); err != nil {
		return fmt.Errorf("forget a watched room: %w", err)
	}
	return nil
}

func roomKey(rid id.RoomID) string { return "room:" + string(rid) }

// watch adds a protected user to a room, watching it if it was not.
func (s *Service) watch(rid id.RoomID, uid id.UserID) *watchedRoom {
	s.mu.Lock()
	defer s.mu.Unlock()
	wr := s.rooms[rid]
	if wr == nil {
		wr = &watchedRoom{id: rid, state: matrix.NewRoomState(rid, s.opts.ServerName), users: map[id.UserID]bool{}}
		s.rooms[rid] = wr
	}
	wr.users[uid] = true
	return wr
}

// unwatch takes a user out of a room; a room of no protected user is no
// longer watched, and its state is forgotten.
func (s *Service) unwatch(rid id.RoomID, uid id.UserID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	wr := s.rooms[rid]
	if wr == nil {
		return
	}
	delete(wr.users, uid)
	if len(wr.users) == 0 {
		delete(s.rooms, rid)
	}
}

// roomEvents hands a watched room's events to the core, in order, for
// each protected user in the room.
func (s *Service) roomEvents(ctx context.Context, wr *watchedRoom, evts []*event.Event) error {
	wr.mu.Lock()
	defer wr.mu.Unlock()
	if !wr.full && len(evts) > 0 && evts[0].Type == event.StateCreate {
		wr.full = true // seen from its creation
	}
	s.loadState(ctx, wr)
	for _, evt := range evts {
		if evt.StateKey != nil {
			wr.state.Apply(evt)
			if evt.Type == event.StateMember {
				uid := id.UserID(*evt.StateKey)
				switch wr.state.Membership(uid) {
				case event.MembershipJoin:
					s.loadState(ctx, wr) // a protected user joined: now it can be read
				case "":
					if slices.Contains(s.roomUsers(wr), uid) {
						if err := s.leave(ctx, wr.id, uid); err != nil {
							return err
						}
					}
				}
			}
			continue
		}
		for _, uid := range s.roomUsers(wr) {
			if err := s.judge(ctx, wr, uid, evt); err != nil {
				return err
			}
		}
	}
	return nil
}

// loadState reads the room's state as one of its protected users (a plain
// GET), once, unless it was seen from the room's creation. A room the
// user is only invited to cannot be read yet: the invite's stripped state
// and the events that follow stand in until they join.
func (s *Service) loadState(ctx context.Context, wr *watchedRoom) {
	if wr.full {
		return
	}
	for _, uid := range s.roomUsers(wr) {
		u := s.user(uid)
		if u == nil || wr.state.Membership(uid) == event.MembershipInvite {
			continue
		}
		state, err := u.reader.State(ctx, wr.id)
		if err != nil {
			s.log.Warn().Err(err).Str("room", string(wr.id)).Msg("Cannot read a watched room's state; judging it from its events")
			continue
		}
		for _, byKey := range state {
			for _, evt := range byKey {
				evt.RoomID = wr.id
				wr.state.Apply(evt)
			}
		}
		wr.full = true
		return
	}
}

// judge hands one timeline event to the core for one protected user, if
// the room is one the per-owner mode would watch for them.
func (s *Service) judge(ctx context.Context, wr *watchedRoom, uid id.UserID, evt *event.Event) error {
	u := s.user(uid)
	if u == nil || !u.settings.Protected {
		return nil
	}
	if m := wr.state.Membership(uid); m != event.MembershipJoin && m != event.MembershipInvite {
		return nil
	}
	if !wr.state.Judged(uid, s.bots) {
		return nil
	}
	if evt.Type == event.EventEncrypted {
		if !wr.encrypted {
			wr.encrypted = true
			s.log.Warn().Str("room", string(wr.id)).Msg("A watched room is encrypted; the appservice cannot read it")
		}
		return nil
	}
	msg, ok := u.conv.Message(wr.state, evt, false)
	if !ok {
		return nil
	}
	_, err := s.engine.Handle(ctx, msg)
	if errors.Is(err, bot.ErrUnknownOwner) {
		// A config reload that began before the user opted in set the
		// core's owners without them: add them back, and judge again.
		s.engine.AddOwner(s.ownerOf(u))
		_, err = s.engine.Handle(ctx, msg)
	}
	var ie *bot.InputError
	if errors.As(err, &ie) {
		s.log.Warn().Str("room", string(wr.id)).Str("event", string(evt.ID)).Str("field", ie.Field).Msg("Skipped a malformed event")
		return nil
	}
	return err
}

// roomUsers lists the protected users of a room.
func (s *Service) roomUsers(wr *watchedRoom) []id.UserID {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]id.UserID, 0, len(wr.users))
	for uid := range wr.users {
		out = append(out, uid)
	}
	return out
}

func (s *Service) user(uid id.UserID) *user {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.users[uid]
}

// unreadable lists a user's watched rooms that the appservice cannot
// read: the encrypted ones that the watch policy judges for them. A room
// whose state was never loaded (watched since !protect or a restart, and
// quiet since) is read first, as the user (a GET), if they are joined to
// it; a room they are only invited to is never read.
func (s *Service) unreadable(ctx context.Context, uid id.UserID) []string {
	s.mu.Lock()
	var rooms []*watchedRoom
	for _, wr := range s.rooms {
		if wr.users[uid] {
			rooms = append(rooms, wr)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(rooms, func(a, b *watchedRoom) int { return strings.Compare(string(a.id), string(b.id)) })
	var out []string
	for _, wr := range rooms {
		wr.mu.Lock()
		s.loadState(ctx, wr)
		m := wr.state.Membership(uid)
		if (wr.encrypted || wr.state.Encrypted()) && (m == event.MembershipJoin || m == event.MembershipInvite) && wr.state.Judged(uid, s.bots) {
			out = append(out, "an encrypted room ("+string(wr.id)+"): the appservice mode cannot read it; for encrypted chats, "+
				"ask your admin for the per-owner mode with matrix.encryption")
		}
		wr.mu.Unlock()
	}
	return out
}
