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
// system; forcedGCs counts the collections the program asked for (each
// release is one).
func heapFree() uint64  { return readMetric("/memory/classes/heap/free:bytes") }
func forcedGCs() uint64 { return readMetric("/gc/cycles/forced:gc-cycles") }

func readMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
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
	// The release runs once the engine has been idle for idleAfter: a
	// forced collection, after which most of the free heap the burst left
	// is back with the system (what the test process allocates meanwhile
	// leaves a little).
	before, freeAtEnd := forcedGCs(), heapFree()
	keep := max(2<<20, freeAtEnd/3)
	testwait.For(t, "the burst's memory released", idleAfter+10*time.Second, func() bool {
		return forcedGCs() > before && heapFree() < keep
	})
	t.Logf("free heap: %.1f MB at the burst's end, %.1f MB after the release", float64(freeAtEnd)/(1<<20), float64(heapFree())/(1<<20))
	// The release also dropped the engine's cache of the burst's 3,000
	// conversations (about a kilobyte each).
	if n := a.Engine.CachedConversations(); n != 0 {
		t.Errorf("%d conversations still cached after the release", n)
	}
}

// What the start leaves after the first release (the adapters start
// then, once the lease is held) goes back to the system too, once the
// daemon has been idle for a second, not only after the first burst.
func TestMemoryReturnedAfterStart(t *testing.T) {
	cfg := benchConfig(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	a, err := Open(ctx, cfg, zerolog.Nop(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	start := forcedGCs()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	defer func() { cancel(); <-done; a.Close() }()
	testwait.For(t, "the release at start and the lease", 10*time.Second, func() bool {
		return forcedGCs() > start && a.leading.Load()
	})
	// Garbage made after the lease, as a starting adapter makes. The
	// release that frees it comes idleAfter after the lease.
	before := forcedGCs()
	for range 64 {
		sink = make([]byte, 128<<10)
	}
	sink = nil
	if made := forcedGCs(); made != before {
		// The machine was slow enough that the release ran while the
		// garbage was being made, and part of it may stay (nothing has
		// happened since to call for another). It still had to come
		// without a message, which is what this saw.
		t.Logf("the release came while the garbage was being made; judging only that it came")
		return
	}
	var free uint64
	defer func() {
		if t.Failed() { // which half of the wait did not come
			t.Logf("%d forced collections since the lease, %.1f MB free heap kept", forcedGCs()-before, float64(free)/(1<<20))
		}
	}()
	testwait.For(t, "the start's memory released", idleAfter+10*time.Second, func() bool {
		free = heapFree()
		return forcedGCs() > before && free < 2<<20
	})
}

var sink []byte
