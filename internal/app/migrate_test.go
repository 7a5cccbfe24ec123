//go:build goolm

package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix/crypto"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/sqlstatestore"

	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/internal/pgtest"
)

// The Matrix devices' state, as mautrix writes it into SQLite (booleans
// as integers, keys as blobs, times as text), reads back through mautrix
// from PostgreSQL after a migration: the same device keys, the same room
// key, the same room state.
func TestMigrateMatrixState(t *testing.T) {
	ctx := context.Background()
	uri := pgtest.URI(t)
	path := filepath.Join(t.TempDir(), "sg.db")
	const (
		room   = id.RoomID("!dm:example.org")
		laura  = id.UserID("@laura:example.org")
		device = id.DeviceID("SGREADER")
		pickle = "a pickle key of the test"
	)
	account := string(laura) + "|" + string(device)
	src, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	state, cs := mautrixStores(t, src.DB(), account, device, pickle)
	must(t, state.SetMembership(ctx, room, laura, event.MembershipJoin))
	must(t, state.SetEncryptionEvent(ctx, room, &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}))
	acc := crypto.NewOlmAccount()
	acc.Shared = true
	must(t, cs.PutAccount(ctx, acc))
	must(t, cs.PutNextBatch(ctx, "s72595_4483_1934"))
	must(t, cs.PutDevice(ctx, laura, &id.Device{UserID: laura, DeviceID: "PHONE", IdentityKey: "idkey", SigningKey: "sigkey", Deleted: true, Name: "phone"}))
	out, err := crypto.NewOutboundGroupSession(room, &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}, nil)
	must(t, err)
	out.Shared = true
	must(t, cs.AddOutboundGroupSession(ctx, out))
	src.Close()

	counts, err := Migrate(ctx, path, uri, zerolog.Nop())
	must(t, err)
	copied := map[string]int{}
	for _, c := range counts {
		copied[c.Table] = c.Rows
	}
	for _, tbl := range []string{"crypto_account", "crypto_device", "crypto_megolm_outbound_session", "mx_room_state", "mx_user_profile"} {
		if copied[tbl] == 0 {
			t.Errorf("no rows of %s copied: %v", tbl, counts)
		}
	}

	dst, err := sqlstore.OpenPostgres(ctx, uri, sqlstore.PoolOptions{MaxOpenConns: 2})
	must(t, err)
	defer dst.Close()
	state, cs = mautrixStores(t, dst.DB(), account, device, pickle)
	if enc, err := state.IsEncrypted(ctx, room); err != nil || !enc {
		t.Errorf("the room is no longer known to be encrypted: %v %v", enc, err)
	}
	if m, err := state.GetMembership(ctx, room, laura); err != nil || m != event.MembershipJoin {
		t.Errorf("membership %q %v", m, err)
	}
	got, err := cs.GetAccount(ctx)
	if err != nil || got == nil || got.IdentityKey() != acc.IdentityKey() || !got.Shared {
		t.Fatalf("the device's account did not survive: %+v %v", got, err)
	}
	if cs.SyncToken != "s72595_4483_1934" {
		t.Errorf("sync token %q", cs.SyncToken)
	}
	if d, err := cs.GetDevice(ctx, laura, "PHONE"); err != nil || d == nil || !d.Deleted || d.Name != "phone" {
		t.Errorf("device %+v %v", d, err)
	}
	o, err := cs.GetOutboundGroupSession(ctx, room)
	if err != nil || o == nil || o.ID() != out.ID() || !o.Shared || o.CreationTime.Sub(out.CreationTime).Abs() > time.Millisecond {
		t.Errorf("the room key did not survive: %+v %v", o, err)
	}
}

func mautrixStores(t *testing.T, db *dbutil.Database, account string, device id.DeviceID, pickle string) (*sqlstatestore.SQLStateStore, *crypto.SQLCryptoStore) {
	t.Helper()
	ctx := context.Background()
	state := sqlstatestore.NewSQLStateStore(db, dbutil.NoopLogger, false)
	must(t, state.Upgrade(ctx))
	cs := crypto.NewSQLCryptoStore(db, dbutil.NoopLogger, account, device, []byte(pickle))
	must(t, cs.DB.Upgrade(ctx))
	return state, cs
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A target with rows in any table, even one the source lacks (another
// program's, or the Matrix devices' when the source has none), is refused,
// naming the table and a row's key; nothing is copied.
func TestMigrateRefusesATargetWithRows(t *testing.T) {
	ctx := context.Background()
	uri := pgtest.URI(t)
	path := filepath.Join(t.TempDir(), "sg.db")
	src, err := sqlstore.OpenSQLite(ctx, path)
	must(t, err)
	src.Close()
	dst, err := sqlstore.OpenPostgres(ctx, uri, sqlstore.PoolOptions{MaxOpenConns: 2})
	must(t, err)
	defer dst.Close()
	_, err = dst.DB().RawDB.ExecContext(ctx, `CREATE TABLE other_app (name TEXT PRIMARY KEY, note TEXT);
		INSERT INTO other_app VALUES ('kept', 'not SilentGuard''s')`)
	must(t, err)
	_, err = Migrate(ctx, path, uri, zerolog.Nop())
	if !errors.Is(err, ErrTargetNotEmpty) || !strings.Contains(err.Error(), "table other_app has 1 rows") ||
		!strings.Contains(err.Error(), `name="kept"`) {
		t.Fatalf("migrate into a target with another table's row: %v, want ErrTargetNotEmpty naming other_app and its row", err)
	}
	var n int
	must(t, dst.DB().RawDB.QueryRowContext(ctx, `SELECT COUNT(*) FROM secret`).Scan(&n))
	if n != 0 {
		t.Errorf("%d secrets copied by a refused migration", n)
	}
}

// A value that does not convert stops the migration with an error that
// names the table, the row's key, the column and the value.
func TestMigrateNamesTheRowThatDoesNotConvert(t *testing.T) {
	ctx := context.Background()
	uri := pgtest.URI(t)
	path := filepath.Join(t.TempDir(), "sg.db")
	src, err := sqlstore.OpenSQLite(ctx, path)
	must(t, err)
	mautrixStores(t, src.DB(), "@laura:example.org|SGREADER", "SGREADER", "a pickle key of the test")
	_, err = src.DB().RawDB.ExecContext(ctx, `INSERT INTO crypto_olm_session (account_id, session_id, sender_key, session, created_at, last_decrypted, last_encrypted)
		VALUES ('acc', 'sess1', 'key', x'00', 'the day before yesterday', '2026-01-01 00:00:00', '2026-01-01 00:00:00')`)
	must(t, err)
	src.Close()
	_, err = Migrate(ctx, path, uri, zerolog.Nop())
	for _, want := range []string{"crypto_olm_session", `account_id="acc"`, `session_id="sess1"`, "created_at", `"the day before yesterday" is a time that does not parse`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("migrate with a time that does not parse: %v, want it to name %s", err, want)
		}
	}
}
