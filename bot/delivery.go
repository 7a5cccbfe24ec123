package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/silentguard/silentguard/internal/failpoint"
)

// DeliveryOptions tune retries.
type DeliveryOptions struct {
	// RetryMin and RetryMax bound the exponential backoff between attempts.
	RetryMin, RetryMax time.Duration
	// FailureAlert is how many failed attempts in a row make a target
	// "failing": the owner is then told through their other targets.
	FailureAlert int
	// Timeout bounds one attempt.
	Timeout time.Duration
}

// delivery sends stored warnings, at least once each per target: every
// delivery is recorded pending before the first attempt and sent after a
// success, and pending ones are sent again after a restart with the same
// warning ID.
type delivery struct {
	e    *Engine
	opts DeliveryOptions

	mu      sync.Mutex
	queues  map[string]chan string // target key -> warning IDs
	queued  map[string]bool        // target key + warning ID
	ctx     context.Context
	wg      sync.WaitGroup
	started bool
}

func newDelivery(e *Engine, opts DeliveryOptions) *delivery {
	if opts.RetryMin <= 0 {
		opts.RetryMin = 2 * time.Second
	}
	if opts.RetryMax < opts.RetryMin {
		opts.RetryMax = 10 * time.Minute
	}
	if opts.FailureAlert <= 0 {
		opts.FailureAlert = 5
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	return &delivery{e: e, opts: opts, queues: map[string]chan string{}, queued: map[string]bool{}}
}

func (d *delivery) start(ctx context.Context) error {
	d.mu.Lock()
	d.ctx, d.started = ctx, true
	d.mu.Unlock()
	pending, err := d.e.store.PendingDeliveries(ctx)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		d.e.log.Info().Int("count", len(pending)).Msg("Resending warnings left pending by the last run")
	}
	for _, p := range pending {
		d.push(p.Target, p.WarningID)
	}
	return nil
}

func (d *delivery) wait() { d.wg.Wait() }

// enqueue schedules a freshly stored warning for all its owner's targets.
func (d *delivery) enqueue(w *Warning) {
	owner := d.e.Owner(w.Owner)
	if owner == nil {
		return
	}
	for _, t := range owner.Targets {
		d.push(targetKey(owner.ID, t.Name), w.ID)
	}
}

func (d *delivery) push(target, warningID string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.started || d.queued[target+" "+warningID] {
		return
	}
	d.queued[target+" "+warningID] = true
	q, ok := d.queues[target]
	if !ok {
		q = make(chan string, 4096)
		d.queues[target] = q
		d.wg.Add(1)
		go d.worker(d.ctx, target, q)
	}
	select {
	case q <- warningID:
	default:
		// The queue is full; the delivery stays pending in the store and
		// goes out after a restart.
		delete(d.queued, target+" "+warningID)
		d.e.log.Warn().Str("target", target).Msg("Delivery queue full; warning stays pending")
	}
}

func (d *delivery) done(target, warningID string) {
	d.mu.Lock()
	delete(d.queued, target+" "+warningID)
	d.mu.Unlock()
}

// worker delivers one target's warnings in order, retrying each with
// backoff until it goes through or the engine stops.
func (d *delivery) worker(ctx context.Context, target string, q chan string) {
	defer d.wg.Done()
	log := d.e.log.With().Str("target", target).Logger()
	failures := 0
	for {
		var id string
		select {
		case <-ctx.Done():
			return
		case id = <-q:
		}
		backoff := d.opts.RetryMin
		for {
			err := d.attempt(ctx, target, id)
			if err == nil {
				if failures >= d.opts.FailureAlert {
					log.Info().Msg("Notifier recovered")
					d.e.health.notifierRecovered(target)
				}
				failures = 0
				break
			}
			if ctx.Err() != nil {
				return
			}
			failures++
			next := time.Now().Add(backoff)
			log.Warn().Err(err).Str("warning", id).Int("failures", failures).Dur("retry_in", backoff).Msg("Delivery failed")
			if serr := d.e.store.MarkFailed(context.WithoutCancel(ctx), id, target, err.Error(), next); serr != nil {
				log.Error().Err(serr).Msg("Failed to record delivery failure")
			}
			if failures == d.opts.FailureAlert {
				d.e.health.notifierFailing(target, err)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, d.opts.RetryMax)
		}
		d.done(target, id)
	}
}

var errNoTarget = errors.New("no such notification target in the configuration")

func (d *delivery) attempt(ctx context.Context, target, id string) error {
	w, err := d.e.store.Warning(ctx, id)
	if err != nil {
		return err
	}
	owner := d.e.Owner(w.Owner)
	if owner == nil {
		return errNoTarget
	}
	name := strings.TrimPrefix(target, owner.ID+"/")
	var n Notifier
	for _, t := range owner.Targets {
		if t.Name == name {
			n = t.Notifier
		}
	}
	if n == nil {
		return errNoTarget
	}
	actx, cancel := context.WithTimeout(ctx, d.opts.Timeout)
	defer cancel()
	failpoint.Hit("deliver.before-send")
	if err := n.Warn(actx, w); err != nil {
		return err
	}
	failpoint.Hit("deliver.after-send")
	// Record with a context that outlives shutdown: a sent warning must be
	// marked sent, or it is sent again after the restart.
	if err := d.e.store.MarkSent(context.WithoutCancel(ctx), id, target, time.Now()); err != nil {
		d.e.log.Error().Err(err).Str("warning", id).Msg("Sent but failed to record; it may be sent again")
	}
	d.e.log.Info().Str("warning", id).Str("target", target).Msg("Warning delivered")
	d.e.warningSettled(ctx, w)
	return nil
}
