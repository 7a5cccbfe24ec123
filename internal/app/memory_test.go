package app

import (
	"context"
	"io"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/testwait"
)

// heapFree is the heap memory that is free but not yet returned to the
// system.
func heapFree() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// After a burst, once the engine has been idle for a second, the memory
// the burst used goes back to the system, instead of staying with the
// process sized for the next burst.
func TestMemoryReturnedWhenIdle(t *testing.T) {
	cfg := benchConfig(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	a, err := Open(ctx, cfg, zerolog.Nop(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	defer func() { cancel(); <-done; a.Close() }()
	for i := range 3000 {
		_, err := a.Engine.Handle(context.Background(), bot.Message{Platform: "sms", Owner: "laura", ConversationKey: "c" + strconv.Itoa(i),
			Sender: bot.Sender{ID: "s" + strconv.Itoa(i), Network: "sms"}, Text: benchTurns[i%len(benchTurns)].text, EventID: "1"})
		if err != nil {
			t.Fatal(err)
		}
	}
	// The burst ends when its warnings are delivered (each delivery is
	// activity too, and on a loaded machine they outlast the messages).
	testwait.For(t, "the burst's warnings delivered", time.Minute, func() bool {
		p, err := a.Store.PendingDeliveries(context.Background())
		return err == nil && len(p) == 0
	})
	deadline := time.Now().Add(idleAfter + 5*time.Second)
	for heapFree() > 1<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("%.1f MB of free heap kept %s after the burst", float64(heapFree())/(1<<20), idleAfter+5*time.Second)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
