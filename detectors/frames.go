package detectors

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Frames are cues made of parts that must co-occur in one message, in any
// order: "Hi mum" + "my phone fell in the water" is the hi-mum frame
// however it is worded. A part is a choice of short slot sequences ("new
// number", "phone broken"); slots are small per-language word lists
// (lexicons/<lang>.toml, [slot.<name>]) matched exactly, by prefix, or
// with one typo for words of five letters or more. The frames themselves
// are language-independent data (lexicons/frames.toml).

// frameFile is lexicons/frames.toml.
type frameFile struct {
	// ModelSkips names slots the scam model does not read as classes,
	// besides those that make a frame alone.
	ModelSkips []string `toml:"model_skips"`
	// ExactSlots names slots whose words match only as written, with no
	// typo: lists written with every form, whose short verbs a typo
	// turns into another language's everyday word (Czech "posrat",
	// messed up, one letter from "poslat", to send).
	ExactSlots []string   `toml:"exact_slots"`
	Frame      []frameDef `toml:"frame"`
}

type frameDef struct {
	Name string `toml:"name"`
	Code string `toml:"code"`
	// Parts must all be present. Each is "a b | c d": alternatives of
	// slot sequences; "slot@address" asks for the slot where one
	// addresses the reader (opening a sentence after a greeting, closing
	// one, or before a comma), "slot@greeting" only the first of these,
	// "slot@greeted" only after a greeting.
	Parts []string `toml:"parts"`
	// Bonus parts are quoted when present and add Boost to the strength.
	Bonus []string `toml:"bonus"`
	Boost float64  `toml:"boost"`
	// Within bounds the words from the first part to the last (0: the
	// whole message); Gap the words between a sequence's slots (default 3).
	Within int `toml:"within"`
	Gap    int `toml:"gap"`
	// BareAsk: the turn is one question of at most this many words that
	// names no day or time, so the parts are the whole message ("Are you
	// available?"), not a line of a longer one or a plan ("free for lunch
	// Thursday?").
	BareAsk int `toml:"bare_ask"`
	// When: "opening" (default: sender turns before the owner's first
	// reply), "first" (the sender's first turn) or "any".
	When string `toml:"when"`
	// Not lists slots that cancel the frame anywhere in the message.
	Not []string `toml:"not"`
	// Unless "introduced": the sender says who is writing; "role": they
	// say it by a role the owner can check ("the new treasurer", not "a
	// nurse"); "owner_called": the first part's words are names the
	// owner answers to (a title among their names); "giver_role": the
	// words just before the first part name a role the owner can ask
	// ("l'amministratore mi ha dato il suo numero"); "names_owner": the
	// turn holds one of the owner's names; "relative_of": the sender
	// introduces themselves as the relative of someone named ("this is
	// Andrew, Valentina's son"), whose family their news is.
	Unless   []string `toml:"unless"`
	Strength float64  `toml:"strength"`
	// Whole marks a frame that is a whole opener by itself ("practice is
	// cancelled, can you let the others know?"): the model's low reading
	// of a language it knows little does not halve it, as it halves a
	// plan phrase that may be anyone's.
	Whole bool `toml:"whole"`
	// UnnamedBooking marks a business writing about a booking without
	// naming the owner (see Reason.unnamedBooking).
	UnnamedBooking bool `toml:"unnamed_booking"`
	// Arg names the slot whose value goes to the code's Args key.
	Arg    string `toml:"arg"`
	Detail string `toml:"detail"`
}

// frame is a compiled frameDef.
type frame struct {
	def    frameDef
	parts  [][]slotSeq
	bonus  [][]slotSeq
	not    []int
	argIdx int // slot code index of Arg, -1 if none
	// firsts[p] holds the first slot of each of part p's alternatives;
	// a turn without any of them lacks the part (numbered[p]: an
	// alternative starts with a number, which is no slot).
	firsts   []bitSet
	numbered []bool
}

// mayMatch: turn i holds a first slot of every part of fr, which most
// frames lack (a few AND operations, not a search).
func (a *analysis) mayMatch(i int, fr *frame) bool {
	bits := &a.turns[i].slotBits
	for p := range fr.firsts {
		if fr.numbered[p] {
			continue
		}
		if !fr.firsts[p].meets(bits) {
			return false
		}
	}
	return true
}

type slotRef struct {
	code    int // lexicon code index of "s.<name>", or builtinNum
	address bool
	// greeting: "slot@greeting", where one addresses the reader at a
	// sentence's start ("Hello dear, ...", "Dear, ..."), not only before
	// a comma ("I met my friend, how are you?").
	greeting bool
	// greeted: "slot@greeted", right after a greeting that opens a
	// sentence ("Hello beautiful, ..."), not opening it ("Beautiful day,
	// how are you?").
	greeted bool
}

type slotSeq []slotRef

// Built-in slots: "#num" is any number, "#money" a number written with a
// currency ("€50", "300 euros", "R$ 200"), "#phone" a phone number (a
// run of numbers joined by spaces, dashes, dots or brackets with at least
// minPhoneDigits digits: "1-888-555-0199", "020 808 1234").
const (
	builtinNum   = -2
	builtinMoney = -3
	builtinPhone = -4
)

// minPhoneDigits: the shortest national numbers have seven digits.
const minPhoneDigits = 7

func isBuiltin(code int) bool {
	return code == builtinNum || code == builtinMoney || code == builtinPhone
}

func slotCode(name string) string { return "s." + name }

// compileFrames reads lexicons/frames.toml; every slot it names must be
// declared by at least one language.
func (l *lexicon) compileFrames(fsys fs.FS, dir string, declared map[string]bool) error {
	var ff frameFile
	if err := decodeTOML(fsys, path.Join(dir, "frames.toml"), &ff); err != nil {
		return err
	}
	packStrings(&ff) // names and details are kept as they are
	slot := func(name string) (slotRef, error) {
		ref := slotRef{}
		if n, ok := strings.CutSuffix(name, "@address"); ok {
			name, ref.address = n, true
		}
		if n, ok := strings.CutSuffix(name, "@greeting"); ok {
			name, ref.greeting = n, true
		}
		if n, ok := strings.CutSuffix(name, "@greeted"); ok {
			name, ref.greeted = n, true
		}
		switch name {
		case "#num":
			ref.code = builtinNum
			return ref, nil
		case "#money":
			ref.code = builtinMoney
			return ref, nil
		case "#phone":
			ref.code = builtinPhone
			return ref, nil
		}
		if !declared[name] {
			return ref, fmt.Errorf("%w: frames.toml: slot %q is in no language file", ErrBadLexicon, name)
		}
		ref.code = l.code(slotCode(name))
		return ref, nil
	}
	// Every frame's slot sequences and alternatives are cut from two
	// arrays sized here, not made a slice each: the lexicons live as long
	// as the process, in as few objects as they can (see
	// TestCompiledLexiconHeap).
	nRefs, nAlts := 0, 0
	for _, d := range ff.Frame {
		for _, ps := range [][]string{d.Parts, d.Bonus} {
			for _, p := range ps {
				nRefs += len(strings.Fields(p))
				nAlts += strings.Count(p, "|") + 1
			}
		}
	}
	refs, seqs := make([]slotRef, 0, nRefs), make([]slotSeq, 0, nAlts)
	parse := func(part string) ([]slotSeq, error) {
		first := len(seqs)
		for _, alt := range strings.Split(part, "|") {
			start := len(refs)
			for _, name := range strings.Fields(alt) {
				ref, err := slot(name)
				if err != nil {
					return nil, err
				}
				refs = append(refs, ref)
			}
			if len(refs) == start {
				return nil, fmt.Errorf("%w: frames.toml: empty alternative in %q", ErrBadLexicon, part)
			}
			seqs = append(seqs, refs[start:len(refs):len(refs)])
		}
		return seqs[first:len(seqs):len(seqs)], nil
	}
	// slotCodes reads a list of plain slot names (key: the list's name)
	slotCodes := func(key string, names []string) ([]int, error) {
		codes := make([]int, 0, len(names))
		for _, name := range names {
			ref, err := slot(name)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			if ref.code < 0 || strings.Contains(name, "@") {
				return nil, fmt.Errorf("%w: frames.toml: %s: %q is not a slot name", ErrBadLexicon, key, name)
			}
			codes = append(codes, ref.code)
		}
		return codes, nil
	}
	skips, err := slotCodes("model_skips", ff.ModelSkips)
	if err != nil {
		return err
	}
	for _, c := range skips {
		l.unreadSlots = append(l.unreadSlots, l.codes[c])
	}
	exactCodes, err := slotCodes("exact_slots", ff.ExactSlots)
	if err != nil {
		return err
	}
	exact := map[int]bool{}
	for _, c := range exactCodes {
		exact[c] = true
	}
	for i := range l.fuzzy.entries {
		if exact[l.fuzzy.entries[i].code] {
			// indexed, never found (lookup wants a language): the index
			// still tells spells that the word is a slot word
			l.fuzzy.entries[i].langs = 0
		}
	}
	for _, d := range ff.Frame {
		if !isKnownCode(d.Code) {
			return fmt.Errorf("%w: frames.toml: frame %q: unknown code %q", ErrBadLexicon, d.Name, d.Code)
		}
		switch d.When {
		case "", "opening", "first", "any":
		default:
			return fmt.Errorf("%w: frames.toml: frame %q: when %q", ErrBadLexicon, d.Name, d.When)
		}
		for _, u := range d.Unless {
			if u != "introduced" && u != "role" && u != "owner_called" && u != "giver_role" && u != "names_owner" && u != "relative_of" {
				return fmt.Errorf("%w: frames.toml: frame %q: unless %q (want \"introduced\", \"role\", \"owner_called\", \"giver_role\", \"names_owner\" or \"relative_of\")", ErrBadLexicon, d.Name, u)
			}
		}
		if d.Gap == 0 {
			d.Gap = 3
		}
		if d.Strength == 0 {
			d.Strength = 1
		}
		fr := frame{def: d, argIdx: -1}
		for _, p := range d.Parts {
			alts, err := parse(p)
			if err != nil {
				return fmt.Errorf("frame %q: %w", d.Name, err)
			}
			fr.parts = append(fr.parts, alts)
			var firsts bitSet
			numbered := false
			for _, seq := range alts {
				if c := seq[0].code; c >= 0 {
					firsts.set(c)
				} else {
					numbered = true
				}
			}
			fr.firsts = append(fr.firsts, firsts)
			fr.numbered = append(fr.numbered, numbered)
		}
		for _, p := range d.Bonus {
			alts, err := parse(p)
			if err != nil {
				return fmt.Errorf("frame %q: %w", d.Name, err)
			}
			fr.bonus = append(fr.bonus, alts)
		}
		for _, n := range d.Not {
			ref, err := slot(n)
			if err != nil {
				return fmt.Errorf("frame %q: %w", d.Name, err)
			}
			fr.not = append(fr.not, ref.code)
		}
		if d.Arg != "" {
			ref, err := slot(d.Arg)
			if err != nil {
				return fmt.Errorf("frame %q: %w", d.Name, err)
			}
			fr.argIdx = ref.code
		}
		if len(fr.parts) == 0 {
			return fmt.Errorf("%w: frames.toml: frame %q has no parts", ErrBadLexicon, d.Name)
		}
		if len(fr.parts) == 1 {
			// A slot that makes the frame alone ("you blocked me") is
			// its reason, which the model does not read.
			for _, seq := range fr.parts[0] {
				if len(seq) == 1 && seq[0].code >= 0 && !slices.Contains(l.unreadSlots, l.codes[seq[0].code]) {
					l.unreadSlots = append(l.unreadSlots, l.codes[seq[0].code])
				}
			}
		}
		l.frames = append(l.frames, fr)
	}
	return nil
}

// slotOcc is one slot found in a turn, over tokens [k0,k1).
type slotOcc struct {
	code   int
	k0, k1 int
	arg    string
}

// slotSet is the slots found in one turn.
type slotSet []slotOcc

// bitSet is a set of small numbers (below 320): the lexicon codes of the
// slots a turn holds, asked for every part of every frame, or bytes.
type bitSet [5]uint64

// maxCodes bounds the lexicons' codes (cues and slots together), which
// a bitSet holds: 256 until the frames of 2026-12-07 took them to 257.
const maxCodes = 320

func (b *bitSet) set(n int)      { b[n>>6] |= 1 << (n & 63) }
func (b *bitSet) has(n int) bool { return n >= 0 && b[n>>6]&(1<<(n&63)) != 0 }

// meets: b and o share a member.
func (b *bitSet) meets(o *bitSet) bool {
	for k := range b {
		if b[k]&o[k] != 0 {
			return true
		}
	}
	return false
}

// hasSlotCode: turn i holds a slot of the code.
func (a *analysis) hasSlotCode(i, code int) bool {
	a.slots(i)
	return a.turns[i].slotBits.has(code)
}

// slots returns the slot occurrences of turn i (found once).
func (a *analysis) slots(i int) slotSet {
	tu := &a.turns[i]
	if tu.slotsDone {
		return tu.slots
	}
	tu.slotsDone = true
	t := tu.t
	if cap(tu.slots) < len(tu.hits)+4 {
		tu.slots = make(slotSet, 0, len(tu.hits)+4) // and a few typos
	}
	tu.slots = tu.slots[:0]
	for _, h := range tu.hits {
		if !a.lex.isSlot[h.code] {
			continue
		}
		k0, k1 := t.tokenAt(h.ns), t.tokenCovering(h.ne)
		if k0 < 0 || k1 < 0 {
			continue
		}
		tu.slots = append(tu.slots, slotOcc{code: h.code, k0: k0, k1: k1 + 1, arg: h.arg})
	}
	if len(a.lex.frames) > 0 {
		tu.slots = a.fuzzySlots(i, tu.slots)
	}
	// A slot's "ends" phrases count only where they end a sentence:
	// "È nata!!", "Sparisci.", not "è nata a Roma", "sparisci dal gruppo".
	tu.slots = slices.DeleteFunc(tu.slots, func(o slotOcc) bool {
		return o.arg == "ends" && o.k1 < len(t.toks) && !endsSentence(t.toks[o.k1-1].punct)
	})
	tu.slotBits = bitSet{}
	for _, o := range tu.slots {
		tu.slotBits.set(o.code)
	}
	return tu.slots
}

// fuzzySlots adds slot words typed with one mistake ("whatsap", "telefono
// roto") and doubled last letters ("mumm") for words the exact match
// missed.
func (a *analysis) fuzzySlots(i int, occ slotSet) slotSet {
	t := a.turns[i].t
	mask := a.turns[i].lang
	if mask == 0 {
		mask = a.langs
	}
	if mask == 0 {
		mask = allLangs
	}
	exact := len(occ)
	covered := func(k int) bool {
		for _, o := range occ[:exact] {
			if k >= o.k0 && k < o.k1 {
				return true
			}
		}
		return false
	}
	for k := range t.toks {
		w := t.word(k)
		if len(w) < 4 || len(w) > maxFuzzyWord || covered(k) {
			continue
		}
		// A word spelled as some phrase spells it is no typo, but it may
		// be another ending of a slot word: "carte sim bloquée" to the
		// slot's "bloqué" ("bloquée" is in a bank's "carte bloquée").
		known := a.lex.knownHashed.has(w, a.turns[i].hashes[k])
		if known && !inflectable(w) {
			continue
		}
		a.lex.fuzzy.lookup(w, func(e *fuzzyEntry) {
			if e.langs&mask != 0 && (!known || sameStem(w, e.word)) {
				occ = append(occ, slotOcc{code: e.code, k0: k, k1: k + 1, arg: e.arg})
			}
		})
	}
	return occ
}

// inflectable: w is long enough to have an ending of gender or number
// and ends as one ("rotta", "bloquee", "kaputte", "perdidos").
func inflectable(w string) bool {
	return len(w) >= 5 && strings.IndexByte("aeios", w[len(w)-1]) >= 0
}

// sameStem: w and v are one word in two endings: the same stem of four
// letters or more, then only vowels or "s" ("bloquee" and "bloque",
// "rotta" and "rotto"; not "casa" and "cosa").
func sameStem(w, v string) bool {
	stem := func(s string) string {
		return strings.TrimRight(s, "aeios")
	}
	sw, sv := stem(w), stem(v)
	return len(sw) >= 4 && sw == sv
}

// frameMatch is one way a frame's parts were found in a turn.
type frameMatch struct {
	spans  [][2]int // token ranges of the parts, in part order
	k0, k1 int
}

// matchSeq finds the occurrences of a slot sequence in turn i.
func (a *analysis) matchSeq(dst [][2]int, i int, seq slotSeq, gap int) [][2]int {
	occ := a.slots(i)
	if c := seq[0].code; !isBuiltin(c) && !a.turns[i].slotBits.has(c) {
		return dst // most frames: their first slot is not in the text
	}
	m := seqMatch{a: a, i: i, seq: seq, gap: gap, occ: occ, out: dst, n: len(dst)}
	m.walk(0, 0, 0)
	return m.out
}

// seqMatch is one search of matchSeq (a method, not a closure: a
// recursive closure costs an allocation per search).
type seqMatch struct {
	a   *analysis
	i   int
	seq slotSeq
	gap int
	occ slotSet
	out [][2]int
	n   int // matches in out before this search
}

func (m *seqMatch) walk(j, k0, prevEnd int) {
	if j == len(m.seq) {
		m.out = append(m.out, [2]int{k0, prevEnd})
		return
	}
	ref := m.seq[j]
	cands := m.occ
	if isBuiltin(ref.code) {
		cands = m.a.numbers(m.i, ref.code)
	}
	for _, o := range cands {
		if o.code != ref.code {
			continue
		}
		if j > 0 && (o.k0 < prevEnd || o.k0-prevEnd > m.gap && m.a.wordSpan(m.i, prevEnd, o.k0) > m.gap) {
			continue
		}
		if ref.address && !m.a.addressPosition(m.i, o.k0, o.k1) ||
			ref.greeting && !m.a.greetingPosition(m.i, o.k0) ||
			ref.greeted && !m.a.greetedPosition(m.i, o.k0) {
			continue
		}
		start := k0
		if j == 0 {
			start = o.k0
		}
		m.walk(j+1, start, o.k1)
		if len(m.out)-m.n > 8 {
			return
		}
	}
}

// numbers returns the numbers of turn i as slot occurrences of the
// built-in slot code: all of them, the amounts of money, or the phone
// numbers (found once: frames with a number part ask often).
func (a *analysis) numbers(i int, code int) slotSet {
	tu := &a.turns[i]
	if !tu.numbersDone {
		tu.numbersDone = true
		t := tu.t
		phoneEnd := 0
		for k := 0; k < len(t.toks); k++ {
			if w := t.word(k); w != "" && w[0] >= '0' && w[0] <= '9' {
				// "3.000 €" is one number: its groups are not numbers of
				// their own ("000" quoted as the sum), and the currency
				// may follow the last of them
				end := thousandsEnd(t, k)
				tu.nums = append(tu.nums, slotOcc{code: builtinNum, k0: k, k1: end})
				money := a.isMoney(t, k) || end-1 > k && a.isMoney(t, end-1)
				if money {
					tu.money = append(tu.money, slotOcc{code: builtinMoney, k0: k, k1: end})
				}
				if k >= phoneEnd && !money {
					if e := phoneRun(t, k); e > k {
						tu.phones = append(tu.phones, slotOcc{code: builtinPhone, k0: k, k1: e})
						phoneEnd = e
					}
				}
				k = end - 1
			}
		}
	}
	switch code {
	case builtinMoney:
		return tu.money
	case builtinPhone:
		return tu.phones
	}
	return tu.nums
}

// phoneRun returns the end of the phone number that starts at token k
// (numbers joined only by spaces, dashes, dots or brackets, with at least
// minPhoneDigits digits), or k when there is none.
func phoneRun(t *text, k int) int {
	digits, e := 0, k
	for e < len(t.toks) {
		w := t.word(e)
		if w == "" || w[0] < '0' || w[0] > '9' {
			break
		}
		if e > k && strings.Trim(t.orig[t.toks[e-1].oe:t.toks[e].os], " -.()/") != "" {
			break
		}
		for j := 0; j < len(w); j++ {
			if w[j] >= '0' && w[j] <= '9' {
				digits++
			}
		}
		e++
	}
	if digits < minPhoneDigits {
		return k
	}
	return e
}

// ownerCalled: the words of span are all names the owner answers to.
func (a *analysis) ownerCalled(i int, span [2]int) bool {
	t := a.turns[i].t
	for k := span[0]; k < span[1]; k++ {
		if w := t.word(k); !a.isOwnerName(w) && !a.ownerTitles[w] {
			return false
		}
	}
	return span[1] > span[0]
}

// addressPosition: tokens [k0,k1) are where one addresses the reader:
// first after a greeting at a sentence start, last of a sentence or the
// message, or followed by a comma or "!" ("Hi mum", "love you mum",
// "Mum, it's me").
func (a *analysis) addressPosition(i, k0, k1 int) bool {
	t := a.turns[i].t
	// "Granny's cake recipe" is about her: no address
	if t.possessive(k1 - 1) {
		return false
	}
	// "Megan, it's Dad" says who writes, to a reader it names; "Filho, é
	// o pai, meu telefone estragou" names no one and stays the scam's
	if a.addressedTurn == i && !a.addressedAsKin {
		for _, in := range a.selfIntros(i) {
			if in[1] == k0 {
				return false
			}
		}
	}
	if _, end, ok := a.sentenceGreeting(i, k0); ok && end == k0 {
		return true
	}
	last := t.toks[k1-1]
	if k1 == len(t.toks) || strings.ContainsRune(",!?.\n", last.punct) {
		return true
	}
	// "mãezinha 😘", "mum ❤️ ..." : an emoji closes the address too
	return last.punct > 0x2000 && (unicode.IsSymbol(last.punct) || unicode.Is(unicode.Variation_Selector, last.punct))
}

// greetingPosition: token k0 opens a sentence, or is part of a greeting
// that opens one or follows it ("Hello dear", "Hi my friend", "Dear, ...").
func (a *analysis) greetingPosition(i, k0 int) bool {
	_, end, ok := a.sentenceGreeting(i, k0)
	return ok && k0 <= end
}

// greetedPosition: token k0 follows a greeting that opens its sentence,
// or is the greeting's last word ("Hello beautiful", "Hey gorgeous"); not
// a word that opens a sentence itself ("Beautiful day, ...").
func (a *analysis) greetedPosition(i, k0 int) bool {
	start, end, ok := a.sentenceGreeting(i, k0)
	return ok && start < k0 && k0 <= end
}

// sentenceGreeting finds the start of the sentence that starts at most
// three tokens before k0 (or at it), and where its greeting ends (the
// start itself if it has none).
func (a *analysis) sentenceGreeting(i, k0 int) (start, end int, ok bool) {
	t := a.turns[i].t
	for k := k0; k >= 0 && k0-k <= 3; k-- {
		if a.sentenceStart(t, k) {
			j, _ := a.skipGreeting(t, k)
			return k, j, true
		}
	}
	return 0, 0, false
}

// matchFrame finds the tightest match of a frame in turn i.
func (a *analysis) matchFrame(i int, fr *frame) (frameMatch, bool) {
	// Each part's candidates, in slices kept from frame to frame: most
	// frames end at their first part.
	for len(a.frameCands) < len(fr.parts) {
		a.frameCands = append(a.frameCands, nil)
	}
	cands := a.frameCands[:len(fr.parts)]
	for p, alts := range fr.parts {
		cands[p] = cands[p][:0]
		for _, seq := range alts {
			cands[p] = a.matchSeq(cands[p], i, seq, fr.def.Gap)
		}
		if len(cands[p]) == 0 {
			return frameMatch{}, false
		}
	}
	pk := partPick{a: a, i: i, cands: cands, within: fr.def.Within, pick: a.framePick[:0], spans: a.frameSpans[:0]}
	for range cands {
		pk.pick = append(pk.pick, [2]int{})
	}
	pk.walk(0)
	a.framePick, a.frameSpans = pk.pick, pk.spans
	if !pk.found {
		return frameMatch{}, false
	}
	pk.best.spans = append([][2]int(nil), pk.best.spans...)
	return pk.best, true
}

// partPick tries every choice of one candidate per part and keeps the
// tightest choice whose parts lie on different words (a method, not a
// recursive closure, which costs an allocation per frame).
type partPick struct {
	a      *analysis
	i      int
	cands  [][][2]int
	within int
	pick   [][2]int
	best   frameMatch // best.spans is a scratch copy until returned
	found  bool
	spans  [][2]int
}

func (pk *partPick) walk(p int) {
	if p == len(pk.cands) {
		pick := pk.pick
		k0, k1 := pick[0][0], pick[0][1]
		for _, s := range pick[1:] {
			k0, k1 = min(k0, s[0]), max(k1, s[1])
		}
		for x := range pick {
			for y := x + 1; y < len(pick); y++ {
				if pick[x][0] < pick[y][1] && pick[y][0] < pick[x][1] {
					return // two parts on the same words
				}
			}
		}
		if pk.within > 0 && k1-k0 > pk.within && pk.a.wordSpan(pk.i, k0, k1) > pk.within {
			return
		}
		if !pk.found || k1-k0 < pk.best.k1-pk.best.k0 {
			pk.spans = append(pk.spans[:0], pick...)
			pk.best = frameMatch{spans: pk.spans, k0: k0, k1: k1}
			pk.found = true
		}
		return
	}
	for _, c := range pk.cands[p] {
		pk.pick[p] = c
		pk.walk(p + 1)
	}
}

// wordSpan counts the words of tokens [k0,k1) of turn i the way a
// frame's within and gap mean them. Each Chinese or Japanese character
// and each Korean syllable is a token of its own, and a word of those
// scripts is about two of them long: two count as one word, so that
// "間違えて送っちゃいました、ごめんなさい" holds its apology as closely as
// "sent it by mistake, sorry" does.
func (a *analysis) wordSpan(i, k0, k1 int) int {
	tu := &a.turns[i]
	t := tu.t
	if !tu.logogramsDone {
		tu.logogramsDone = true
		for k := range t.toks {
			if isLogogramWord(t.word(k)) {
				tu.logograms = true
				break
			}
		}
	}
	if !tu.logograms {
		return k1 - k0 // Latin and other spaced scripts: a token is a word
	}
	n, run := 0, 0
	for k := k0; k < k1 && k < len(t.toks); k++ {
		if isLogogramWord(t.word(k)) {
			run++
			continue
		}
		n += (run+1)/2 + 1
		run = 0
	}
	return n + (run+1)/2
}

// frameCues emits the reasons of every frame found in the sender's turns.
type frameCues struct{}

func (frameCues) Name() string { return "frames" }

func (frameCues) Detect(a *analysis, emit emitFunc) {
	for i, tu := range a.turns {
		if tu.fromOwner || len(tu.t.toks) == 0 {
			continue
		}
		for f := range a.lex.frames {
			fr := &a.lex.frames[f]
			if rs, ok := a.frameReason(i, fr); ok {
				emit(rs)
			}
		}
	}
}

func (a *analysis) frameReason(i int, fr *frame) (Reason, bool) {
	switch fr.def.When {
	case "", "opening":
		if !a.opening(i) {
			return Reason{}, false
		}
	case "first":
		if i != a.firstSender {
			return Reason{}, false
		}
	}
	if fr.def.BareAsk > 0 && len(a.turns[i].t.toks) > 2*fr.def.BareAsk {
		return Reason{}, false
	}
	occ := a.slots(i)
	if len(occ) == 0 || !a.mayMatch(i, fr) {
		return Reason{}, false
	}
	for _, n := range fr.not {
		if a.turns[i].slotBits.has(n) {
			return Reason{}, false
		}
	}
	m, ok := a.matchFrame(i, fr)
	if !ok {
		return Reason{}, false
	}
	strength := fr.def.Strength
	spans := m.spans
	bonus := false
	for _, alts := range fr.bonus {
		for _, seq := range alts {
			if found := a.matchSeq(nil, i, seq, fr.def.Gap); len(found) > 0 {
				spans = append(spans, found[0])
				strength += fr.def.Boost
				bonus = true
				break
			}
		}
	}
	if fr.def.BareAsk > 0 && !a.bareAsk(i, fr.def.BareAsk, bonus) {
		return Reason{}, false
	}
	for _, u := range fr.def.Unless {
		// A sender who says who they are is checkable, unless the bonus
		// part shows the role the scam plays ("Marc (CEO)").
		if u == "introduced" && !bonus && a.saysWhoWrites(i) {
			return Reason{}, false
		}
		if u == "role" && a.saysRole(i, false) {
			return Reason{}, false
		}
		if u == "owner_called" && a.ownerCalled(i, m.spans[0]) {
			return Reason{}, false // "Hi coach" to an owner whose names hold "Coach"
		}
		if u == "giver_role" && a.roleBefore(i, m.spans[0][0]) {
			return Reason{}, false // "the caretaker gave me your number"
		}
		if u == "names_owner" && a.namesOwner(i) {
			return Reason{}, false // "Hi Robin, Eline from no. 14: I paid you twice"
		}
		if u == "relative_of" && a.saysParentOf(i) {
			return Reason{}, false // "this is Andrew, Valentina's son: Mum is in hospital"
		}
	}
	t := a.turns[i].t
	k0, k1 := m.k0, m.k1
	if k1-k0 > 14 {
		k0, k1 = m.spans[0][0], m.spans[0][1]
	}
	rs, ok := a.tokenReason(fr.def.Code, i, k0, k1)
	if !ok {
		return Reason{}, false
	}
	sortSpans(spans)
	var quoted []string
	for _, sp := range spans {
		os, oe := widenToWords(t.orig, t.toks[sp[0]].os, t.toks[sp[1]-1].oe)
		rs.Spans = append(rs.Spans, [2]int{os, oe})
		quoted = append(quoted, quote(t.orig[os:oe]))
	}
	if strength != 1 {
		rs.strength = strength
	}
	rs.unnamedBooking = fr.def.UnnamedBooking
	rs.whole = fr.def.Whole
	if fr.argIdx >= 0 {
		for _, o := range occ {
			if o.code == fr.argIdx && o.arg != "" {
				if key := argKey(fr.def.Code); key != "" {
					os, oe := widenToWords(t.orig, t.toks[o.k0].os, t.toks[o.k1-1].oe)
					// the word itself as typed ("mamma", "Mutti"): what
					// the owner is called by the one impersonated
					rs.Args = map[string]string{key: o.arg, "word": t.orig[os:oe]}
				}
				break
			}
		}
	}
	rs.Detail = fr.def.Detail + ": " + strings.Join(quoted, " … ")
	return rs, true
}

func sortSpans(s [][2]int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j][0] < s[j-1][0]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// fuzzyIndex finds slot words within one edit (a letter added, dropped,
// changed or two swapped) of a typed word, by the symmetric-delete
// method: every word and every form of it with one letter deleted is a
// key.
type fuzzyIndex struct {
	// index maps the hash of a key (a slot word, or it with one letter
	// deleted) to entries; a hash collision only costs a check, since
	// every candidate is verified against the typed word.
	index   hashIndex
	entries []fuzzyEntry
	// While the lexicons compile (nil after freeze): byWord finds an
	// entry, keys are what index will hold.
	byWord map[fuzzyEntryKey]int32
	keys   []keyVal
}

type fuzzyEntryKey struct {
	code      int
	arg, word string
}

type fuzzyEntry struct {
	code  int
	arg   string
	langs langMask
	word  string
}

// keyHash is a polynomial hash of the key's bytes with byte i left out
// (i < 0: none), so that deletion keys need no string; deletionKeys
// gives all of a word's at once, each in constant time.
func keyHash(w string, skip int) uint64 {
	h := uint64(0)
	for i := 0; i < len(w); i++ {
		if i != skip {
			h = h*keyBase + uint64(w[i])
		}
	}
	return mixKey(h)
}

const keyBase = 1099511628211

// mixKey spreads a polynomial hash's bits (it is weak in its low ones).
func mixKey(h uint64) uint64 {
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	return h ^ h>>32
}

// deletionKeys sets keys[i] to keyHash(w, i) for each byte of w (len(w)
// at most maxFuzzyWord): the hash of the bytes before i, shifted past the
// ones after it, plus the hash of the ones after.
func deletionKeys(keys *[maxFuzzyWord]uint64, w string) {
	n := len(w)
	var pre [maxFuzzyWord + 1]uint64 // pre[i]: w[:i]
	var pow [maxFuzzyWord + 1]uint64 // pow[k]: keyBase^k
	pow[0] = 1
	for i := 0; i < n; i++ {
		pre[i+1] = pre[i]*keyBase + uint64(w[i])
		pow[i+1] = pow[i] * keyBase
	}
	suf := uint64(0) // w[i+1:]
	for i := n - 1; i >= 0; i-- {
		keys[i] = mixKey(pre[i]*pow[n-1-i] + suf)
		suf += uint64(w[i]) * pow[n-1-i]
	}
}

// maxFuzzyWord is the longest typed word matched with a typo.
const maxFuzzyWord = 24

// fuzzyMin is the shortest slot word (and typed word) matched with a
// typo: shorter words are too close to other words ("bridge", "fridge").
// It counts letters, not bytes: "सर" (sir) is six bytes, and "कर" (do)
// one byte from it.
const fuzzyMin = 6

// fuzzyLong: w has at least fuzzyMin letters (runes).
func fuzzyLong(w string) bool { return atLeastLetters(w, fuzzyMin) }

// atLeastLetters: w has at least n letters (runes), counted only when
// its bytes do not settle it.
func atLeastLetters(w string, n int) bool {
	return len(w) >= n && (isASCII(w) || utf8.RuneCountInString(w) >= n)
}

// add indexes a slot word: always under itself (for a doubled last
// letter), and under its one-letter deletions when it is long enough.
func (x *fuzzyIndex) add(word string, code int, arg string, langs langMask) {
	if x.byWord == nil {
		// Sized for today's slots (12,292 words on the evening of
		// 2026-12-07, 10,481 that morning, 6,978 the day before): growing
		// them as they filled was a tenth of compiling's garbage.
		x.byWord = make(map[fuzzyEntryKey]int32, 15<<10)
		x.keys = make([]keyVal, 0, 110<<10)
		x.entries = make([]fuzzyEntry, 0, 15<<10)
	}
	k := fuzzyEntryKey{code, arg, word}
	if i, ok := x.byWord[k]; ok {
		x.entries[i].langs |= langs // indexed already, now for one more language
		return
	}
	idx := int32(len(x.entries))
	x.byWord[k] = idx
	x.entries = append(x.entries, fuzzyEntry{code: code, arg: arg, langs: langs, word: word})
	put := func(h uint64) { x.keys = append(x.keys, keyVal{h, idx}) }
	put(keyHash(word, -1))
	if !fuzzyLong(word) {
		return
	}
	for i := 0; i < len(word); i++ {
		put(keyHash(word, i))
	}
}

// freeze drops what only the compilation needed and builds the index on
// another goroutine (see indexLater): the index is usable once wait has
// returned; the entries at once.
func (x *fuzzyIndex) freeze() (wait func()) {
	index := indexLater(x.keys)
	x.entries = append([]fuzzyEntry(nil), x.entries...) // without spare room
	x.keys, x.byWord = nil, nil
	return func() { x.index = index() }
}

// has reports whether w is a slot word.
func (x *fuzzyIndex) has(w []byte) bool {
	for _, j := range x.index.get(keyHash(string(w), -1)) {
		if x.entries[j].word == string(w) {
			return true
		}
	}
	return false
}

// lookup calls found for the entries within one edit of w, and those
// whose word w repeats with a doubled last letter ("mumm"), once per
// slot and value.
func (x *fuzzyIndex) lookup(w string, found func(*fuzzyEntry)) {
	var seen [8]*fuzzyEntry
	nseen := 0
	get := x.index.get
	try := func(list []int32, exactWord string) {
		for _, j := range list {
			e := &x.entries[j]
			if exactWord != "" && e.word != exactWord {
				continue
			}
			// the shared key only proves two deletions met: check the
			// words are one typo apart, and that the first letter is
			// right (thumbs slip inside words)
			if exactWord == "" && (!fuzzyLong(e.word) || !sameFirstRune(e.word, w) || !oneEdit(w, e.word)) {
				continue
			}
			dup := false
			for _, o := range seen[:nseen] {
				dup = dup || o.code == e.code && o.arg == e.arg
			}
			if dup {
				continue
			}
			if nseen < len(seen) {
				seen[nseen] = e
				nseen++
			}
			found(e)
		}
	}
	long := fuzzyLong(w)
	if long || atLeastLetters(w, fuzzyMin-1) {
		try(get(keyHash(w, -1)), "") // w is a slot word with one letter dropped
	}
	if long && len(w) <= maxFuzzyWord {
		var keys [maxFuzzyWord]uint64
		deletionKeys(&keys, w)
		// Without its first byte w meets only words that start with its
		// second, which sameFirstRune refuses unless the two are one
		// ASCII letter ("llamar"): a lookup of no use, skipped.
		first := 0
		if w[0] >= utf8.RuneSelf || w[0] != w[1] {
			first = 1
		}
		for i := first; i < len(w); i++ {
			try(get(keys[i]), "") // an extra letter, or one changed
		}
	}
	if sq := squeezeTail(w); sq != w {
		try(get(keyHash(sq, -1)), sq)
	}
}

// sameFirstRune: a and b start with the same letter (thumbs slip inside
// words, not on the first letter).
func sameFirstRune(a, b string) bool {
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return ra == rb
}

// oneEdit reports whether a and b differ by one letter added, dropped or
// changed, or two neighbours swapped.
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	switch {
	case la == lb:
		if a[i+1:] == b[i+1:] {
			return true // changed
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swapped
	case la > lb:
		return a[i+1:] == b[i:]
	default:
		return a[i:] == b[i+1:]
	}
}

// namedProvenance: turn i says where the number came from, and nowhere
// that an anonymous friend gave it ("a friend gave me your number" is the
// dating script; "my friend Kate gave me your number" names someone).
func (a *analysis) namedProvenance(i int) bool {
	prov, ok1 := a.lex.slotIdx["provenance"]
	friend, ok2 := a.lex.slotIdx["friend"]
	gave, ok3 := a.lex.slotIdx["gave_number"]
	if !ok1 {
		return false
	}
	set := a.slots(i)
	t := a.turns[i].t
	named := false
	for _, p := range set {
		// "gave me this number" names no giver itself, but an anonymous
		// friend before it makes the whole message anonymous
		if p.code != prov && (!ok3 || p.code != gave) {
			continue
		}
		if p.k0 > 0 && t.is(a.w, p.k0-1, wReader) {
			continue // "you said you'd show me Dublin": the reader, no giver
		}
		if a.askedWhether(i, p.k0) {
			continue // "ist das die Nummer vom Herrn Aigner?": whose number, not from whom
		}
		anonymous := false
		for _, f := range set {
			if !ok2 || f.code != friend {
				continue
			}
			if f.k1-f.k0 == 1 && t.is(a.w, f.k0, wNotNames) && a.namesBetween(i, 0, f.k0) {
				// "primo da Fernanda! Ela disse…": the pronoun is
				// someone already named
				continue
			}
			// "a friend gave me", "une amie m'a donné" (two short words
			// between): the friend stays unnamed; "my friend Tom gave
			// me" names them
			if f.k1 <= p.k0 && p.k0-f.k1 <= 2 && !a.namesBetween(i, f.k1, p.k0) ||
				f.k0 >= p.k1 && f.k0-p.k1 <= 1 && (f.k1 >= len(t.toks) || !a.nameLike(i, f.k1, false)) {
				if a.friendNamedBefore(i, set, friend, f.k0) {
					// "sono Davide, collega di Simona. Mi ha passato il
					// tuo numero": "mi ha" is Simona, named before
					continue
				}
				anonymous = true
				break
			}
		}
		if anonymous {
			// "My friend gave me this number and said you can help":
			// the friend is the subject of the rest too
			return false
		}
		named = named || p.code == prov
	}
	return named
}

// friendNamedBefore: before token k, a friend word is followed by a name
// within two words ("collega di Simona", "amiga de Ana"): the go-between
// the sender goes on to speak of is named.
func (a *analysis) friendNamedBefore(i int, set slotSet, friend, k int) bool {
	for _, g := range set {
		if g.code == friend && g.k1 < k && a.namesBetween(i, g.k1, min(g.k1+2, k)) {
			return true
		}
	}
	// "l'amministratore, sig. Neri, mi ha dato il suo numero": the
	// giver named right before, not the sender ("I'm Lisa, my friend
	// gave me", "Lisa here, my friend...")
	t := a.turns[i].t
	for x := max(k-2, 0); x < k; x++ {
		if endsSentence(t.toks[x].punct) {
			continue // "... in Singapore. My friend gave me": a place, and over
		}
		if a.nameLike(i, x, false) && !a.isOwnerName(t.word(x)) && !a.selfIntroBefore(t, x) &&
			(x+1 >= len(t.toks) || !t.is(a.w, x+1, wIntroAfter)) {
			return true
		}
	}
	return false
}

// selfIntroBefore: an introduction phrase ("I'm", "sono", "ich bin")
// ends right before token x, maybe with a title between.
func (a *analysis) selfIntroBefore(t *text, x int) bool {
	for x > 0 && t.is(a.w, x-1, wHonorifics) {
		x--
	}
	for span := 1; span <= 3 && span <= x; span++ {
		if a.w.hasBytes(t.phrase(x-span, x), wSelfIntro) {
			return true
		}
	}
	return false
}

// namesBetween: a token in [from, to) of turn i reads as a name.
func (a *analysis) namesBetween(i, from, to int) bool {
	for k := from; k < to; k++ {
		if a.nameLike(i, k, false) {
			return true
		}
	}
	return false
}

// hasSlot reports whether turn i holds the named slot.
func (a *analysis) hasSlot(i int, name string) bool {
	code, ok := a.lex.slotIdx[name]
	return ok && a.hasSlotCode(i, code)
}

// hasSlotAt: a word of the named slot starts at token k of turn i.
func (a *analysis) hasSlotAt(i int, name string, k int) bool {
	return a.slotStarting(i, name, func(k0 int) bool { return k0 == k })
}

// slotFrom: a word of the named slot starts at token k or later in turn
// i ("Reminder: bins out Tuesday" is labelled, not booked).
func (a *analysis) slotFrom(i int, name string, k int) bool {
	return a.slotStarting(i, name, func(k0 int) bool { return k0 >= k })
}

// slotStarting: a word of the named slot starts at a token at says yes to.
func (a *analysis) slotStarting(i int, name string, at func(k0 int) bool) bool {
	code, ok := a.lex.slotIdx[name]
	if !ok {
		return false
	}
	for _, o := range a.slots(i) {
		if o.code == code && at(o.k0) {
			return true
		}
	}
	return false
}

// currencySymbols and currencyWords mark a number as an amount of money.
const currencySymbols = "$€£¥₹₩₺₽₪₴"

var currencyWords = map[string]bool{
	"euro": true, "euros": true, "eur": true, "usd": true, "dollar": true, "dollars": true, "gbp": true,
	"pound": true, "pounds": true, "quid": true, "chf": true, "franken": true, "francs": true, "fr": true,
	"reais": true, "real": true, "brl": true, "r": true, "pesos": true, "mxn": true, "ars": true, "cop": true,
	"pln": true, "zl": true, "zloty": true, "lei": true, "ron": true, "sek": true, "kr": true, "dkk": true,
	"nok": true, "tl": true, "lira": true, "rs": true, "inr": true, "rupees": true, "usdt": true, "k": true,
	"dolares": true, "lucas": true, "mil": true, "soles": true, "bolivares": true, "quetzales": true,
	"colones": true, "clp": true, "forint": true, "ft": true,
	"円": true, "元": true, "块": true, "塊": true, "圓": true, "원": true, "rmb": true, "cny": true, "jpy": true, "krw": true, "vnd": true,
	// Vietnamese đồng, counted in millions and thousands ("2 triệu", "50 nghìn")
	"dong": true, "trieu": true, "nghin": true, "ngan": true,
	// roubles and hryvnias as the folder spells them (Cyrillic letters that
	// look Latin are Latin there: "рублей" is "pyблeи"), the Gulf's,
	// Egypt's and the Levant's money, the shekel ("ש\"ח" is two words,
	// "ש" then "ח"), rupees, Indonesian thousands and millions, Czech
	// crowns (TestCurrencyWordsAreFolded)
	"pyблeи": true, "pyбля": true, "pyбль": true, "pyб": true, "гph": true, "гpиbehь": true, "гpиbhi": true,
	"ريال": true, "دينار": true, "درهم": true, "جنيه": true, "ليرة": true, "دولار": true, "يورو": true,
	"ש": true, "שקל": true, "שקלים": true, "रुपये": true, "रुपए": true, "रु": true, "rupaye": true,
	"rb": true, "ribu": true, "jt": true, "juta": true, "kc": true,
}

// cjkMultiplier: the ten thousand, thousand or hundred of a Chinese,
// Japanese or Korean amount, between the number and its currency
// ("50万円", "5천원").
var cjkMultiplier = map[string]bool{"万": true, "萬": true, "千": true, "百": true, "億": true, "亿": true, "만": true, "천": true, "백": true, "억": true}

// thousandsEnd is the end of the number at token k with its groups of
// thousands: "5,000" and "1.200" are one amount, not "5".
func thousandsEnd(t *text, k int) int {
	e := k + 1
	for e < len(t.toks) && len(t.word(e)) == 3 && isDigitWord(t.word(e)) &&
		strings.ContainsRune(",.", t.toks[e-1].punct) && t.toks[e-1].oe+1 == t.toks[e].os {
		e++
	}
	return e
}

// isMoney: token k is a number written with a currency next to it.
func (a *analysis) isMoney(t *text, k int) bool {
	tk := t.toks[k]
	near := func(s string) bool {
		s = strings.TrimSpace(s)
		if s == "" {
			return false
		}
		first, _ := utf8.DecodeRuneInString(s)
		last, _ := utf8.DecodeLastRuneInString(s)
		return strings.ContainsRune(currencySymbols, first) || strings.ContainsRune(currencySymbols, last)
	}
	lo := max(tk.os-4, 0)
	hi := min(tk.oe+4, len(t.orig))
	if near(t.orig[lo:tk.os]) || near(t.orig[tk.oe:hi]) {
		return true
	}
	w := t.word(k)
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			if currencyWords[w[i:]] {
				return true // "300eur", "50k"
			}
			break
		}
	}
	next := k + 1
	if next+1 < len(t.toks) && cjkMultiplier[t.word(next)] {
		next++
	}
	return next < len(t.toks) && currencyWords[t.word(next)] || k > 0 && currencyWords[t.word(k-1)]
}

// roleBefore: a role word ends within the two words before token k ("il
// portiere mi ha dato", "the caretaker gave"), with nothing but an article
// between.
func (a *analysis) roleBefore(i, k int) bool {
	t := a.turns[i].t
	for r := k - 1; r >= 0 && r >= k-2; r-- {
		if t.is(a.w, r, wRoles) || r > 0 && a.w.hasBytes(t.phrase(r-1, r+1), wRoles) {
			return true
		}
		if !t.is(a.w, r, wArticles) {
			return false
		}
	}
	return false
}

// bareAsk: turn i is one question of at most n words naming no day or
// time; with intro (the frame's bonus part, a boss's role, was found) one
// sentence may come before it ("Hello, it's the director. Are you
// around?"), the whole at most twice n words.
func (a *analysis) bareAsk(i, n int, intro bool) bool {
	t := a.turns[i].t
	k := len(t.toks)
	if k == 0 || k > 2*n || t.toks[k-1].punct != '?' {
		return false
	}
	ends, start := t.sentencesBeforeLast()
	if ends > 1 || ends == 1 && !intro || k-start > n {
		return false
	}
	return !a.namesTime(i)
}
