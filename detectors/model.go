package detectors

import (
	"cmp"
	_ "embed" // the text models
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/silentguard/silentguard/detectors/textmodel"
)

// The text models are data built by cmd/sgtrain (see model/README.md),
// embedded as strings so that their weights are read where the binary
// maps them, not copied onto the heap.
var (
	//go:embed model/scam.bin
	scamModel string
	//go:embed model/lang.bin
	langModel string
)

type textModels struct {
	scam *textmodel.Model // nil: no "reads like" cue
	lang *textmodel.Model // nil: every lexicon applies to every text
}

// charGrams reports whether a model reads character n-grams: when none
// does, a turn's view hashes its words alone.
func (m textModels) charGrams() bool {
	return m.scam != nil && !m.scam.Inputs.WordsOnly || m.lang != nil && !m.lang.Inputs.WordsOnly
}

var builtinModels = sync.OnceValues(func() (textModels, error) {
	return decodeModels(scamModel, langModel)
})

// decodeModels reads the embedded models; an empty file leaves the
// detectors without that model.
func decodeModels(scam, lang string) (textModels, error) {
	var m textModels
	for _, f := range []struct {
		name, data string
		dst        **textmodel.Model
	}{{"scam.bin", scam, &m.scam}, {"lang.bin", lang, &m.lang}} {
		if f.data == "" {
			continue
		}
		mod, err := textmodel.DecodeShared(f.data)
		if err != nil {
			return m, fmt.Errorf("model %s: %w", f.name, err)
		}
		*f.dst = mod
	}
	return m, nil
}

// Placeholders of the model's view of a text: names, the owner's names,
// links and numbers stand for their kind, so that the model learns
// "greets a name at a time" rather than "greets Marco at 5".
const (
	viewName  = "\x01"
	viewOwner = "\x02"
	viewLink  = "\x03"
	viewNum   = "#"
)

// modelView is one turn as the text model reads it, and the turn's
// token range behind each of its words.
type modelView struct {
	v     textmodel.View
	toks  [][2]int // token range [k0,k1) of each view word
	feats []uint32
	scam  []uint32 // what the scam model reads (see scamInput)
}

// featsFor is what a model with these inputs reads of the view's text
// features: all of them, or their word part.
func (mv *modelView) featsFor(in textmodel.Inputs) []uint32 {
	if in.WordsOnly {
		return mv.feats[:textmodel.WordFeatures(&mv.v)]
	}
	return mv.feats
}

// buildView makes the model's view of a normalised text: its words with
// names, the owner's names, links and numbers replaced by placeholders.
// links are byte spans of the original text.
func buildView(t *text, hashes []uint64, links [][2]int, isOwner func(string) bool, given *hashedSet, charGrams bool) *modelView {
	mv, _ := views.Get().(*modelView)
	if mv == nil {
		mv = &modelView{}
	}
	s := slices.Grow(mv.v.S[:0], len(t.norm)+2)
	s = append(s, ' ')
	inLink := func(k int) bool {
		tk := t.toks[k]
		for _, l := range links {
			if tk.os >= l[0] && tk.oe <= l[1] {
				return true
			}
		}
		return false
	}
	for k := 0; k < len(t.toks); k++ {
		w := t.toks[k].w
		k1 := k + 1
		switch {
		case len(links) > 0 && inLink(k):
			for k1 < len(t.toks) && inLink(k1) {
				k1++
			}
			w = viewLink
		case isDigits(w):
			w = viewNum
		case isOwner(w):
			w = viewOwner
		case given.has(w, hashes[k]):
			w = viewName
		}
		start := len(s)
		s = append(s, w...)
		mv.v.Words = append(mv.v.Words, [2]int{start, len(s)})
		mv.toks = append(mv.toks, [2]int{k, k1})
		s = append(s, ' ')
		k = k1 - 1
	}
	mv.v.S = s
	if charGrams {
		mv.feats = textmodel.Features(slices.Grow(mv.feats[:0], 3*len(s)+8), &mv.v)
	} else {
		mv.feats = textmodel.WordFeaturesOnly(mv.feats[:0], &mv.v)
	}
	return mv
}

// views keeps the buffers of model views done with (see releaseView).
var views sync.Pool

// releaseView gives mv's buffers back for the next buildView, unless one
// long message made them large. Nothing may use mv afterwards.
func releaseView(mv *modelView) {
	if mv == nil || cap(mv.v.S) > maxPooledText {
		return
	}
	*mv = modelView{v: textmodel.View{S: mv.v.S[:0], Words: mv.v.Words[:0]}, toks: mv.toks[:0], feats: mv.feats[:0], scam: mv.scam[:0]}
	views.Put(mv)
}

// view returns (building once) the model's view of sender turn i.
func (a *analysis) view(i int) *modelView {
	tu := &a.turns[i]
	if tu.view == nil {
		if len(tu.hashes) != len(tu.t.toks) { // a turn analyse did not prepare (LangFeatures)
			tu.hashes = wordHashes(tu.hashes[:0], tu.t)
		}
		tu.view = buildView(tu.t, tu.hashes, a.turnLinks(i), a.isOwnerName, &a.lex.givenHashed, a.r.models.charGrams())
	}
	return tu.view
}

// scamInput returns (building once) what a scam model with these inputs
// reads of sender turn i: the view's features (or their word part),
// then one class feature per word list and slot the turn's words hit,
// once each, in code order. The cues' own codes are left out: the score
// counts them already, and the model counting them again made ordinary
// texts with one soft cue ("long time no see") reach warning.
func (a *analysis) scamInput(i int, in textmodel.Inputs) []uint32 {
	mv := a.view(i)
	if len(mv.scam) > 0 { // never empty once built: the length feature
		return mv.scam
	}
	fs := mv.featsFor(in)
	if !in.Classes {
		mv.scam = fs
		return fs
	}
	var seenBuf [4]uint64
	seen := seenBuf[:0]
	if n := (len(a.lex.codes) + 63) / 64; n <= len(seenBuf) {
		seen = seenBuf[:n]
	} else {
		seen = make([]uint64, n)
	}
	for _, h := range a.turns[i].hits {
		if a.lex.modelSkips[h.code] {
			continue
		}
		seen[h.code/64] |= 1 << (h.code % 64)
	}
	for _, o := range a.slots(i) {
		if a.lex.modelSkips[o.code] {
			continue
		}
		seen[o.code/64] |= 1 << (o.code % 64)
	}
	out := append(mv.scam[:0], fs...)
	for w, set := range seen {
		for ; set != 0; set &= set - 1 {
			out = append(out, a.lex.classFeats[w*64+bits.TrailingZeros64(set)])
		}
	}
	mv.scam = out
	return out
}

// LangFeatures and ScamFeatures return the hashed features the language
// model and a scam model with these inputs read in a message to this
// owner. They exist for cmd/sgtrain, so that training and scoring read
// texts the same way.
func (r *Registry) LangFeatures(text string, owner Owner, in textmodel.Inputs) []uint32 {
	c := &Conversation{Turns: []Turn{{Text: text}}, Owner: owner}
	a := &analysis{r: r, lex: r.lex, c: c, turns: []turnInfo{{t: r.normalize(text)}}}
	a.setOwner(owner.Names, owner.Country)
	return slices.Clone(a.view(0).featsFor(in))
}

// ModelJudges reports whether the scam model judges a message of this
// text (see mostlyLogograms), so that cmd/sgtrain teaches it only from
// texts it will read.
func (r *Registry) ModelJudges(text string) bool { return !mostlyLogograms(r.normalize(text)) }

func (r *Registry) ScamFeatures(text string, owner Owner, in textmodel.Inputs) []uint32 {
	a := r.analyse(&Conversation{Turns: []Turn{{Text: text}}, Owner: owner})
	defer a.release()
	return slices.Clone(a.scamInput(0, in))
}

// modelCue: the trained model finds that a sender's message reads like
// the scam's openers and pivots. It weighs at most enough for a caution
// on its own; the same context as the cues damps it (see damping), and
// a conversation the owner started is not judged by it.
type modelCue struct{}

func (modelCue) Name() string { return "model" }

// The model speaks from a calibrated probability of modelMin; its
// strength rises from 0 there to 1 at certainty, so that alone (default
// weight 0.5) it reaches caution from p = 0.88 and never warning. Chosen
// on the held-out split against its hard negatives and ordinary texts
// (see detectors/model/REPORT.md).
const modelMin = 0.7

// modelWords: a message shorter than this gives the model too few words
// to go on ("Merci, bien reçu" read as a scam at p = 0.96, "Hey u still
// at the gym?" at 0.92): the cues alone judge it. Seven, not five: the
// short messages the model alone had warned on were everyday ones (held
// out, 44 -> 42 of 771 everyday texts and 24 -> 23 of uci-sms-ham's
// test half alarmed, measured with the everyday texts at full weight)
// while no held-out scam needed it.
const modelWords = 7

func modelStrength(p float64) float64 { return (p - modelMin) / (1 - modelMin) }

func (modelCue) Detect(a *analysis, emit emitFunc) {
	m := a.r.models.scam
	if m == nil || a.firstSender < 0 || a.firstOwner >= 0 && a.firstOwner < a.firstSender {
		return
	}
	for i, tu := range a.turns {
		if tu.fromOwner || len(tu.t.toks) < modelWords {
			continue
		}
		mv := a.view(i)
		p := a.modelP(i)
		if p < modelMin {
			continue
		}
		spans := a.modelSpans(i, mv, m)
		if len(spans) == 0 {
			continue
		}
		t := tu.t
		rs, ok := a.tokenReason(CodeModel, i, spans[0][0], spans[0][1])
		if !ok {
			continue
		}
		// One string holds the detail, its quoted phrases and the
		// probability; Detail and Args are slices of it.
		const lead = "reads like known scam openers: "
		var b strings.Builder
		b.Grow(len(lead) + len(spans)*48 + 8)
		b.WriteString(lead)
		rs.Spans = make([][2]int, 0, len(spans))
		var qbuf [96]byte
		for k, sp := range spans {
			os, oe := t.toks[sp[0]].os, t.toks[sp[1]-1].oe
			os, oe = widenToWords(t.orig, os, oe)
			rs.Spans = append(rs.Spans, [2]int{os, oe})
			if k > 0 {
				b.WriteString(", ")
			}
			b.Write(appendQuote(qbuf[:0], t.orig[os:oe]))
		}
		end := b.Len()
		b.Write(strconv.AppendFloat(qbuf[:0], p, 'f', 2, 64))
		all := b.String()
		rs.strength = modelStrength(p)
		rs.Detail = all[:end]
		rs.Args = map[string]string{"probability": all[end:], "phrases": all[len(lead):end]}
		emit(rs)
	}
}

// modelP is the scam model's calibrated probability for sender turn i
// (computed once), or -1 without a model.
func (a *analysis) modelP(i int) float64 {
	tu := &a.turns[i]
	if !tu.pDone {
		tu.pDone, tu.p = true, -1
		if m := a.r.models.scam; m != nil && !tu.fromOwner && len(tu.t.toks) > 0 && !mostlyLogograms(tu.t) {
			tu.p = m.Probability(a.scamInput(i, m.Inputs))
		}
	}
	return tu.p
}

// mostlyLogograms: most words of t are Chinese or Japanese characters or
// Korean syllables.
// The model learnt those scripts from a few hundred written texts only:
// with no everyday texts among them it read "すみません、遅れます！" as a
// scam at p = 0.99, and with 240 it still alarmed on 5 to 10 % of
// everyday Chinese and Korean it had not seen (model/REPORT.md, and
// testdata/train/README.md). The cues alone judge such text.
func mostlyLogograms(t *text) bool {
	n := 0
	for k := range t.toks {
		if isLogogramWord(t.toks[k].w) {
			n++
		}
	}
	return 2*n > len(t.toks)
}

// softOpener: a plan or an anonymous opening are everyday talk as often
// as misdirected openers; they count fully only where the model finds
// the message reads like one (or where there is no model).
func (a *analysis) softOpener(turn int) float64 {
	if turn < 0 || turn >= len(a.turns) {
		return 1
	}
	if p := a.modelP(turn); p >= 0 && p < softOpenerP {
		return 0.5
	}
	return 1
}

// softOpenerP is the model probability below which soft opener cues
// count half.
const softOpenerP = 0.3

// modelSpans picks up to three short runs of words (token ranges) whose
// n-grams weigh most towards the scam, strongest first.
func (a *analysis) modelSpans(i int, mv *modelView, m *textmodel.Model) [][2]int {
	contrib := m.Contributions(a.scamInput(i, m.Inputs), &mv.v)
	type run struct {
		w0, w1 int // view words [w0,w1)
		sum    float64
	}
	var runBuf [64]run // on the stack for all but the longest texts
	runs := runBuf[:0]
	for w0 := range contrib {
		best := run{w0: w0, w1: w0}
		sum := 0.0
		for w1 := w0; w1 < len(contrib) && w1-w0 < 4; w1++ {
			sum += contrib[w1]
			if sum > best.sum {
				best = run{w0: w0, w1: w1 + 1, sum: sum}
			}
		}
		if best.sum > 0 && contrib[w0] > 0 {
			runs = append(runs, best)
		}
	}
	slices.SortStableFunc(runs, func(x, y run) int { return cmp.Compare(y.sum, x.sum) })
	out := make([][2]int, 0, 3)
	var usedBuf [64]bool
	used := usedBuf[:min(len(contrib), len(usedBuf))]
	if len(contrib) > len(usedBuf) {
		used = make([]bool, len(contrib))
	}
outer:
	for _, r := range runs {
		for w := r.w0; w < r.w1; w++ {
			if used[w] {
				continue outer
			}
		}
		for w := r.w0; w < r.w1; w++ {
			used[w] = true
		}
		out = append(out, [2]int{mv.toks[r.w0][0], mv.toks[r.w1-1][1]})
		if len(out) == 3 {
			break
		}
	}
	return out
}
