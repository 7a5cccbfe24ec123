// Package bottest assembles the core for tests, from real parts: an
// engine with the default detectors on a SQLite file (or the memory
// store), a notifier that records what it gets and wakes the tests
// waiting on it, and the policy and delivery timings tests use.
package bottest

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/sqlstore"
	"github.com/silentguard/silentguard/detectors"
)

// Policy is the tests' watch policy: two weeks, 40 turns, a week's
// retention, warnings from caution up.
var Policy = bot.Policy{Window: 14 * 24 * time.Hour, MaxMessages: 40, Retention: 7 * 24 * time.Hour, MinLevel: detectors.LevelCaution}

// Delivery retries within tens of milliseconds, and calls a target
// failing after three failures in a row.
var Delivery = bot.DeliveryOptions{RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond, FailureAlert: 3}

// registry is built once per test binary: it takes a while under -race.
var registry = sync.OnceValues(func() (*detectors.Registry, error) { return detectors.New(detectors.DefaultConfig()) })

// Registry is the default detectors.
func Registry(tb testing.TB) *detectors.Registry {
	tb.Helper()
	reg, err := registry()
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// SQLite opens the SQLite store at path (a new file in a temporary
// directory when path is ""), closed at the end of the test.
func SQLite(tb testing.TB, path string) *sqlstore.Store {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "sg.db")
	}
	s, err := sqlstore.OpenSQLite(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Options change the engine New assembles.
type Options struct {
	// Store is the engine's store; nil is a new SQLite file.
	Store bot.Store
	// Policy: zero is Policy.
	Policy bot.Policy
	// Delivery: zero is Delivery.
	Delivery bot.DeliveryOptions
	// Now is the engine's clock; nil is time.Now.
	Now func() time.Time
	// Log: nil logs nothing.
	Log *zerolog.Logger
}

// New is an engine with the default detectors, not started, and without
// owners.
func New(tb testing.TB, opts Options) *bot.Engine {
	tb.Helper()
	if opts.Store == nil {
		opts.Store = SQLite(tb, "")
	}
	if opts.Policy == (bot.Policy{}) {
		opts.Policy = Policy
	}
	if d := opts.Delivery; d.Gate == nil && d.RetryMin == 0 && d.RetryMax == 0 && d.FailureAlert == 0 && d.Timeout == 0 && d.StopGrace == 0 {
		opts.Delivery = Delivery
	}
	log := zerolog.Nop()
	if opts.Log != nil {
		log = *opts.Log
	}
	return bot.New(bot.Options{Store: opts.Store, Detectors: Registry(tb), Policy: opts.Policy,
		Delivery: opts.Delivery, Now: opts.Now, Log: log})
}

// Start starts the engine's delivery until the end of the test.
func Start(tb testing.TB, eng *bot.Engine) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if err := eng.Start(ctx); err != nil {
		cancel()
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cancel(); eng.Wait() })
}

// Recorder is a notifier that keeps what it gets, and can be made to fail.
type Recorder struct {
	mu      sync.Mutex
	got     []*bot.Warning
	fail    error
	changed chan struct{} // closed, and replaced, at each warning
}

// Warn records w, or returns the error Fail set.
func (r *Recorder) Warn(_ context.Context, w *bot.Warning) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.got = append(r.got, w)
	if r.changed != nil {
		close(r.changed)
		r.changed = nil
	}
	return nil
}

// Fail makes Warn return err from now on (nil: take warnings again).
func (r *Recorder) Fail(err error) {
	r.mu.Lock()
	r.fail = err
	r.mu.Unlock()
}

// snapshot is what the recorder got so far, and a channel closed at the
// next warning.
func (r *Recorder) snapshot() ([]*bot.Warning, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.changed == nil {
		r.changed = make(chan struct{})
	}
	return slices.Clone(r.got), r.changed
}

// Warnings is what the recorder got so far, oldest first.
func (r *Recorder) Warnings() []*bot.Warning {
	ws, _ := r.snapshot()
	return ws
}

// Count is how many warnings and notices the recorder got.
func (r *Recorder) Count() int { return len(r.Warnings()) }

// Notices counts the notices of one kind (bot.Notice…).
func (r *Recorder) Notices(notice string) int {
	n := 0
	for _, w := range r.Warnings() {
		if w.Notice == notice {
			n++
		}
	}
	return n
}

// WaitTimeout is how long Wait waits: long, for a loaded machine under
// -race; a passing test never waits it out.
const WaitTimeout = 10 * time.Second

// Wait waits until what the recorder got satisfies ok, waking at each
// warning, and returns it; it fails the test after WaitTimeout.
func (r *Recorder) Wait(tb testing.TB, what string, ok func([]*bot.Warning) bool) []*bot.Warning {
	tb.Helper()
	deadline := time.NewTimer(WaitTimeout)
	defer deadline.Stop()
	for {
		got, changed := r.snapshot()
		if ok(got) {
			return got
		}
		select {
		case <-changed:
		case <-deadline.C:
			tb.Fatalf("timed out waiting for %s (got %d warnings)", what, len(got))
		}
	}
}

// WaitCount waits until the recorder got at least n warnings.
func (r *Recorder) WaitCount(tb testing.TB, n int) []*bot.Warning {
	tb.Helper()
	return r.Wait(tb, "warnings", func(ws []*bot.Warning) bool { return len(ws) >= n })
}
