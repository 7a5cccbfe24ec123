package detectors

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/silentguard/silentguard/internal/corpus"
)

// The labelled corpora live beside the repository in CI (../shared) and in
// the workspace (../../shared); detectors/testdata holds our own.
var corpusDirs = []string{"../../shared/corpus", "../shared/corpus"}

// Bars the detectors must keep, measured with the committed models:
//   - dev.jsonl: on-time recall ≥ 0.97 and false positives ≤ 0.01;
//   - the project's own conversations (testdata/*.jsonl): the same
//     recall, false positives ≤ 0.02 (one in its 52 benign ones);
//   - ordinary texts (uci-sms-ham): alarm rate ≤ 0.01 on the half never
//     trained on and on the whole file, as the issue asks;
//   - everyday texts written for the languages uci-sms-ham lacks
//     (testdata/train/ordinary), the half never trained on: alarm rate
//     ≤ 0.20 in each language and ≤ 0.08 in all. Their alarms were 29 to
//     44 % in the six lexicon languages before the model learnt from
//     them; these bars keep that from coming back.
//
// The held-out split of the training corpus is measured by
// internal/modeltrain, which trains models without it.
const (
	barOnTimeRecall = 0.97
	barFPR          = 0.01
	barHamAlarm     = 0.01
	barEverydayLang = 0.20
	barEverydayAll  = 0.08
)

// conversation is the first n turns of a case as the detectors see them
// (all of them for n <= 0).
func conversation(cc *corpus.Case, n int) *Conversation {
	if n <= 0 || n > len(cc.Turns) {
		n = len(cc.Turns)
	}
	network := ParseNetwork(cc.NetworkOrSMS())
	c := &Conversation{
		Sender: Sender{Phone: cc.Sender.Phone, DisplayName: cc.Sender.DisplayName, Network: network,
			Bridged: network != NetworkMatrix},
		Owner: Owner{Names: cc.Owner.Names, Country: cc.Owner.Country, Languages: cc.Owner.Languages},
	}
	for _, t := range cc.Turns[:n] {
		c.Turns = append(c.Turns, Turn{FromOwner: t.FromOwner(), Text: t.Text, Media: t.Media, At: t.At})
	}
	return c
}

func loadCorpus(t testing.TB, path string) []corpus.Case {
	t.Helper()
	cases, err := corpus.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

func findCorpus(name string) string {
	for _, d := range corpusDirs {
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// firstWarning feeds the turns one by one, as the bot does, and returns
// the first k (1-based) whose verdict is at least caution, or 0.
func firstWarning(r *Registry, cc *corpus.Case) (int, Verdict) {
	// The bot does not watch conversations the owner started.
	if cc.OwnerStarted() {
		return 0, Verdict{}
	}
	c := conversation(cc, 0)
	all := c.Turns
	var last Verdict
	for k := 1; k <= len(all); k++ {
		c.Turns = all[:k]
		v := r.evaluate(c) // not Evaluate: a panic must fail the test, not read as "no warning"
		checkEvidence(nil, c, v)
		last = v
		if v.Level >= LevelCaution {
			return k, v
		}
	}
	return 0, last
}

type tally struct{ pos, onTime, neg, fp int }

func (t tally) recall() float64 {
	if t.pos == 0 {
		return 1
	}
	return float64(t.onTime) / float64(t.pos)
}

func (t tally) fpr() float64 {
	if t.neg == 0 {
		return 0
	}
	return float64(t.fp) / float64(t.neg)
}

// runCorpus measures a labelled corpus and returns the overall tally.
func runCorpus(t *testing.T, r *Registry, convs []corpus.Case) tally {
	t.Helper()
	var all tally
	byLang, byCat := map[string]*tally{}, map[string]*tally{}
	debug := os.Getenv("SG_CORPUS_DEBUG") != ""
	for i := range convs {
		cc := &convs[i]
		k, v := firstWarning(r, cc)
		if byLang[cc.Lang] == nil {
			byLang[cc.Lang] = &tally{}
		}
		if byCat[cc.Category] == nil {
			byCat[cc.Category] = &tally{}
		}
		tl, tc := byLang[cc.Lang], byCat[cc.Category]
		if cc.Warn {
			all.pos++
			tl.pos++
			tc.pos++
			if k > 0 && k <= cc.WarnBy {
				all.onTime++
				tl.onTime++
				tc.onTime++
			} else if debug {
				t.Logf("MISS %s (%s) warn_by=%d got k=%d score=%.2f %s", cc.ID, cc.Category, cc.WarnBy, k, v.Score, brief(v))
			}
		} else {
			all.neg++
			tl.neg++
			tc.neg++
			if k > 0 {
				all.fp++
				tl.fp++
				tc.fp++
				if debug {
					t.Logf("FP   %s (%s) k=%d level=%s score=%.2f %s", cc.ID, cc.Category, k, v.Level, v.Score, brief(v))
				}
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-24s %5s %7s %7s %5s %7s\n", "group", "pos", "on-time", "recall", "neg", "FPR")
	row := func(name string, x *tally) {
		fmt.Fprintf(&b, "%-24s %5d %7d %7.3f %5d %7.3f\n", name, x.pos, x.onTime, x.recall(), x.neg, x.fpr())
	}
	for _, m := range []map[string]*tally{byLang, byCat} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			row(k, m[k])
		}
		b.WriteString("\n")
	}
	row("ALL", &all)
	t.Log(b.String())
	return all
}

func brief(v Verdict) string {
	var parts []string
	for _, r := range v.Reasons {
		parts = append(parts, fmt.Sprintf("%s(%.2f,t%d,%q)", r.Code, r.Weight, r.Turn, r.Evidence))
	}
	return v.Level.String() + " " + v.Kind + " [" + strings.Join(parts, " ") + "]"
}

func newTestRegistry(t testing.TB) *Registry {
	t.Helper()
	r, err := New(DefaultConfig())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func checkBars(t *testing.T, name string, all tally) {
	t.Helper()
	if all.recall() < barOnTimeRecall {
		t.Errorf("%s: on-time recall %.3f < %.2f", name, all.recall(), barOnTimeRecall)
	}
	if all.fpr() > barFPR {
		t.Errorf("%s: false-positive rate %.3f > %.2f", name, all.fpr(), barFPR)
	}
}

func TestCorpusDev(t *testing.T) {
	path := findCorpus("dev.jsonl")
	if path == "" {
		t.Skip("shared corpus not found beside the repository")
	}
	r := newTestRegistry(t)
	checkBars(t, "dev", runCorpus(t, r, loadCorpus(t, path)))
}

// barOwnFPR is the bar of the project's own small set of conversations:
// one false alarm in its 52 benign ones is 0.019.
const barOwnFPR = 0.02

func TestCorpusOwn(t *testing.T) {
	files, err := filepath.Glob("testdata/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no labelled conversations in testdata: %v", err)
	}
	r := newTestRegistry(t)
	var convs []corpus.Case
	seen := map[string]bool{}
	for _, f := range files {
		for _, cc := range loadCorpus(t, f) {
			if seen[cc.ID] {
				t.Fatalf("%s: duplicate id %s", f, cc.ID)
			}
			seen[cc.ID] = true
			convs = append(convs, cc)
		}
	}
	all := runCorpus(t, r, convs)
	if all.recall() < barOnTimeRecall {
		t.Errorf("testdata: on-time recall %.3f < %.2f", all.recall(), barOnTimeRecall)
	}
	if all.fpr() > barOwnFPR {
		t.Errorf("testdata: false-positive rate %.3f > %.2f", all.fpr(), barOwnFPR)
	}
}

func TestCorpusUCIHam(t *testing.T) {
	path := findCorpus("external/uci-sms-ham.jsonl")
	if path == "" {
		t.Skip("UCI ham texts not found beside the repository")
	}
	if testing.Short() {
		t.Skip("long: 4,518 texts")
	}
	r := newTestRegistry(t)
	convs := loadCorpus(t, path)
	alarms := map[string]int{}
	texts := map[string]int{}
	debug := os.Getenv("SG_CORPUS_DEBUG") != ""
	for i := range convs {
		half := corpus.HamHalf(convs[i].ID) // the model trained on the "train" half
		texts[half]++
		texts["whole"]++
		if k, v := firstWarning(r, &convs[i]); k > 0 {
			alarms[half]++
			alarms["whole"]++
			if debug {
				t.Logf("ALARM %s (%s half) %.2f %s :: %s", convs[i].ID, half, v.Score, brief(v), convs[i].Turns[0].Text)
			}
		}
	}
	for _, part := range []string{"test", "whole"} {
		rate := float64(alarms[part]) / float64(texts[part])
		t.Logf("UCI ham, %s: %d alarms in %d texts, rate %.4f", part, alarms[part], texts[part], rate)
		if rate > barHamAlarm {
			t.Errorf("UCI ham (%s) alarm rate %.4f > %.3f", part, rate, barHamAlarm)
		}
	}
}

func TestCorpusEverydayTexts(t *testing.T) {
	files, err := filepath.Glob("testdata/train/ordinary/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no everyday texts under testdata/train/ordinary: %v", err)
	}
	r := newTestRegistry(t)
	var all, allAlarms int
	for _, f := range files {
		texts, alarms := 0, 0
		for _, c := range loadCorpus(t, f) {
			if corpus.HamHalf(c.ID) != "test" { // the models learnt from the other half
				continue
			}
			texts++
			if k, _ := firstWarning(r, &c); k > 0 {
				alarms++
			}
		}
		rate := float64(alarms) / float64(max(texts, 1))
		t.Logf("%s, test half: %d alarms in %d texts", filepath.Base(f), alarms, texts)
		if rate > barEverydayLang {
			t.Errorf("%s: alarm rate %.3f on the test half > %.2f", f, rate, barEverydayLang)
		}
		all, allAlarms = all+texts, allAlarms+alarms
	}
	if rate := float64(allAlarms) / float64(max(all, 1)); rate > barEverydayAll {
		t.Errorf("everyday texts: alarm rate %.3f on the test halves > %.2f", rate, barEverydayAll)
	}
}

// checkEvidence asserts the evidence invariant; t may be nil inside
// helpers that only need the panic-free path.
func checkEvidence(t testing.TB, c *Conversation, v Verdict) {
	for _, r := range v.Reasons {
		if r.Evidence == "" {
			if t != nil {
				t.Errorf("%s: empty evidence", r.Code)
			} else {
				panic("empty evidence: " + r.Code)
			}
		}
		for _, sp := range r.Spans {
			if r.Turn < 0 || r.Turn >= len(c.Turns) || sp[0] < 0 || sp[1] > len(c.Turns[r.Turn].Text) || sp[0] >= sp[1] {
				msg := fmt.Sprintf("%s: span %v outside turn %d", r.Code, sp, r.Turn)
				if t != nil {
					t.Error(msg)
				} else {
					panic(msg)
				}
			}
		}
		if r.Turn >= 0 {
			if r.Turn >= len(c.Turns) || !strings.Contains(c.Turns[r.Turn].Text, r.Evidence) {
				msg := fmt.Sprintf("%s: evidence %q not in turn %d", r.Code, r.Evidence, r.Turn)
				if t != nil {
					t.Error(msg)
				} else {
					panic(msg)
				}
			}
		}
	}
}
