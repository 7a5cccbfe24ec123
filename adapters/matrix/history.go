package matrix

import (
	"context"

	"github.com/silentguard/silentguard/bot"
)

// sendHistorySummary hands the core every message judged in history; the
// core's alert policy picks what the summary lists.
func (s *ownerSync) sendHistorySummary(ctx context.Context, judged []bot.HistoryLine) {
	if err := s.core.HistorySummary(ctx, s.ownerID, judged); err != nil {
		s.log.Error().Err(err).Msg("Failed to send the history summary")
	}
}
