package detectors

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The labelled corpora live beside the repository in CI (../shared) and in
// the workspace (../../shared); detectors/testdata holds our own.
var corpusDirs = []string{"../../shared/corpus", "../shared/corpus"}

// Bars the detectors must keep (see the brief): a scam warned on time,
// benign conversations and ordinary texts left alone.
const (
	barOnTimeRecall = 0.95
	barFPR          = 0.03
	barHamAlarm     = 0.03
)

type corpusTurn struct {
	From  string `json:"from"`
	Text  string `json:"text"`
	Media string `json:"media"`
	At    string `json:"at"`
}

type corpusConv struct {
	ID      string `json:"id"`
	Lang    string `json:"lang"`
	Network string `json:"network"`
	Owner   struct {
		Names     []string `json:"names"`
		Country   string   `json:"country"`
		Languages []string `json:"languages"`
	} `json:"owner"`
	Sender struct {
		Phone       string `json:"phone"`
		DisplayName string `json:"display_name"`
	} `json:"sender"`
	Turns    []corpusTurn `json:"turns"`
	Warn     bool         `json:"warn"`
	WarnBy   int          `json:"warn_by"`
	Category string       `json:"category"`
}

func (cc *corpusConv) conversation() *Conversation {
	c := &Conversation{
		Sender: Sender{Phone: cc.Sender.Phone, DisplayName: cc.Sender.DisplayName, Network: cc.Network,
			Bridged: cc.Network != "matrix"},
		Owner: Owner{Names: cc.Owner.Names, Country: cc.Owner.Country, Languages: cc.Owner.Languages},
	}
	for _, t := range cc.Turns {
		at, _ := time.Parse(time.RFC3339, t.At)
		c.Turns = append(c.Turns, Turn{FromOwner: t.From == "owner", Text: t.Text, Media: t.Media, At: at})
	}
	return c
}

func loadCorpus(t testing.TB, path string) []corpusConv {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []corpusConv
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var cc corpusConv
		if err := json.Unmarshal(sc.Bytes(), &cc); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		if len(cc.Turns) == 0 || cc.ID == "" {
			t.Fatalf("%s:%d: missing id or turns", path, line)
		}
		if cc.Warn && (cc.WarnBy < 1 || cc.WarnBy > len(cc.Turns)) {
			t.Fatalf("%s:%d: %s: warn_by %d out of range", path, line, cc.ID, cc.WarnBy)
		}
		out = append(out, cc)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
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
func firstWarning(r *Registry, cc *corpusConv) (int, Verdict) {
	// The bot does not watch conversations the owner started.
	if len(cc.Turns) > 0 && cc.Turns[0].From == "owner" {
		return 0, Verdict{}
	}
	c := cc.conversation()
	all := c.Turns
	var last Verdict
	for k := 1; k <= len(all); k++ {
		c.Turns = all[:k]
		v := r.Evaluate(c)
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
func runCorpus(t *testing.T, r *Registry, convs []corpusConv) tally {
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

func TestCorpusOwn(t *testing.T) {
	files, err := filepath.Glob("testdata/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no labelled conversations in testdata: %v", err)
	}
	r := newTestRegistry(t)
	var convs []corpusConv
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
	checkBars(t, "testdata", runCorpus(t, r, convs))
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
	alarms := 0
	debug := os.Getenv("SG_CORPUS_DEBUG") != ""
	for i := range convs {
		if k, v := firstWarning(r, &convs[i]); k > 0 {
			alarms++
			if debug {
				t.Logf("ALARM %s %.2f %s :: %s", convs[i].ID, v.Score, brief(v), convs[i].Turns[0].Text)
			}
		}
	}
	rate := float64(alarms) / float64(len(convs))
	t.Logf("UCI ham: %d alarms in %d texts, rate %.4f", alarms, len(convs), rate)
	if rate > barHamAlarm {
		t.Errorf("UCI ham alarm rate %.4f > %.2f", rate, barHamAlarm)
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
