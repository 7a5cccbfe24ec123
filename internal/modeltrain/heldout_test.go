package modeltrain

import (
	"testing"

	"github.com/silentguard/silentguard/detectors"
)

// Bars of the held-out split (base items whose wording the models never
// saw): the issue asks 0.95 recall at 0.02 false alarms; these hold what
// is reached today, so that a change that loses ground fails. (0.80
// until the model learnt from everyday texts in six more languages: it
// had read casual German, French... as scams, alarming on a third of
// everyday texts, and so caught their misdirected items; see REPORT.md.
// 0.78 until the split took in 350 more held-out items of the six
// languages it read worst, written on 2026-12-07 to be unlike the first
// ones: on the languages without new items recall went 0.808 to 0.804
// of the same 4,060 and their alarms 40 to 29. 0.77 until it took in
// 172 more, drama and misdirected openers in the ten languages it read
// worst, on 2026-12-07: on the same 4,844 items as before recall went
// 0.781 to 0.775 and their alarms 41 to 40 of 3,116; all of it reads
// 0.756 at 52 of 3,204.)
const (
	barHeldRecall = 0.75
	barHeldFPR    = 0.02
)

func TestHeldOutSplit(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the models: a few seconds")
	}
	data, err := loadData(options{src: "../../detectors/testdata/train/src", ham: findShared("external/uci-sms-ham.jsonl"), hamWeight: defaultHamWeight, everydayWeight: defaultEverydayWeight})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := detectors.New(detectors.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	f := newFeaturizer(reg)
	scam, lang := train(f, data, data.trainCases(nil))
	held := map[string]bool{}
	for _, c := range data.testCases() {
		held[c.Base] = true
	}
	for _, c := range data.trainCases(nil) {
		if held[c.Base] {
			t.Fatalf("held-out base item %s is in the training cases", c.Base)
		}
	}
	all := summarise(replayAll(reg.WithModels(scam, lang), data.testCases()))
	t.Logf("held-out: on-time recall %.3f of %d, false alarms %.3f of %d", all.onTimeRecall(), all.pos, all.fpr(), all.neg)
	if all.onTimeRecall() < barHeldRecall {
		t.Errorf("held-out on-time recall %.3f < %.2f", all.onTimeRecall(), barHeldRecall)
	}
	if all.fpr() > barHeldFPR {
		t.Errorf("held-out false-alarm rate %.3f > %.2f", all.fpr(), barHeldFPR)
	}
}

// The committed models are what the data gives: training twice gives the
// same bytes, and they are the bytes in detectors/model.
func TestCommittedModelsAreReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the models")
	}
	if findShared("external/uci-sms-ham.jsonl") == "" {
		t.Skip("the models also learn from ../shared/corpus/external/uci-sms-ham.jsonl, not found beside the repository")
	}
	err := Run([]string{"-src", "../../detectors/testdata/train/src", "-ham", findShared("external/uci-sms-ham.jsonl"),
		"-dev", "", "-out", "../../detectors/model", "-check"}, testWriter{t})
	if err != nil {
		t.Fatal(err)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) { return len(b), nil }
