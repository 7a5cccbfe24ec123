package appservice

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/internal/bottest"
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
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := eng.Start(ctx); err != nil {
		t.Fatal(err)
	}
	opts := Options{ID: "silentguard", Address: "http://127.0.0.1:9", Listen: "127.0.0.1:0", BotLocalpart: "silentguard",
		UsersRegex: `@.*:localhost`, ServerName: "localhost", ASToken: randomHex(32), HSToken: randomHex(32),
		Homeserver: "http://127.0.0.1:9", Country: "US", Languages: []string{"en"}}
	svc, err := New(opts, eng, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	ran := make(chan error, 1)
	go func() { ran <- svc.Run(ctx) }()
	select {
	case <-store.entered:
	case <-time.After(bottest.WaitTimeout):
		t.Fatal("the appservice never read its stored state")
	}
	cancel()
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Run after a shutdown mid-restore: %v, want nil", err)
		}
	case <-time.After(bottest.WaitTimeout):
		t.Fatal("Run did not return after the shutdown")
	}
	eng.Wait()
}
