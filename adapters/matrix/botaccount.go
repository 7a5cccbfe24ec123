package matrix

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
)

// botAdapter is the cursor namespace of a bot account.
const botAdapter = "matrix-bot"

// botAccount is the separate account that warns owners in a DM, so that
// warnings push-notify (a homeserver never notifies a user of their own
// events). It writes only to its DMs with owners.
type botAccount struct {
	engine *bot.Engine
	store  bot.Store
	log    zerolog.Logger
	cli    *mautrix.Client
	crypto *cryptoBox // nil without encryption

	mu sync.Mutex
	// owners maps an owner's Matrix ID to the owner id and their reader.
	owners map[id.UserID]*ownerLink
}

type ownerLink struct {
	ownerID string
	reader  *ownerSync
	dmMu    sync.Mutex
}

// dmRoom returns the bot's DM with an owner, creating it once and
// remembering it in the store.
func (b *botAccount) dmRoom(ctx context.Context, link *ownerLink, mxid id.UserID) (id.RoomID, error) {
	link.dmMu.Lock()
	defer link.dmMu.Unlock()
	key := "dm:" + string(b.cli.UserID)
	rid, err := b.store.Cursor(ctx, link.ownerID, botAdapter, key)
	if err != nil {
		return "", err
	}
	if rid != "" {
		return id.RoomID(rid), nil
	}
	req := &mautrix.ReqCreateRoom{
		Preset:   "trusted_private_chat",
		IsDirect: true,
		Invite:   []id.UserID{mxid},
		Name:     "SilentGuard",
		Topic:    "Private warnings about messages from unknown contacts",
	}
	if b.crypto != nil {
		// Encrypted from the start, so clients that insist on encryption
		// are content.
		req.InitialState = []*event.Event{encryptionEvent()}
	}
	resp, err := b.cli.CreateRoom(ctx, req)
	if err != nil {
		return "", fmt.Errorf("create the warning DM: %w", err)
	}
	if b.crypto != nil {
		enc := encryptionEvent()
		enc.RoomID = resp.RoomID
		b.crypto.updateState(ctx, enc)
		b.noteMember(ctx, resp.RoomID, mxid, event.MembershipInvite)
		b.noteMember(ctx, resp.RoomID, b.cli.UserID, event.MembershipJoin)
	}
	if err := b.store.SetCursor(context.WithoutCancel(ctx), link.ownerID, botAdapter, key, string(resp.RoomID)); err != nil {
		return "", fmt.Errorf("remember the warning DM: %w", err)
	}
	b.log.Info().Str("owner", link.ownerID).Str("room", string(resp.RoomID)).Msg("Created the warning DM with the owner")
	return resp.RoomID, nil
}

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
	key := "dm:" + string(b.cli.UserID)
	if cur, err := b.store.Cursor(ctx, l.ownerID, botAdapter, key); err != nil || id.RoomID(cur) != rid {
		return
	}
	if err := b.store.DeleteCursor(context.WithoutCancel(ctx), l.ownerID, botAdapter, key); err != nil {
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
	rid, err := n.bot.dmRoom(ctx, n.link, n.mxid)
	if err != nil {
		return err
	}
	m := n.audience.Render(w)
	content := &event.MessageEventContent{
		MsgType:       event.MsgText,
		Body:          m.Plain,
		Format:        event.FormatHTML,
		FormattedBody: m.MatrixHTML,
	}
	if err := n.bot.send(ctx, rid, n.mxid, content, "sg-"+w.ID); err != nil {
		return fmt.Errorf("send warning to the owner's DM: %w", err)
	}
	return nil
}

// send posts content in the bot's DM with an owner, encrypted when the
// room is.
func (b *botAccount) send(ctx context.Context, rid id.RoomID, owner id.UserID, content *event.MessageEventContent, txnID string) error {
	if b.crypto != nil && b.crypto.isEncrypted(ctx, rid) {
		enc, err := b.crypto.encrypt(ctx, rid, []id.UserID{owner}, content)
		if err != nil {
			return fmt.Errorf("encrypt: %w", err)
		}
		_, err = b.cli.SendMessageEvent(ctx, rid, event.EventEncrypted, enc, mautrix.ReqSendEvent{TransactionID: txnID})
		return err
	}
	_, err := b.cli.SendMessageEvent(ctx, rid, event.EventMessage, content, mautrix.ReqSendEvent{TransactionID: txnID})
	return err
}

func (b *botAccount) noteMember(ctx context.Context, rid id.RoomID, uid id.UserID, m event.Membership) {
	sk := string(uid)
	b.crypto.updateState(ctx, &event.Event{Type: event.StateMember, StateKey: &sk, RoomID: rid,
		Content: event.Content{Parsed: &event.MemberEventContent{Membership: m}}})
}

// run syncs the bot: it joins DMs that owners open with it and answers
// their commands there. It never reads or writes anywhere else.
func (b *botAccount) run(ctx context.Context) {
	key := "since:" + string(b.cli.UserID)
	since, _ := b.store.Cursor(ctx, "", botAdapter, key)
	backoff := time.Second
	for ctx.Err() == nil {
		resp, err := b.cli.FullSyncRequest(ctx, mautrix.ReqSync{Since: since, Timeout: 30000, SetPresence: event.PresenceOffline})
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
			b.crypto.processSync(ctx, resp, since)
		}
		b.process(ctx, resp, since == "")
		if err := b.store.SetCursor(context.WithoutCancel(ctx), "", botAdapter, key, resp.NextBatch); err != nil {
			b.log.Error().Err(err).Msg("Failed to save the bot's sync position")
			continue
		}
		since = resp.NextBatch
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
			if evt.Type == event.StateMember && evt.StateKey != nil && id.UserID(*evt.StateKey) == b.cli.UserID {
				inviter = evt.Sender
			}
		}
		// The bot joins only rooms an owner opened with it.
		if l := b.link(inviter); l != nil {
			if _, err := b.cli.JoinRoomByID(ctx, rid); err != nil {
				b.log.Warn().Err(err).Str("room", string(rid)).Msg("Failed to join an owner's DM")
			} else {
				_ = b.store.SetCursor(ctx, l.ownerID, botAdapter, "dm:"+string(b.cli.UserID), string(rid))
			}
		}
	}
	for rid, jr := range resp.Rooms.Join {
		for _, evt := range append(jr.State.Events, jr.Timeline.Events...) {
			evt.RoomID = rid
			if b.crypto != nil {
				b.crypto.updateState(ctx, evt)
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
				if dec, err := b.crypto.decrypt(ctx, evt); err == nil {
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
			dm, _ := b.store.Cursor(ctx, l.ownerID, botAdapter, "dm:"+string(b.cli.UserID))
			if id.RoomID(dm) != rid {
				continue // commands count only in the owner's DM with the bot
			}
			var c event.MessageEventContent
			if json.Unmarshal(evt.Content.VeryRaw, &c) != nil || !bot.AnswersTo(c.Body, "!") {
				continue
			}
			reply := b.engine.Command(ctx, bot.CommandInput{Owner: l.ownerID, Text: c.Body, Prefix: "!", Unreadable: l.reader.Unreadable()})
			err := b.send(ctx, rid, evt.Sender, &event.MessageEventContent{MsgType: event.MsgNotice, Body: reply}, "sg-reply-"+string(evt.ID))
			if err != nil {
				b.log.Warn().Err(err).Str("owner", l.ownerID).Msg("Failed to answer a command")
			}
		}
	}
}
