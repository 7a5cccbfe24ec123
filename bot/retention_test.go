package bot_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
)

// deliverAll runs delivery until nothing is pending, so that purging is
// not held back by a warning that quotes the text.
func (f *fixture) deliverAll(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { cancel(); f.engine.Wait() }()
	if err := f.engine.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "every delivery recorded", func() bool {
		p, err := f.store.PendingDeliveries(context.Background())
		return err == nil && len(p) == 0
	})
}

func (f *fixture) turns(t *testing.T) []bot.Turn {
	t.Helper()
	_, turns := f.stored(t)
	return turns
}

// stored is the stranger's conversation with laura, and its turns, as
// the store has them.
func (f *fixture) stored(t *testing.T) (*bot.Conversation, []bot.Turn) {
	t.Helper()
	c, err := f.store.Conversation(context.Background(), "laura", "sms", stranger)
	if err != nil {
		t.Fatal(err)
	}
	turns, err := f.store.Turns(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c, turns
}

// A message stamped in the future (a phone whose clock is a year ahead, or
// a forged receivedAt) counts from its arrival: its text is purged on time,
// and it keeps its own time for display.
func TestFutureTimeIsPurgedOnTime(t *testing.T) {
	f := newFileFixture(t, defaultPolicy)
	future := t0.Add(365 * 24 * time.Hour)
	f.handle(t, msg("1", opener, false, future))
	if got := f.turns(t)[0].At; !got.Equal(future) {
		t.Errorf("turn time %s, want the platform's %s", got, future)
	}
	f.deliverAll(t)
	f.now = t0.Add(defaultPolicy.Window + defaultPolicy.Retention + time.Hour)
	if n, err := f.engine.Purge(context.Background()); err != nil || n != 1 {
		t.Fatalf("purged %d conversations (%v), want the one stamped in the future", n, err)
	}
	if txt := f.turns(t)[0].Text; txt != "" {
		t.Error("text stamped in the future survived the purge")
	}
}

// The watch window runs from the first message's arrival, not from a time
// in the future that would keep the conversation open for ever.
func TestFutureTimeDoesNotStretchTheWindow(t *testing.T) {
	f := newFileFixture(t, defaultPolicy)
	f.handle(t, msg("1", "hello", false, t0.Add(365*24*time.Hour)))
	f.now = t0.Add(defaultPolicy.Window + time.Hour)
	if res := f.handle(t, msg("2", opener, false, f.now)); res.Watched || res.State != bot.StateClosed {
		t.Errorf("a message past the window (by arrival) is %+v, want closed", res)
	}
}

// After its conversation was purged, a late message (delivered days late
// with its old time) or an edit stores no text: nothing would purge it.
func TestNoTextStoredAfterPurge(t *testing.T) {
	f := newFileFixture(t, defaultPolicy)
	f.handle(t, msg("1", "hello", false, t0))
	f.deliverAll(t)
	f.now = t0.Add(defaultPolicy.Window + defaultPolicy.Retention + time.Hour)
	if n, err := f.engine.Purge(context.Background()); err != nil || n != 1 {
		t.Fatalf("purged %d (%v)", n, err)
	}
	late := msg("2", pivot, false, t0.Add(time.Hour))
	edit := msg("1-edit", opener, false, t0.Add(2*time.Hour))
	edit.EditOf = "1"
	for _, m := range []bot.Message{late, edit} {
		if res := f.handle(t, m); res.Watched || res.Warning != nil {
			t.Errorf("%s after the purge: %+v, want not watched", m.EventID, res)
		}
	}
	for _, turn := range f.turns(t) {
		if turn.Text != "" {
			t.Errorf("turn %s stored text after its conversation was purged", turn.EventID)
		}
	}
}

// With retention 0, text is purged when the window ends, not at the next
// hourly sweep: the purge is scheduled for the next due time, including
// that of a conversation that arrives while it sleeps.
func TestPurgeWhenDue(t *testing.T) {
	policy := defaultPolicy
	policy.Window, policy.Retention = 300*time.Millisecond, 0
	f := &fixture{path: filepath.Join(t.TempDir(), "sg.db"), realClock: true}
	f.open(t, policy)
	ctx, cancel := context.WithCancel(context.Background())
	purged := make(chan struct{})
	go func() { f.engine.RunPurge(ctx); close(purged) }()
	defer func() { cancel(); <-purged }()

	stored := time.Now()
	f.handle(t, msg("1", "hello", false, stored))
	if f.turns(t)[0].Text == "" {
		t.Fatal("text purged before the window ended")
	}
	waitUntil(t, "the text purged at the end of the window", func() bool { return f.turns(t)[0].Text == "" })
	if d := time.Since(stored); d < policy.Window {
		t.Errorf("purged %s after it was stored, before the window of %s ended", d, policy.Window)
	}
}

// A warning that could not be delivered holds its conversation's text
// back; once it is delivered, past the due time, the text goes at once.
func TestPurgeAfterLateDelivery(t *testing.T) {
	policy := defaultPolicy
	policy.Window, policy.Retention = 300*time.Millisecond, 0
	f := &fixture{path: filepath.Join(t.TempDir(), "sg.db"), realClock: true}
	f.open(t, policy)
	ctx, cancel := context.WithCancel(context.Background())
	purged := make(chan struct{})
	go func() { f.engine.RunPurge(ctx); close(purged) }()
	defer func() { cancel(); <-purged; f.engine.Wait() }()
	f.rec.Fail(errors.New("push service down"))
	if err := f.engine.Start(ctx); err != nil {
		t.Fatal(err)
	}
	stored := time.Now()
	res := f.handle(t, msg("1", opener, false, stored))
	if res.Warning == nil {
		t.Fatal("no warning")
	}
	waitUntil(t, "a failed attempt past the due time", func() bool {
		p, _ := f.store.PendingDeliveries(context.Background())
		for _, d := range p {
			if d.WarningID == res.Warning.ID && d.Attempts > 0 {
				return time.Since(stored) > 2*policy.Window
			}
		}
		return false
	})
	if f.turns(t)[0].Text == "" {
		t.Fatal("text purged while its warning waits to be delivered")
	}
	f.rec.Fail(nil)
	waitUntil(t, "the text purged after the delivery", func() bool { return f.turns(t)[0].Text == "" })
}
