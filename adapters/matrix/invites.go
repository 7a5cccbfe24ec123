package matrix

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// invitePrefix names the stored notes of unanswered invites.
const invitePrefix = "invite:"

// invitedRoom handles an invite: a native Matrix DM from a stranger is
// judged on what the invite shows; a bridge portal the owner was only
// invited to (no double puppeting) cannot be read. The invite is never
// accepted or rejected.
func (s *ownerSync) invitedRoom(ctx context.Context, rid id.RoomID, inv *mautrix.SyncInvitedRoom, first bool) error {
	r := newRoom(rid, s.cli.UserID().Homeserver())
	var inviter id.UserID
	var inviteTS int64
	for _, evt := range inv.State.Events {
		r.apply(evt)
		if evt.Type == event.StateMember && evt.StateKey != nil && id.UserID(*evt.StateKey) == s.cli.UserID() {
			inviter, inviteTS = evt.Sender, evt.Timestamp
		}
	}
	network, fromBridge := bridgeUser(inviter, s.cli.UserID().Homeserver())
	if r.bridge != nil {
		network, fromBridge = r.network(), true
	}
	if fromBridge {
		why := fmt.Sprintf("a %s chat you are only invited to: SilentGuard cannot read it (turn on double puppeting in the bridge)", network)
		return s.noteInvite(ctx, rid, why, why)
	}
	me := r.members[s.cli.UserID()]
	if inviter == "" || inviter == s.cli.UserID() || !me.isDirect || s.bots[inviter] {
		return nil
	}
	var parts []string
	for _, p := range []string{me.reason, r.name, r.topic} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		// The core judges words: with none, the sender's ID and name
		// alone give it nothing (an empty verdict). The owner sees the
		// invite in !status; the chat is judged once they accept it.
		return s.wordlessInvite(ctx, r, inviter)
	}
	at := time.Now()
	if inviteTS > 0 {
		at = time.UnixMilli(inviteTS)
	}
	snd := s.sender(r, inviter)
	snd.Network = detectors.NetworkMatrix
	res, err := s.core.Handle(ctx, bot.Message{
		Platform: Platform, Owner: s.ownerID, ConversationKey: string(rid), Sender: snd,
		Text: strings.Join(parts, "\n"), At: at, EventID: "invite:" + string(rid), Quiet: first,
	})
	var ie *bot.InputError
	if errors.As(err, &ie) {
		s.log.Warn().Str("room", string(rid)).Str("field", ie.Field).Msg("Skipped a malformed invite")
		return nil
	}
	_ = res
	return err
}

// wordlessInvite notes a DM invite from a stranger that carries no words.
func (s *ownerSync) wordlessInvite(ctx context.Context, r *room, inviter id.UserID) error {
	known, err := s.core.Known(ctx, s.ownerID, Platform, bot.Sender{ID: string(inviter)})
	if err != nil {
		return fmt.Errorf("check the inviter: %w", err)
	}
	if known {
		return nil
	}
	who := string(inviter)
	if name := strings.TrimSpace(r.members[inviter].displayName); name != "" {
		who = name + " (" + who + ")"
	}
	// The sender's name stays out of the log.
	return s.noteInvite(ctx, r.id, "a Matrix DM invite from "+who+" with no message: SilentGuard judges the chat once you accept it",
		"a Matrix DM invite with no message")
}

// noteInvite keeps why in !status until the owner answers the invite;
// logAs is what the log says.
func (s *ownerSync) noteInvite(ctx context.Context, rid id.RoomID, why, logAs string) error {
	if err := s.state.Set(ctx, invitePrefix+string(rid), why); err != nil {
		return fmt.Errorf("save invite note: %w", err)
	}
	s.mu.Lock()
	_, known := s.unreadable[rid]
	s.unreadable[rid] = why
	s.invites[rid] = true
	s.mu.Unlock()
	if !known {
		s.log.Warn().Str("room", string(rid)).Str("why", logAs).Msg("A conversation cannot be read")
	}
	return nil
}

// inviteAnswered drops the invite note of a room the owner joined or left.
func (s *ownerSync) inviteAnswered(ctx context.Context, rid id.RoomID) error {
	s.mu.Lock()
	noted := s.invites[rid]
	s.mu.Unlock()
	if !noted {
		return nil
	}
	if err := s.state.Delete(ctx, invitePrefix+string(rid)); err != nil {
		return fmt.Errorf("drop invite note: %w", err)
	}
	s.mu.Lock()
	delete(s.invites, rid)
	delete(s.unreadable, rid)
	s.mu.Unlock()
	return nil
}

// loadInvites restores the notes of unanswered invites after a restart.
func (s *ownerSync) loadInvites(ctx context.Context) {
	notes, err := s.state.List(ctx, invitePrefix)
	if err != nil {
		s.log.Error().Err(err).Msg("Failed to read the notes of unanswered invites")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, why := range notes {
		rid := id.RoomID(strings.TrimPrefix(name, invitePrefix))
		s.unreadable[rid] = why
		s.invites[rid] = true
	}
}

func (s *ownerSync) markUnreadable(rid id.RoomID, why string) {
	s.mu.Lock()
	_, known := s.unreadable[rid]
	s.unreadable[rid] = why
	s.mu.Unlock()
	if !known {
		s.log.Warn().Str("room", string(rid)).Str("why", why).Msg("A conversation cannot be read")
	}
}

// Unreadable lists what SilentGuard cannot read for this owner.
func (s *ownerSync) Unreadable() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.unreadable)+1)
	if s.note != "" {
		out = append(out, s.note)
	}
	for rid, why := range s.unreadable {
		out = append(out, why+" ("+string(rid)+")")
	}
	sort.Strings(out)
	return out
}
