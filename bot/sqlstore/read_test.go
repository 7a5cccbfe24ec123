package sqlstore

import (
	"context"
	"errors"
	"testing"

	"github.com/silentguard/silentguard/bot"
)

// A read costs the same whatever its context: a request's context (which
// ends with the request) must not make the SQLite driver start a goroutine
// per statement to watch it. A context that has ended still fails.
func TestReadIgnoresALiveContext(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	// A stored conversation: a new one is not read at all (see known).
	c := &bot.Conversation{Owner: "o", Platform: "sms", Key: "k", Sender: bot.Sender{ID: "x"}, State: bot.StateWatching}
	if err := s.SaveConversation(ctx, c); err != nil {
		t.Fatal(err)
	}
	live, cancel := context.WithCancel(ctx)
	read := func(ctx context.Context) func() {
		return func() {
			if _, err := s.Conversation(ctx, "o", "sms", "k"); err != nil {
				t.Fatal(err)
			}
		}
	}
	plain := testing.AllocsPerRun(50, read(ctx))
	if n := testing.AllocsPerRun(50, read(live)); n > plain+2 {
		t.Errorf("a read with a context that can end costs %.0f allocations, %.0f without", n, plain)
	}
	cancel()
	if _, err := s.Conversation(live, "o", "sms", "k"); !errors.Is(err, context.Canceled) {
		t.Errorf("a read with an ended context: %v, want %v", err, context.Canceled)
	}
}
