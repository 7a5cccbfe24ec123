//go:build goolm

package matrix_test

import (
	"context"
	"path/filepath"
	"testing"

	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix/crypto"

	"github.com/silentguard/silentguard/adapters/matrix"
	"github.com/silentguard/silentguard/bot/sqlstore"
)

// forget must take one owner's encryption state with it and leave the
// other owner's alone.
func TestForgetAccountDeletesCryptoState(t *testing.T) {
	ctx := context.Background()
	store, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "sg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	db := store.DB()
	if err := matrix.ForgetAccount(ctx, db, "@laura:example.org"); err != nil {
		t.Fatalf("forget before encryption ever ran: %v", err)
	}
	for _, acct := range []string{"@laura:example.org|LAURADEV", "@laura:example.org|OTHERDEV", "@marco:example.org|MARCODEV"} {
		cs := crypto.NewSQLCryptoStore(db, dbutil.NoopLogger, acct, "DEV", []byte("pickle"))
		if err := cs.DB.Upgrade(ctx); err != nil {
			t.Fatal(err)
		}
		if err := cs.PutAccount(ctx, crypto.NewOlmAccount()); err != nil {
			t.Fatal(err)
		}
	}
	if err := matrix.ForgetAccount(ctx, db, "@laura:example.org"); err != nil {
		t.Fatal(err)
	}
	count := func(like string) (n int) {
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM crypto_account WHERE account_id LIKE $1`, like).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("@laura:example.org|%"); n != 0 {
		t.Errorf("%d encryption accounts of the forgotten owner remain", n)
	}
	if n := count("@marco:example.org|%"); n != 1 {
		t.Errorf("the other owner's encryption account is gone (%d left)", n)
	}
}
