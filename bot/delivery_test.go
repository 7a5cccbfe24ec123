package bot_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/notify"
	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
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
	if n := f.pending(t, a.ID); n != 0 {
		t.Errorf("the refused warning is still pending for %d target(s)", n)
	}
	waitUntil(t, "the owner told through the other target", func() bool {
		for _, w := range f.rec.warnings() {
			if w.Notice == bot.NoticeNotifierFailing && w.Kind == "push" {
				return true
			}
		}
		return false
	})
	st := f.engine.Command(context.Background(), bot.CommandInput{Owner: "laura", Text: "!status", Prefix: "!"})
	if !strings.Contains(st, a.Ref) || !strings.Contains(st, "push") {
		t.Errorf("!status does not list %s as not delivered through push:\n%s", a.Ref, st)
	}
	if got := f.engine.FailingTargets(); len(got) != 0 {
		t.Errorf("push still failing after a delivery went through: %v", got)
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
	reg, err := detectors.New(detectors.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	f.engine = bot.New(bot.Options{Store: f.store, Detectors: reg, Policy: defaultPolicy, Log: zerolog.Nop(),
		Now:      func() time.Time { return t0 },
		Delivery: bot.DeliveryOptions{RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond, FailureAlert: 1, Timeout: 200 * time.Millisecond}})
	f.engine.AddOwner(&bot.Owner{ID: "laura", Names: []string{"Laura"}, Country: "IT", Languages: []string{"en"},
		Known: map[string]bool{}, Targets: []bot.Target{{Name: "stuck", Notifier: stuck}, {Name: "rec", Notifier: f.rec}}})
	f.start(t)
	res := f.handle(t, msg("1", opener, false, t0))
	waitUntil(t, "the hanging target reported failing", func() bool {
		got := f.engine.FailingTargets()
		return len(got) == 1 && got[0] == "laura/stuck"
	})
	waitUntil(t, "the owner told through the other target", func() bool {
		for _, w := range f.rec.warnings() {
			if w.Notice == bot.NoticeNotifierFailing && w.Kind == "stuck" {
				return true
			}
		}
		return false
	})
	// The terminal comes back: delivery resumes.
	go io.Copy(io.Discard, r)
	waitUntil(t, "the warning delivered through the recovered target", func() bool { return f.pending(t, res.Warning.ID) == 0 })
	waitUntil(t, "the target no longer failing", func() bool { return len(f.engine.FailingTargets()) == 0 })
}
