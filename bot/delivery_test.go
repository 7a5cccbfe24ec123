package bot_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/internal/bottest"
)

// hook is a real HTTP receiver of warnings. It records the warning IDs it
// is sent and refuses every request for the first warning it sees with
// refuseFirst (0: accept all).
type hook struct {
	srv         *httptest.Server
	refuseFirst int
	mu          sync.Mutex
	ids         []string
}

func newHook(t *testing.T, refuseFirst int) *hook {
	h := &hook{refuseFirst: refuseFirst}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-SilentGuard-Warning-ID")
		h.mu.Lock()
		h.ids = append(h.ids, id)
		refused := h.refuseFirst != 0 && id == h.ids[0]
		h.mu.Unlock()
		if refused {
			w.WriteHeader(h.refuseFirst)
		}
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// got counts the requests for a warning.
func (h *hook) got(id string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, x := range h.ids {
		if x == id {
			n++
		}
	}
	return n
}

func (h *hook) notifier() *notify.HTTP {
	return &notify.HTTP{Audience: notify.Audience{Lang: "en", Quote: warntext.QuoteShort}, URL: h.srv.URL + "/hook"}
}

func fromSender(m bot.Message, number string) bot.Message {
	m.ConversationKey, m.Sender.ID, m.Sender.Phone, m.Sender.DisplayName = number, number, number, number
	return m
}

// A warning the receiver refuses for good (HTTP 400) is set aside: the next
// warning still reaches that target, the owner hears of the refusal through
// their other target, and !status lists the refused warning.
func TestPermanentRefusalDoesNotHoldTheQueue(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	h := newHook(t, http.StatusBadRequest)
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "push", Notifier: h.notifier()}, {Name: "rec", Notifier: f.rec}}})
	f.start(t)
	a := f.handle(t, fromSender(msg("a1", opener, false, t0), "+12025550101")).Warning
	waitUntil(t, "the first warning refused", func() bool { return h.got(a.ID) > 0 })
	b := f.handle(t, fromSender(msg("b1", opener, false, t0), "+12025550102")).Warning
	waitUntil(t, "the next warning delivered to the same target", func() bool { return h.got(b.ID) == 1 && f.pending(t, b.ID) == 0 })
	if n := h.got(a.ID); n != 1 {
		t.Errorf("the refused warning was sent %d times, want once", n)
	}
	// Attempts run side by side and are recorded as they end: the
	// refusal may be recorded after the next warning went through.
	waitUntil(t, "the refused warning set aside", func() bool { return f.pending(t, a.ID) == 0 })
	waitToldFailing(t, f, "push")
	st := f.engine.Command(context.Background(), bot.CommandInput{Owner: "laura", Text: "!status", Prefix: "!"})
	if !strings.Contains(st, a.Ref) || !strings.Contains(st, "push") {
		t.Errorf("!status does not list %s as not delivered through push:\n%s", a.Ref, st)
	}
	if got := f.engine.FailingTargets(); len(got) != 0 {
		t.Errorf("push still failing after a delivery went through: %v", got)
	}
}

// Attempts to one target run side by side and are recorded as they end.
// A refusal that ends after a later warning went through still tells the
// owner, but leaves the target working: it delivers.
func TestRefusalRecordedAfterALaterSuccess(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	var (
		mu         sync.Mutex
		first      string
		secondSent = make(chan struct{})
		refusedAt  = make(chan struct{})
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-SilentGuard-Warning-ID")
		mu.Lock()
		isFirst := first == "" || first == id
		if first == "" {
			first = id
		}
		mu.Unlock()
		if !isFirst {
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			close(secondSent)
			return
		}
		select { // hold the refusal until the next warning has gone through
		case <-secondSent:
		case <-time.After(bottest.WaitTimeout):
		}
		time.Sleep(50 * time.Millisecond) // and until its success is recorded
		w.WriteHeader(http.StatusBadRequest)
		close(refusedAt)
	}))
	t.Cleanup(srv.Close)
	push := &notify.HTTP{Audience: notify.Audience{Lang: "en", Quote: warntext.QuoteShort}, URL: srv.URL + "/hook"}
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "push", Notifier: push}, {Name: "rec", Notifier: f.rec}}})
	f.start(t)
	a := f.handle(t, fromSender(msg("a1", opener, false, t0), "+12025550101")).Warning
	waitUntil(t, "the first warning on its way", func() bool { mu.Lock(); defer mu.Unlock(); return first != "" })
	b := f.handle(t, fromSender(msg("b1", opener, false, t0), "+12025550102")).Warning
	waitUntil(t, "the next warning delivered", func() bool { return f.pending(t, b.ID) == 0 })
	<-refusedAt
	waitUntil(t, "the refused warning set aside", func() bool { return f.pending(t, a.ID) == 0 })
	waitToldFailing(t, f, "push")
	if got := f.engine.FailingTargets(); len(got) != 0 {
		t.Errorf("push counted as failing though a warning begun after the refused one went through: %v", got)
	}
}

// counter counts warnings and closes all when it has seen want.
type counter struct {
	n    atomic.Int64
	want int64
	all  chan struct{}
}

func (c *counter) Warn(context.Context, *bot.Warning) error {
	if c.n.Add(1) == c.want {
		close(c.all)
	}
	return nil
}

// More warnings than any in-memory queue holds are all delivered, without
// a restart: the store is the queue.
func TestLongQueueIsDeliveredWithoutRestart(t *testing.T) {
	const total = 4100 // the old in-memory queue held 4,096
	if testing.Short() {
		t.Skip("4,100 deliveries take about 15 s under -race")
	}
	f := newFileFixture(t, defaultPolicy)
	c := &counter{want: total, all: make(chan struct{})}
	f.engine.AddOwner(&bot.Owner{ID: "laura", Languages: []string{"en"}, Known: map[string]bool{},
		Targets: []bot.Target{{Name: "count", Notifier: c}}})
	ctx := context.Background()
	err := f.store.Tx(ctx, func(ctx context.Context) error {
		for i := range total {
			w := &bot.Warning{ID: "sgw_q" + strconv.Itoa(i), Ref: strconv.Itoa(i), Owner: "laura",
				Notice: bot.NoticeProtectionResumed, Kind: "test", Created: t0}
			if err := f.store.AddWarning(ctx, w, []string{"laura/count"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.start(t)
	select {
	case <-c.all:
	case <-time.After(60 * time.Second):
		t.Fatalf("delivered %d of %d; %d still pending", c.n.Load(), total, f.pending(t, ""))
	}
	waitUntil(t, "every delivery recorded", func() bool { return f.pending(t, "") == 0 })
}

// fullPipe is a pipe that nobody reads, filled to the brim: writing to it
// blocks, as the console does on a stuck terminal or log collector.
func fullPipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	chunk := make([]byte, 4096)
	for {
		w.SetWriteDeadline(time.Now().Add(50 * time.Millisecond))
		if _, err := w.Write(chunk); err != nil {
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatal(err)
			}
			break
		}
	}
	w.SetWriteDeadline(time.Time{})
	return r, w
}

// A notifier that hangs (and ignores its context) counts as failing after
// the attempt's timeout: the owner is told through the other target, and
// delivery resumes when it comes back.
func TestHangingNotifierCountsAsFailing(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	r, w := fullPipe(t)
	stuck := notify.NewConsole(w, notify.Audience{Lang: "en", Quote: warntext.QuoteShort})
	f.engine = bottest.New(t, bottest.Options{Store: f.store, Now: func() time.Time { return t0 },
		Delivery: bot.DeliveryOptions{RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond, FailureAlert: 1, Timeout: 200 * time.Millisecond}})
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "stuck", Notifier: stuck}, {Name: "rec", Notifier: f.rec}}})
	f.start(t)
	res := f.handle(t, msg("1", opener, false, t0))
	waitUntil(t, "the hanging target reported failing", func() bool {
		got := f.engine.FailingTargets()
		return len(got) == 1 && got[0] == "laura/stuck"
	})
	waitToldFailing(t, f, "stuck")
	// The terminal comes back: delivery resumes.
	go io.Copy(io.Discard, r)
	waitUntil(t, "the warning delivered through the recovered target", func() bool { return f.pending(t, res.Warning.ID) == 0 })
	waitUntil(t, "the target no longer failing", func() bool { return len(f.engine.FailingTargets()) == 0 })
}

// gauge is a notifier that takes several warnings at once and records
// each call's span; hold makes every call wait until that many are in
// flight together (or a second has passed).
type gauge struct {
	concurrency int
	hold        int
	fail        error
	delay       time.Duration
	mu          sync.Mutex
	cond        *sync.Cond
	inFlight    int
	most        int
	spans       []span
	done        chan struct{}
	want        int
}

type span struct {
	id         string
	start, end time.Time
}

func newGauge(concurrency, hold, want int) *gauge {
	g := &gauge{concurrency: concurrency, hold: hold, want: want, done: make(chan struct{})}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *gauge) Concurrency() int { return g.concurrency }

func (g *gauge) Warn(_ context.Context, w *bot.Warning) error {
	start := time.Now()
	g.mu.Lock()
	g.inFlight++
	g.most = max(g.most, g.inFlight)
	g.cond.Broadcast()
	deadline := time.Now().Add(time.Second)
	for g.inFlight < g.hold && time.Now().Before(deadline) {
		go func() { time.Sleep(10 * time.Millisecond); g.cond.Broadcast() }()
		g.cond.Wait()
	}
	g.mu.Unlock()
	time.Sleep(g.delay)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inFlight--
	g.spans = append(g.spans, span{w.ID, start, time.Now()})
	if len(g.spans) == g.want {
		close(g.done)
	}
	return g.fail
}

func (g *gauge) calls() []span {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]span(nil), g.spans...)
}

func (f *fixture) notices(t *testing.T, n int, target string) {
	t.Helper()
	err := f.store.Tx(context.Background(), func(ctx context.Context) error {
		for i := range n {
			w := &bot.Warning{ID: "sgn_b" + strconv.Itoa(i), Ref: "B" + strconv.Itoa(i), Owner: "laura",
				Notice: bot.NoticeProtectionResumed, Kind: "test", Created: t0.Add(time.Duration(i) * time.Millisecond)}
			if err := f.store.AddWarning(ctx, w, []string{target}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A burst of warnings goes out as fast as the notifier takes them: as
// many at once as it accepts.
func TestBurstGoesOutConcurrently(t *testing.T) {
	f := newFileFixture(t, defaultPolicy)
	g := newGauge(8, 8, 40)
	f.engine.AddOwner(&bot.Owner{ID: "laura", Languages: []string{"en"}, Known: map[string]bool{},
		Targets: []bot.Target{{Name: "push", Notifier: g}}})
	f.notices(t, 40, "laura/push")
	f.start(t)
	select {
	case <-g.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("delivered %d of 40", len(g.calls()))
	}
	if g.most != 8 {
		t.Errorf("at most %d warnings in flight, want the notifier's 8", g.most)
	}
	waitUntil(t, "every delivery recorded", func() bool { return f.pending(t, "") == 0 })
}

// A conversation's warning and its escalation never travel together: the
// escalation is sent once the warning has arrived.
func TestOneWarningOfAConversationAtATime(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	g := newGauge(8, 1, 2)
	g.delay = 50 * time.Millisecond
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "push", Notifier: g}}})
	var warned []*bot.Warning
	for i, m := range []bot.Message{msg("1", opener, false, t0), msg("2", denial, true, t0.Add(time.Minute)),
		msg("3", rapport, false, t0.Add(2*time.Minute)), msg("4", pivot, false, t0.Add(3*time.Minute))} {
		if w := f.handle(t, m).Warning; w != nil {
			warned = append(warned, w)
		} else if i == 0 {
			t.Fatal("the opener did not warn")
		}
	}
	if len(warned) != 2 {
		t.Fatalf("%d warnings, want a warning and an escalation", len(warned))
	}
	first := warned[0]
	f.start(t)
	select {
	case <-g.done:
	case <-time.After(10 * time.Second):
		t.Fatal("not delivered")
	}
	c := g.calls()
	if c[0].id != first.ID || !c[1].start.After(c[0].end) {
		t.Errorf("calls %+v: the escalation did not wait for the warning", c)
	}
}

// While a target fails it gets one attempt at a time, with the backoff
// between: the failures count as they did one by one.
func TestFailingTargetIsTriedOneAtATime(t *testing.T) {
	f := newFileFixture(t, defaultPolicy)
	g := newGauge(8, 1, 14)
	g.fail = errors.New("push service down")
	g.delay = 5 * time.Millisecond // long enough for attempts at once to overlap
	f.engine.AddOwner(&bot.Owner{ID: "laura", Languages: []string{"en"}, Known: map[string]bool{},
		Targets: []bot.Target{{Name: "push", Notifier: g}}})
	f.notices(t, 8, "laura/push")
	f.start(t)
	select {
	case <-g.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%d attempts", len(g.calls()))
	}
	// A retry (a warning's second or later attempt) is only begun once
	// a failure is known, so it must not overlap any attempt begun
	// before it. The first burst may overlap itself: it went out before
	// any failure, and a goroutine of it may start late on a busy machine.
	c := g.calls()
	slices.SortFunc(c, func(a, b span) int { return a.start.Compare(b.start) })
	seen := map[string]bool{}
	retries := 0
	for i, r := range c {
		if !seen[r.id] {
			seen[r.id] = true
			continue
		}
		retries++
		for _, s := range c[:i] {
			if s.end.After(r.start) {
				t.Errorf("retry %s began at %v while %s (%v to %v) was still in flight",
					r.id, r.start, s.id, s.start, s.end)
			}
		}
	}
	if retries < 5 {
		t.Errorf("%d retries, want at least 5", retries)
	}
	// All still pending (and the notice that the target fails, which
	// waits for it too: there is no other).
	p, err := f.store.PendingDeliveries(context.Background())
	if err != nil || len(p) != 9 {
		t.Fatalf("pending: %d %v, want the 8 and the notice", len(p), err)
	}
}

// A slow target holds up no other: the fast one has every warning long
// before the slow one is through.
func TestSlowTargetHoldsUpNoOther(t *testing.T) {
	f := newFileFixture(t, defaultPolicy)
	slow, fast := newGauge(1, 1, 10), newGauge(8, 1, 10)
	slow.delay = 100 * time.Millisecond
	f.engine.AddOwner(&bot.Owner{ID: "laura", Languages: []string{"en"}, Known: map[string]bool{},
		Targets: []bot.Target{{Name: "slow", Notifier: slow}, {Name: "fast", Notifier: fast}}})
	err := f.store.Tx(context.Background(), func(ctx context.Context) error {
		for i := range 10 {
			w := &bot.Warning{ID: "sgn_s" + strconv.Itoa(i), Ref: "S" + strconv.Itoa(i), Owner: "laura",
				Notice: bot.NoticeProtectionResumed, Kind: "test", Created: t0}
			if err := f.store.AddWarning(ctx, w, []string{"laura/slow", "laura/fast"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.start(t)
	select {
	case <-fast.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the fast target did not get its warnings")
	}
	if n := len(slow.calls()); n > 5 {
		t.Errorf("the slow target had done %d of 10 when the fast one was through; want it far behind", n)
	}
}

// gate is a notifier that holds every warning until it is opened.
type gate chan struct{}

func (g gate) Warn(ctx context.Context, _ *bot.Warning) error {
	select {
	case <-g:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type refuser struct{}

func (refuser) Warn(context.Context, *bot.Warning) error {
	return bot.Permanent(errors.New("no such chat"))
}

// WaitDelivered returns once every target has taken the warning or
// refused it for good, and says how many are left when it gives up first.
func TestWaitDelivered(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	open := make(gate)
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Targets: []bot.Target{{Name: "held", Notifier: open}, {Name: "refused", Notifier: refuser{}}}})
	f.realClock = true
	f.start(t)
	res := f.handle(t, msg("1", opener, false, time.Now()))
	if res.Warning == nil {
		t.Fatal("no warning")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if left, err := f.engine.WaitDelivered(ctx, res.Warning.ID); left != 1 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("while one target holds it: %d left, %v; want 1 and the deadline", left, err)
	}
	close(open)
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if left, err := f.engine.WaitDelivered(ctx, res.Warning.ID); left != 0 || err != nil {
		t.Fatalf("after the target took it: %d left, %v", left, err)
	}
	if n := f.pending(t, res.Warning.ID); n != 0 {
		t.Errorf("%d deliveries still pending", n)
	}
}

// blocker is a notifier whose sends hang until their context ends; it
// says when one started and how it ended.
type blocker struct {
	started chan struct{}
	ended   chan error
}

func (b *blocker) Warn(ctx context.Context, _ *bot.Warning) error {
	b.started <- struct{}{}
	<-ctx.Done()
	b.ended <- ctx.Err()
	return ctx.Err()
}

// A process that lost its lease stops its sends at once (AbortDelivery),
// without the stop's grace: the new holder sends the warning, which stays
// pending here.
func TestAbortDeliveryCancelsSendsAtOnce(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	b := &blocker{started: make(chan struct{}, 1), ended: make(chan error, 1)}
	f.engine = bottest.New(t, bottest.Options{Store: f.store, Now: func() time.Time { return t0 },
		Delivery: bot.DeliveryOptions{StopGrace: time.Hour, Timeout: time.Hour}})
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "hung", Notifier: b}}})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	if err := f.engine.Start(ctx); err != nil {
		t.Fatal(err)
	}
	res := f.handle(t, msg("1", opener, false, t0))
	<-b.started
	stop()
	f.engine.AbortDelivery()
	select {
	case err := <-b.ended:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the send ended with %v, want cancelled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the send in flight was not cancelled (the stop's grace is an hour)")
	}
	f.engine.Wait()
	if n := f.pending(t, res.Warning.ID); n != 1 {
		t.Errorf("%d deliveries pending, want the warning's one, for the new holder", n)
	}
}

// An idle target costs no goroutine: its worker ends once nothing of it is
// pending, and a new warning starts one again, which delivers it.
func TestIdleTargetsHaveNoWorker(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	for i := range 100 {
		f.engine.AddOwner(&bot.Owner{ID: "idle" + strconv.Itoa(i), Names: []string{"Ida"}, Country: "IT", Languages: []string{"en"},
			Known: map[string]bool{}, Targets: []bot.Target{{Name: "rec", Notifier: f.rec}}})
	}
	f.start(t)
	waitUntil(t, "the idle targets' workers to end", func() bool { return f.engine.DeliveryWorkers() == 0 })
	for i, number := range []string{"+12025550101", "+12025550102"} {
		w := f.handle(t, fromSender(msg("m"+strconv.Itoa(i), opener, false, t0), number)).Warning
		if w == nil {
			t.Fatalf("no warning for %s", number)
		}
		waitUntil(t, "the warning delivered", func() bool { return f.pending(t, w.ID) == 0 })
		waitUntil(t, "the worker to end after it", func() bool { return f.engine.DeliveryWorkers() == 0 })
	}
}

// countingNotifier counts its sends.
type countingNotifier struct{ n atomic.Int32 }

func (c *countingNotifier) Warn(context.Context, *bot.Warning) error { c.n.Add(1); return nil }

// The delivery's gate is asked before each send: a process that no longer
// holds the lease of a shared database (thawed after another took over)
// sends nothing, and the warning stays pending for the holder.
func TestDeliveryGateRefusesSends(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	asked := make(chan struct{}, 1)
	gate := func(context.Context) error {
		select {
		case asked <- struct{}{}:
		default:
		}
		return errors.New("the lease was lost")
	}
	n := &countingNotifier{}
	f.engine = bottest.New(t, bottest.Options{Store: f.store, Now: func() time.Time { return t0 },
		Delivery: bot.DeliveryOptions{RetryMin: time.Millisecond, RetryMax: time.Millisecond, Gate: gate}})
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "push", Notifier: n}}})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	if err := f.engine.Start(ctx); err != nil {
		t.Fatal(err)
	}
	res := f.handle(t, msg("1", opener, false, t0))
	select {
	case <-asked:
	case <-time.After(10 * time.Second):
		t.Fatal("the gate was never asked")
	}
	stop()
	f.engine.Wait()
	if got := n.n.Load(); got != 0 {
		t.Errorf("%d sends through a closed gate", got)
	}
	if got := f.pending(t, res.Warning.ID); got != 1 {
		t.Errorf("%d deliveries pending, want the warning's one, for the holder", got)
	}
}

// readSpy is the real store, counting the reads of single warnings and
// telling which warnings the delivery queue has handed out.
type readSpy struct {
	bot.Store
	reads atomic.Int32
	mu    sync.Mutex
	due   map[string]bool
}

func (s *readSpy) Warning(ctx context.Context, id string) (*bot.Warning, error) {
	s.reads.Add(1)
	return s.Store.Warning(ctx, id)
}

func (s *readSpy) DueDeliveries(ctx context.Context, target string, now time.Time, limit int) ([]bot.Delivery, error) {
	ds, err := s.Store.DueDeliveries(ctx, target, now, limit)
	s.mu.Lock()
	for _, d := range ds {
		s.due[d.WarningID] = true
	}
	s.mu.Unlock()
	return ds, err
}

func (s *readSpy) queued(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.due[id]
}

// heldFirst holds its first warning until release is closed.
type heldFirst struct {
	release, started, done chan struct{}
	calls                  atomic.Int32
}

func (h *heldFirst) Concurrency() int { return 8 }

func (h *heldFirst) Warn(ctx context.Context, _ *bot.Warning) error {
	switch h.calls.Add(1) {
	case 1:
		close(h.started)
		<-h.release
	case 2:
		close(h.done)
	}
	return nil
}

// An escalation decided while the conversation's first warning is in
// flight waits for it, and then goes out as the engine handed it over:
// the store is not asked for it again (under load, reading held-back
// escalations again was a twentieth of the daemon's garbage).
func TestHeldBackWarningIsNotReadAgain(t *testing.T) {
	store := &readSpy{Store: bottest.SQLite(t, ""), due: map[string]bool{}}
	h := &heldFirst{release: make(chan struct{}), started: make(chan struct{}), done: make(chan struct{})}
	engine := bottest.New(t, bottest.Options{Store: store, Now: func() time.Time { return t0.Add(4 * time.Minute) }})
	engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "push", Notifier: h}}})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); engine.Wait() })
	if err := engine.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var warned []*bot.Warning
	for i, m := range []bot.Message{msg("1", opener, false, t0), msg("2", denial, true, t0.Add(time.Minute)),
		msg("3", rapport, false, t0.Add(2*time.Minute)), msg("4", pivot, false, t0.Add(3*time.Minute))} {
		res, err := engine.Handle(context.Background(), m)
		if err != nil {
			t.Fatal(err)
		}
		if res.Warning != nil {
			warned = append(warned, res.Warning)
		}
		if i == 0 {
			select {
			case <-h.started:
			case <-time.After(bottest.WaitTimeout):
				t.Fatal("the first warning was not sent")
			}
		}
	}
	if len(warned) != 2 {
		t.Fatalf("%d warnings, want a warning and an escalation", len(warned))
	}
	// Once the queue has handed out the escalation, the worker has held
	// it back (its conversation is busy) before it can see the first
	// warning's end.
	waitUntil(t, "the escalation queued", func() bool { return store.queued(warned[1].ID) })
	close(h.release)
	select {
	case <-h.done:
	case <-time.After(bottest.WaitTimeout):
		t.Fatal("the escalation was not sent")
	}
	if n := store.reads.Load(); n > 0 {
		t.Errorf("the store was asked %d times for a warning the engine had handed over", n)
	}
}

// racingStore is the real store whose Tx, once committed, wakes delivery
// and waits until the worker has either sent the new warning or read it
// back from the store: the worker reads its queue before the engine has
// handed the warning over, as it can under load.
type racingStore struct {
	bot.Store
	wake  func()
	sent  chan struct{}
	reads atomic.Int32
	read  chan struct{}
}

func (s *racingStore) Warning(ctx context.Context, id string) (*bot.Warning, error) {
	if s.reads.Add(1) == 1 {
		close(s.read)
	}
	return s.Store.Warning(ctx, id)
}

func (s *racingStore) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if err := s.Store.Tx(ctx, fn); err != nil {
		return err
	}
	s.wake()
	select {
	case <-s.sent:
	case <-s.read:
	case <-time.After(bottest.WaitTimeout):
	}
	return nil
}

type signalNotifier struct{ sent chan struct{} }

func (n signalNotifier) Warn(context.Context, *bot.Warning) error {
	close(n.sent)
	return nil
}

// A warning is handed to delivery with its commit: a worker that reads
// the queue right after the commit, before Handle returns, sends it
// without reading it back. (It used to be handed over after Handle's
// commit: the worker read it from the store, and the copy handed over
// later stayed unclaimed; after 1,024 of those, every warning was read
// back from the store.)
func TestWarningReadyForDeliveryAtItsCommit(t *testing.T) {
	sent := make(chan struct{})
	store := &racingStore{Store: bottest.SQLite(t, ""), sent: sent, read: make(chan struct{})}
	engine := bottest.New(t, bottest.Options{Store: store, Now: func() time.Time { return t0 }})
	store.wake = engine.WakeDelivery
	engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "push", Notifier: signalNotifier{sent}}}})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); engine.Wait() })
	if err := engine.Start(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := engine.Handle(context.Background(), msg("1", opener, false, t0))
	if err != nil {
		t.Fatal(err)
	}
	if res.Warning == nil {
		t.Fatal("the opener did not warn")
	}
	select {
	case <-sent:
	case <-time.After(bottest.WaitTimeout):
		t.Fatal("not delivered")
	}
	if n := store.reads.Load(); n > 0 {
		t.Errorf("the worker read the warning back from the store %d times", n)
	}
}

// waitToldFailing waits until the owner has been told, through another
// target, that target name is failing.
func waitToldFailing(t *testing.T, f *fixture, name string) {
	t.Helper()
	waitUntil(t, "the owner told through the other target that "+name+" fails", func() bool {
		for _, w := range f.rec.Warnings() {
			if w.Notice == bot.NoticeNotifierFailing && w.Kind == name {
				return true
			}
		}
		return false
	})
}
