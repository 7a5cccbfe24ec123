package sqlstore

import (
	"context"
	"path/filepath"
	"testing"
	"time"

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
