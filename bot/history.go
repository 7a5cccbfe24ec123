package bot

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/silentguard/silentguard/detectors"
)

// NoticeHistorySummary is the single summary of suspicious conversations
// found in history on a first start (opt-in). Kind holds the count; each
// Reason is one conversation (Evidence: the sender as shown, Args: level,
// kind, at).
const NoticeHistorySummary = "history_summary"

// HistoryLine is one message of a watched conversation judged in history:
// its sender, the verdict the conversation had after it, and its time.
type HistoryLine struct {
	Sender Sender
	Level  detectors.Level
	Kind   string
	At     time.Time
}

// HistorySummary sends the owner one notice listing the suspicious
// conversations found in recent history (possibly none). The adapter hands
// over every judged message; the alert policy picks the lines (see
// pickHistory), so that watch.min_level applies here as to warnings.
func (e *Engine) HistorySummary(ctx context.Context, ownerID string, judged []HistoryLine) error {
	o := e.Owner(ownerID)
	if o == nil {
		return ErrUnknownOwner
	}
	lines := pickHistory(judged, e.policy.MinLevel)
	w := &Warning{ID: "sgn_" + randomString(20), Owner: o.ID, Notice: NoticeHistorySummary,
		Kind: strconv.Itoa(len(lines)), Created: e.now()}
	for _, l := range lines {
		who := l.Sender.DisplayName
		if who == "" {
			who = l.Sender.Phone
		}
		w.Reasons = append(w.Reasons, detectors.Reason{Code: "history", Turn: -1, Evidence: who,
			Args: map[string]string{"level": l.Level.String(), "kind": l.Kind, "network": string(l.Sender.Network), "at": l.At.UTC().Format(time.RFC3339)}})
	}
	if err := e.store.Tx(ctx, func(ctx context.Context) error { return e.storeWarning(ctx, o, w) }); err != nil {
		return err
	}
	e.delivery.enqueue(w)
	return nil
}

// pickHistory is the alert policy for history: a line for each sender
// whose verdict would have warned (at or above minLevel, as Decide), at
// the highest level they reached (the first such message on a tie), newest
// first.
func pickHistory(judged []HistoryLine, minLevel detectors.Level) []HistoryLine {
	best := map[string]int{}
	var lines []HistoryLine
	for _, l := range judged {
		if l.Level < minLevel || l.Level == detectors.LevelNone {
			continue
		}
		i, seen := best[l.Sender.ID]
		switch {
		case !seen:
			best[l.Sender.ID] = len(lines)
			lines = append(lines, l)
		case l.Level > lines[i].Level:
			lines[i] = l
		}
	}
	slices.SortStableFunc(lines, func(a, b HistoryLine) int { return b.At.Compare(a.At) })
	return lines
}
