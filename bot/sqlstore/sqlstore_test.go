package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mau.fi/util/dbutil"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/storetest"
)

func TestSchemaUpgradeAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sg.db")
	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	c := &bot.Conversation{Owner: "o", Platform: "sms", Key: "k", Sender: bot.Sender{ID: "x"},
		FirstSeen: time.Now(), LastSeen: time.Now(), StoredAt: time.Now(), State: bot.StateWatching}
	if err := s.SaveConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = OpenSQLite(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	var version int
	if err := s.DB().QueryRow(ctx, "SELECT version FROM "+VersionTable).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != len(upgradeTable) {
		t.Errorf("schema version %d, want %d", version, len(upgradeTable))
	}
	got, err := s.Conversation(ctx, "o", "sms", "k")
	if err != nil || got.ID != c.ID {
		t.Errorf("conversation after reopen: %+v %v", got, err)
	}
	if _, err := s.Conversation(ctx, "o", "sms", "nope"); err != bot.ErrNotFound {
		t.Errorf("missing conversation: %v, want ErrNotFound", err)
	}
}

func TestMarkEventIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, err := OpenSQLite(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := &bot.Conversation{Owner: "o", Platform: "sms", Key: "k", Sender: bot.Sender{ID: "x"}, State: bot.StateWatching}
	if err := s.SaveConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	first, err1 := s.MarkEvent(ctx, c.ID, "e1")
	again, err2 := s.MarkEvent(ctx, c.ID, "e1")
	if err1 != nil || err2 != nil || !first || again {
		t.Errorf("MarkEvent: %v %v / %v %v", first, err1, again, err2)
	}
}

// A row stored by an older version with a first_seen in the future is
// purged by the time it was stored.
func TestPurgeIgnoresFutureFirstSeen(t *testing.T) {
	ctx := context.Background()
	s, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "sg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stored := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &bot.Conversation{Owner: "o", Platform: "sms", Key: "k", Sender: bot.Sender{ID: "x"},
		FirstSeen: stored.AddDate(5, 0, 0), LastSeen: stored.AddDate(5, 0, 0), StoredAt: stored, State: bot.StateWatching}
	if err := s.SaveConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Purge(ctx, stored.AddDate(0, 1, 0)); err != nil || n != 1 {
		t.Errorf("purged %d (%v), want the conversation stored a month before the cutoff", n, err)
	}
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store {
		s, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "sg.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

//go:embed testdata/upgrades-v2/*.sql
var upgradesV2 embed.FS

// A database made by the previous release (schema v2) is brought up to
// date at open, keeps its rows, and works as a new one does.
func TestUpgradeFromV2(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sg.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	old, err := dbutil.NewWithDB(raw, "sqlite")
	if err != nil {
		t.Fatal(err)
	}
	old.Owner, old.VersionTable = "silentguard", VersionTable
	old.UpgradeTable = dbutil.BuildUpgradeTable().WithFSPath(upgradesV2, "testdata/upgrades-v2").Finish()
	if err := old.Upgrade(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO conversation (owner, platform, conv_key, sender_id, first_seen, last_seen, state, turns, stored_at)
			VALUES ('o', 'sms', 'k', 'x', 1, 1, 'watching', 1, 1)`,
		`INSERT INTO warning (id, ref, owner, conv_id, level, created_at) VALUES ('w1', 'AAAA', 'o', 1, 2, 5000), ('w2', 'BBBB', 'o', 1, 2, 4000)`,
		`INSERT INTO delivery (warning_id, target, state) VALUES ('w1', 'o/x', 'pending'), ('w2', 'o/x', 'pending')`,
		`INSERT INTO seen_event (conv_id, event_id) VALUES (1, 'e1')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatalf("open a v2 database: %v", err)
	}
	defer s.Close()
	var version int
	if err := s.raw.QueryRow("SELECT version FROM " + VersionTable).Scan(&version); err != nil || version != len(upgradeTable) {
		t.Fatalf("schema version %d (%v), want %d", version, err, len(upgradeTable))
	}
	c, err := s.Conversation(ctx, "o", "sms", "k")
	if err != nil || c.TurnCount != 1 || c.Version != 0 {
		t.Fatalf("the v2 row: %+v %v", c, err)
	}
	if fresh, err := s.MarkEvent(ctx, c.ID, "e1"); err != nil || fresh {
		t.Errorf("an event seen before the upgrade: new=%v %v", fresh, err)
	}
	if due, err := s.DueDeliveries(ctx, "o/x", time.Now(), 10); err != nil || len(due) != 2 || due[0].WarningID != "w2" {
		t.Errorf("the v2 queue, oldest first: %+v %v", due, err)
	}
	stale := *c
	c.TurnCount = 2
	if err := s.SaveConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveConversation(ctx, &stale); !errors.Is(err, bot.ErrConflict) {
		t.Errorf("stale save on an upgraded database: %v", err)
	}
	// The upgraded schema is the one a new database gets.
	fresh, _ := openTest(t)
	if got, want := schemaOf(t, s.raw), schemaOf(t, fresh.raw); got != want {
		t.Errorf("upgraded schema:\n%s\nnew database's:\n%s", got, want)
	}
	// A target's queue is read in the order of its index: no join, no
	// sort, however long the queue.
	rows, err := s.raw.Query(`EXPLAIN QUERY PLAN `+sqliteParams(qDue), "o/x", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		var step string
		if err := rows.Scan(new(int), new(int), new(int), &step); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, step)
	}
	rows.Close()
	if len(plan) != 1 || !strings.Contains(plan[0], "delivery_state_idx") {
		t.Errorf("due deliveries read with %q, want one search of delivery_state_idx", plan)
	}
}

// schemaOf lists the tables' columns and the indexes, in order.
func schemaOf(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT m.type, m.name || CASE WHEN t.wr THEN ' without rowid' ELSE '' END,
			COALESCE(p.name, ''), COALESCE(p.type, ''), COALESCE(p."notnull", 0), COALESCE(p.dflt_value, '')
		FROM sqlite_master m LEFT JOIN pragma_table_info(m.name) p ON m.type = 'table'
		LEFT JOIN pragma_table_list t ON t.name = m.name AND t.schema = 'main'
		WHERE m.name NOT LIKE 'sqlite_%' ORDER BY m.type, m.name, p.name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, col, ctype, dflt string
		var notNull int
		if err := rows.Scan(&typ, &name, &col, &ctype, &notNull, &dflt); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s %s %s %d %s\n", typ, name, col, ctype, notNull, dflt)
	}
	return b.String()
}

// A secret is made once and then read back, by every later open too.
func TestSecretIsMadeOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sg.db")
	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Secret(ctx, "k", 32)
	if err != nil || len(a) != 32 {
		t.Fatalf("secret: %d bytes, %v", len(a), err)
	}
	if b, err := s.Secret(ctx, "k", 32); err != nil || !bytes.Equal(a, b) {
		t.Fatalf("asked again: %x %v, want %x", b, err, a)
	}
	if other, _ := s.Secret(ctx, "other", 32); bytes.Equal(a, other) {
		t.Fatal("two names share a secret")
	}
	s.Close()
	s, err = OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if b, err := s.Secret(ctx, "k", 32); err != nil || !bytes.Equal(a, b) {
		t.Fatalf("after reopening: %x %v, want %x", b, err, a)
	}
}
