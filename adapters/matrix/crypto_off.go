//go:build !goolm

package matrix

import (
	"context"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/sqlstatestore"
)

// cryptoBuilt: this build has no end-to-end encryption. Build with
// -tags goolm (pure Go) to read encrypted rooms.
const cryptoBuilt = false

type cryptoBox struct{}

func newStateStore(context.Context, *dbutil.Database) (*sqlstatestore.SQLStateStore, error) {
	return nil, ErrNoCrypto
}

func newCrypto(context.Context, *mautrix.Client, *dbutil.Database, *sqlstatestore.SQLStateStore, string, bool, zerolog.Logger) (*cryptoBox, error) {
	return nil, ErrNoCrypto
}

func (*cryptoBox) processSync(context.Context, *mautrix.RespSync, string) {}
func (*cryptoBox) updateState(context.Context, *event.Event)              {}
func (*cryptoBox) decrypt(context.Context, *event.Event) (*event.Event, error) {
	return nil, ErrNoCrypto
}
func (*cryptoBox) requestKeys(context.Context, *event.Event)           {}
func (*cryptoBox) isEncrypted(context.Context, id.RoomID) bool         { return false }
func (*cryptoBox) verifyWithRecoveryKey(context.Context, string) error { return ErrNoCrypto }
func (*cryptoBox) encrypt(context.Context, id.RoomID, []id.UserID, any) (*event.EncryptedEventContent, error) {
	return nil, ErrNoCrypto
}
func encryptionEvent() *event.Event { return nil }
