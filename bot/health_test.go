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

// SetOwners (a reloaded config) forgets the failing marks of targets no
// longer configured, and their pending warnings do not bring the mark back
// (/healthz would stay 503 for a target that no longer exists); it forgets
// the adapters of owners left out, whose messages are then refused.
func TestSetOwnersForgetsWhatIsGone(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	f.rec.Fail(errors.New("push service down"))
	f.start(t)
	f.engine.ReportAdapter("laura", "webhook", true, "")
	f.handle(t, msg("1", opener, false, t0))
	waitUntil(t, "the failing notifier reported", func() bool { return len(f.engine.FailingTargets()) == 1 })

	laura := *f.engine.Owner("laura")
	laura.Targets = []bot.Target{{Name: "rec2", Notifier: &bottest.Recorder{}}}
	f.engine.SetOwners([]*bot.Owner{&laura})
	// The warning pending on rec is set aside, without marking rec
	// failing again: the owner took it out.
	waitUntil(t, "the warning pending on the removed target set aside", func() bool {
		p, err := f.store.PendingDeliveries(context.Background())
		return err == nil && len(p) == 0
	})
	if got := f.engine.FailingTargets(); len(got) != 0 {
		t.Errorf("failing targets after rec was removed: %v", got)
	}
	if states, _ := f.engine.Health(); len(states) != 1 {
		t.Errorf("adapters: %+v, want laura's webhook", states)
	}

	f.engine.SetOwners(nil)
	if states, _ := f.engine.Health(); len(states) != 0 {
		t.Errorf("adapters of a removed owner: %+v", states)
	}
	var in *bot.InputError
	if _, err := f.engine.Handle(context.Background(), msg("2", opener, false, t0)); !errors.As(err, &in) || in.Field != "owner" {
		t.Errorf("a message for a removed owner: %v, want an input error naming the owner", err)
	}
}
