package appservice

import (
	"context"
	"fmt"
	"testing"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/internal/bottest"
	"github.com/silentguard/silentguard/internal/testwait"
)

// slowListStore holds every listing of the appservice's stored state
// until its context ends and then fails as a database driver does.
type slowListStore struct {
	*sqlstore.Store
	entered chan struct{}
}

func (s *slowListStore) CursorsWithPrefix(ctx context.Context, owner, adapter, prefix string) (map[string]string, error) {
	select {
	case s.entered <- struct{}{}:
	default:
	}
	<-ctx.Done()
	return nil, fmt.Errorf("failed to receive message: %w", ctx.Err())
}

// A shutdown while the appservice restores its users and rooms is a clean
// stop, not an error (the daemon would exit 12 on SIGTERM).
func TestShutdownWhileRestoring(t *testing.T) {
	store := &slowListStore{Store: bottest.SQLite(t, ""), entered: make(chan struct{}, 1)}
	eng := bottest.New(t, bottest.Options{Store: store})
	engCtx, stopEngine := context.WithCancel(context.Background())
	defer stopEngine()
	if err := eng.Start(engCtx); err != nil {
		t.Fatal(err)
	}
	opts := Options{ID: "silentguard", Address: "http://127.0.0.1:9", Listen: "127.0.0.1:0", BotLocalpart: "silentguard",
		UsersRegex: `@.*:localhost`, ServerName: "localhost", ASToken: randomHex(32), HSToken: randomHex(32),
		Homeserver: "http://127.0.0.1:9", Country: "US", Languages: []string{"en"}}
	svc, err := New(opts, eng, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	testwait.StopsCleanly(t, "Run restoring the users and rooms", bottest.WaitTimeout, store.entered, svc.Run)
	stopEngine()
	eng.Wait()
}
