package bot

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/silentguard/silentguard/detectors"
)

// Observer is told what the engine does, for metrics. Its arguments are
// kinds and levels only: never an owner, a sender, a target's name or
// text, which metrics must not carry.
type Observer interface {
	// MessageReceived: a message from an adapter (its platform) was
	// stored; duplicates are not told.
	MessageReceived(platform string)
	// Judged: the detectors judged a conversation at this level.
	Judged(level detectors.Level)
	// DetectorFailed: the detectors failed (a bug) on a message judged
	// (and told to Judged) without the part that failed.
	DetectorFailed()
	// Delivered: a warning or notice reached a target of this notifier
	// kind, latency after it was decided.
	Delivered(kind string, latency time.Duration)
	// DeliveryFailed: an attempt on a target of this kind failed;
	// permanent when the warning was set aside.
	DeliveryFailed(kind string, permanent bool)
}

type nopObserver struct{}

func (nopObserver) MessageReceived(string)             {}
func (nopObserver) Judged(detectors.Level)             {}
func (nopObserver) DetectorFailed()                    {}
func (nopObserver) Delivered(string, time.Duration)    {}
func (nopObserver) DeliveryFailed(kind string, _ bool) {}

// KindUnconfigured is the notifier kind of a target that is no longer in
// the configuration (its pending warnings fail for good).
const KindUnconfigured = "unconfigured"

// targetKind is the notifier kind of a target key.
func (e *Engine) targetKind(target string) string {
	for _, id := range e.Owners() {
		o := e.Owner(id)
		if o == nil {
			continue
		}
		for _, t := range o.Targets {
			if targetKey(o.ID, t.Name) == target {
				return t.Kind
			}
		}
	}
	return KindUnconfigured
}

// NotifierKinds lists the notifier kinds of the owners' targets, sorted.
func (e *Engine) NotifierKinds() []string {
	seen := map[string]bool{}
	for _, id := range e.Owners() {
		if o := e.Owner(id); o != nil {
			for _, t := range o.Targets {
				seen[t.Kind] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Watched counts the conversations being watched, for every owner.
func (e *Engine) Watched(ctx context.Context) (int, error) {
	n := 0
	for _, id := range e.Owners() {
		counts, err := e.store.CountConversations(ctx, id)
		if err != nil {
			return 0, fmt.Errorf("count conversations: %w", err)
		}
		n += counts[StateWatching]
	}
	return n, nil
}

// PendingByKind counts the deliveries waiting to be sent (or retried), by
// notifier kind.
func (e *Engine) PendingByKind(ctx context.Context) (map[string]int, error) {
	pending, err := e.store.PendingDeliveries(ctx)
	if err != nil {
		return nil, fmt.Errorf("read pending deliveries: %w", err)
	}
	kinds := map[string]string{}
	for _, id := range e.Owners() {
		if o := e.Owner(id); o != nil {
			for _, t := range o.Targets {
				kinds[targetKey(o.ID, t.Name)] = t.Kind
			}
		}
	}
	out := map[string]int{}
	for _, p := range pending {
		k, ok := kinds[p.Target]
		if !ok {
			k = KindUnconfigured
		}
		out[k]++
	}
	return out, nil
}
