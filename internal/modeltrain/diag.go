package modeltrain

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/detectors/textmodel"
	"github.com/silentguard/silentguard/internal/corpus"
)

// probabilityTable prints how the scam model's calibrated probability of
// the sender's first turn spreads over positives and negatives.
func probabilityTable(w io.Writer, f *featurizer, m *textmodel.Model, groups map[string][]corpus.Case) {
	cuts := []float64{0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98}
	fmt.Fprintf(w, "| cases | n |")
	for _, c := range cuts {
		fmt.Fprintf(w, " p≥%.2f |", c)
	}
	fmt.Fprintf(w, "\n|---|---:|%s\n", strings.Repeat("---:|", len(cuts)))
	names := make([]string, 0, len(groups))
	for k := range groups {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		cases := groups[name]
		n := 0
		above := make([]int, len(cuts))
		for i := range cases {
			c := &cases[i]
			best := 0.0
			scamTurns(c, func(text string, _ int) {
				best = max(best, m.Probability(f.scamHashes(text, c)))
			})
			if c.OwnerStarted() {
				continue
			}
			n++
			for j, cut := range cuts {
				if best >= cut {
					above[j]++
				}
			}
		}
		fmt.Fprintf(w, "| %s | %d |", name, n)
		for _, a := range above {
			fmt.Fprintf(w, " %.3f |", float64(a)/float64(max(n, 1)))
		}
		fmt.Fprintln(w)
	}
}

// showFalseAlarms prints up to n false alarms with their reasons.
func showFalseAlarms(w io.Writer, r *detectors.Registry, outs []outcome, n int) {
	for _, o := range outs {
		if o.c.Warn || o.warnedAt == 0 || n == 0 {
			continue
		}
		n--
		c := o.c
		conv := toConversation(c, o.warnedAt)
		v := r.Evaluate(conv)
		var rs []string
		for _, x := range v.Reasons {
			rs = append(rs, fmt.Sprintf("%s(%.2f %q)", x.Code, x.Weight, x.Evidence))
		}
		fmt.Fprintf(w, "- %s [%s] %q → %s\n", c.ID, c.Category, c.Turns[o.warnedAt-1].Text, strings.Join(rs, " "))
	}
}

// showMisses prints up to n scams not warned on time, with the reasons
// the detectors did find at warn_by.
func showMisses(w io.Writer, r *detectors.Registry, outs []outcome, n int) {
	for _, o := range outs {
		c := o.c
		if !c.Warn || o.warnedAt > 0 && o.warnedAt <= c.WarnBy || n == 0 {
			continue
		}
		n--
		v := r.Evaluate(toConversation(c, c.WarnBy))
		var rs []string
		for _, x := range v.Reasons {
			rs = append(rs, fmt.Sprintf("%s(%.2f %q)", x.Code, x.Weight, x.Evidence))
		}
		var texts []string
		for _, t := range c.Turns[:c.WarnBy] {
			texts = append(texts, t.From[:1]+": "+t.Text)
		}
		fmt.Fprintf(w, "- %s [%s] %q → score %.2f %s\n", c.ID, c.Category, strings.Join(texts, " | "), v.Score, strings.Join(rs, " "))
	}
}
