package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/detectors"
)

// The history summary's lines are the alert policy's choice, made in the
// core: only verdicts at or above watch.min_level, one line per sender at
// the highest level they reached, newest first.
func TestHistorySummaryFollowsMinLevel(t *testing.T) {
	policy := defaultPolicy
	policy.MinLevel = detectors.LevelWarning
	f := newFixture(t, policy)
	f.start(t)
	amy := bot.Sender{ID: "+12025550143", Phone: "+12025550143", DisplayName: "Amy", Network: "whatsapp"}
	bob := bot.Sender{ID: "+12025550177", Phone: "+12025550177", DisplayName: "Bob", Network: "sms"}
	eve := bot.Sender{ID: "+12025550199", Phone: "+12025550199", DisplayName: "Eve", Network: "signal"}
	judged := []bot.HistoryLine{
		{Sender: amy, Level: detectors.LevelCaution, Kind: detectors.KindWrongNumber, At: t0},
		{Sender: amy, Level: detectors.LevelAlert, Kind: detectors.KindInvestment, At: t0.Add(time.Minute)},
		{Sender: amy, Level: detectors.LevelWarning, Kind: detectors.KindWrongNumber, At: t0.Add(2 * time.Minute)},
		{Sender: bob, Level: detectors.LevelCaution, Kind: detectors.KindWrongNumber, At: t0.Add(time.Hour)},
		{Sender: eve, Level: detectors.LevelWarning, Kind: detectors.KindWrongNumber, At: t0.Add(2 * time.Hour)},
		{Sender: eve, Level: detectors.LevelNone, At: t0.Add(3 * time.Hour)},
	}
	if err := f.engine.HistorySummary(context.Background(), "laura", judged); err != nil {
		t.Fatal(err)
	}
	got := f.rec.WaitCount(t, 1)
	if len(got) != 1 || got[0].Notice != bot.NoticeHistorySummary {
		t.Fatalf("want one history summary, got %+v", got)
	}
	w := got[0]
	type line struct{ who, level, kind string }
	want := []line{{"Eve", "warning", detectors.KindWrongNumber}, {"Amy", "alert", detectors.KindInvestment}}
	if w.Kind != "2" || len(w.Reasons) != len(want) {
		t.Fatalf("summary of %s conversations with %d lines, want 2: %+v", w.Kind, len(w.Reasons), w.Reasons)
	}
	for i, r := range w.Reasons {
		if g := (line{r.Evidence, r.Args["level"], r.Args["kind"]}); g != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, g, want[i])
		}
	}
}

// A history whose messages the detectors partly failed on gets no "nothing
// looks like the scam" summary: that would be an all-clear the bot cannot
// give. Lines that did warn are still sent.
func TestHistorySummaryNoAllClearAfterFault(t *testing.T) {
	f := newFixture(t, defaultPolicy)
	f.start(t)
	amy := bot.Sender{ID: "+12025550143", Phone: "+12025550143", DisplayName: "Amy", Network: "sms"}
	bob := bot.Sender{ID: "+12025550177", Phone: "+12025550177", DisplayName: "Bob", Network: "sms"}
	faulted := []bot.HistoryLine{{Sender: amy, Level: detectors.LevelNone, At: t0, Faulted: true}}
	if err := f.engine.HistorySummary(context.Background(), "laura", faulted); err != nil {
		t.Fatal(err)
	}
	warned := append(faulted, bot.HistoryLine{Sender: bob, Level: detectors.LevelWarning, Kind: detectors.KindWrongNumber, At: t0})
	if err := f.engine.HistorySummary(context.Background(), "laura", warned); err != nil {
		t.Fatal(err)
	}
	clean := []bot.HistoryLine{{Sender: amy, Level: detectors.LevelNone, At: t0}}
	if err := f.engine.HistorySummary(context.Background(), "laura", clean); err != nil {
		t.Fatal(err)
	}
	got := f.rec.WaitCount(t, 2)
	kinds := map[string]int{}
	for _, w := range got {
		kinds[w.Kind]++
	}
	if len(got) != 2 || kinds["1"] != 1 || kinds["0"] != 1 {
		t.Fatalf("summaries %v, want one of Bob's warning and one all-clear (the fault-free history's)", kinds)
	}
}
