package role

import (
	"encoding/json"
	"fmt"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// errInviteNotInState means the room's state does not hold the bot's
// invite (yet).
var errInviteNotInState = fmt.Errorf("%w: the bot's invite is not in the room's state", ErrNotOwnerOnly)

// roomMember is one joined or invited member in a room's current state.
type roomMember struct {
	membership event.Membership
	isDirect   bool
	sender     id.UserID // who set the membership (the inviter of an invite)
}

// currentMembers lists who is joined or invited in a room's state.
func currentMembers(state mautrix.RoomStateMap) map[id.UserID]roomMember {
	out := map[id.UserID]roomMember{}
	for key, evt := range state[event.StateMember] {
		var c event.MemberEventContent
		if json.Unmarshal(evt.Content.VeryRaw, &c) != nil {
			continue
		}
		if c.Membership == event.MembershipJoin || c.Membership == event.MembershipInvite {
			out[id.UserID(key)] = roomMember{membership: c.Membership, isDirect: c.IsDirect, sender: evt.Sender}
		}
	}
	return out
}

// checkOwnerOnly tells whether the members of a room's state are exactly
// the owner and the bot.
func checkOwnerOnly(members map[id.UserID]roomMember, owner, bot id.UserID) error {
	_, hasOwner := members[owner]
	_, hasBot := members[bot]
	if !hasOwner || !hasBot || len(members) != 2 {
		// The count, not the names: the others may be the very sender.
		return fmt.Errorf("%w (%d joined or invited)", ErrNotOwnerOnly, len(members))
	}
	return nil
}

// checkInvite tells whether the bot may join a room it is invited to, from
// the room's state as the owner reads it (the bot, only invited, cannot
// read it): a direct invite from the owner to a room of only the two.
func checkInvite(state mautrix.RoomStateMap, owner, bot id.UserID) error {
	members := currentMembers(state)
	if _, ok := members[bot]; !ok {
		return errInviteNotInState
	}
	if err := checkOwnerOnly(members, owner, bot); err != nil {
		return err
	}
	inv := members[bot]
	if inv.membership != event.MembershipInvite || inv.sender != owner || !inv.isDirect {
		return fmt.Errorf("%w: not a direct invite from the owner", ErrNotOwnerOnly)
	}
	if members[owner].membership != event.MembershipJoin {
		return fmt.Errorf("%w: the owner is not in it", ErrNotOwnerOnly)
	}
	return nil
}

// checkDM tells whether the bot may write in a room, from its state as the
// bot reads it: the bot is in it, and the owner is the only other member.
func checkDM(state mautrix.RoomStateMap, owner, bot id.UserID) error {
	members := currentMembers(state)
	if err := checkOwnerOnly(members, owner, bot); err != nil {
		return err
	}
	if members[bot].membership != event.MembershipJoin {
		return fmt.Errorf("%w: the bot is not in it", ErrNotOwnerOnly)
	}
	return nil
}
