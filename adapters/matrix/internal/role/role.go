// Package role is the only code of SilentGuard that holds a *mautrix.Client.
// Each Matrix account SilentGuard uses gets a client that can make just the
// calls of its role, so that the rest of the adapter cannot act toward a
// watched sender, not even by mistake: there is no method to send into a
// watched room, mark it read, type, set presence, react, redact, write
// state, join or leave.
//
//   - Reader is the owner's account: it syncs with presence offline and
//     reads room state and history. Its encryption sends to-device
//     messages to the owner's own devices only (see Crypto).
//   - Bot is SilentGuard's own account: it opens DMs with the owner, joins
//     an owner's invite only once the owner's Reader has found the room to
//     hold the owner and the bot alone (OwnerInvite), and writes only to a
//     room it has just checked holds the owner and the bot alone.
package role

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// syncTimeout is how long a sync waits for new events.
const syncTimeout = 30000 // ms

// Reader is what SilentGuard may do with the owner's account: read.
type Reader interface {
	UserID() id.UserID
	// HasToken tells whether the reader has an access token.
	HasToken() bool
	// UseToken takes the token (and its device) of an earlier Login.
	UseToken(token string, device id.DeviceID)
	// Login logs in a new device named deviceName with the owner's
	// password; the reader keeps its token.
	Login(ctx context.Context, password, deviceName string) (*mautrix.RespLogin, error)
	// Sync is one long-polling /sync from since, with presence offline:
	// without it the server marks the owner online on every sync.
	Sync(ctx context.Context, since string) (*mautrix.RespSync, error)
	// State reads a room's current state.
	State(ctx context.Context, rid id.RoomID) (mautrix.RoomStateMap, error)
	// Messages reads a room's history backwards from the token from
	// (/messages: a plain read, no receipt).
	Messages(ctx context.Context, rid id.RoomID, from string, limit int) (*mautrix.RespMessages, error)
	// Crypto makes the reader's device an encryption device that sends
	// nothing to other users' devices.
	Crypto(ctx context.Context, cfg CryptoConfig) (*Crypto, error)
	// JoinedRooms lists the rooms the owner is joined to.
	JoinedRooms(ctx context.Context) ([]id.RoomID, error)
}

// Bot is what SilentGuard may do with its bot account: talk to the owner.
type Bot interface {
	UserID() id.UserID
	// Sync is one long-polling /sync from since, with presence offline.
	Sync(ctx context.Context, since string) (*mautrix.RespSync, error)
	// OpenDM creates a direct room with the owner invited, and nobody else.
	OpenDM(ctx context.Context, owner id.UserID, name, topic string) (id.RoomID, error)
	// FindDM looks, among the rooms the bot is joined to, for one the bot
	// created that holds the owner and the bot alone (a DM that OpenDM
	// made but whose ID was lost): reads only. "" when there is none.
	FindDM(ctx context.Context, owner id.UserID) (id.RoomID, error)
	// Join joins a room the owner's reader checked, then checks it again
	// as the bot: an error wrapping ErrNotOwnerOnly means the bot joined
	// but the room is not the owner's and the bot's alone.
	Join(ctx context.Context, inv OwnerInvite) error
	// SendToOwner sends content to rid after reading its members: it
	// refuses (ErrNotOwnerOnly) unless they are the bot and owner alone.
	// The content is encrypted for the owner's devices in an encrypted
	// room. txnID makes a re-send idempotent.
	SendToOwner(ctx context.Context, rid id.RoomID, owner id.UserID, content *event.MessageEventContent, txnID string) error
	// Crypto makes the bot's device an encryption device; SendToOwner and
	// OpenDM use it from then on.
	Crypto(ctx context.Context, cfg CryptoConfig) (*Crypto, error)
}

var (
	_ Reader = (*reader)(nil)
	_ Bot    = (*botClient)(nil)
)

// ErrNotOwnerOnly means a room is not a DM of only the owner and the bot:
// someone else is joined or invited (and would read what the bot writes),
// or one of the two is not in it.
var ErrNotOwnerOnly = errors.New("not a DM of only the owner and the bot")

func newClient(homeserver string, user id.UserID, token string, hc *http.Client) (*mautrix.Client, error) {
	cli, err := mautrix.NewClient(homeserver, user, token)
	if err != nil {
		return nil, fmt.Errorf("matrix client for %s: %w", user, err)
	}
	if hc != nil {
		cli.Client = hc
	}
	cli.Log = zerolog.Nop()
	return cli, nil
}

func syncOnce(ctx context.Context, cli *mautrix.Client, since string) (*mautrix.RespSync, error) {
	return cli.FullSyncRequest(ctx, mautrix.ReqSync{Since: since, Timeout: syncTimeout, SetPresence: event.PresenceOffline})
}

type reader struct{ cli *mautrix.Client }

// NewReader makes the owner's reader; token and device may be empty until
// Login or UseToken. It makes no network call.
func NewReader(homeserver string, user id.UserID, token string, device id.DeviceID, hc *http.Client) (Reader, error) {
	cli, err := newClient(homeserver, user, token, hc)
	if err != nil {
		return nil, err
	}
	cli.DeviceID = device
	return &reader{cli: cli}, nil
}

// NewAppserviceReader makes the reader of a user whom an appservice
// protects: it reads as the user with the appservice's token (the spec's
// ?user_id= identity assertion), so the user gives no password and gets no
// device. Only its reads are used (State, Messages, JoinedRooms): a Sync
// would mark the user online, and Login or Crypto would make a device.
func NewAppserviceReader(homeserver string, user id.UserID, asToken string, hc *http.Client) (Reader, error) {
	cli, err := newClient(homeserver, user, asToken, hc)
	if err != nil {
		return nil, err
	}
	cli.SetAppServiceUserID = true
	return &reader{cli: cli}, nil
}

func (r *reader) UserID() id.UserID { return r.cli.UserID }
func (r *reader) HasToken() bool    { return r.cli.AccessToken != "" }

func (r *reader) JoinedRooms(ctx context.Context) ([]id.RoomID, error) {
	resp, err := r.cli.JoinedRooms(ctx)
	if err != nil {
		return nil, err
	}
	return resp.JoinedRooms, nil
}

func (r *reader) UseToken(token string, device id.DeviceID) {
	r.cli.AccessToken, r.cli.DeviceID = token, device
}

func (r *reader) Login(ctx context.Context, password, deviceName string) (*mautrix.RespLogin, error) {
	return r.cli.Login(ctx, &mautrix.ReqLogin{
		Type:                     mautrix.AuthTypePassword,
		Identifier:               mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: string(r.cli.UserID)},
		Password:                 password,
		InitialDeviceDisplayName: deviceName,
		StoreCredentials:         true,
	})
}

func (r *reader) Sync(ctx context.Context, since string) (*mautrix.RespSync, error) {
	return syncOnce(ctx, r.cli, since)
}

func (r *reader) State(ctx context.Context, rid id.RoomID) (mautrix.RoomStateMap, error) {
	return r.cli.State(ctx, rid)
}

func (r *reader) Messages(ctx context.Context, rid id.RoomID, from string, limit int) (*mautrix.RespMessages, error) {
	return r.cli.Messages(ctx, rid, from, "", mautrix.DirectionBackward, nil, limit)
}

func (r *reader) Crypto(ctx context.Context, cfg CryptoConfig) (*Crypto, error) {
	return newCrypto(ctx, r.cli, cfg, true)
}

// OwnerInvite is an invite of the bot that the owner's reader found to be
// a direct invite from the owner to a room of only the two. Only
// CheckInvite makes one.
type OwnerInvite struct {
	room       id.RoomID
	owner, bot id.UserID
}

// CheckInvite reads, as the owner, a room the bot is invited to (the bot
// cannot read it before it joins), and returns the invite if the bot may
// join: a direct invite from the owner, with nobody else joined or invited.
//
// A server may put an invite in the invitee's sync before the room's state
// holds it (Dendrite does): a state without the bot's invite is read again
// a few times before the invite is refused.
func CheckInvite(ctx context.Context, r Reader, rid id.RoomID, bot id.UserID) (OwnerInvite, error) {
	delay := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		state, err := r.State(ctx, rid)
		if err != nil {
			return OwnerInvite{}, fmt.Errorf("read the room as the owner: %w", err)
		}
		err = checkInvite(state, r.UserID(), bot)
		if err == nil {
			return OwnerInvite{room: rid, owner: r.UserID(), bot: bot}, nil
		}
		if !errors.Is(err, errInviteNotInState) || attempt == inviteReads {
			return OwnerInvite{}, err
		}
		select {
		case <-ctx.Done():
			return OwnerInvite{}, ctx.Err()
		case <-time.After(delay):
		}
		delay *= 2
	}
}

// inviteReads bounds the reads of CheckInvite (1.5 s of waiting).
const inviteReads = 5

type botClient struct {
	cli    *mautrix.Client
	crypto atomic.Pointer[Crypto] // nil without encryption
}

// NewBot makes the bot account's client. It makes no network call.
func NewBot(homeserver string, user id.UserID, token string, hc *http.Client) (Bot, error) {
	cli, err := newClient(homeserver, user, token, hc)
	if err != nil {
		return nil, err
	}
	return &botClient{cli: cli}, nil
}

func (b *botClient) UserID() id.UserID { return b.cli.UserID }

func (b *botClient) Sync(ctx context.Context, since string) (*mautrix.RespSync, error) {
	return syncOnce(ctx, b.cli, since)
}

func (b *botClient) OpenDM(ctx context.Context, owner id.UserID, name, topic string) (id.RoomID, error) {
	req := &mautrix.ReqCreateRoom{
		Preset:   "trusted_private_chat",
		IsDirect: true,
		Invite:   []id.UserID{owner},
		Name:     name,
		Topic:    topic,
	}
	c := b.crypto.Load()
	if c != nil {
		// Encrypted from the start, so clients that insist on encryption
		// are content.
		req.InitialState = []*event.Event{encryptionEvent()}
	}
	resp, err := b.cli.CreateRoom(ctx, req)
	if err != nil {
		return "", fmt.Errorf("create a DM with the owner: %w", err)
	}
	if c != nil {
		c.noteNewDM(ctx, resp.RoomID, owner, b.cli.UserID)
	}
	return resp.RoomID, nil
}

func (b *botClient) FindDM(ctx context.Context, owner id.UserID) (id.RoomID, error) {
	joined, err := b.cli.JoinedRooms(ctx)
	if err != nil {
		return "", fmt.Errorf("list the bot's rooms: %w", err)
	}
	for _, rid := range joined.JoinedRooms {
		state, err := b.cli.State(ctx, rid)
		if err != nil {
			return "", fmt.Errorf("read the bot's room: %w", err)
		}
		create := state[event.StateCreate][""]
		if create == nil || create.Sender != b.cli.UserID {
			continue
		}
		if checkDM(state, owner, b.cli.UserID) == nil {
			return rid, nil
		}
	}
	return "", nil
}

func (b *botClient) Join(ctx context.Context, inv OwnerInvite) error {
	if inv.room == "" || inv.bot != b.cli.UserID {
		return errors.New("not an invite checked for this bot")
	}
	if _, err := b.cli.JoinRoomByID(ctx, inv.room); err != nil {
		return fmt.Errorf("join the owner's DM: %w", err)
	}
	// Once more as the bot, for an invite sent meanwhile (a room's
	// creation invites one user at a time).
	return b.checkDM(ctx, inv.room, inv.owner)
}

func (b *botClient) SendToOwner(ctx context.Context, rid id.RoomID, owner id.UserID, content *event.MessageEventContent, txnID string) error {
	if err := b.checkDM(ctx, rid, owner); err != nil {
		return err
	}
	evtType, payload := event.EventMessage, any(content)
	if c := b.crypto.Load(); c != nil && c.isEncrypted(ctx, rid) {
		enc, err := c.encryptFor(ctx, rid, owner, content)
		if err != nil {
			return fmt.Errorf("encrypt: %w", err)
		}
		evtType, payload = event.EventEncrypted, enc
	}
	_, err := b.cli.SendMessageEvent(ctx, rid, evtType, payload, mautrix.ReqSendEvent{TransactionID: txnID})
	return err
}

// checkDM reads a room's members as the bot and tells whether the bot may
// write there.
func (b *botClient) checkDM(ctx context.Context, rid id.RoomID, owner id.UserID) error {
	state, err := b.cli.State(ctx, rid)
	if err != nil {
		return fmt.Errorf("read the DM's members: %w", err)
	}
	return checkDM(state, owner, b.cli.UserID)
}

func (b *botClient) Crypto(ctx context.Context, cfg CryptoConfig) (*Crypto, error) {
	c, err := newCrypto(ctx, b.cli, cfg, false)
	if err != nil {
		return nil, err
	}
	b.crypto.Store(c)
	return c, nil
}
