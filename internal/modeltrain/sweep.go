package modeltrain

import (
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/silentguard/silentguard/detectors/textmodel"
	"github.com/silentguard/silentguard/internal/corpus"
)

// sweep chooses the scam model's hyperparameters on a validation part of
// the TRAINING split (a fixed fifth of its base items), never on the
// held-out split: for each setting it trains on the rest and reports
// the model's recall of validation scam turns at the score that lets
// through 1 % of validation benign turns, and the log-loss.
func sweep(w io.Writer, f *featurizer, d *dataset) {
	var train, val []textmodel.Example
	for _, c := range d.trainCases(nil) {
		v := validationPart(c)
		scamTurns(c, func(text string, label int) {
			ex := textmodel.Example{Hashes: f.scamHashes(text, c), Label: label}
			if v {
				val = append(val, ex)
			} else {
				train = append(train, ex)
			}
		})
	}
	fmt.Fprintf(w, "sweep: %d training turns, %d validation turns\n", len(train), len(val))
	fmt.Fprintf(w, "| bits | epochs | lr | l2 | recall@1%%FPR | log-loss |\n|---:|---:|---:|---:|---:|---:|\n")
	for _, alpha := range []float64{0.1, 0.5, 1} {
		rec, loss := score(textmodel.TrainNaiveBayes("scam", train, 18, alpha), val)
		fmt.Fprintf(w, "| naive Bayes (baseline), alpha %.1f | | | | %.3f | %.3f |\n", alpha, rec, loss)
	}
	for _, bits := range []uint8{16, 18} {
		for _, epochs := range []int{2, 4, 8} {
			for _, lr := range []float64{0.1, 0.2} {
				for _, l2 := range []float64{1e-5, 1e-4, 1e-3} {
					o := textmodel.TrainOptions{Bits: bits, Epochs: epochs, LearningRate: lr, L2: l2, Seed: 1, Inputs: scamOptions.Inputs}
					m := textmodel.TrainLogistic("scam", train, o)
					rec, loss := score(m, val)
					fmt.Fprintf(w, "| %d | %d | %.1f | %.0e | %.3f | %.3f |\n", bits, epochs, lr, l2, rec, loss)
				}
			}
		}
	}
}

func score(m *textmodel.Model, val []textmodel.Example) (recallAt1 float64, logLoss float64) {
	var pos, neg []float64
	var buf []float64
	for _, ex := range val {
		buf = m.Raw(buf, ex.Hashes)
		z := buf[0]
		p := textmodel.Sigmoid(z)
		if ex.Label == 1 {
			pos = append(pos, z)
			logLoss -= ln(p)
		} else {
			neg = append(neg, z)
			logLoss -= ln(1 - p)
		}
	}
	sort.Float64s(neg)
	cut := neg[min(len(neg)-1, len(neg)*99/100)]
	n := 0
	for _, z := range pos {
		if z > cut {
			n++
		}
	}
	return float64(n) / float64(len(pos)), logLoss / float64(len(val))
}

func ln(p float64) float64 {
	if p < 1e-12 {
		p = 1e-12
	}
	return math.Log(p)
}

// validationPart: the fixed fifth of the training split's base items (and
// of the ordinary texts) that choosing hyperparameters measures on.
func validationPart(c *corpus.Case) bool {
	id := c.Base
	if id == "" {
		id = c.ID
	}
	return corpus.Split("valid/"+id) == "test"
}

// chooseHamWeight applies the fixed rule that chooses the weight of an
// ordinary text in the scam model's training, without the held-out split
// or uci-sms-ham's test half: for each weight, the models are trained on
// the training split but its validation fifth and on half of uci's
// training half (but its own validation fifth), and measured on the
// validation fifth (recall) and on the other half of uci's training half
// (alarms). Among the weights whose
// recall is within 0.01 of the best, the rule takes the one with the
// fewest alarms, then the one with the most recall.
func chooseHamWeight(w io.Writer, f *featurizer, d *dataset, weights []float64) float64 {
	var hamA, hamB []corpus.Case
	for _, c := range d.hamTrain {
		if corpus.HamHalf("hw/"+c.ID) == "test" {
			hamB = append(hamB, c)
		} else {
			hamA = append(hamA, c)
		}
	}
	var val []corpus.Case
	for i := range d.expanded {
		if c := &d.expanded[i]; corpus.Split(c.Base) == "train" && validationPart(c) {
			val = append(val, *c)
		}
	}
	part := *d
	part.hamTrain = hamA
	trained := 0 // the half's texts outside the validation fifth, which training leaves out too
	for i := range hamA {
		if !validationPart(&hamA[i]) {
			trained++
		}
	}
	var rows []hamWeightRow
	fmt.Fprintf(w, "ham weight: trained without the validation fifth (%d conversations) and on %d of uci's training half; alarms on %d others of it\n\n", len(val), trained, len(hamB))
	fmt.Fprintf(w, "| -ham-weight | validation recall | validation false alarms | uci training half, other half: alarms |\n|---:|---:|---:|---:|\n")
	for _, hw := range weights {
		part.hamWeight = hw
		scam, lang := train(f, &part, part.trainCases(func(c *corpus.Case) bool { return !validationPart(c) }))
		r := f.reg.WithModels(scam, lang)
		v := summarise(replayAll(r, val))
		h := summarise(replayAll(r, hamB))
		rows = append(rows, hamWeightRow{hw, v.onTimeRecall(), h.fp})
		fmt.Fprintf(w, "| %g | %.3f | %d of %d | %d of %d |\n", hw, v.onTimeRecall(), v.fp, v.neg, h.fp, h.neg)
	}
	pick := pickHamWeight(rows)
	fmt.Fprintf(w, "\nthe rule chooses %g\n", pick)
	return pick
}

type hamWeightRow struct {
	weight, recall float64
	alarms         int
}

// pickHamWeight is the rule: among the rows whose recall is within 0.01
// of the best, the fewest alarms, then the most recall (0 for no rows).
func pickHamWeight(rows []hamWeightRow) float64 {
	best := 0.0
	for _, r := range rows {
		best = max(best, r.recall)
	}
	var pick *hamWeightRow
	for i := range rows {
		r := &rows[i]
		if r.recall < best-0.01 {
			continue
		}
		if pick == nil || r.alarms < pick.alarms || r.alarms == pick.alarms && r.recall > pick.recall {
			pick = r
		}
	}
	if pick == nil {
		return 0
	}
	return pick.weight
}
