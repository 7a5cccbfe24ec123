package matrix

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/adapters/matrix/internal/role"
	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
)

// botAdapter is the cursor namespace of a bot account.
const botAdapter = "matrix-bot"

// botAccount is the separate account that warns owners in a DM, so that
// warnings push-notify (a homeserver never notifies a user of their own
// events). It writes only to its DMs with owners.
type botAccount struct {
	core   bot.Core
	log    zerolog.Logger
	cli    role.Bot
	crypto *role.Crypto // nil without encryption

	mu sync.Mutex
	// owners maps an owner's Matrix ID to the owner id and their reader.
	owners map[id.UserID]*ownerLink
}

type ownerLink struct {
	ownerID string
	reader  *ownerSync
	dmMu    sync.Mutex
}

// state is the bot's state for an owner ("" for none in particular).
func (b *botAccount) state(owner string) bot.AdapterState {
	return b.core.AdapterState(botAdapter, owner)
}

// dmRoom returns the bot's DM with an owner, creating it once and
// remembering it in the store.
func (b *botAccount) dmRoom(ctx context.Context, link *ownerLink, mxid id.UserID) (id.RoomID, error) {
	link.dmMu.Lock()
	defer link.dmMu.Unlock()
	key := b.dmKey()
	rid, err := b.state(link.ownerID).Get(ctx, key)
	if err != nil {
		return "", err
	}
	if rid != "" {
		return id.RoomID(rid), nil
	}
	created, err := b.cli.OpenDM(ctx, mxid, "SilentGuard", "Private warnings about messages from unknown contacts")
	if err != nil {
		return "", fmt.Errorf("create the warning DM: %w", err)
	}
	if err := b.state(link.ownerID).Set(context.WithoutCancel(ctx), key, string(created)); err != nil {
		return "", fmt.Errorf("remember the warning DM: %w", err)
	}
	b.log.Info().Str("owner", link.ownerID).Str("room", string(created)).Msg("Created the warning DM with the owner")
	return created, nil
}

// dmKey names the cursor of an owner's DM with this bot.
func (b *botAccount) dmKey() string { return "dm:" + string(b.cli.UserID()) }

// ownerLeft forgets the DM an owner left or rejected, so that the next
// warning opens a new one instead of going where nobody reads.
func (b *botAccount) ownerLeft(ctx context.Context, evt *event.Event) {
	if evt.Type != event.StateMember || evt.StateKey == nil {
		return
	}
	mem, ok := evt.Content.Parsed.(*event.MemberEventContent)
	if !ok {
		if err := evt.Content.ParseRaw(evt.Type); err != nil {
			return
		}
		if mem, ok = evt.Content.Parsed.(*event.MemberEventContent); !ok {
			return
		}
	}
	if mem.Membership != event.MembershipLeave && mem.Membership != event.MembershipBan {
		return
	}
	if l := b.link(id.UserID(*evt.StateKey)); l != nil {
		b.forgetDMOf(ctx, l, evt.RoomID)
	}
}

// forgetDM forgets rid wherever it is an owner's DM with this bot.
func (b *botAccount) forgetDM(ctx context.Context, rid id.RoomID) {
	b.mu.Lock()
	links := make([]*ownerLink, 0, len(b.owners))
	for _, l := range b.owners {
		links = append(links, l)
	}
	b.mu.Unlock()
	for _, l := range links {
		b.forgetDMOf(ctx, l, rid)
	}
}

func (b *botAccount) forgetDMOf(ctx context.Context, l *ownerLink, rid id.RoomID) {
	l.dmMu.Lock()
	defer l.dmMu.Unlock()
	key := b.dmKey()
	if cur, err := b.state(l.ownerID).Get(ctx, key); err != nil || id.RoomID(cur) != rid {
		return
	}
	if err := b.state(l.ownerID).Delete(context.WithoutCancel(ctx), key); err != nil {
		b.log.Error().Err(err).Str("owner", l.ownerID).Msg("Failed to forget the warning DM the owner left")
		return
	}
	b.log.Info().Str("owner", l.ownerID).Str("room", string(rid)).Msg("The owner left the warning DM; the next warning opens a new one")
}

// notifier delivers an owner's warnings through this bot.
type notifier struct {
	bot      *botAccount
	link     *ownerLink
	mxid     id.UserID
	audience notify.Audience
}

var _ bot.Notifier = (*notifier)(nil)

// Warn sends the warning as m.text with HTML (notices don't push). The
// warning ID is the transaction ID, so a re-sent warning is not shown twice.
func (n *notifier) Warn(ctx context.Context, w *bot.Warning) error {
	m := n.audience.Render(w)
	content := &event.MessageEventContent{
		MsgType:       event.MsgText,
		Body:          m.Plain(),
		Format:        event.FormatHTML,
		FormattedBody: matrixHTML(m),
	}
	if err := n.bot.deliver(ctx, n.link, n.mxid, content, "sg-"+w.ID); err != nil {
		return fmt.Errorf("send warning to the owner's DM: %w", err)
	}
	return nil
}

// deliver posts content in the bot's DM with an owner; the bot's client
// checks, right before, that nobody else is joined or invited there: a
// warning quotes the sender, and an owner who invites someone into the DM
// (the sender, even) must not make SilentGuard write to them. A DM that
// fails the check is given up, and the content goes to a new one.
func (b *botAccount) deliver(ctx context.Context, link *ownerLink, owner id.UserID, content *event.MessageEventContent, txnID string) error {
	for range 2 {
		rid, err := b.dmRoom(ctx, link, owner)
		if err != nil {
			return err
		}
		err = b.cli.SendToOwner(ctx, rid, owner, content, txnID)
		if !errors.Is(err, role.ErrNotOwnerOnly) {
			return err
		}
		b.log.Warn().Err(err).Str("owner", link.ownerID).Str("room", string(rid)).
			Msg("Not writing in the warning DM: it is not the owner's and the bot's alone; opening a new one")
		b.forgetDMOf(ctx, link, rid)
	}
	return fmt.Errorf("no DM of only the owner and the bot: %w", role.ErrNotOwnerOnly)
}

// run syncs the bot: it joins DMs that owners open with it and answers
// their commands there. It never reads or writes anywhere else.
func (b *botAccount) run(ctx context.Context) {
	key := "since:" + string(b.cli.UserID())
	since, _ := b.state("").Get(ctx, key)
	backoff := time.Second
	for ctx.Err() == nil {
		resp, err := b.cli.Sync(ctx, since)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			b.log.Warn().Err(err).Dur("retry_in", backoff).Msg("Bot sync failed")
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, time.Minute)
			continue
		}
		backoff = time.Second
		if b.crypto != nil {
			b.crypto.ProcessSync(ctx, resp, since)
		}
		b.process(ctx, resp, since == "")
		if err := b.state("").Set(context.WithoutCancel(ctx), key, resp.NextBatch); err != nil {
			b.log.Error().Err(err).Msg("Failed to save the bot's sync position")
			continue
		}
		since = resp.NextBatch
	}
}

// joinOwnerDM joins a room an owner invited the bot to, if it is a direct
// invite to a room of only the two: an owner who invites the bot into a
// stranger's DM "to check it" must not make the warnings go there. Only the
// owner's account can read the room before the bot joins.
func (b *botAccount) joinOwnerDM(ctx context.Context, l *ownerLink, rid id.RoomID) {
	log := b.log.With().Str("owner", l.ownerID).Str("room", string(rid)).Logger()
	if l.reader == nil {
		log.Warn().Msg("No reader of the owner's account to check the room the owner invited the bot to; not joining")
		return
	}
	inv, err := role.CheckInvite(ctx, l.reader.cli, rid, b.cli.UserID())
	if err != nil {
		log.Warn().Err(err).Msg("The owner invited the bot to a room that is not a DM of only the two; not joining")
		return
	}
	// Join checks the room again as the bot, for an invite sent meanwhile;
	// one sent later is caught before every send.
	if err := b.cli.Join(ctx, inv); err != nil {
		log.Warn().Err(err).Msg("Not using the owner's DM: joining failed or it is not the owner's and the bot's alone")
		return
	}
	if err := b.state(l.ownerID).Set(ctx, b.dmKey(), string(rid)); err != nil {
		log.Error().Err(err).Msg("Failed to remember the owner's DM")
	}
}

func (b *botAccount) link(mxid id.UserID) *ownerLink {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.owners[mxid]
}

func (b *botAccount) process(ctx context.Context, resp *mautrix.RespSync, first bool) {
	for rid, inv := range resp.Rooms.Invite {
		var inviter id.UserID
		for _, evt := range inv.State.Events {
			if evt.Type == event.StateMember && evt.StateKey != nil && id.UserID(*evt.StateKey) == b.cli.UserID() {
				inviter = evt.Sender
			}
		}
		// The bot joins only rooms an owner opened with it.
		if l := b.link(inviter); l != nil {
			b.joinOwnerDM(ctx, l, rid)
		}
	}
	for rid, jr := range resp.Rooms.Join {
		for _, evt := range append(jr.State.Events, jr.Timeline.Events...) {
			evt.RoomID = rid
			if b.crypto != nil {
				b.crypto.UpdateState(ctx, evt)
			}
			b.ownerLeft(ctx, evt)
		}
	}
	for rid := range resp.Rooms.Leave {
		// The owner removed the bot from the DM: the next warning opens
		// a new one rather than going where nobody reads.
		b.forgetDM(ctx, rid)
	}
	if first {
		return // old commands are not answered again
	}
	for rid, jr := range resp.Rooms.Join {
		for _, evt := range jr.Timeline.Events {
			evt.RoomID = rid
			if evt.Type == event.EventEncrypted && b.crypto != nil && b.link(evt.Sender) != nil {
				if dec, err := b.crypto.Decrypt(ctx, evt); err == nil {
					evt = dec
				} else {
					b.log.Warn().Err(err).Msg("Cannot decrypt an owner's command")
				}
			}
			if evt.Type != event.EventMessage {
				continue
			}
			l := b.link(evt.Sender)
			if l == nil {
				continue
			}
			dm, _ := b.state(l.ownerID).Get(ctx, b.dmKey())
			if id.RoomID(dm) != rid {
				continue // commands count only in the owner's DM with the bot
			}
			var c event.MessageEventContent
			if json.Unmarshal(evt.Content.VeryRaw, &c) != nil || !bot.AnswersTo(c.Body, "!") {
				continue
			}
			reply := b.core.Command(ctx, bot.CommandInput{Owner: l.ownerID, Text: c.Body, Prefix: "!", Unreadable: l.reader.Unreadable()})
			// The answer goes where a warning would: to the DM once it
			// is checked, or to a new one.
			err := b.deliver(ctx, l, evt.Sender, &event.MessageEventContent{MsgType: event.MsgNotice, Body: reply}, "sg-reply-"+string(evt.ID))
			if err != nil {
				b.log.Warn().Err(err).Str("owner", l.ownerID).Msg("Failed to answer a command")
			}
		}
	}
}
