//go:build goolm

package role

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/sqlstatestore"
)

// CryptoBuilt tells whether this build has end-to-end encryption (the
// pure-Go olm of -tags goolm).
const CryptoBuilt = true

// CryptoConfig is where a device's encryption state lives.
type CryptoConfig struct {
	DB *dbutil.Database
	// State is mautrix's room state store (encryption settings, members),
	// shared by every device of the process (NewStateStore).
	State *sqlstatestore.SQLStateStore
	// PickleKey protects the olm account and keys at rest.
	PickleKey string
	Log       zerolog.Logger
}

// Crypto is one device's end-to-end encryption: mautrix's OlmMachine (the
// core of its cryptohelper) with its state in SilentGuard's database. The
// machine needs the *mautrix.Client and keeps it; Crypto keeps the machine
// unexported, so code outside this package reaches neither.
//
// The calls the machine makes with the client, and why those of a reader's
// device (strict) reach only the owner's own devices:
//   - UploadKeys (its own device and one-time keys, at start and when the
//     server says they run low) and QueryKeys (a read of device lists);
//   - on to-device events: room keys are stored (no answer); key requests
//     go to AllowKeyShare, which for a reader answers nobody, not even with
//     a refusal ("withheld" would be a message); secret requests are
//     answered only to the account's own cross-signed devices; a broken
//     olm session is repaired (an m.dummy via ClaimKeys and SendToDevice)
//     only with the account's own devices (NeedsUnwedgeCallback);
//   - SendToDevice of m.room_key_request, only from RequestKeys, addressed
//     to the owner's own other devices;
//   - GetAccountData and UploadSignatures, only from VerifyWithRecoveryKey:
//     the account's own secret storage and its own device's signature.
//
// The bot's device (not strict) also shares its room keys (ClaimKeys and
// SendToDevice) with the owner's devices, the only users it encrypts for.
type Crypto struct {
	mach  *crypto.OlmMachine
	state *sqlstatestore.SQLStateStore
	own   id.UserID
	log   zerolog.Logger

	mu        sync.Mutex
	requested map[id.SessionID]bool
}

// PrepareTables creates (or brings up to date) mautrix's state and crypto
// tables in db without any account: a database that state is about to be
// copied into.
func PrepareTables(ctx context.Context, db *dbutil.Database) error {
	if _, err := NewStateStore(ctx, db); err != nil {
		return err
	}
	store := crypto.NewSQLCryptoStore(db, dbutil.NoopLogger, "", "", nil)
	if err := store.DB.Upgrade(ctx); err != nil {
		return fmt.Errorf("upgrade the crypto store: %w", err)
	}
	return nil
}

// NewStateStore opens mautrix's room state store in db (its own tables and
// version table), shared by every device of this process.
func NewStateStore(ctx context.Context, db *dbutil.Database) (*sqlstatestore.SQLStateStore, error) {
	st := sqlstatestore.NewSQLStateStore(db, dbutil.NoopLogger, false)
	if err := st.Upgrade(ctx); err != nil {
		return nil, fmt.Errorf("upgrade the matrix state store: %w", err)
	}
	return st, nil
}

// newCrypto loads (or creates, on the very first start) the device's olm
// account. strict is for the owner's reader: it never sends anything to
// other people's devices (no key sharing, no unwedging m.dummy), since
// those could reach a watched sender and prove the account is alive.
func newCrypto(ctx context.Context, cli *mautrix.Client, cfg CryptoConfig, strict bool) (*Crypto, error) {
	if cli.DeviceID == "" {
		resp, err := cli.Whoami(ctx)
		if err != nil {
			return nil, fmt.Errorf("find the device ID: %w", err)
		}
		cli.DeviceID = resp.DeviceID
	}
	if cli.DeviceID == "" {
		return nil, errors.New("the access token has no device: encryption needs one")
	}
	// ForgetAccount deletes by this account ID: "<user id>|<device id>".
	accountID := string(cli.UserID) + "|" + string(cli.DeviceID)
	store := crypto.NewSQLCryptoStore(cfg.DB, dbutil.NoopLogger, accountID, cli.DeviceID, []byte(cfg.PickleKey))
	if err := store.DB.Upgrade(ctx); err != nil {
		return nil, fmt.Errorf("upgrade the crypto store: %w", err)
	}
	mlog := cfg.Log.With().Str("component", "crypto").Logger()
	mach := crypto.NewOlmMachine(cli, &mlog, store, cfg.State)
	c := &Crypto{mach: mach, state: cfg.State, own: cli.UserID, log: mlog, requested: map[id.SessionID]bool{}}
	if strict {
		// Nobody gets keys from the reader: a refusal would itself be a
		// to-device message ("withheld"), so say nothing at all.
		mach.AllowKeyShare = func(context.Context, *id.Device, event.RequestedKeyInfo) *crypto.KeyShareRejection {
			return &crypto.KeyShareRejectNoResponse
		}
		// Repair broken olm sessions only with the owner's own devices.
		mach.NeedsUnwedgeCallback = func(ctx context.Context, sender id.UserID, senderKey id.SenderKey) {
			if sender != c.own {
				c.log.Debug().Msg("Not unwedging an olm session with another user's device")
				return
			}
			go mach.UnwedgeDevice(context.WithoutCancel(ctx), sender, senderKey)
		}
	}
	if err := mach.Load(ctx); err != nil {
		return nil, fmt.Errorf("load the olm account: %w", err)
	}
	// Publishes the device keys once, when the account is new.
	if err := mach.ShareKeys(ctx, -1); err != nil {
		return nil, fmt.Errorf("upload device keys: %w", err)
	}
	return c, nil
}

// ProcessSync takes the keys, device lists and key counts of a sync batch.
func (c *Crypto) ProcessSync(ctx context.Context, resp *mautrix.RespSync, since string) {
	c.mach.ProcessSyncResponse(ctx, resp, since)
}

// UpdateState feeds a state event to the state store the olm machine
// reads (encryption settings, members).
func (c *Crypto) UpdateState(ctx context.Context, evt *event.Event) {
	if evt.StateKey == nil {
		return
	}
	if evt.Content.Parsed == nil {
		_ = evt.Content.ParseRaw(evt.Type)
	}
	mautrix.UpdateStateStore(ctx, c.state, evt)
}

// Decrypt returns the clear event of an m.room.encrypted one.
func (c *Crypto) Decrypt(ctx context.Context, evt *event.Event) (*event.Event, error) {
	if evt.Content.Parsed == nil {
		if err := evt.Content.ParseRaw(evt.Type); err != nil && !errors.Is(err, event.ErrContentAlreadyParsed) {
			return nil, err
		}
	}
	return c.mach.DecryptMegolmEvent(ctx, evt)
}

// RequestKeys asks the account's own other devices (never the sender's)
// for the key of a message that cannot be decrypted yet, once per session.
func (c *Crypto) RequestKeys(ctx context.Context, evt *event.Event) {
	content, ok := evt.Content.Parsed.(*event.EncryptedEventContent)
	if !ok {
		return
	}
	c.mu.Lock()
	done := c.requested[content.SessionID]
	c.requested[content.SessionID] = true
	c.mu.Unlock()
	if done {
		return
	}
	devices, err := c.mach.CryptoStore.GetDevices(ctx, c.own)
	if err != nil {
		return
	}
	if len(devices) == 0 {
		// Not tracked yet: a read of the owner's own device list.
		fetched, err := c.mach.FetchKeys(ctx, []id.UserID{c.own}, true)
		if err != nil {
			c.log.Warn().Err(err).Msg("Failed to list the owner's devices")
			return
		}
		devices = fetched[c.own]
	}
	var mine []id.DeviceID
	for devID := range devices {
		if devID != c.mach.Client.DeviceID {
			mine = append(mine, devID)
		}
	}
	if len(mine) == 0 {
		return
	}
	err = c.mach.SendRoomKeyRequest(ctx, evt.RoomID, content.SenderKey, content.SessionID, "",
		map[id.UserID][]id.DeviceID{c.own: mine})
	if err != nil {
		c.log.Warn().Err(err).Msg("Failed to ask the owner's devices for a room key")
	}
}

// VerifyWithRecoveryKey cross-signs this device with the owner's recovery
// key, so the owner's clients and bridges trust it.
func (c *Crypto) VerifyWithRecoveryKey(ctx context.Context, key string) error {
	return c.mach.VerifyWithRecoveryKey(ctx, key)
}

func (c *Crypto) isEncrypted(ctx context.Context, roomID id.RoomID) bool {
	ok, _ := c.state.IsEncrypted(ctx, roomID)
	return ok
}

// encryptFor prepares content for an encrypted room, sharing the session
// with the owner's devices first (only those that lack it: a new phone of
// the owner, say; a no-op otherwise).
func (c *Crypto) encryptFor(ctx context.Context, roomID id.RoomID, owner id.UserID, content any) (*event.EncryptedEventContent, error) {
	if err := c.mach.ShareGroupSession(ctx, roomID, []id.UserID{owner}); err != nil {
		return nil, fmt.Errorf("share the room key: %w", err)
	}
	return c.mach.EncryptMegolmEvent(ctx, roomID, event.EventMessage, content)
}

// noteNewDM tells the state store of a DM just created, encrypted, with
// the owner invited, before the bot's sync brings it.
func (c *Crypto) noteNewDM(ctx context.Context, rid id.RoomID, owner, bot id.UserID) {
	enc := encryptionEvent()
	enc.RoomID = rid
	c.UpdateState(ctx, enc)
	for uid, m := range map[id.UserID]event.Membership{owner: event.MembershipInvite, bot: event.MembershipJoin} {
		sk := string(uid)
		c.UpdateState(ctx, &event.Event{Type: event.StateMember, StateKey: &sk, RoomID: rid,
			Content: event.Content{Parsed: &event.MemberEventContent{Membership: m}}})
	}
}

// encryptionEvent is the state that makes a new room encrypted.
func encryptionEvent() *event.Event {
	empty := ""
	return &event.Event{Type: event.StateEncryption, StateKey: &empty,
		Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}}}
}
