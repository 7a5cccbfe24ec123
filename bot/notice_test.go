package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// A notice reads back with its own typed fields, whatever the Warning
// that carried it holds: the adapter, the target, the summary's lines.
func TestNoticeOfReadsBack(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	f.start(t)
	f.engine.ReportAdapter("laura", "matrix", false, "login failed")
	got := f.rec.WaitCount(t, 1)
	n, ok := bot.NoticeOf(got[0])
	if !ok || n.Kind != bot.NoticeProtectionStopped || n.Adapter != "matrix" || n.Target != "" {
		t.Errorf("NoticeOf(stopped) = %+v, %v", n, ok)
	}
	amy := bot.Sender{ID: "+12025550143", DisplayName: "Amy", Network: detectors.NetworkWhatsApp}
	at := t0.Add(-time.Hour)
	judged := []bot.HistoryLine{{Sender: amy, Level: detectors.LevelAlert, Kind: detectors.KindInvestment, At: at}}
	if err := f.engine.HistorySummary(context.Background(), "laura", judged); err != nil {
		t.Fatal(err)
	}
	got = f.rec.WaitCount(t, 2)
	n, ok = bot.NoticeOf(got[1])
	if !ok || n.Kind != bot.NoticeHistorySummary || len(n.History) != 1 {
		t.Fatalf("NoticeOf(summary) = %+v, %v", n, ok)
	}
	l := n.History[0]
	if l.Sender.DisplayName != "Amy" || l.Sender.Network != detectors.NetworkWhatsApp || l.Level != detectors.LevelAlert ||
		l.Kind != detectors.KindInvestment || !l.At.Equal(at) {
		t.Errorf("summary line = %+v", l)
	}
	if _, ok := bot.NoticeOf(&bot.Warning{ID: "sgw_x", Kind: detectors.KindWrongNumber}); ok {
		t.Error("a warning about a sender reads as a notice")
	}
}
