package bot

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
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
	// Gate, when set, is asked before each send: an error (this process
	// no longer holds the lease of a shared database) skips the send,
	// which stays pending for the process that holds it.
	Gate func(context.Context) error
}

// MaxRetryDelay caps the backoff: after an outage, delivery resumes within
// this long of the notifier's recovery.
const MaxRetryDelay = 30 * time.Second

var (
	errNoTarget = Permanent(errors.New("no such notification target in the configuration"))
	errGated    = errors.New("delivery is not this process's to make")
	errHanging  = errors.New("the notifier did not answer")
)

const (
	// deliveryBatch is how many due deliveries a worker reads at once; the
	// store holds the queue, so there is no limit on how many wait.
	deliveryBatch = 64
	// hangGrace is how long a notifier may take to return once its
	// attempt's context has ended, before it counts as hanging.
	hangGrace = time.Second
	// coalesce is how long a worker woken by a new warning waits for
	// others before it reads the queue.
	coalesce = 5 * time.Millisecond
)

// delivery sends stored warnings, at least once each per target: every
// delivery is recorded pending before the first attempt and sent after a
// success, and pending ones are sent again after a restart with the same
// warning ID. One worker per target reads its due deliveries from the
// store, newest failures last, so that no warning holds the others, and
// sends as many at once as the target's notifier takes: a slow or failing
// target holds up no other, nor the intake. A worker runs only while its
// target has something pending: an idle target costs no goroutine.
type delivery struct {
	e    *Engine
	opts DeliveryOptions

	mu       sync.Mutex
	workers  map[string]chan struct{} // target key -> wake-up
	stop     context.Context          // ends: no new attempts
	send     context.Context          // ends StopGrace after stop: sends in flight are cancelled
	abort    context.CancelFunc       // ends send now
	stopping bool
	wg       sync.WaitGroup
	inFlight atomic.Int32
	fresh    freshWarnings

	// settled is closed, and replaced, whenever a delivery stops waiting
	// (sent, or set aside for good): WaitDelivered wakes on it.
	settledMu sync.Mutex
	settled   chan struct{}
}

// settledChan is closed at the next delivery that stops waiting.
func (d *delivery) settledChan() <-chan struct{} {
	d.settledMu.Lock()
	defer d.settledMu.Unlock()
	if d.settled == nil {
		d.settled = make(chan struct{})
	}
	return d.settled
}

// deliverySettled wakes those waiting for deliveries to settle.
func (d *delivery) deliverySettled() {
	d.settledMu.Lock()
	defer d.settledMu.Unlock()
	if d.settled != nil {
		close(d.settled)
		d.settled = nil
	}
}

// WaitDelivered blocks until no delivery of warning id waits any more: it
// reached every target of its owner, or was set aside for good. When ctx
// ends first it returns how many targets it still waits for, and ctx's
// error; it stays pending, for the next start. Delivery must be started.
func (e *Engine) WaitDelivered(ctx context.Context, id string) (int, error) {
	for {
		// Taken before the read: a delivery settling during it wakes us.
		settled := e.delivery.settledChan()
		pending, err := e.store.PendingDeliveries(context.WithoutCancel(ctx))
		if err != nil {
			return 0, fmt.Errorf("read pending deliveries: %w", err)
		}
		left := 0
		for _, p := range pending {
			if p.WarningID == id {
				left++
			}
		}
		if left == 0 {
			return 0, nil
		}
		select {
		case <-ctx.Done():
			return left, ctx.Err()
		case <-settled:
		}
	}
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
	d.stop, d.send, d.abort = ctx, send, cancelSend
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
	// are set aside (!status lists them).
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

// AbortDelivery cancels the sends in flight at once, without the stop's
// grace: for a process that lost its lease, whose pending warnings another
// process sends now. Stop delivery too (the context given to Start), or
// new attempts begin.
func (e *Engine) AbortDelivery() {
	e.delivery.mu.Lock()
	abort := e.delivery.abort
	e.delivery.mu.Unlock()
	if abort != nil {
		abort()
	}
}

// WakeDelivery has every target read its queue again: warnings that
// another process stored in a shared database are sent without waiting
// for one of this process's own.
func (e *Engine) WakeDelivery() {
	for _, id := range e.Owners() {
		if o := e.Owner(id); o != nil {
			for _, t := range o.Targets {
				e.delivery.wake(targetKey(id, t.Name))
			}
		}
	}
}

// enqueue wakes the targets of a freshly stored warning (the engine's
// write handed it over: freshWarnings).
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

// worker delivers one target's due warnings until the delivery stops: it
// reads them from the store, oldest first (failures last), and sends up to
// the notifier's concurrency at once, never two of one conversation at
// once (a warning and its escalation arrive in order). While the target
// fails it sends one at a time, with the backoff between attempts.
func (d *delivery) worker(target string, wake chan struct{}) {
	defer d.wg.Done()
	wk := &targetWorker{d: d, target: target, log: d.e.log.With().Str("target", target).Logger(),
		inflight: map[string]int64{}, loaded: map[string]*Warning{}, results: make(chan sendResult)}
	defer wk.finish()
	// What the last run left pending is due at once, whatever retry time
	// it had planned.
	now := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	var queue []Delivery
	// stale: the store may hold due deliveries that queue lacks (at
	// start, after a wake-up, a pause, or a read that was cut short).
	stale := true
	for d.stop.Err() == nil {
		if pause := time.Until(wk.pauseUntil); pause > 0 {
			// A temporary failure: wait, then read the queue again,
			// where the failed warnings now come after the others.
			if ok, _ := wk.sleep(pause, nil); !ok {
				return
			}
			queue, stale = nil, true
			continue
		}
		if len(queue) == 0 && stale && wk.free() > 0 {
			limit := deliveryBatch + len(wk.inflight)
			due, err := d.e.store.DueDeliveries(d.send, target, now, limit)
			now = time.Now()
			if err != nil {
				wk.log.Error().Err(err).Msg("Failed to read pending deliveries")
				if ok, _ := wk.sleep(d.opts.RetryMin, nil); !ok {
					return
				}
				continue
			}
			stale = len(due) == limit
			// Keep the warnings still due: one held back while its
			// conversation had another in flight was handed over fresh
			// once, and would otherwise be read again.
			maps.DeleteFunc(wk.loaded, func(id string, _ *Warning) bool {
				return !slices.ContainsFunc(due, func(p Delivery) bool { return p.WarningID == id })
			})
			for _, p := range due {
				if _, busy := wk.inflight[p.WarningID]; !busy {
					queue = append(queue, p)
				}
			}
		}
		if len(queue) == 0 && len(wk.inflight) == 0 && !stale {
			// Nothing due: sleep until the next try, or new warnings.
			wait := time.Duration(-1)
			if next, err := d.e.store.NextDeliveryTry(d.send, target); err != nil {
				wait = d.opts.RetryMin
			} else if !next.IsZero() {
				wait = max(time.Until(next), 0)
			} else if wk.idle() && d.retire(target, wake) {
				// Nothing pending at all: an idle target costs no
				// goroutine; the next wake-up starts a new worker.
				return
			}
			if ok, _ := wk.sleep(wait, wake); !ok {
				return
			}
			stale = true
			continue
		}
		// Send what the free slots allow; a warning whose conversation has
		// one in flight waits for the next read.
		launched := false
		for len(queue) > 0 && wk.free() > 0 {
			launched = wk.launch(queue[0].WarningID) || launched
			queue = queue[1:]
		}
		if n := len(queue); n > 0 {
			if queue = slices.DeleteFunc(queue, func(p Delivery) bool { return wk.conversationBusy(p.WarningID) }); len(queue) < n {
				stale = true
			}
		}
		if launched && stale && wk.free() > 0 {
			continue
		}
		// Full, or nothing that may go now: wait for a send to end, or
		// for new warnings.
		ok, woken := wk.sleep(-1, wake)
		if !ok {
			return
		}
		if woken && !stale {
			// New warnings: let those decided together come in before
			// reading them, one read for a burst's worth.
			if ok, _ := wk.sleep(coalesce, nil); !ok {
				return
			}
		}
		stale = stale || woken
	}
}

// retire ends target's worker, unless a wake-up came in meanwhile: wake
// sends under d.mu, so a wake-up either is in the channel here, or comes
// after the worker is gone and starts a new one.
func (d *delivery) retire(target string, wake chan struct{}) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(wake) > 0 || d.workers[target] != wake {
		return false
	}
	delete(d.workers, target)
	return true
}

// idle tells whether the worker holds nothing that a new one would not:
// no send in flight or stuck, no failure in a row, no pause.
func (wk *targetWorker) idle() bool {
	return len(wk.inflight) == 0 && wk.stuck.Load() == 0 && wk.failures == 0 && !time.Now().Before(wk.pauseUntil)
}

// backoff is the pause after the n-th failed attempt in a row.
func (d *delivery) backoff(n int) time.Duration {
	b := d.opts.RetryMin
	for i := 1; i < n && b < d.opts.RetryMax; i++ {
		b *= 2
	}
	return min(b, d.opts.RetryMax)
}

// targetWorker is one target's delivery state, kept by its worker's
// goroutine; sends report to it through results.
type targetWorker struct {
	d        *delivery
	target   string
	log      zerolog.Logger
	failures int // failed attempts in a row
	// pauseUntil is the end of the backoff after a temporary failure.
	pauseUntil time.Time
	// inflight maps the warnings being sent to their conversations.
	inflight map[string]int64
	// loaded holds the warnings of the last read of the queue, by ID.
	loaded  map[string]*Warning
	results chan sendResult
	// stuck counts calls that outlived their timeout: no other call is
	// made until they return.
	stuck atomic.Int32
	// launched numbers the attempts in the order they began; okSeq is
	// the number of the latest-begun attempt recorded as sent. Attempts
	// run side by side and are recorded as they end, so an older
	// attempt's failure can be recorded after a newer one went through.
	launched, okSeq uint64
}

// sendResult is the outcome of one attempt.
type sendResult struct {
	id   string
	w    *Warning // nil when it could not be read
	err  error
	conv int64
	// failures is the count of failures in a row when the attempt began:
	// attempts that failed together count as one, as if made in turn.
	failures int
	seq      uint64 // see targetWorker.launched
}

// concurrency is how many warnings the target takes at once: its
// notifier's, or one while it fails.
func (wk *targetWorker) concurrency() int {
	if wk.failures > 0 {
		return 1
	}
	return Concurrency(wk.d.targetNotifier(wk.target))
}

func (wk *targetWorker) free() int { return wk.concurrency() - len(wk.inflight) }

// warning reads a warning to send, once per read of the queue.
func (wk *targetWorker) warning(id string) (*Warning, error) {
	if w, ok := wk.loaded[id]; ok {
		return w, nil
	}
	w := wk.d.fresh.take(id)
	if w == nil {
		var err error
		if w, err = wk.d.e.store.Warning(wk.d.send, id); err != nil {
			return nil, fmt.Errorf("load warning: %w", err)
		}
	}
	wk.loaded[id] = w
	return w, nil
}

// maxFresh bounds the warnings kept for their first attempt.
const maxFresh = 1024

// freshWarnings keeps the warnings just stored until each of their targets
// took them for a first attempt: that needs no read of what the engine has
// just written.
type freshWarnings struct {
	mu sync.Mutex
	m  map[string]*freshWarning
}

type freshWarning struct {
	w    *Warning
	left int // targets that have not taken it
}

func (f *freshWarnings) add(w *Warning, targets int) {
	// As the store gives it back (times to the millisecond, in UTC).
	cp := *w
	cp.Created = storedTime(w.Created)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]*freshWarning{}
	}
	if len(f.m) < maxFresh && targets > 0 {
		f.m[w.ID] = &freshWarning{w: &cp, left: targets}
	}
}

// drop forgets a warning whose write failed.
func (f *freshWarnings) drop(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.m, id)
}

// take hands a target the warning; nil when it is not kept.
func (f *freshWarnings) take(id string) *Warning {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.m[id]
	if !ok {
		return nil
	}
	if e.left--; e.left == 0 {
		delete(f.m, id)
	}
	return e.w
}

// conversationBusy tells whether a warning must wait: another of its
// conversation is in flight.
func (wk *targetWorker) conversationBusy(id string) bool {
	w, err := wk.warning(id)
	if err != nil || w.ConversationID == 0 {
		return false
	}
	for _, c := range wk.inflight {
		if c == w.ConversationID {
			return true
		}
	}
	return false
}

// launch starts sending warning id, unless its conversation is busy; it
// reports whether it did.
func (wk *targetWorker) launch(id string) bool {
	if wk.conversationBusy(id) {
		return false
	}
	w, err := wk.warning(id)
	wk.launched++
	r := sendResult{id: id, w: w, err: err, failures: wk.failures, seq: wk.launched}
	if w != nil {
		r.conv = w.ConversationID
	}
	wk.inflight[id] = r.conv
	wk.d.inFlight.Add(1)
	go func() {
		if r.err == nil {
			r.err = wk.attempt(w)
		}
		wk.results <- r
	}()
	return true
}

// sleep waits for wait (forever when negative), a wake-up, the end of a
// send (whose outcome it records) or the stop; ok is false on the stop,
// woken true on a wake-up.
func (wk *targetWorker) sleep(wait time.Duration, wake <-chan struct{}) (ok, woken bool) {
	var timeout <-chan time.Time
	if wait >= 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-wk.d.stop.Done():
		return false, false
	case <-timeout:
	case <-wake:
		return true, true
	case r := <-wk.results:
		wk.record(r)
	}
	return true, false
}

// finish waits for the sends in flight (the stop's grace bounds them).
func (wk *targetWorker) finish() {
	for len(wk.inflight) > 0 {
		wk.record(<-wk.results)
	}
}

// record takes an attempt's outcome: a success resets the failures; a
// temporary failure pauses the target for the backoff and is recorded with
// its next try; a permanent one sets the warning aside.
func (wk *targetWorker) record(r sendResult) {
	d := wk.d
	delete(wk.inflight, r.id)
	delete(wk.loaded, r.id)
	d.inFlight.Add(-1)
	if r.err == nil {
		if r.w != nil {
			d.e.obs.Delivered(d.e.targetKind(wk.target), time.Since(r.w.Created))
		}
		if wk.failures > 0 && d.e.health.notifierRecovered(wk.target) {
			wk.log.Info().Msg("Notifier recovered")
		}
		wk.failures = 0
		wk.okSeq = max(wk.okSeq, r.seq)
		return
	}
	if d.send.Err() != nil {
		return // cancelled at the end of the stop's grace: still pending
	}
	if errors.Is(r.err, errGated) {
		// Not a failure of the target: this process must stop delivering
		// (its owner stops it); until then, no new attempt.
		wk.log.Warn().Err(r.err).Str("warning", r.id).Msg("Delivery refused by the gate; the warning stays pending")
		wk.pauseUntil = time.Now().Add(d.opts.RetryMax)
		return
	}
	if r.failures == wk.failures {
		wk.failures++
	}
	d.e.obs.DeliveryFailed(d.e.targetKind(wk.target), IsPermanent(r.err))
	ctx := context.WithoutCancel(d.send)
	if IsPermanent(r.err) {
		wk.log.Warn().Err(r.err).Str("warning", r.id).Msg("Delivery refused for good; setting the warning aside")
		if err := d.e.store.MarkUndeliverable(ctx, r.id, wk.target, r.err.Error(), time.Now()); err != nil {
			wk.log.Error().Err(err).Msg("Failed to record delivery failure")
			wk.pauseUntil = time.Now().Add(d.backoff(wk.failures))
			return
		}
		d.deliverySettled()
		// A target taken out of the config is not failing: nothing
		// is left to fix, and the owner took it out.
		if !errors.Is(r.err, errNoTarget) {
			d.e.health.notifierFailing(wk.target, r.err)
			if wk.okSeq > r.seq {
				// The owner is told of the refused warning, but an
				// attempt begun after this one already went through:
				// the target works.
				d.e.health.notifierRecovered(wk.target)
			}
		}
		if r.w != nil {
			d.e.warningSettled(ctx, r.w)
		}
		return
	}
	pause := d.backoff(wk.failures)
	wk.pauseUntil = time.Now().Add(pause)
	wk.log.Warn().Err(r.err).Str("warning", r.id).Int("failures", wk.failures).Dur("retry_in", pause).Msg("Delivery failed")
	if err := d.e.store.MarkFailed(ctx, r.id, wk.target, r.err.Error(), wk.pauseUntil); err != nil {
		wk.log.Error().Err(err).Msg("Failed to record delivery failure")
	}
	if wk.failures >= d.opts.FailureAlert {
		d.e.health.notifierFailing(wk.target, r.err)
	}
}

// attempt sends w once and, when it went through, records it as sent.
func (wk *targetWorker) attempt(w *Warning) error {
	d := wk.d
	n := d.notifier(w.Owner, wk.target)
	if n == nil {
		return errNoTarget
	}
	if wk.stuck.Load() > 0 {
		return fmt.Errorf("%w: an earlier call has not returned", errHanging)
	}
	actx, cancel := context.WithTimeout(d.send, d.opts.Timeout)
	defer cancel()
	if d.opts.Gate != nil {
		if err := d.opts.Gate(actx); err != nil {
			return fmt.Errorf("%w: %w", errGated, err)
		}
	}
	failpoint.Hit("deliver.before-send")
	done := make(chan error, 1)
	go func() { done <- n.Warn(actx, w) }()
	var err error
	select {
	case err = <-done:
	case <-actx.Done():
		select {
		case err = <-done: // it gave up with its context
		case <-time.After(hangGrace):
			wk.stuck.Add(1)
			go func() { <-done; wk.stuck.Add(-1) }()
			err = fmt.Errorf("%w within %s", errHanging, d.opts.Timeout)
		}
	}
	if err != nil {
		return err
	}
	failpoint.Hit("deliver.after-send")
	// Record with a context that outlives shutdown: a sent warning must be
	// marked sent, or it is sent again after the restart.
	ctx := context.WithoutCancel(d.send)
	if err := d.e.store.MarkSent(ctx, w.ID, wk.target, time.Now()); err != nil {
		d.e.log.Error().Err(err).Str("warning", w.ID).Msg("Sent but failed to record; it may be sent again")
	}
	d.deliverySettled()
	d.e.log.Info().Str("warning", w.ID).Str("target", wk.target).Msg("Warning delivered")
	d.e.activity.Add(1)
	d.e.warningSettled(ctx, w)
	return nil
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

// targetNotifier finds the notifier of a target key; nil when it is not
// configured.
func (d *delivery) targetNotifier(target string) Notifier {
	for _, id := range d.e.Owners() {
		if _, ok := strings.CutPrefix(target, id+"/"); ok {
			if n := d.notifier(id, target); n != nil {
				return n
			}
		}
	}
	return nil
}

// ConcurrentNotifier is a Notifier that takes several warnings at once
// (never one warning twice at once).
type ConcurrentNotifier interface {
	Notifier
	// Concurrency is how many calls it takes at once.
	Concurrency() int
}

// Concurrency is how many warnings n takes at once: one, unless it is a
// ConcurrentNotifier.
func Concurrency(n Notifier) int {
	if c, ok := n.(ConcurrentNotifier); ok {
		return max(c.Concurrency(), 1)
	}
	return 1
}
