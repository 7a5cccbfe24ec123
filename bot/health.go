package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// AdapterHealth is one adapter's health for one owner.
type AdapterHealth struct {
	Owner   string    `json:"owner"`
	Adapter string    `json:"adapter"`
	OK      bool      `json:"ok"`
	Reason  string    `json:"reason,omitempty"`
	Since   time.Time `json:"since"`
}

type health struct {
	e        *Engine
	mu       sync.Mutex
	adapters map[string]*AdapterHealth
	failing  map[string]bool

	// probeMu serialises database probes; the last result is reused for
	// probeEvery, so that a flood of health checks writes little.
	probeMu  sync.Mutex
	probedAt time.Time
	probeErr error
}

// probeEvery is how long a database probe's result stands.
const probeEvery = time.Second

// Report is the state of every owner's protection.
type Report struct {
	// OK: every adapter runs, no notifier keeps failing, and the database
	// takes writes.
	OK               bool
	Adapters         []AdapterHealth
	FailingNotifiers []string
	// Database is why the database cannot be written ("" when it can).
	Database string
}

// CheckHealth reports whether every owner is protected. It writes to the
// database (at most once per second) to prove that messages can be stored.
func (e *Engine) CheckHealth(ctx context.Context) Report {
	var r Report
	r.Adapters, r.OK = e.Health()
	r.FailingNotifiers = e.FailingTargets()
	if err := e.health.probe(ctx); err != nil {
		r.Database = err.Error()
	}
	r.OK = r.OK && len(r.FailingNotifiers) == 0 && r.Database == ""
	return r
}

func (h *health) probe(ctx context.Context) error {
	h.probeMu.Lock()
	defer h.probeMu.Unlock()
	if time.Since(h.probedAt) < probeEvery {
		return h.probeErr
	}
	h.probeErr = h.e.store.Probe(ctx)
	if h.probeErr != nil {
		h.probeErr = fmt.Errorf("database write probe: %w", h.probeErr)
	}
	h.probedAt = time.Now()
	return h.probeErr
}

func newHealth(e *Engine) *health {
	return &health{e: e, adapters: map[string]*AdapterHealth{}, failing: map[string]bool{}}
}

// ReportAdapter records an adapter's state for an owner. When protection
// stops (credentials rejected, connection disabled) the owner is told; when
// it comes back, too. Reason must not hold message text.
func (e *Engine) ReportAdapter(owner, adapter string, ok bool, reason string) {
	h := e.health
	h.mu.Lock()
	key := owner + "/" + adapter
	st, seen := h.adapters[key]
	changed := !seen || st.OK != ok
	if changed {
		st = &AdapterHealth{Owner: owner, Adapter: adapter, OK: ok, Reason: reason, Since: e.now()}
		h.adapters[key] = st
	}
	h.mu.Unlock()
	if !changed {
		return
	}
	if !ok {
		e.log.Warn().Str("owner", owner).Str("adapter", adapter).Str("reason", reason).Msg("Protection stopped")
		e.notice(owner, Notice{Kind: NoticeProtectionStopped, Adapter: adapter}, nil)
	} else if seen {
		e.log.Info().Str("owner", owner).Str("adapter", adapter).Msg("Protection resumed")
		e.notice(owner, Notice{Kind: NoticeProtectionResumed, Adapter: adapter}, nil)
	}
}

// RestoreAdapter records a state an adapter found stored at start-up
// (a connection turned off before a restart) without telling the owner
// again: they were told when it happened. A later change is reported as
// usual, so turning it back on says "resumed". A state already reported
// in this run is left alone.
func (e *Engine) RestoreAdapter(owner, adapter string, ok bool, reason string) {
	h := e.health
	h.mu.Lock()
	defer h.mu.Unlock()
	key := owner + "/" + adapter
	if _, seen := h.adapters[key]; !seen {
		h.adapters[key] = &AdapterHealth{Owner: owner, Adapter: adapter, OK: ok, Reason: reason, Since: e.now()}
	}
}

// Health lists adapter states, sorted, and whether all are well.
func (e *Engine) Health() ([]AdapterHealth, bool) {
	h := e.health
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]AdapterHealth, 0, len(h.adapters))
	allOK := true
	for _, s := range h.adapters {
		out = append(out, *s)
		allOK = allOK && s.OK
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Owner+"/"+out[i].Adapter < out[j].Owner+"/"+out[j].Adapter
	})
	return out, allOK
}

// FailingTargets lists notification targets that keep failing.
func (e *Engine) FailingTargets() []string {
	h := e.health
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for t, f := range h.failing {
		if f {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// notifierFailing marks a target failing and, the first time, tells the
// owner through their other targets.
func (h *health) notifierFailing(target string, _ error) {
	h.mu.Lock()
	already := h.failing[target]
	h.failing[target] = true
	h.mu.Unlock()
	if already {
		return
	}
	owner, name, _ := strings.Cut(target, "/")
	h.e.log.Warn().Str("target", target).Msg("Notifier keeps failing; telling the owner through their other targets")
	// Through the other targets; with none, it waits for this one.
	h.e.notice(owner, Notice{Kind: NoticeNotifierFailing, Target: name}, func(t Target) bool { return t.Name != name })
}

// keepOnly forgets the health of adapters of owners not in owners, and
// the failing marks of targets not in targets.
func (h *health) keepOnly(owners map[string]*Owner, targets map[string]bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for k, st := range h.adapters {
		if owners[st.Owner] == nil {
			delete(h.adapters, k)
		}
	}
	for t := range h.failing {
		if !targets[t] {
			delete(h.failing, t)
		}
	}
}

// notifierRecovered clears a target's failing mark; it reports whether
// there was one.
func (h *health) notifierRecovered(target string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	was := h.failing[target]
	delete(h.failing, target)
	return was
}
