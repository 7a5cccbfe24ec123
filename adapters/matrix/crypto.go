//go:build goolm

package matrix

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

// cryptoBuilt tells whether this build has end-to-end encryption (the
// pure-Go olm of -tags goolm).
const cryptoBuilt = true

// cryptoBox is one device's end-to-end encryption: mautrix's OlmMachine
// with its state in SilentGuard's own database.
type cryptoBox struct {
	mach  *crypto.OlmMachine
	state *sqlstatestore.SQLStateStore
	own   id.UserID
	log   zerolog.Logger

	mu        sync.Mutex
	requested map[id.SessionID]bool
}

// newStateStore opens mautrix's room state store in db (its own tables and
// version table), shared by every device of this process.
func newStateStore(ctx context.Context, db *dbutil.Database) (*sqlstatestore.SQLStateStore, error) {
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
func newCrypto(ctx context.Context, cli *mautrix.Client, db *dbutil.Database, state *sqlstatestore.SQLStateStore,
	pickleKey string, strict bool, log zerolog.Logger) (*cryptoBox, error) {
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
	accountID := string(cli.UserID) + "|" + string(cli.DeviceID)
	store := crypto.NewSQLCryptoStore(db, dbutil.NoopLogger, accountID, cli.DeviceID, []byte(pickleKey))
	if err := store.DB.Upgrade(ctx); err != nil {
		return nil, fmt.Errorf("upgrade the crypto store: %w", err)
	}
	mlog := log.With().Str("component", "crypto").Logger()
	mach := crypto.NewOlmMachine(cli, &mlog, store, state)
	c := &cryptoBox{mach: mach, state: state, own: cli.UserID, log: mlog, requested: map[id.SessionID]bool{}}
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

func (c *cryptoBox) processSync(ctx context.Context, resp *mautrix.RespSync, since string) {
	c.mach.ProcessSyncResponse(ctx, resp, since)
}

// updateState feeds a state event to the state store the olm machine
// reads (encryption settings, members).
func (c *cryptoBox) updateState(ctx context.Context, evt *event.Event) {
	if evt.StateKey == nil {
		return
	}
	if evt.Content.Parsed == nil {
		_ = evt.Content.ParseRaw(evt.Type)
	}
	mautrix.UpdateStateStore(ctx, c.state, evt)
}

// decrypt returns the clear event of an m.room.encrypted one.
func (c *cryptoBox) decrypt(ctx context.Context, evt *event.Event) (*event.Event, error) {
	if evt.Content.Parsed == nil {
		if err := evt.Content.ParseRaw(evt.Type); err != nil && !errors.Is(err, event.ErrContentAlreadyParsed) {
			return nil, err
		}
	}
	return c.mach.DecryptMegolmEvent(ctx, evt)
}

// requestKeys asks the owner's own other devices (never the sender's)
// for the key of a message that cannot be decrypted yet, once per session.
func (c *cryptoBox) requestKeys(ctx context.Context, evt *event.Event) {
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

func (c *cryptoBox) isEncrypted(ctx context.Context, roomID id.RoomID) bool {
	ok, _ := c.state.IsEncrypted(ctx, roomID)
	return ok
}

// encrypt prepares content for an encrypted room, sharing the session
// with users' devices first.
func (c *cryptoBox) encrypt(ctx context.Context, roomID id.RoomID, users []id.UserID, content any) (*event.EncryptedEventContent, error) {
	// Shares only with devices that lack the session (a new phone of the
	// owner, say); a no-op otherwise.
	if err := c.mach.ShareGroupSession(ctx, roomID, users); err != nil {
		return nil, fmt.Errorf("share the room key: %w", err)
	}
	return c.mach.EncryptMegolmEvent(ctx, roomID, event.EventMessage, content)
}

// verifyWithRecoveryKey cross-signs this device with the owner's recovery
// key, so the owner's clients and bridges trust it.
func (c *cryptoBox) verifyWithRecoveryKey(ctx context.Context, key string) error {
	return c.mach.VerifyWithRecoveryKey(ctx, key)
}

// encryptionEvent is the state that makes a new room encrypted.
func encryptionEvent() *event.Event {
	empty := ""
	return &event.Event{Type: event.StateEncryption, StateKey: &empty,
		Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}}}
}
