package matrix

import (
	"context"
	"encoding/json"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// Encrypted messages whose key has not arrived are kept in the store
// (they are ciphertext) and retried after every sync batch.
const (
	pendingPrefix = "pending:"
	// pendingReport is when a still undecryptable message shows in
	// !status; pendingDrop is when SilentGuard stops trying.
	pendingReport = 2 * time.Minute
	pendingDrop   = 7 * 24 * time.Hour
)

type pendingEvent struct {
	Room  id.RoomID       `json:"room"`
	Event json.RawMessage `json:"event"`
	First bool            `json:"first"`
	Since int64           `json:"since"`
}

func (s *ownerSync) pend(ctx context.Context, rid id.RoomID, evt *event.Event, first bool, why error) {
	raw, err := json.Marshal(evt)
	if err != nil {
		return
	}
	b, _ := json.Marshal(pendingEvent{Room: rid, Event: raw, First: first, Since: time.Now().Unix()})
	if err := s.state.Set(ctx, pendingPrefix+string(evt.ID), string(b)); err != nil {
		s.log.Error().Err(err).Msg("Failed to keep an undecryptable message for later")
		return
	}
	level := s.log.Info()
	if first {
		// History from before this device existed: expected, and many.
		level = s.log.Debug()
	}
	level.Str("room", string(rid)).Str("event", string(evt.ID)).AnErr("why", why).Msg("Cannot decrypt a message yet; waiting for its key")
	s.crypto.RequestKeys(ctx, evt)
}

// retryPending decrypts what it now can and hands it to the core.
func (s *ownerSync) retryPending(ctx context.Context) {
	all, err := s.state.List(ctx, pendingPrefix)
	if err != nil || len(all) == 0 {
		return
	}
	for name, raw := range all {
		var p pendingEvent
		if json.Unmarshal([]byte(raw), &p) != nil {
			_ = s.state.Delete(ctx, name)
			continue
		}
		age := time.Since(time.Unix(p.Since, 0))
		var evt event.Event
		if json.Unmarshal(p.Event, &evt) != nil {
			_ = s.state.Delete(ctx, name)
			continue
		}
		evt.RoomID = p.Room
		if _, err := s.crypto.Decrypt(ctx, &evt); err != nil {
			switch stillUndecryptable(p.First, age) {
			case pendingGiveUp:
				_ = s.state.Delete(ctx, name)
			case pendingTell:
				s.markUnreadable(p.Room, "encrypted messages whose keys never reached SilentGuard's device")
			}
			continue
		}
		r, err := s.roomFor(ctx, p.Room, false)
		if err != nil {
			continue
		}
		// timelineEvent decrypts again (cheap) and hands the clear
		// message to the core, which de-duplicates by event ID.
		if _, _, err := s.timelineEvent(ctx, r, &evt, p.First); err != nil {
			continue
		}
		_ = s.state.Delete(ctx, name)
		s.mu.Lock()
		if s.unreadable[p.Room] == "encrypted messages whose keys never reached SilentGuard's device" {
			delete(s.unreadable, p.Room)
		}
		s.mu.Unlock()
		s.log.Info().Str("room", string(p.Room)).Str("event", string(evt.ID)).Msg("Decrypted a message whose key arrived late")
	}
}

type pendingAction int

const (
	pendingWait   pendingAction = iota // keep trying quietly
	pendingTell                        // keep trying, and say so in !status
	pendingGiveUp                      // stop trying
)

// stillUndecryptable decides about a message whose key has not come after
// age. History from the first sync was sent before SilentGuard's device
// existed and is readable only if the owner's devices share its keys: it
// is retried quietly, never reported.
func stillUndecryptable(firstSync bool, age time.Duration) pendingAction {
	switch {
	case age > pendingDrop:
		return pendingGiveUp
	case age > pendingReport && !firstSync:
		return pendingTell
	default:
		return pendingWait
	}
}
