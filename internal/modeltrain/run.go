// Package modeltrain trains the detectors' text models from the project's
// corpus and measures how well the detectors generalise; cmd/sgtrain is
// its command line.
package modeltrain

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/corpus"
)

type options struct {
	src, ham, dev, out string
	ordinary           string
	lofo, lolo, check  bool
	sweep              bool
	diag               int
	writeTest          string
	cuesLang           string
	report             string
	hamWeight          float64
	everydayWeight     float64
	hamWeights         string
}

// Run is the sgtrain command: args are its flags.
func Run(args []string, stdout io.Writer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			f, ok := p.(faultError)
			if !ok {
				panic(p)
			}
			err = f
		}
	}()
	fs := flag.NewFlagSet("sgtrain", flag.ContinueOnError)
	var o options
	fs.StringVar(&o.src, "src", "detectors/testdata/train/src", "base items of the training corpus")
	fs.StringVar(&o.ham, "ham", findShared("external/uci-sms-ham.jsonl"), "ordinary texts (half are training negatives)")
	fs.StringVar(&o.ordinary, "ordinary", "", "directory of ordinary texts written for languages uci-sms-ham lacks, half of them training negatives (default: \"ordinary\" beside -src; \"-\": none)")
	fs.StringVar(&o.dev, "dev", findShared("dev.jsonl"), "development corpus, measured only")
	fs.StringVar(&o.out, "out", "detectors/model", "where to write scam.bin and lang.bin")
	fs.StringVar(&o.report, "report", "", "also write the report (markdown) to this file")
	fs.Float64Var(&o.hamWeight, "ham-weight", defaultHamWeight, "weight of each ordinary text among the scam model's training examples (more: fewer alarms on ordinary texts, less recall)")
	fs.Float64Var(&o.everydayWeight, "everyday-weight", defaultEverydayWeight, "weight of each everyday text of -ordinary (written for, or adapted into, the languages uci-sms-ham lacks) as a fraction of -ham-weight")
	fs.BoolVar(&o.lofo, "lofo", false, "leave each scam frame out of training once and measure it")
	fs.BoolVar(&o.lolo, "lolo", false, "leave each language out of training once and measure it")
	fs.IntVar(&o.diag, "diag", 0, "print the model's probability table and this many false alarms per corpus")
	fs.StringVar(&o.cuesLang, "cues-train", "", "print the cues' (no model) misses and false alarms on the TRAIN split of this language, for tuning lexicons without looking at held-out wording")
	fs.StringVar(&o.writeTest, "write-test", "", "write the expanded held-out split as JSON Lines (for silentguard eval --by-source)")
	fs.BoolVar(&o.sweep, "sweep", false, "choose hyperparameters on a validation part of the training split, then stop")
	fs.BoolVar(&o.check, "check", false, "train only the shipped models and fail if they differ from those in -out; write and measure nothing")
	fs.StringVar(&o.hamWeights, "choose-ham-weight", "", "comma-separated candidate values of -ham-weight: apply the fixed rule that chooses among them (see the README), then stop")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, err := loadData(o)
	if err != nil {
		return err
	}
	if o.writeTest != "" {
		if err := writeCases(o.writeTest, data.testCases()); err != nil {
			return err
		}
	}
	reg, err := detectors.New(detectors.DefaultConfig())
	if err != nil {
		return err
	}
	var rep bytes.Buffer
	w := io.MultiWriter(stdout, &rep)

	f := newFeaturizer(reg)
	if o.sweep {
		sweep(stdout, f, data)
		return nil
	}
	if o.hamWeights != "" {
		var ws []float64
		for _, s := range strings.Split(o.hamWeights, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || v <= 0 {
				return fmt.Errorf("-choose-ham-weight: %q is not a positive number", s)
			}
			ws = append(ws, v)
		}
		chooseHamWeight(stdout, f, data, ws)
		return nil
	}
	if o.check {
		// Only the shipped models: the measuring below would not change
		// what -check answers.
		shipScam, shipLang := train(f, data, data.allCases())
		for name, b := range map[string][]byte{"scam.bin": shipScam.Encode(), "lang.bin": shipLang.Encode()} {
			old, err := os.ReadFile(filepath.Join(o.out, name))
			if err != nil {
				return err
			}
			if !bytes.Equal(old, b) {
				return fmt.Errorf("%s: the trained model differs from the committed one", name)
			}
		}
		fmt.Fprintln(stdout, "the trained models are byte-identical to the committed ones")
		return nil
	}
	start := time.Now()
	scam, lang := train(f, data, data.trainCases(nil))
	elapsed := time.Since(start)
	fmt.Fprintf(stdout, "trained in %.1fs\n", elapsed.Seconds())

	if o.cuesLang != "" {
		var cases []corpus.Case
		for _, c := range data.expanded {
			if c.Lang == o.cuesLang && corpus.Split(c.Base) == "train" && strings.HasSuffix(c.ID, "-v0") {
				cases = append(cases, c)
			}
		}
		cuesOnly := reg.WithModels(nil, lang)
		outs := replayAll(cuesOnly, cases)
		table(stdout, "cues only, train split, first variant", outs, "frame")
		fmt.Fprintln(stdout, "\nmisses:")
		showMisses(stdout, cuesOnly, outs, 1000)
		fmt.Fprintln(stdout, "\nfalse alarms:")
		showFalseAlarms(stdout, cuesOnly, outs, 1000)
		return nil
	}
	// The shipped models learn every base item; the ones above, trained
	// on the training split only, are what the held-out figures measure.
	shipScam, shipLang := train(f, data, data.allCases())
	scamBin, langBin := shipScam.Encode(), shipLang.Encode()
	for name, b := range map[string][]byte{"scam.bin": scamBin, "lang.bin": langBin} {
		if err := os.WriteFile(filepath.Join(o.out, name), b, 0o644); err != nil {
			return err
		}
	}

	fmt.Fprintf(w, "# Detectors: training and generalisation report\n\n")
	fmt.Fprintf(w, "Written by `go run ./cmd/sgtrain%s`.\n\n", flagsNote(o))
	data.describe(w)
	fmt.Fprintf(w, "\nModels: scam %d KB (2^%d buckets), language %d KB (2^%d buckets, labels %v).\n",
		len(scamBin)/1024, scam.Bits, len(langBin)/1024, lang.Bits, lang.Labels)

	full := reg.WithModels(scam, lang)
	cuesOnly := reg.WithModels(nil, lang)
	shipped := reg.WithModels(shipScam, shipLang)
	fmt.Fprintf(w, "\n## Language identification (held-out split, sender turns)\n\n")
	langAccuracy(w, f, lang, data.testCases())

	fmt.Fprintf(w, "\n## Held-out split (by base item: no wording of these was trained on)\n\nMeasured with models trained on the training split only; the shipped models are then trained on every base item.\n\n")
	heldOut := replayAll(full, data.testCases())
	table(w, "cues + model", heldOut, "lang")
	table(w, "cues + model", heldOut, "frame")
	matrix(w, "cues + model", heldOut)
	table(w, "cues only (language identification on)", replayAll(cuesOnly, data.testCases()), "lang")
	fmt.Fprintf(w, "\n## Other corpora, with the shipped models\n\nNeither dev.jsonl nor the test half of uci-sms-ham is ever trained on.\n\n")
	if len(data.dev) > 0 {
		table(w, "dev.jsonl, cues + model", replayAll(shipped, data.dev), "lang")
	}
	if len(data.hamTest) > 0 {
		hamLine(w, "uci-sms-ham, test half", replayAll(shipped, data.hamTest))
		hamLine(w, "uci-sms-ham, whole file", replayAll(shipped, append(slices.Clip(data.hamTrain), data.hamTest...)))
	}
	if len(data.ordTest) > 0 {
		fmt.Fprintf(w, "\nOrdinary texts written for the languages uci-sms-ham lacks (`testdata/train/ordinary`), the half never trained on:\n\n")
		table(w, "ordinary texts, test half, cues + model", replayAll(shipped, data.ordTest), "lang")
	}
	if o.diag > 0 {
		var pos, neg []corpus.Case
		for _, c := range data.testCases() {
			if c.Warn {
				pos = append(pos, c)
			} else {
				neg = append(neg, c)
			}
		}
		probabilityTable(stdout, f, scam, map[string][]corpus.Case{"held-out scams": pos, "held-out benign": neg,
			"ham test half": data.hamTest, "dev": data.dev})
		fmt.Fprintln(stdout, "\nfalse alarms, held-out:")
		showFalseAlarms(stdout, full, replayAll(full, neg), o.diag)
		fmt.Fprintln(stdout, "\nfalse alarms, ham test half:")
		showFalseAlarms(stdout, full, replayAll(full, data.hamTest), o.diag)
		fmt.Fprintln(stdout, "\nfalse alarms, ham train half (shipped models):")
		showFalseAlarms(stdout, shipped, replayAll(shipped, data.hamTrain), o.diag)
		fmt.Fprintln(stdout, "\nfalse alarms, dev:")
		showFalseAlarms(stdout, full, replayAll(full, data.dev), o.diag)
	}
	if o.lofo {
		fmt.Fprintf(w, "\n## Leave one frame out\n\nThe model is trained without any base item of the frame; measured on all of that frame's cases (recall) and on the held-out negatives (false alarms).\n\n")
		fmt.Fprintf(w, "| frame | cases | on-time recall, cues + model | cues only | model trained with it |\n|---|---:|---:|---:|---:|\n")
		for _, fr := range corpus.ScamFrames {
			held := data.casesWhere(func(c *corpus.Case) bool { return c.Frame == fr })
			if len(held) == 0 {
				continue
			}
			s, l := train(f, data, data.trainCases(func(c *corpus.Case) bool { return c.Frame != fr }))
			out := summarise(replayAll(reg.WithModels(s, l), held))
			fmt.Fprintf(w, "| %s | %d | %.3f | %.3f | %.3f |\n", fr, out.pos, out.onTimeRecall(),
				summarise(replayAll(cuesOnly, held)).onTimeRecall(), summarise(replayAll(full, held)).onTimeRecall())
		}
	}
	if o.lolo {
		fmt.Fprintf(w, "\n## Leave one language out\n\nThe models are trained without the language; measured on its held-out split.\n\n")
		fmt.Fprintf(w, "| language | positives | on-time recall | negatives | false alarms | FPR |\n|---|---:|---:|---:|---:|---:|\n")
		for _, l := range data.langs {
			held := data.casesWhere(func(c *corpus.Case) bool { return c.Lang == l && corpus.Split(c.Base) == "test" })
			s, lm := train(f, data, data.trainCases(func(c *corpus.Case) bool { return c.Lang != l }))
			out := summarise(replayAll(reg.WithModels(s, lm), held))
			fmt.Fprintf(w, "| %s | %d | %.3f | %d | %d | %.3f |\n", l, out.pos, out.onTimeRecall(), out.neg, out.fp, out.fpr())
		}
	}
	if o.report != "" {
		if err := os.WriteFile(o.report, rep.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func flagsNote(o options) string {
	s := ""
	if o.lofo {
		s += " -lofo"
	}
	if o.lolo {
		s += " -lolo"
	}
	return s
}

// findShared finds a file of ../shared/corpus from the repository root or
// a level below.
func findShared(name string) string {
	for _, d := range []string{"../shared/corpus", "../../shared/corpus", "../../../shared/corpus"} {
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// dataset is every case the trainer knows, split.
type dataset struct {
	expanded          []corpus.Case
	hamTrain, hamTest []corpus.Case
	// ordTrain and ordTest: the halves of the ordinary texts written for
	// the languages uci-sms-ham lacks (testdata/train/ordinary), trained
	// on and measured like uci-sms-ham's.
	ordTrain, ordTest []corpus.Case
	adapted           int // of ordTrain: adapted from uci-sms-ham's training half
	dev               []corpus.Case
	bases             []corpus.Base
	langs             []string
	hamWeight         float64         // of an ordinary text in the scam model's training
	everydayWeight    float64         // of an everyday text of -ordinary, as a fraction of hamWeight
	everyday          map[string]bool // ids of the everyday texts of -ordinary
	trainTurns        int             // splitTurns, once counted
}

func loadData(o options) (*dataset, error) {
	bases, err := corpus.LoadBases(o.src)
	if err != nil {
		return nil, err
	}
	if len(bases) == 0 {
		return nil, fmt.Errorf("no base items under %s", o.src)
	}
	exp, err := corpus.Expand(bases, corpus.Variants)
	if err != nil {
		return nil, err
	}
	d := &dataset{expanded: exp, bases: bases, langs: corpus.Langs(bases), hamWeight: o.hamWeight, everydayWeight: o.everydayWeight, everyday: map[string]bool{}}
	if o.ham != "" {
		ham, err := corpus.Load(o.ham)
		if err != nil {
			return nil, err
		}
		d.hamTrain, d.hamTest = halves(ham)
	}
	if o.ordinary == "" {
		o.ordinary = filepath.Join(filepath.Dir(filepath.Clean(o.src)), "ordinary")
	}
	if o.ordinary != "-" {
		files, err := filepath.Glob(filepath.Join(o.ordinary, "*.jsonl"))
		if err != nil {
			return nil, err
		}
		if len(files) > 0 {
			ord, err := corpus.Load(files...)
			if err != nil {
				return nil, err
			}
			d.ordTrain, d.ordTest = halves(ord)
		}
		adapted, err := loadAdapted(filepath.Join(o.ordinary, "adapted"))
		if err != nil {
			return nil, err
		}
		d.ordTrain = append(d.ordTrain, adapted...)
		d.adapted = len(adapted)
		for _, cs := range [][]corpus.Case{d.ordTrain, d.ordTest} {
			for i := range cs {
				d.everyday[cs[i].ID] = true
			}
		}
	}
	if o.dev != "" {
		dev, err := corpus.Load(o.dev)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		d.dev = dev
	}
	return d, nil
}

// loadAdapted reads the ordinary texts adapted into other languages
// from uci-sms-ham's training half (ordinary/adapted/<lang>.jsonl): all
// of them are trained on and none is measured, so each must name its
// source, and a source in the half held out is an error, not a leak.
func loadAdapted(dir string) ([]corpus.Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		return nil, err
	}
	cases, err := corpus.Load(files...)
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		src, ok := strings.CutPrefix(c.Note, adaptedNote)
		if !ok {
			return nil, fmt.Errorf("%s: %s: note %q does not name its source (want %q and a uci-sms-ham id)", dir, c.ID, c.Note, adaptedNote)
		}
		if corpus.HamHalf(src) != "train" {
			return nil, fmt.Errorf("%s: %s: adapted from %s, which is in uci-sms-ham's held-out half", dir, c.ID, src)
		}
		if c.Warn {
			return nil, fmt.Errorf("%s: %s: an ordinary text marked warn", dir, c.ID)
		}
	}
	return cases, nil
}

// adaptedNote opens the note of an adapted ordinary text; the source's
// uci-sms-ham id follows.
const adaptedNote = "adapted from uci-sms-ham "

// halves splits ordinary texts into the half trained on and the half
// measured (corpus.HamHalf).
func halves(cases []corpus.Case) (train, test []corpus.Case) {
	for _, c := range cases {
		if corpus.HamHalf(c.ID) == "train" {
			train = append(train, c)
		} else {
			test = append(test, c)
		}
	}
	return train, test
}

// trainCases: the train split of the expanded corpus (those keep says
// yes to) and the training half of the ordinary texts.
func (d *dataset) trainCases(keep func(*corpus.Case) bool) []*corpus.Case {
	var out []*corpus.Case
	for i := range d.expanded {
		c := &d.expanded[i]
		if corpus.Split(c.Base) == "train" && (keep == nil || keep(c)) {
			out = append(out, c)
		}
	}
	for i := range d.hamTrain {
		out = append(out, &d.hamTrain[i])
	}
	for i := range d.ordTrain {
		if c := &d.ordTrain[i]; keep == nil || keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// allCases: every expanded case and the training half of the ordinary
// texts, for the shipped models.
func (d *dataset) allCases() []*corpus.Case {
	out := make([]*corpus.Case, 0, len(d.expanded)+len(d.hamTrain))
	for i := range d.expanded {
		out = append(out, &d.expanded[i])
	}
	for i := range d.hamTrain {
		out = append(out, &d.hamTrain[i])
	}
	for i := range d.ordTrain {
		out = append(out, &d.ordTrain[i])
	}
	return out
}

func (d *dataset) testCases() []corpus.Case {
	return d.casesWhere(func(c *corpus.Case) bool { return corpus.Split(c.Base) == "test" })
}

func (d *dataset) casesWhere(keep func(*corpus.Case) bool) []corpus.Case {
	var out []corpus.Case
	for i := range d.expanded {
		if keep(&d.expanded[i]) {
			out = append(out, d.expanded[i])
		}
	}
	return out
}

func (d *dataset) describe(w io.Writer) {
	counts := corpus.Counts(d.bases)
	fmt.Fprintf(w, "Corpus: %d base items written for the project, expanded %d× into %d conversations; "+
		"%d ordinary texts from uci-sms-ham (%d trained on, %d held out); dev.jsonl %d (never trained on).\n\n",
		len(d.bases), corpus.Variants, len(d.expanded), len(d.hamTrain)+len(d.hamTest), len(d.hamTrain), len(d.hamTest), len(d.dev))
	if n := len(d.ordTrain) - d.adapted + len(d.ordTest); n > 0 {
		fmt.Fprintf(w, "Ordinary texts written for the languages uci-sms-ham lacks: %d (%d trained on, %d held out).\n\n", n, len(d.ordTrain)-d.adapted, len(d.ordTest))
	}
	if d.adapted > 0 {
		fmt.Fprintf(w, "Ordinary texts adapted into other languages from uci-sms-ham's training half: %d (all trained on, none measured).\n\n", d.adapted)
	}
	if d.hamWeight != 0 && d.hamWeight != defaultHamWeight {
		fmt.Fprintf(w, "Each ordinary text weighs %g in the scam model's training (-ham-weight).\n\n", d.hamWeight)
	}
	if d.everydayWeight != defaultEverydayWeight {
		fmt.Fprintf(w, "Each everyday text of -ordinary weighs %g of an ordinary text (-everyday-weight).\n\n", d.everydayWeight)
	}
	frames := append(slices.Clone(corpus.ScamFrames), corpus.BenignFrames...)
	fmt.Fprintf(w, "| base items | %s |\n|---|", joinLangs(d.langs))
	for range d.langs {
		fmt.Fprintf(w, "---:|")
	}
	fmt.Fprintln(w)
	for _, fr := range frames {
		fmt.Fprintf(w, "| %s |", fr)
		for _, l := range d.langs {
			fmt.Fprintf(w, " %d |", counts[l][fr])
		}
		fmt.Fprintln(w)
	}
	pos, neg := 0, 0
	for _, c := range d.expanded {
		if c.Warn {
			pos++
		} else {
			neg++
		}
	}
	fmt.Fprintf(w, "\nExpanded: %d scam conversations, %d benign (hard negatives) + %d ordinary texts.\n", pos, neg, len(d.hamTrain)+len(d.hamTest))
}

func joinLangs(ls []string) string {
	s := ""
	for i, l := range ls {
		if i > 0 {
			s += " | "
		}
		s += l
	}
	return s
}

func writeCases(path string, cases []corpus.Case) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for i := range cases {
		if err := enc.Encode(&cases[i]); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
