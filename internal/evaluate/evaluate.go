// Package evaluate runs labelled conversations through the same path as
// production (watch policy, detectors, alert policy) on a memory store,
// feeding turns one by one, and measures recall and false alarms.
package evaluate

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/silentguard/silentguard/bot"
	"github.com/silentguard/silentguard/bot/memstore"
	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/corpus"
)

// Case is one labelled conversation (the corpus format of
// internal/corpus, the one reader of it).
type Case = corpus.Case

// Load reads JSON Lines files; errors name the file and line.
func Load(paths ...string) ([]Case, error) { return corpus.Load(paths...) }

// Outcome is what happened to one case.
type Outcome struct {
	Case *Case
	// WarnedAt is the number of turns fed when the first warning was
	// decided; 0 if never.
	WarnedAt int
	// Verdict is the last verdict with a warning, or the last one.
	Verdict detectors.Verdict
	// Faults counts the turns the detectors failed on (a bug).
	Faults int
}

// Warned tells whether the owner was notified at any level.
func (o Outcome) Warned() bool { return o.WarnedAt > 0 }

// OnTime tells whether a positive was warned by its warn_by turn.
func (o Outcome) OnTime() bool { return o.WarnedAt > 0 && o.WarnedAt <= o.Case.WarnBy }

// Run feeds every case through the engine on a memory store, turn by
// turn; cases are independent, so they are shared among one engine per
// CPU. progress, if not nil, is called (never twice at once) after each
// case with the number done.
func Run(ctx context.Context, cases []Case, cfg detectors.Config, policy bot.Policy, progress func(done int)) ([]Outcome, Report, error) {
	reg, err := detectors.New(cfg)
	if err != nil {
		return nil, Report{}, err
	}
	reg.Prepare() // start-up, not judging: the clock starts below
	outcomes := make([]Outcome, len(cases))
	var (
		next, turns atomic.Int64
		mu          sync.Mutex // progress and firstErr
		done        int
		firstErr    error
		wg          sync.WaitGroup
	)
	start := time.Now()
	for range min(runtime.GOMAXPROCS(0), max(len(cases), 1)) {
		wg.Go(func() {
			eng := bot.New(bot.Options{Store: memstore.New(), Detectors: reg, Policy: policy, Log: zerolog.Nop()})
			rec := &Recorder{}
			for {
				i := int(next.Add(1) - 1)
				if i >= len(cases) || ctx.Err() != nil {
					return
				}
				n, err := runCase(ctx, eng, rec, i, &cases[i], &outcomes[i])
				turns.Add(int64(n))
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					next.Store(int64(len(cases))) // the others stop too
				}
				done++
				if progress != nil && err == nil {
					progress(done)
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return nil, Report{}, firstErr
	}
	rep := Summarise(outcomes)
	rep.Turns = int(turns.Load())
	rep.Seconds = time.Since(start).Seconds()
	if rep.Seconds > 0 {
		rep.TurnsPerSecond = float64(rep.Turns) / rep.Seconds
	}
	return outcomes, rep, nil
}

// runCase feeds case i to eng as a conversation of an owner of its own; it
// returns how many turns it fed. Each conversation starts in its own
// timeline: the turns' own times drive the watch window.
func runCase(ctx context.Context, eng *bot.Engine, rec *Recorder, i int, c *Case, out *Outcome) (int, error) {
	owner := &bot.Owner{ID: "eval-" + strconv.Itoa(i), Names: c.Owner.Names, Country: c.Owner.Country,
		Languages: c.Owner.Languages, Known: map[string]bool{}, Targets: []bot.Target{{Name: "recorder", Notifier: rec}}}
	eng.AddOwner(owner)
	*out = Outcome{Case: c}
	senderID := c.Sender.Phone
	if senderID == "" {
		senderID = "sender:" + c.ID
	}
	network := detectors.ParseNetwork(c.NetworkOrSMS())
	for k, t := range c.Turns {
		at := t.At
		if at.IsZero() {
			at = time.Date(2026, 1, 1, 12, k, 0, 0, time.UTC)
		}
		res, err := eng.Handle(ctx, bot.Message{
			Platform: string(network), Owner: owner.ID, ConversationKey: c.ID,
			Sender: bot.Sender{ID: senderID, Phone: c.Sender.Phone, DisplayName: c.Sender.DisplayName, Network: network},
			Text:   t.Text, Media: t.Media, At: at, FromOwner: t.FromOwner(), EventID: strconv.Itoa(k),
		})
		if err != nil {
			return k, fmt.Errorf("case %s turn %d: %w", c.ID, k, err)
		}
		if res.Verdict.Fault != "" {
			out.Faults++
		}
		if res.Warning != nil && out.WarnedAt == 0 {
			out.WarnedAt = k + 1
			out.Verdict = res.Verdict
		} else if out.WarnedAt == 0 {
			out.Verdict = res.Verdict
		}
	}
	return len(c.Turns), nil
}

// Recorder is a notifier that keeps what it is given.
type Recorder struct {
	mu       sync.Mutex
	Warnings []*bot.Warning
}

// Warn records w.
func (r *Recorder) Warn(_ context.Context, w *bot.Warning) error {
	r.mu.Lock()
	r.Warnings = append(r.Warnings, w)
	r.mu.Unlock()
	return nil
}

// Report is the eval result; the JSON shape is part of the CLI.
type Report struct {
	Conversations     int                  `json:"conversations"`
	Positives         int                  `json:"positives"`
	Negatives         int                  `json:"negatives"`
	Recall            *float64             `json:"recall"`
	OnTimeRecall      *float64             `json:"on_time_recall"`
	FalsePositiveRate *float64             `json:"false_positive_rate"`
	Precision         *float64             `json:"precision"`
	ByLang            map[string]*LangStat `json:"by_lang"`
	ByCategory        map[string]*CatStat  `json:"by_category"`
	// BySource groups expanded training cases by the report their pattern
	// came from (empty for other corpora).
	BySource map[string]*LangStat `json:"by_source,omitempty"`
	// DetectorFaults counts the turns the detectors failed on (a bug),
	// judged without the part that failed: 0 in a sound build.
	DetectorFaults int     `json:"detector_faults"`
	Turns          int     `json:"turns"`
	Seconds        float64 `json:"seconds"`
	TurnsPerSecond float64 `json:"turns_per_second"`
}

// LangStat is the per-language part of a Report.
type LangStat struct {
	Conversations     int      `json:"conversations"`
	Recall            *float64 `json:"recall"`
	OnTimeRecall      *float64 `json:"on_time_recall"`
	FalsePositiveRate *float64 `json:"false_positive_rate"`
	pos, neg          int
	warnedPos, onTime int
	warnedNeg         int
}

func (ls *LangStat) add(o Outcome) {
	if o.Case.Warn {
		ls.pos++
		if o.Warned() {
			ls.warnedPos++
		}
		if o.OnTime() {
			ls.onTime++
		}
	} else {
		ls.neg++
		if o.Warned() {
			ls.warnedNeg++
		}
	}
}

// CatStat is the per-category part of a Report.
type CatStat struct {
	Conversations int `json:"conversations"`
	Warned        int `json:"warned"`
}

func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := float64(n) / float64(d)
	return &v
}

// Summarise computes the metrics of a set of outcomes.
func Summarise(outs []Outcome) Report {
	r := Report{ByLang: map[string]*LangStat{}, ByCategory: map[string]*CatStat{}, BySource: map[string]*LangStat{}}
	var warnedPos, onTime, warnedNeg int
	for _, o := range outs {
		c := o.Case
		r.Conversations++
		r.DetectorFaults += o.Faults
		ls := r.ByLang[c.Lang]
		if ls == nil {
			ls = &LangStat{}
			r.ByLang[c.Lang] = ls
		}
		ls.Conversations++
		groups := []*LangStat{ls}
		if c.Source != "" {
			ss := r.BySource[c.Source]
			if ss == nil {
				ss = &LangStat{}
				r.BySource[c.Source] = ss
			}
			ss.Conversations++
			groups = append(groups, ss)
		}
		cat := c.Category
		if cat == "" {
			cat = "(none)"
		}
		cs := r.ByCategory[cat]
		if cs == nil {
			cs = &CatStat{}
			r.ByCategory[cat] = cs
		}
		cs.Conversations++
		if o.Warned() {
			cs.Warned++
		}
		if c.Warn {
			r.Positives++
			if o.Warned() {
				warnedPos++
			}
			if o.OnTime() {
				onTime++
			}
		} else {
			r.Negatives++
			if o.Warned() {
				warnedNeg++
			}
		}
		for _, g := range groups {
			g.add(o)
		}
	}
	r.Recall = ratio(warnedPos, r.Positives)
	r.OnTimeRecall = ratio(onTime, r.Positives)
	r.FalsePositiveRate = ratio(warnedNeg, r.Negatives)
	r.Precision = ratio(warnedPos, warnedPos+warnedNeg)
	for _, m := range []map[string]*LangStat{r.ByLang, r.BySource} {
		for _, ls := range m {
			ls.Recall = ratio(ls.warnedPos, ls.pos)
			ls.OnTimeRecall = ratio(ls.onTime, ls.pos)
			ls.FalsePositiveRate = ratio(ls.warnedNeg, ls.neg)
		}
	}
	if len(r.BySource) == 0 {
		r.BySource = nil
	}
	return r
}

func pct(v *float64) string {
	if v == nil {
		return "    -"
	}
	return fmt.Sprintf("%5.3f", *v)
}

// WriteTable prints the report for people.
func (r Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "conversations %d (positives %d, negatives %d), turns %d, %.2fs, %.0f turns/s\n\n",
		r.Conversations, r.Positives, r.Negatives, r.Turns, r.Seconds, r.TurnsPerSecond)
	if r.DetectorFaults > 0 {
		turns := "turns"
		if r.DetectorFaults == 1 {
			turns = "turn"
		}
		fmt.Fprintf(w, "DETECTOR FAULTS: %d %s judged without the part of the detectors that failed (a bug)\n\n", r.DetectorFaults, turns)
	}
	fmt.Fprintf(w, "%-8s %6s %8s %8s %8s\n", "lang", "convs", "recall", "on-time", "FPR")
	for _, l := range sortedKeys(r.ByLang) {
		s := r.ByLang[l]
		fmt.Fprintf(w, "%-8s %6d %8s %8s %8s\n", l, s.Conversations, pct(s.Recall), pct(s.OnTimeRecall), pct(s.FalsePositiveRate))
	}
	fmt.Fprintf(w, "%-8s %6d %8s %8s %8s   precision %s\n\n", "all", r.Conversations, pct(r.Recall), pct(r.OnTimeRecall), pct(r.FalsePositiveRate), pct(r.Precision))
	fmt.Fprintf(w, "%-24s %6s %7s\n", "category", "convs", "warned")
	for _, c := range sortedKeys(r.ByCategory) {
		s := r.ByCategory[c]
		fmt.Fprintf(w, "%-24s %6d %7d\n", c, s.Conversations, s.Warned)
	}
	if len(r.BySource) > 0 {
		fmt.Fprintf(w, "\n%8s %8s %8s  %s\n", "convs", "on-time", "FPR", "source")
		for _, src := range sortedKeys(r.BySource) {
			s := r.BySource[src]
			fmt.Fprintf(w, "%8d %8s %8s  %s\n", s.Conversations, pct(s.OnTimeRecall), pct(s.FalsePositiveRate), src)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
