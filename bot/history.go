package bot

import (
	"context"
	"slices"
	"time"

	"github.com/silentguard/silentguard/detectors"
)

// HistoryLine is one message of a watched conversation judged in history:
// its sender, the verdict the conversation had after it, and its time.
type HistoryLine struct {
	Sender Sender
	Level  detectors.Level
	Kind   string
	At     time.Time
	// Faulted: the detectors failed on this message (a bug, logged), so
	// its verdict may have missed something.
	Faulted bool
}

// HistorySummary sends the owner one notice listing the suspicious
// conversations found in recent history (possibly none). The adapter hands
// over every judged message; the alert policy picks the lines (see
// pickHistory), so that watch.min_level applies here as to warnings.
//
// A summary with no line says that nothing looks like the scam; it is not
// sent when the detectors failed on a message of history, which was then
// not fully judged: no notice is better than a false all-clear.
func (e *Engine) HistorySummary(ctx context.Context, ownerID string, judged []HistoryLine) error {
	lines := pickHistory(judged, e.policy.MinLevel)
	if len(lines) == 0 && slices.ContainsFunc(judged, func(l HistoryLine) bool { return l.Faulted }) {
		e.log.Warn().Str("owner", ownerID).Msg("No history summary: the detectors failed on a message of history")
		return nil
	}
	return e.sendNotice(ctx, ownerID, Notice{Kind: NoticeHistorySummary, History: lines}, nil)
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
