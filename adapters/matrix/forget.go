package matrix

import (
	"context"
	"fmt"

	"go.mau.fi/util/dbutil"

	"github.com/silentguard/silentguard/adapters/matrix/internal/role"
)

// PrepareDatabase creates the tables where the Matrix devices keep their
// room state and encryption keys, without any account, so that `db
// migrate` can copy a deployment's into them.
func PrepareDatabase(ctx context.Context, db *dbutil.Database) error {
	return role.PrepareTables(ctx, db)
}

// cryptoAccountTables are mautrix crypto's tables keyed by account: the
// device's own keys, its olm sessions, the room keys it received and its
// secrets (the recovery key's cross-signing keys).
var cryptoAccountTables = []string{
	"crypto_olm_message_hash", "crypto_olm_session", "crypto_megolm_inbound_session",
	"crypto_megolm_outbound_session", "crypto_secrets", "crypto_account",
}

// ForgetAccount deletes the end-to-end encryption state SilentGuard keeps
// for one Matrix account (all its devices): the room keys in it would
// still decrypt the owner's messages after `silentguard forget`.
func ForgetAccount(ctx context.Context, db *dbutil.Database, userID string) error {
	for _, table := range cryptoAccountTables {
		exists, err := db.TableExists(ctx, table)
		if err != nil {
			return fmt.Errorf("forget the encryption state of %s: %w", userID, err)
		}
		if !exists {
			continue // encryption never ran on this database
		}
		// The account id is "<user id>|<device id>" (see role.newCrypto).
		q := fmt.Sprintf(`DELETE FROM %s WHERE account_id LIKE $1 || '|%%'`, table)
		if _, err := db.Exec(ctx, q, userID); err != nil {
			return fmt.Errorf("forget the encryption state of %s in %s: %w", userID, table, err)
		}
	}
	return nil
}
