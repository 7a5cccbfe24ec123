//go:build !goolm

package role

import (
	"context"
	"errors"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/sqlstatestore"
)

// CryptoBuilt: this build has no end-to-end encryption. Build with
// -tags goolm (pure Go) to read encrypted rooms.
const CryptoBuilt = false

// errNoCrypto is what encryption calls return in this build.
var errNoCrypto = errors.New("this binary was built without end-to-end encryption (-tags goolm)")

// CryptoConfig is where a device's encryption state would live.
type CryptoConfig struct {
	DB        *dbutil.Database
	State     *sqlstatestore.SQLStateStore
	PickleKey string
	Log       zerolog.Logger
}

// Crypto does nothing in this build.
type Crypto struct{}

func PrepareTables(context.Context, *dbutil.Database) error { return errNoCrypto }

func NewStateStore(context.Context, *dbutil.Database) (*sqlstatestore.SQLStateStore, error) {
	return nil, errNoCrypto
}

func newCrypto(context.Context, *mautrix.Client, CryptoConfig, bool) (*Crypto, error) {
	return nil, errNoCrypto
}

func (*Crypto) ProcessSync(context.Context, *mautrix.RespSync, string) {}
func (*Crypto) UpdateState(context.Context, *event.Event)              {}
func (*Crypto) Decrypt(context.Context, *event.Event) (*event.Event, error) {
	return nil, errNoCrypto
}
func (*Crypto) RequestKeys(context.Context, *event.Event)           {}
func (*Crypto) VerifyWithRecoveryKey(context.Context, string) error { return errNoCrypto }
func (*Crypto) isEncrypted(context.Context, id.RoomID) bool         { return false }
func (*Crypto) encryptFor(context.Context, id.RoomID, id.UserID, any) (*event.EncryptedEventContent, error) {
	return nil, errNoCrypto
}
func (*Crypto) noteNewDM(context.Context, id.RoomID, id.UserID, id.UserID) {}
func encryptionEvent() *event.Event                                        { return nil }
