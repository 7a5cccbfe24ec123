package matrix

import (
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/warntext"
)

// This file lends the per-owner mode's room state, conversion and watch
// decision to the appservice mode (package appservice), which receives
// the same events another way: both judge a room alike.

// RoomState is what SilentGuard knows of a room, from its state events.
// It is not safe for concurrent use.
type RoomState struct{ r *room }

// NewRoomState starts an empty room; home is the homeserver's name, where
// bridges run.
func NewRoomState(rid id.RoomID, home string) *RoomState {
	return &RoomState{r: newRoom(rid, home)}
}

// Apply folds one state event (or stripped state) into the room.
func (s *RoomState) Apply(evt *event.Event) { s.r.apply(evt) }

// Encrypted tells whether the room turned encryption on.
func (s *RoomState) Encrypted() bool { return s.r.encrypted }

// Membership is uid's membership: join, invite, or "" for neither.
func (s *RoomState) Membership(uid id.UserID) event.Membership { return s.r.members[uid].membership }

// Judged is the per-owner mode's watch decision for owner me: the room is
// a DM (or a bridged DM portal) and not SilentGuard's own warning DM.
// bots are SilentGuard's bot accounts.
func (s *RoomState) Judged(me id.UserID, bots map[id.UserID]bool) bool {
	return judged(s.r, me, s.r.members[me].isDirect, bots)
}

// Converter turns one owner's events into the core's messages, as the
// per-owner mode does.
type Converter struct{ c msgconv }

// NewConverter is the converter of owner ownerID, whose Matrix account is
// me; country reads numbers written without a country code.
func NewConverter(ownerID string, me id.UserID, bots map[id.UserID]bool, country string) *Converter {
	return &Converter{c: msgconv{ownerID: ownerID, me: me, bots: bots, country: country}}
}

// Message converts a timeline event of room s; it reports false for what
// is not a turn, and for the notices of bridges and of SilentGuard's bots.
// A message of a room the owner is only invited to says so (the advice is
// then "don't accept the invite").
func (c *Converter) Message(s *RoomState, evt *event.Event, quiet bool) (bot.Message, bool) {
	if c.c.notices(s.r, evt) {
		return bot.Message{}, false
	}
	msg, ok := c.c.message(s.r, evt, quiet)
	if ok && s.r.members[c.c.me].membership == event.MembershipInvite {
		msg.Sender.OwnerJoined = false
	}
	return msg, ok
}

// HTML is a warning's document as Matrix's formatted_body.
func HTML(d warntext.Doc) string { return matrixHTML(d) }
