package bot_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/internal/bottest"
)

// unwritableStore is the real store whose writes fail while full is set,
// as on a full disk.
type unwritableStore struct {
	bot.Store
	full atomic.Bool
}

func (s *unwritableStore) Probe(ctx context.Context) error {
	if s.full.Load() {
		return errors.New("database or disk is full")
	}
	return s.Store.Probe(ctx)
}

// A database that cannot be written makes the health report fail (so
// /healthz answers 503), and a sound one makes it pass again.
func TestHealthReportsAnUnwritableDatabase(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	us := &unwritableStore{Store: f.store}
	eng := bottest.New(t, bottest.Options{Store: us})
	eng.ReportAdapter("laura", "webhook", true, "")
	ctx := context.Background()
	if r := eng.CheckHealth(ctx); !r.OK || r.Database != "" {
		t.Fatalf("healthy store: %+v", r)
	}
	us.full.Store(true)
	waitUntil(t, "the report to name the database", func() bool {
		r := eng.CheckHealth(ctx)
		return !r.OK && r.Database != ""
	})
	us.full.Store(false)
	waitUntil(t, "the report to pass again", func() bool { return eng.CheckHealth(ctx).OK })
}

// A notifier that keeps failing makes the report fail until it recovers.
func TestHealthReportsAFailingNotifier(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	f.rec.Fail(errors.New("push service down"))
	f.start(t)
	f.handle(t, msg("1", opener, false, t0))
	waitUntil(t, "the failing notifier reported", func() bool {
		r := f.engine.CheckHealth(context.Background())
		return !r.OK && len(r.FailingNotifiers) == 1
	})
	f.rec.Fail(nil)
	waitUntil(t, "the report to pass again", func() bool { return f.engine.CheckHealth(context.Background()).OK })
}
