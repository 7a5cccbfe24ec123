package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/internal/failpoint"
)

// DeliveryOptions tune retries.
type DeliveryOptions struct {
	// RetryMin and RetryMax bound the exponential backoff between attempts
	// on a failing target. RetryMax is at most MaxRetryDelay.
	RetryMin, RetryMax time.Duration
	// FailureAlert is how many failed attempts in a row make a target
	// "failing": the owner is then told through their other targets.
	FailureAlert int
	// Timeout bounds one attempt, even for a notifier that ignores its
	// context.
	Timeout time.Duration
	// StopGrace is how long a stop lets sends in flight finish before
	// cancelling them (a cancelled send may have arrived, and is sent
	// again after the restart).
	StopGrace time.Duration
}

// MaxRetryDelay caps the backoff: after an outage, delivery resumes within
// this long of the notifier's recovery.
const MaxRetryDelay = 30 * time.Second

var (
	errNoTarget = Permanent(errors.New("no such notification target in the configuration"))
	errHanging  = errors.New("the notifier did not answer")
)

const (
	// deliveryBatch is how many due deliveries a worker reads at once; the
	// store holds the queue, so there is no limit on how many wait.
	deliveryBatch = 64
	// hangGrace is how long a notifier may take to return once its
	// attempt's context has ended, before it counts as hanging.
	hangGrace = time.Second
)

// delivery sends stored warnings, at least once each per target: every
// delivery is recorded pending before the first attempt and sent after a
// success, and pending ones are sent again after a restart with the same
// warning ID. One worker per target reads its due deliveries from the
// store, newest failures last, so that no warning holds the others.
type delivery struct {
	e    *Engine
	opts DeliveryOptions

	mu       sync.Mutex
	workers  map[string]chan struct{} // target key -> wake-up
	stop     context.Context          // ends: no new attempts
	send     context.Context          // ends StopGrace after stop: sends in flight are cancelled
	stopping bool
	wg       sync.WaitGroup
	inFlight atomic.Int32
}

func newDelivery(e *Engine, opts DeliveryOptions) *delivery {
	if opts.RetryMax <= 0 || opts.RetryMax > MaxRetryDelay {
		opts.RetryMax = MaxRetryDelay
	}
	if opts.RetryMin <= 0 {
		opts.RetryMin = 2 * time.Second
	}
	opts.RetryMin = min(opts.RetryMin, opts.RetryMax)
	if opts.FailureAlert <= 0 {
		opts.FailureAlert = 5
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.StopGrace <= 0 {
		opts.StopGrace = 10 * time.Second
	}
	return &delivery{e: e, opts: opts, workers: map[string]chan struct{}{}}
}

func (d *delivery) start(ctx context.Context) error {
	pending, err := d.e.store.PendingDeliveries(ctx)
	if err != nil {
		return fmt.Errorf("read pending deliveries: %w", err)
	}
	send, cancelSend := context.WithCancel(context.WithoutCancel(ctx))
	d.mu.Lock()
	if d.stop != nil {
		d.mu.Unlock()
		cancelSend()
		return errors.New("delivery was started before")
	}
	d.stop, d.send = ctx, send
	d.mu.Unlock()
	go d.stopWhenDone(ctx, cancelSend)

	if len(pending) > 0 {
		d.e.log.Info().Int("count", len(pending)).Msg("Resending warnings left pending by the last run")
	}
	for _, id := range d.e.Owners() {
		for _, t := range d.e.Owner(id).Targets {
			d.wake(targetKey(id, t.Name))
		}
	}
	// Targets no longer configured get a worker too: their deliveries
	// fail for good, and the owner hears of it elsewhere.
	for _, p := range pending {
		d.wake(p.Target)
	}
	return nil
}

// stopWhenDone lets sends in flight finish for StopGrace after ctx ends,
// then cancels them.
func (d *delivery) stopWhenDone(ctx context.Context, cancelSend context.CancelFunc) {
	defer cancelSend()
	<-ctx.Done()
	d.mu.Lock()
	d.stopping = true // no new workers, so wg.Wait below is sound
	d.mu.Unlock()
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	if n := d.inFlight.Load(); n > 0 {
		d.e.log.Info().Int32("sends", n).Dur("grace", d.opts.StopGrace).Msg("Waiting for deliveries in flight")
	}
	t := time.NewTimer(d.opts.StopGrace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		d.e.log.Warn().Msg("Cancelled deliveries still in flight at the end of the stop's grace; they are sent again after the restart")
	}
}

func (d *delivery) wait() { d.wg.Wait() }

// enqueue schedules a freshly stored warning for all its owner's targets.
func (d *delivery) enqueue(w *Warning) {
	owner := d.e.Owner(w.Owner)
	if owner == nil {
		return
	}
	for _, t := range owner.Targets {
		d.wake(targetKey(owner.ID, t.Name))
	}
}

// wake starts the target's worker, or wakes it if it sleeps.
func (d *delivery) wake(target string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stop == nil || d.stopping {
		return // not running: the store keeps it for the next start
	}
	w, ok := d.workers[target]
	if !ok {
		w = make(chan struct{}, 1)
		d.workers[target] = w
		d.wg.Add(1)
		go d.worker(target, w)
	}
	select {
	case w <- struct{}{}:
	default:
	}
}

// worker delivers one target's due warnings until the delivery stops.
func (d *delivery) worker(target string, wake chan struct{}) {
	defer d.wg.Done()
	wk := &targetWorker{d: d, target: target, log: d.e.log.With().Str("target", target).Logger()}
	// What the last run left pending is due at once, whatever retry time
	// it had planned.
	now := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	for d.stop.Err() == nil {
		due, err := d.e.store.DueDeliveries(d.send, target, now, deliveryBatch)
		now = time.Now()
		if err != nil {
			wk.log.Error().Err(err).Msg("Failed to read pending deliveries")
			if !d.sleep(d.opts.RetryMin, nil) {
				return
			}
			continue
		}
		if len(due) == 0 {
			wait := time.Duration(-1) // until woken
			if next, err := d.e.store.NextDeliveryTry(d.send, target); err != nil {
				wait = d.opts.RetryMin
			} else if !next.IsZero() {
				wait = max(time.Until(next), 0)
			}
			if !d.sleep(wait, wake) {
				return
			}
			continue
		}
		for _, p := range due {
			pause, ok := wk.deliver(p.WarningID)
			if !ok {
				return
			}
			if pause > 0 {
				// A temporary failure: wait, then read the queue again,
				// where the failed warning now comes after the others.
				if !d.sleep(pause, nil) {
					return
				}
				break
			}
		}
	}
}

// sleep waits for wait (forever when negative), a wake-up, or the stop;
// it reports false on the stop.
func (d *delivery) sleep(wait time.Duration, wake <-chan struct{}) bool {
	var timeout <-chan time.Time
	if wait >= 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-d.stop.Done():
		return false
	case <-timeout:
	case <-wake:
	}
	return true
}

// backoff is the pause after the n-th failed attempt in a row.
func (d *delivery) backoff(n int) time.Duration {
	b := d.opts.RetryMin
	for i := 1; i < n && b < d.opts.RetryMax; i++ {
		b *= 2
	}
	return min(b, d.opts.RetryMax)
}

// targetWorker is one target's delivery state.
type targetWorker struct {
	d        *delivery
	target   string
	log      zerolog.Logger
	failures int // failed attempts in a row
	// stuck is the result of a call that outlived its timeout: no other
	// call is made until it returns.
	stuck chan error
}

// deliver makes one attempt and records its outcome. It returns the pause
// before the next attempt (after a temporary failure), and false when the
// delivery is stopping.
func (wk *targetWorker) deliver(id string) (time.Duration, bool) {
	d := wk.d
	if d.stop.Err() != nil {
		return 0, false
	}
	w, err := wk.attempt(id)
	if err == nil {
		if wk.failures > 0 && d.e.health.notifierRecovered(wk.target) {
			wk.log.Info().Msg("Notifier recovered")
		}
		wk.failures = 0
		return 0, true
	}
	if d.send.Err() != nil {
		return 0, false // cancelled at the end of the stop's grace: still pending
	}
	wk.failures++
	ctx := context.WithoutCancel(d.send)
	if IsPermanent(err) {
		wk.log.Warn().Err(err).Str("warning", id).Msg("Delivery refused for good; setting the warning aside")
		if serr := d.e.store.MarkUndeliverable(ctx, id, wk.target, err.Error(), time.Now()); serr != nil {
			wk.log.Error().Err(serr).Msg("Failed to record delivery failure")
			return d.backoff(wk.failures), true
		}
		d.e.health.notifierFailing(wk.target, err)
		if w != nil {
			d.e.warningSettled(ctx, w)
		}
		return 0, true
	}
	pause := d.backoff(wk.failures)
	wk.log.Warn().Err(err).Str("warning", id).Int("failures", wk.failures).Dur("retry_in", pause).Msg("Delivery failed")
	if serr := d.e.store.MarkFailed(ctx, id, wk.target, err.Error(), time.Now().Add(pause)); serr != nil {
		wk.log.Error().Err(serr).Msg("Failed to record delivery failure")
	}
	if wk.failures >= d.opts.FailureAlert {
		d.e.health.notifierFailing(wk.target, err)
	}
	return pause, true
}

// attempt sends warning id once; it returns the warning when it could be
// read.
func (wk *targetWorker) attempt(id string) (*Warning, error) {
	d := wk.d
	w, err := d.e.store.Warning(d.send, id)
	if err != nil {
		return nil, fmt.Errorf("load warning: %w", err)
	}
	n := d.notifier(w.Owner, wk.target)
	if n == nil {
		return w, errNoTarget
	}
	if wk.stuck != nil {
		select {
		case <-wk.stuck:
			wk.stuck = nil
		default:
			return w, fmt.Errorf("%w: an earlier call has not returned", errHanging)
		}
	}
	actx, cancel := context.WithTimeout(d.send, d.opts.Timeout)
	defer cancel()
	failpoint.Hit("deliver.before-send")
	d.inFlight.Add(1)
	done := make(chan error, 1)
	go func() { done <- n.Warn(actx, w) }()
	select {
	case err = <-done:
	case <-actx.Done():
		select {
		case err = <-done: // it gave up with its context
		case <-time.After(hangGrace):
			wk.stuck = done
			err = fmt.Errorf("%w within %s", errHanging, d.opts.Timeout)
		}
	}
	d.inFlight.Add(-1)
	if err != nil {
		return w, err
	}
	failpoint.Hit("deliver.after-send")
	// Record with a context that outlives shutdown: a sent warning must be
	// marked sent, or it is sent again after the restart.
	ctx := context.WithoutCancel(d.send)
	if err := d.e.store.MarkSent(ctx, id, wk.target, time.Now()); err != nil {
		d.e.log.Error().Err(err).Str("warning", id).Msg("Sent but failed to record; it may be sent again")
	}
	d.e.log.Info().Str("warning", id).Str("target", wk.target).Msg("Warning delivered")
	d.e.warningSettled(ctx, w)
	return w, nil
}

// notifier finds a target's notifier; nil when it is not configured.
func (d *delivery) notifier(ownerID, target string) Notifier {
	owner := d.e.Owner(ownerID)
	if owner == nil {
		return nil
	}
	name, ok := strings.CutPrefix(target, owner.ID+"/")
	if !ok {
		return nil
	}
	for _, t := range owner.Targets {
		if t.Name == name {
			return t.Notifier
		}
	}
	return nil
}
