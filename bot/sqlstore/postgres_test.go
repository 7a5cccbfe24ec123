package sqlstore

import (
	"context"
	"strings"
	"testing"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/storetest"
	"github.com/silentguard/silentguard/internal/pgtest"
)

func openPostgres(t *testing.T) *Store {
	t.Helper()
	s, err := OpenPostgres(context.Background(), pgtest.URI(t), PoolOptions{MaxOpenConns: 8, MaxIdleConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// openPostgresPair opens two stores on one new database, as two
// processes would.
func openPostgresPair(t *testing.T) (a, b *Store) {
	t.Helper()
	a = openPostgres(t)
	t.Cleanup(func() { a.Close() })
	b, err := OpenPostgres(context.Background(), a.pgcfg.ConnString(), PoolOptions{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}

// The contract, on a real PostgreSQL: a database of its own per case.
func TestContractPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store { return openPostgres(t) })
}

// The schema is the same upgrade files as SQLite's: the version recorded
// is the last one, and opening again upgrades nothing.
func TestPostgresSchemaAndReopen(t *testing.T) {
	ctx := context.Background()
	uri := pgtest.URI(t)
	s, err := OpenPostgres(ctx, uri, PoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var version int
	if err := s.DB().QueryRow(ctx, "SELECT version FROM "+VersionTable).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != len(upgradeTable) {
		t.Errorf("schema version %d, want %d", version, len(upgradeTable))
	}
	if err := s.Check(ctx); err != nil {
		t.Errorf("check: %v", err)
	}
	s.Close()
	s, err = OpenPostgres(ctx, uri, PoolOptions{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	s.Close()
}

// A bad URI is refused without showing its password.
func TestPostgresErrorsHidePassword(t *testing.T) {
	for _, uri := range []string{
		"postgres://sg:hunter2secret@127.0.0.1:1/sg?sslmode=disable&connect_timeout=2",
		"postgres://sg:hunter2secret@127.0.0.1:1/sg?sslmode=bogus",
		"host=127.0.0.1 port=1 user=sg password=hunter2secret connect_timeout=2 sslmode=disable",
	} {
		_, err := OpenPostgres(context.Background(), uri, PoolOptions{})
		if err == nil {
			t.Fatalf("%s: opened", uri)
		}
		if strings.Contains(err.Error(), "hunter2secret") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
}
