package detectors

// Language identification. Every lexicon used to fire on every text, so
// an English "actions" or a name such as "Linda" (a pet name in Spanish
// and Portuguese) set off another language's cues. Each sender turn's
// language is now identified by the softmax text model (model/lang.bin,
// the lexicon languages plus "other"), with the owner's languages as a
// prior; only that language's phrases and word lists apply. A turn too
// short to tell, or where no language is clearly ahead, uses the other
// turns' languages, or every language when none is known.
//
// Why not a library: lingua-go embeds every language's models (a 135 MB
// binary here) and took 314 µs a message; whatlanggo took 87 µs, four
// times the detectors' whole budget. This model reuses the features the
// scam model computes anyway.

import "unicode"

const (
	// langMinWords: shorter turns are not identified.
	langMinWords = 3
	// langMinProb: the winning language's probability after the prior.
	langMinProb = 0.80
	// langPrior multiplies the probability of the owner's languages.
	langPrior = 2.0
	// langAlsoProb: a runner-up this likely applies too. Texts mix
	// languages ("lavoro online: mettere like ai video" read as 84 %
	// English), and a cue of the second language is still a cue.
	langAlsoProb = 0.10
)

func (a *analysis) identifyLanguages() {
	r := a.r
	m := r.models.lang
	a.w = r.lex.allWords
	if m == nil {
		return
	}
	prior := r.lex.mask(a.c.Owner.Languages...)
	var probBuf [8]float64 // the model's labels: the seven languages and "other"
	probs := probBuf[:0]
	for i := range a.turns {
		tu := &a.turns[i]
		if tu.fromOwner || len(tu.t.toks) < langMinWords || !mostlyLatin(tu.t.orig) || foreignLatin(tu.t) {
			// Cyrillic, Greek or any other script is no lexicon
			// language; folded to Latin look-alikes it read as English.
			// Nor is Vietnamese, Polish or Turkish, whose letters were
			// folded to the ones the seven languages write.
			continue
		}
		probs = m.Softmax(probs, a.view(i).featsFor(m.Inputs))
		sum := 0.0
		for c := range probs {
			if r.langMasks[c]&prior != 0 {
				probs[c] *= langPrior
			}
			sum += probs[c]
		}
		best := 0
		for c := range probs {
			if probs[c] > probs[best] {
				best = c
			}
		}
		if probs[best]/sum < langMinProb {
			continue
		}
		tu.lang = r.langMasks[best]
		for c := range probs {
			if probs[c]/sum >= langAlsoProb {
				if r.langMasks[c] == 0 && c != best {
					// "other" as the runner-up: a language without a
					// lexicon may be what the text is (other.toml)
					tu.lang |= otherLangs
				}
				tu.lang |= r.langMasks[c]
			}
		}
		if r.langMasks[best] == 0 && tu.lang != 0 {
			// "other" ahead of a runner-up lexicon language ("Bok mama,
			// ovo je moj novi broj" with an Italian owner): the text's
			// own phrases are other.toml's, so they must apply too
			tu.lang |= otherLangs
		}
		a.langs |= tu.lang
	}
	if a.langs != 0 {
		a.w = r.lex.words(a.langs)
	}
}

// Language returns the language code of the sender's first identified
// turn, "" when none could be told.
func (a *analysis) language() string {
	for _, tu := range a.turns {
		if tu.lang == 0 {
			continue
		}
		for i, l := range a.lex.langs {
			if tu.lang&(1<<i) != 0 {
				return l
			}
		}
	}
	return ""
}

// mostlyLatin reports whether at least half of the letters of s are in
// the Latin script, which every lexicon language is written in.
// foreignLatin: at least two words, and a sixth of them, hold a letter
// that none of the lexicon languages writes ("Xin lỗi, tôi nhắn nhầm
// số", "Przepraszam, pomyłka, źle wpisałam"); one such name in an
// English text ("Hi Łukasz, ...") is not enough.
func foreignLatin(t *text) bool {
	if isASCII(t.orig) {
		return false
	}
	n := 0
	for _, tk := range t.toks {
		for _, r := range t.orig[tk.os:tk.oe] {
			if r >= 0x80 && unlexiconedLetter(r) {
				n++
				break
			}
		}
	}
	return n >= 2 && n*6 >= len(t.toks)
}

// unlexiconedLetter: a Latin letter that none of de en es fr it nl pt
// writes: Vietnamese tone letters, and Polish, Czech, Romanian,
// Hungarian, Turkish, Nordic and Baltic ones.
func unlexiconedLetter(r rune) bool {
	if r >= 0x1EA0 && r <= 0x1EF9 { // Vietnamese
		return true
	}
	switch unicode.ToLower(r) {
	case 'ơ', 'ư', 'đ', // Vietnamese
		'ą', 'ę', 'ł', 'ś', 'ź', 'ż', 'ć', 'ń', // Polish
		'ř', 'ě', 'ů', 'ď', 'ť', 'ň', 'ľ', 'ĺ', 'ŕ', 'š', 'ž', 'č', // Czech, Slovak
		'ș', 'ț', 'ş', 'ţ', 'ă', // Romanian, Turkish
		'ő', 'ű', // Hungarian
		'ı', 'ğ', // Turkish
		'å', 'ø', 'æ', 'ð', 'þ', // Nordic
		'ā', 'ē', 'ī', 'ū', 'ė', 'ų', 'ļ', 'ķ', 'ņ': // Baltic
		return true
	}
	return false
}

func mostlyLatin(s string) bool {
	latin, other := 0, 0
	for i, r := range s {
		switch {
		case r < 0x80:
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				latin++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
		// every letter left takes a byte at least: once one side leads
		// by more than the bytes left, the answer is known
		if left := len(s) - i - 1; latin > other+left || other > latin+left {
			break
		}
	}
	return latin >= other
}
