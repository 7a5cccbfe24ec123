package modeltrain

import (
	"fmt"
	"io"
	"sort"

	"github.com/silentguard/silentguard/detectors"
	"github.com/silentguard/silentguard/internal/corpus"
)

// outcome is one case replayed through the detectors as the bot feeds
// them: turn by turn, warned from the first verdict at caution or above,
// never for a conversation the owner started.
type outcome struct {
	c        *corpus.Case
	warnedAt int
}

func replay(r *detectors.Registry, c *corpus.Case) outcome {
	out := outcome{c: c}
	if c.OwnerStarted() {
		return out
	}
	for k := range c.Turns {
		v := r.Evaluate(toConversation(c, k+1))
		if v.Fault != "" {
			// A detector bug would read as a miss and bend every figure
			// trained or chosen on it: stop (Run returns it).
			panic(faultError(fmt.Sprintf("the detectors failed on %s at turn %d: %s", c.ID, k+1, v.Fault)))
		}
		if v.Level >= detectors.LevelCaution {
			out.warnedAt = k + 1
			return out
		}
	}
	return out
}

// faultError is a detector failure met while replaying: Run turns it
// into its error.
type faultError string

func (e faultError) Error() string { return string(e) }

// toConversation is the first n turns of a case as the detectors see them.
func toConversation(c *corpus.Case, n int) *detectors.Conversation {
	network := detectors.ParseNetwork(c.NetworkOrSMS())
	conv := &detectors.Conversation{
		Sender: detectors.Sender{Phone: c.Sender.Phone, DisplayName: c.Sender.DisplayName, Network: network,
			Bridged: network != detectors.NetworkMatrix},
		Owner: owner(c),
	}
	for _, t := range c.Turns[:n] {
		conv.Turns = append(conv.Turns, detectors.Turn{FromOwner: t.FromOwner(), Text: t.Text, Media: t.Media, At: t.At})
	}
	return conv
}

// owner is a case's owner as the detectors see it.
func owner(c *corpus.Case) detectors.Owner {
	return detectors.Owner{Names: c.Owner.Names, Country: c.Owner.Country, Languages: c.Owner.Languages}
}

func replayAll(r *detectors.Registry, cases []corpus.Case) []outcome {
	out := make([]outcome, len(cases))
	for i := range cases {
		out[i] = replay(r, &cases[i])
	}
	return out
}

type tally struct{ pos, onTime, neg, fp int }

func (t tally) onTimeRecall() float64 {
	if t.pos == 0 {
		return 0
	}
	return float64(t.onTime) / float64(t.pos)
}

func (t tally) fpr() float64 {
	if t.neg == 0 {
		return 0
	}
	return float64(t.fp) / float64(t.neg)
}

func (t *tally) add(o outcome) {
	if o.c.Warn {
		t.pos++
		if o.warnedAt > 0 && o.warnedAt <= o.c.WarnBy {
			t.onTime++
		}
	} else {
		t.neg++
		if o.warnedAt > 0 {
			t.fp++
		}
	}
}

func summarise(outs []outcome) tally {
	var t tally
	for _, o := range outs {
		t.add(o)
	}
	return t
}

// table prints on-time recall and false alarms grouped by "lang" or
// "frame" (the case's category).
func table(w io.Writer, title string, outs []outcome, by string) {
	groups := map[string]*tally{}
	var all tally
	for _, o := range outs {
		k := o.c.Lang
		if by == "frame" {
			k = o.c.Category
		}
		if groups[k] == nil {
			groups[k] = &tally{}
		}
		groups[k].add(o)
		all.add(o)
	}
	fmt.Fprintf(w, "\n%s, by %s:\n\n| %s | positives | on-time recall | negatives | false alarms | FPR |\n|---|---:|---:|---:|---:|---:|\n", title, by, by)
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range append(keys, "all") {
		t := groups[k]
		if k == "all" {
			t = &all
		}
		fmt.Fprintf(w, "| %s | %d | %s | %d | %d | %s |\n", k, t.pos, ratio(t.onTime, t.pos), t.neg, t.fp, ratio(t.fp, t.neg))
	}
}

func ratio(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", float64(n)/float64(d))
}

func hamLine(w io.Writer, title string, outs []outcome) {
	t := summarise(outs)
	fmt.Fprintf(w, "- %s: %d alarms in %d texts, alarm rate %s\n", title, t.fp, t.neg, ratio(t.fp, t.neg))
}

// matrix writes the on-time recall of each scam frame (rows) in each
// language (columns): where the by-language and by-frame tables say how
// much is missed, this says where.
func matrix(w io.Writer, title string, outs []outcome) {
	cells := map[[2]string]*tally{}
	langSet, frameSet := map[string]bool{}, map[string]bool{}
	for _, o := range outs {
		if !o.c.Warn {
			continue
		}
		k := [2]string{o.c.Category, o.c.Lang}
		if cells[k] == nil {
			cells[k] = &tally{}
		}
		cells[k].add(o)
		langSet[o.c.Lang], frameSet[o.c.Category] = true, true
	}
	langs, frames := sortedKeys(langSet), sortedKeys(frameSet)
	fmt.Fprintf(w, "\n%s, on-time recall by frame and language (positives in brackets):\n\n| frame |", title)
	for _, l := range langs {
		fmt.Fprintf(w, " %s |", l)
	}
	fmt.Fprintf(w, "\n|---|")
	for range langs {
		fmt.Fprintf(w, "---:|")
	}
	for _, fr := range frames {
		fmt.Fprintf(w, "\n| %s |", fr)
		for _, l := range langs {
			if t := cells[[2]string{fr, l}]; t != nil {
				fmt.Fprintf(w, " %.2f (%d) |", t.onTimeRecall(), t.pos)
			} else {
				fmt.Fprintf(w, " - |")
			}
		}
	}
	fmt.Fprintln(w)
}

func sortedKeys(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
