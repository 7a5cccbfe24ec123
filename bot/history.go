package bot

import (
	"context"
	"strconv"
	"time"

	"github.com/silentguard/silentguard/detectors"
)

// NoticeHistorySummary is the single summary of suspicious conversations
// found in history on a first start (opt-in). Kind holds the count; each
// Reason is one conversation (Evidence: the sender as shown, Args: level,
// kind, at).
const NoticeHistorySummary = "history_summary"

// HistoryLine is one suspicious conversation found in history.
type HistoryLine struct {
	Sender Sender
	Level  detectors.Level
	Kind   string
	At     time.Time
}

// HistorySummary sends the owner one notice listing suspicious
// conversations found in recent history (possibly none).
func (e *Engine) HistorySummary(ctx context.Context, ownerID string, lines []HistoryLine) error {
	o := e.Owner(ownerID)
	if o == nil {
		return ErrUnknownOwner
	}
	w := &Warning{ID: "sgn_" + randomString(20), Owner: o.ID, Notice: NoticeHistorySummary,
		Kind: strconv.Itoa(len(lines)), Created: e.now()}
	for _, l := range lines {
		who := l.Sender.DisplayName
		if who == "" {
			who = l.Sender.Phone
		}
		w.Reasons = append(w.Reasons, detectors.Reason{Code: "history", Turn: -1, Evidence: who,
			Args: map[string]string{"level": l.Level.String(), "kind": l.Kind, "network": l.Sender.Network, "at": l.At.UTC().Format(time.RFC3339)}})
	}
	if err := e.store.Tx(ctx, func(ctx context.Context) error { return e.storeWarning(ctx, o, w) }); err != nil {
		return err
	}
	e.delivery.enqueue(w)
	return nil
}
