package detectors

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// emitFunc receives the reasons a detector finds.
type emitFunc func(Reason)

// turnInfo is one turn, normalised and matched against the lexicons.
type turnInfo struct {
	fromOwner bool
	media     string
	t         *text
	hits      []hit
	// links are the plausible links of the turn, found once (lazily).
	links     [][2]int
	linksDone bool
	// view is the text model's reading of a sender turn (lazily), p its
	// probability (pDone once computed).
	view  *modelView
	p     float64
	pDone bool
	// lang is the turn's identified language, 0 when unsure.
	lang langMask
	// slots are the frame slots found in the turn (lazily); slotBits
	// has bit c set when a slot of code c is among them.
	slots     slotSet
	slotBits  bitSet
	slotsDone bool
	// nums, money and phones are the turn's numbers, amounts and phone
	// numbers as frame parts (lazily, numbersDone once found).
	nums, money, phones []slotOcc
	numbersDone         bool
	// logograms: the turn has a Chinese or Japanese character or a
	// Korean syllable (found once, logogramsDone), which wordSpan counts
	// as half a word.
	logograms, logogramsDone bool
	// hashes are the wordHash of each word, for the lexicon lookups.
	hashes []uint64
	// greetSkip remembers skipGreeting's answers by word.
	greetSkip []int32
	// intros are the turn's introduction phrases (lazily, introsDone
	// once found).
	intros     [][2]int
	introsDone bool
	// saysWho caches saysWhoWrites, which several frames ask.
	saysWho memo
}

// memo is a cached yes or no: unknown until first asked.
type memo uint8

const (
	memoUnknown memo = iota
	memoNo
	memoYes
)

// get returns the cached answer, computing it with f the first time.
func (m *memo) get(f func() bool) bool {
	if *m == memoUnknown {
		*m = memoNo
		if f() {
			*m = memoYes
		}
	}
	return *m == memoYes
}

// analysis is what every detector reads: the conversation normalised once,
// and the facts several cue families need (who spoke first, whether the
// owner was named, where the owner said "wrong number").
type analysis struct {
	r     *Registry
	lex   *lexicon
	c     *Conversation
	turns []turnInfo
	// w are the word sets of the sender's languages (of every language
	// when they could not be told).
	w *wordSets
	// langs are the sender's identified languages, 0 when unsure.
	langs langMask
	// hitArena holds the slices hitsOf returns, one allocation for all
	// of a verdict's instead of one per call.
	hitArena []hit

	// ownerNames holds the owner's names and nicknames, normalised, one
	// word each ("laura", "bianchi", "dr" dropped).
	ownerNames map[string]bool
	// ownerFirst holds the first words of the owner's names.
	ownerFirst map[string]bool
	// ownerList is ownerNames as a slice, for prefix checks; ownerBytes
	// holds the bytes a word must start with to be one of them.
	ownerList  []string
	ownerBytes *bitSet
	// ownerTitles are the titles among the owner's names ("Coach",
	// "Doctor"), which name no one in a greeting's name but are what the
	// owner answers to.
	ownerTitles map[string]bool
	// ownerRuns: the owner's names written in logograms (ownerSets.runs).
	ownerRuns []string
	// ownerAccented: the owner's names written with accents (ownerSets.accented).
	ownerAccented map[string]string

	firstSender int // first turn from the sender, -1 if none
	firstOwner  int // first turn from the owner, -1 if none
	// addressedTurn is the first sender turn, before the owner wrote,
	// that names the owner ("Hi Laura"), -1 if none.
	addressedTurn int
	// addressedAsKin: the address is a relative word ("Hi Uncle"), not
	// one of the owner's names: the owner's "wrong number" refutes it.
	addressedAsKin bool
	// denialTurn is the first owner turn saying "wrong number" or "who is
	// this?", -1 if none.
	denialTurn int
	// service: the sender is an alphanumeric or short-code SMS sender
	// (a business), not a person's number.
	service bool
	// vouched: the sender's opening says who is writing and how they got
	// the number ("I'm Tom, Riya's dad, got your number from the class
	// group"): what people who can be checked do. Not when they want
	// friendship ("I'm Amy, Jessica gave me your number, hope we can get
	// to know each other"): that is the dating script, named or not.
	vouched bool
	network Network

	// frameCands is matchFrame's scratch: each part's candidate spans.
	frameCands [][][2]int
	framePick  [][2]int // and its current choice of one span per part
	frameSpans [][2]int // and the tightest choice so far
	// reasons is evaluate's scratch: what the detectors emitted.
	reasons []Reason
}

// release gives the turns' buffers back once the verdict is made (it
// holds only strings and spans of its own), and the analysis with its
// scratch for the next verdict. Nothing may use a afterwards.
func (a *analysis) release() {
	for i := range a.turns {
		a.r.folder.release(a.turns[i].t)
		releaseView(a.turns[i].view)
		a.turns[i].t, a.turns[i].view = nil, nil
	}
	if len(a.turns) > maxPooledTurns {
		return // one long conversation must not keep its buffers
	}
	for i := range a.turns {
		// keep the buffers, not what they point at
		tu := &a.turns[i]
		clear(tu.hits[:cap(tu.hits)])
		clear(tu.slots[:cap(tu.slots)])
		*tu = turnInfo{hits: tu.hits[:0], slots: tu.slots[:0], nums: tu.nums[:0], money: tu.money[:0], phones: tu.phones[:0], intros: tu.intros[:0], hashes: tu.hashes[:0], greetSkip: tu.greetSkip[:0]}
	}
	clear(a.hitArena)
	*a = analysis{turns: a.turns[:0], frameCands: a.frameCands, framePick: a.framePick[:0],
		frameSpans: a.frameSpans[:0], reasons: a.reasons[:0], hitArena: a.hitArena[:0]}
	analyses.Put(a)
}

// maxPooledTurns bounds the conversations whose analysis is kept for the
// next verdict.
const maxPooledTurns = 64

// analyses keeps analyses done with (see release).
var analyses sync.Pool

func (r *Registry) analyse(c *Conversation) *analysis {
	a, _ := analyses.Get().(*analysis)
	if a == nil {
		a = &analysis{}
	}
	// Within capacity the turns keep the hit and slot buffers release
	// left them (appending zero turns would drop them).
	turns := slices.Grow(a.turns[:0], len(c.Turns))[:len(c.Turns)]
	*a = analysis{
		r:             r,
		lex:           r.lex,
		c:             c,
		turns:         turns,
		firstSender:   -1,
		firstOwner:    -1,
		addressedTurn: -1,
		denialTurn:    -1,
		network:       ParseNetwork(string(c.Sender.Network)),
		frameCands:    a.frameCands,
		framePick:     a.framePick,
		frameSpans:    a.frameSpans,
		reasons:       a.reasons,
	}
	for i, tu := range c.Turns {
		ti := &a.turns[i]
		*ti = turnInfo{fromOwner: tu.FromOwner, media: tu.Media, t: r.normalize(tu.Text), hits: ti.hits, slots: ti.slots,
			nums: ti.nums[:0], money: ti.money[:0], phones: ti.phones[:0], intros: ti.intros[:0], hashes: ti.hashes[:0], greetSkip: ti.greetSkip[:0]}
		ti.hashes = wordHashes(ti.hashes, ti.t)
		if tu.FromOwner && a.firstOwner < 0 {
			a.firstOwner = i
		}
		if !tu.FromOwner && a.firstSender < 0 {
			a.firstSender = i
		}
	}
	a.setOwner(c.Owner.Names, c.Owner.Country)
	a.identifyLanguages()
	for i := range a.turns {
		tu := &a.turns[i]
		mask := allLangs // the owner's own words ("wrong number") in any language
		if !tu.fromOwner {
			mask = tu.lang
			if mask == 0 {
				mask = a.langs
			}
			if mask == 0 {
				mask = allLangs
			}
		}
		tu.hits = r.lex.matchHashed(tu.hits[:0], tu.t, tu.hashes, mask)
	}
	a.service = isServiceSender(c.Sender, a.network)
	a.findAddress()
	a.findDenial()
	if i := a.firstSender; i >= 0 && a.opening(i) {
		// a dating site is where the number came from, not who can
		// vouch for the sender ("I'm Amy, I got your number from the
		// dating site"); nor is a group where a photo was seen ("Vi sua
		// foto no grupo de caminhada ... sou a Camila")
		a.vouched = a.namedProvenance(i) && a.saysWhoWrites(i) && !a.hasSlot(i, "befriend") && !a.hasSlot(i, "dating_app") && !a.hasSlot(i, "saw_profile")
	}
	return a
}

// setOwner fills the owner's name sets.
func (a *analysis) setOwner(names []string, country string) {
	country = strings.ToUpper(strings.TrimSpace(country))
	if !vocativeCountries[country] {
		country = "" // the same sets as for any other country
	}
	key := ownerKey(country, names)
	if o := a.r.owners.get(key, country, names); o != nil {
		a.ownerNames, a.ownerFirst, a.ownerList, a.ownerTitles, a.ownerBytes, a.ownerRuns, a.ownerAccented = o.all, o.first, o.list, o.titles, &o.starts, o.runs, o.accented
		return
	}
	o := &ownerSets{country: country, names: slices.Clone(names)}
	for _, n := range names {
		for part := range strings.FieldsSeq(n) {
			if utf8.RuneCountInString(part) >= 2 && allLogograms(part) {
				o.runs = append(o.runs, part)
				o.runs = append(o.runs, chineseTitled(part, a.lex.allWords.vocTitles)...)
			}
			if !isASCII(part) {
				if o.accented == nil {
					o.accented = map[string]string{}
				}
				o.accented[normWord(a, part)] = part
			}
		}
	}
	o.all, o.first, o.titles = a.r.ownerNameSet(names, country != "")
	for n := range o.all {
		o.list = append(o.list, n)
	}
	sort.Strings(o.list)
	for _, n := range o.list {
		if n != "" {
			o.starts.set(int(n[0]))
		}
		if len(n) > 1 {
			o.starts.set(int(n[1])) // swapped: "Mraia" for "Maria" starts with its second letter
		}
	}
	a.r.owners.put(key, o)
	a.ownerNames, a.ownerFirst, a.ownerList, a.ownerTitles, a.ownerBytes, a.ownerRuns, a.ownerAccented = o.all, o.first, o.list, o.titles, &o.starts, o.runs, o.accented
}

// ownerKey hashes an owner's country and names (FNV-1a), so that finding
// their sets builds no string.
func ownerKey(country string, names []string) uint64 {
	h := uint64(14695981039346656037)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
		h ^= 0xff // no byte of UTF-8: ("ab", "c") is not ("a", "bc")
		h *= 1099511628211
	}
	add(country)
	for _, n := range names {
		add(n)
	}
	return h
}

// ownerCache keeps each owner's name sets. Owners are few and their
// names change only with the config: the sets (read-only once built)
// are not rebuilt for every message. A registry serving unbounded
// distinct names stops keeping them past ownerCacheMax.
type ownerCache struct {
	mu sync.RWMutex
	m  map[uint64][]*ownerSets // by ownerKey; a list, for the rare collision
	n  int
}

func (c *ownerCache) get(key uint64, country string, names []string) *ownerSets {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, o := range c.m[key] {
		if o.country == country && slices.Equal(o.names, names) {
			return o
		}
	}
	return nil
}

func (c *ownerCache) put(key uint64, o *ownerSets) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= ownerCacheMax {
		return
	}
	if c.m == nil {
		c.m = map[uint64][]*ownerSets{}
	}
	c.m[key] = append(c.m[key], o)
	c.n++
}

// chineseTitled: a Chinese name of two or three characters, surname
// first ("张伟"), is named by its surname and a title too: a business
// writes "张先生您好" to its customer 张伟. The titles are the lexicons'
// vocative titles written in Chinese characters ("先生", Cantonese "生").
func chineseTitled(name string, titles []string) []string {
	if n := utf8.RuneCountInString(name); n > 3 || !allHan(name) {
		return nil
	}
	surname, _ := utf8.DecodeRuneInString(name)
	var out []string
	for _, t := range titles {
		// the sets hold a run of characters as its words, "先 生"
		if t = strings.ReplaceAll(t, " ", ""); allHan(t) {
			out = append(out, string(surname)+t)
		}
	}
	sort.Strings(out) // a fixed order, for a deterministic owner cache
	return out
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// ownerSets are one owner's name sets.
type ownerSets struct {
	all, first, titles map[string]bool
	list               []string
	starts             bitSet // the first two bytes of each name
	country            string // the key they were built for
	names              []string
	// runs are the names written in two or more Chinese characters, kana
	// or Korean syllables ("小林", "민수"): each character is a word, and
	// one names no one, so these are looked for whole in the text.
	runs []string
	// accented maps the folded form of each name written with accents
	// to the name as written ("tuan" to "Tuấn"): see otherAccents.
	accented map[string]string
}

// normalize is a message's text as the detectors read it: normalised,
// and its words spelled out letter by letter, or cut into pieces, joined.
func (r *Registry) normalize(s string) *text {
	t := r.folder.normalize(s)
	t.joinSpelled(r.lex.spells, r.lex.longestWord)
	t.joinChunks(r.lex.spells, r.lex.longestWord)
	return t
}

const ownerCacheMax = 4096

// ownerNameSet splits the owner's names into normalised words, adding
// known nicknames ("Bob" for "Robert"), and keeps apart the titles among
// them ("Coach").
func (r *Registry) ownerNameSet(names []string, vocative bool) (all, first, titles map[string]bool) {
	all, first, titles = map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, n := range names {
		t := r.folder.normalize(n)
		firstDone := false
		for i := range t.toks {
			w := t.word(i)
			if r.lex.allWords.has(w, wHonorifics) {
				titles[w] = true
				continue
			}
			if len(w) < 2 || isLogogramWord(w) {
				// one Chinese or Japanese character or Korean syllable
				// ("中" of 田中) is in every other message: it names no one
				continue
			}
			all[w] = true
			if !firstDone {
				first[w] = true
				firstDone = true
			}
			forms := append([]string{w}, r.lex.nicknames[w]...)
			if vocative {
				// "Cześć Kasiu" to Katarzyna: the nicknames' vocatives too
				for _, f := range forms {
					forms = append(forms, vocatives(f)...)
				}
			}
			for _, f := range forms[1:] {
				all[f] = true
				if i == 0 {
					first[f] = true
				}
			}
		}
	}
	return all, first, titles
}

// isOwnerName reports whether a normalised word is one of the owner's
// names, allowing a shortened form ("Nat" for "Nathan").
func (a *analysis) isOwnerName(w string) bool {
	// A scan of the few names, not a map: it is asked of every word. A
	// word can only be one of them if it starts as one does (or as one
	// does with its first two letters swapped).
	if w == "" || a.ownerBytes != nil && !a.ownerBytes.has(int(w[0])) {
		return false
	}
	known := -1 // whether w is an ordinary word of the lexicons, once asked
	for _, n := range a.ownerList {
		if n == w || swapped(n, w) {
			return true
		}
		if len(w) >= 3 && len(n) > len(w) && strings.HasPrefix(n, w) || diminutive(n, w) || slavicVocative(n, w) {
			// A shortened form, unless the lexicons know it as a word:
			// "ik wil je nooit meer zien" does not call Ruben Willems,
			// nor "her" Herbert.
			if known < 0 {
				known = 0
				if a.lex.spells([]byte(w)) && !a.lex.givenNames[w] {
					known = 1
				}
			}
			if known == 0 {
				return true
			}
		}
	}
	return false
}

// diminutive: w is name n with a diminutive ending in place of its
// last vowels (Carlos: Carlitos; Ana: Anita; Pietro: Pietrino; Joao:
// Joaozinho; Anne: Annchen).
func diminutive(n, w string) bool {
	if len(w) <= len(n) || len(n) < 3 || w[:2] != n[:2] {
		return false
	}
	for _, stem := range [2]string{n, strings.TrimRight(strings.TrimSuffix(n, "s"), "aeiou")} {
		if len(stem) < 2 || !strings.HasPrefix(w, stem) {
			continue
		}
		switch w[len(stem):] {
		case "ito", "ita", "itos", "itas", "illo", "illa", "ino", "ina", "inho", "inha", "zinho", "zinha",
			"uccio", "uccia", "etto", "etta", "chen", "tje", "tjes":
			return true
		}
	}
	return false
}

// slavicVocative: w is Cyrillic name n in the vocative case, its last
// vowel (or "й", "ія") replaced by the case's ending: Андрій: Андрію,
// Наталія: Наталю, Тарас: Тарасе, Олена: Олено, Ігор: Ігорю. Both are
// folded (see folder): Cyrillic letters that look Latin are Latin
// there, and "й" is "и".
func slavicVocative(n, w string) bool {
	if len(w) < len(n)-4 || len(w) > len(n)+2 || !strings.ContainsFunc(n, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
		return false
	}
	stem := n
	for _, end := range [...]string{"iя", "a", "я", "o", "и"} {
		if s, ok := strings.CutSuffix(n, end); ok {
			stem = s
			break
		}
	}
	if utf8.RuneCountInString(stem) < 3 || !strings.HasPrefix(w, stem) {
		return false
	}
	switch w[len(stem):] {
	case "ю", "e", "o", "y", "є":
		return true
	}
	return false
}

// swapped: w is name n of five letters or more typed with two adjacent
// letters swapped ("Lcuas", "Saarh"), the commonest slip on a phone
// keyboard. Other one-letter differences make other names (Mario,
// Maria), swaps of this length do not.
func swapped(n, w string) bool {
	if len(n) != len(w) || len(n) < 5 {
		return false
	}
	i := 0
	for i < len(n) && n[i] == w[i] {
		i++
	}
	return i+1 < len(n) && n[i] == w[i+1] && n[i+1] == w[i] && n[i+2:] == w[i+2:]
}

// isServiceSender: SMS from an alphanumeric sender ID ("UPS", "HSBC") or a
// short code. People cannot send from those, businesses do.
func isServiceSender(s Sender, network Network) bool {
	if s.Phone != "" || !network.Texting() {
		return false
	}
	name := strings.TrimSpace(s.DisplayName)
	if name == "" {
		return false
	}
	digits, letters := 0, 0
	for _, r := range name {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters == 0 {
		return digits > 0 && digits <= 6 // short code
	}
	return true
}

// findAddress looks for the owner's name in what the sender wrote before
// the owner first answered. A name the sender only learned from the
// owner's answer says nothing. Opening with "Dad" or "Mum" addresses the
// owner too: family texts are not misdirected openers (the "new number"
// story is judged by its own cue, which this does not soften).
func (a *analysis) findAddress() {
	for i, tu := range a.turns {
		if tu.fromOwner {
			return
		}
		t := tu.t
		if h, _, _, ok := a.openingRelative(i); ok && !a.has(i, CodeNewNumber) && !a.kinOfOther(i, h) {
			a.addressedTurn, a.addressedAsKin = i, true
			return
		}
		if a.namesOwnerInLogograms(i) {
			a.addressedTurn = i // "김민수님, 내일 10시 예약이 확정되었습니다"
			return
		}
		for k := range t.toks {
			w := t.word(k)
			if !a.isOwnerName(w) {
				continue
			}
			if !slices.Contains(a.ownerList, w) && !a.saidAsAddress(t, k) {
				// a shortened or changed form of the name counts where it is
				// said to the reader: "Hei, ..." greets (not Heikki), and
				// "Ale máte ..." is Czech "but" (not Alena)
				continue
			}
			if t.possessive(k) {
				continue // "from Mike's birthday party": about Mike, not to him
			}
			if a.otherAccents(t, k) {
				continue // "cuối tuần" (the weekend) does not name Tuấn
			}
			if a.partOfProperNoun(i, k) {
				continue // "ở ga Hà Nội" does not name Hà, "at Victoria Station" Victoria
			}
			// a capitalised word, or lower case near the start of a
			// sentence ("hey david it's jen") or where the writer
			// capitalises nothing ("ho un pacco per davide")
			if t.toks[k].upper || nearOpening(a, t, k) || !anyUpper(t) {
				a.addressedTurn = i
				return
			}
		}
	}
}

// saidAsAddress: token k is no greeting and stands as an address: after
// a greeting or a comma, or before a mark ("Carlitos, ...", "hey Mikey").
func (a *analysis) saidAsAddress(t *text, k int) bool {
	if t.is(a.w, k, wGreetings) {
		return false
	}
	return t.toks[k].punct != 0 || k > 0 && (t.is(a.w, k-1, wGreetings) || t.toks[k-1].punct == ',')
}

// nearOpening: token k is among the first words of its sentence or
// follows a greeting, where a name is said to the reader.
func nearOpening(a *analysis, t *text, k int) bool {
	return k < 3 || t.toks[k-1].sentenceStart || t.is(a.w, k-1, wGreetings)
}

// partOfProperNoun: the owner's name at token k of turn i stands
// mid-sentence (not nearOpening) next to another capitalised word that is no name of the owner's nor
// any given name, title or kin word, with nothing between them: one word
// of a longer proper noun, a place or someone else's full name ("ga Hà
// Nội", "Việt Nam", "Victoria Station"). A real user named Hà or Nam
// would otherwise have every mention of those places read as addressed
// to them.
func (a *analysis) partOfProperNoun(i, k int) bool {
	t := a.turns[i].t
	if !t.toks[k].upper || t.toks[k].allUpper || nearOpening(a, t, k) {
		return false
	}
	other := func(j int) bool {
		tj := t.toks[j]
		w := tj.w
		return tj.upper && !tj.allUpper && !tj.sentenceStart && !isDigitWord(w) &&
			!a.isOwnerName(w) && !a.lex.givenNames[w] && !a.w.has(w, wHonorifics) && !a.w.has(w, wGreetings)
	}
	if k+1 < len(t.toks) && t.toks[k].punct == 0 && other(k+1) {
		return true
	}
	// Before it, only a word no lexicon knows, and the name not closing a
	// phrase: "Anh Nam" and "Tante Victoria" call that person, and "on
	// Sunday Ruth!", "Merry Christmas Ruth" call the owner. (After it, a
	// kin word is no title: "Nội" of Hà Nội is no grandparent.)
	return k > 0 && k+1 < len(t.toks) && t.toks[k].punct == 0 && t.toks[k-1].punct == 0 && other(k-1) &&
		!t.is(a.w, k-1, wVocKin) && !a.anyHitOn(i, k-1)
}

// anyHitOn: a lexicon phrase of turn i covers token k.
func (a *analysis) anyHitOn(i, k int) bool {
	tk := a.turns[i].t.toks[k]
	for _, h := range a.turns[i].hits {
		if h.ns <= tk.ns && tk.ne <= h.ne {
			return true
		}
	}
	return false
}

// kinOfOther: the opening relative word h is followed by a name ("Hola
// tía Rosa", "Buongiorno zia Rita"): the sender writes to their aunt
// Rosa, who is the owner only if Rosa is one of the owner's names, which
// the search for those names then finds.
func (a *analysis) kinOfOther(i int, h hit) bool {
	t := a.turns[i].t
	r := t.tokenCovering(h.ne)
	x := r + 1
	if r < 0 || x >= len(t.toks) || t.toks[r].punct != 0 {
		return false
	}
	if (h.arg == "aunt" || h.arg == "uncle") && a.greetingOpensAt(t, x+1) && a.nameLike(i, x, false) {
		return true // "Aunty Bisi good evening": one calls them by name
	}
	return a.nameLike(i, x, true)
}

// otherAccents: word k of t folds to one of the owner's names but is
// written with other accents than the name is ("tuần", week, for
// "Tuấn"; "năm", year, for "Nâm"): in Vietnamese the marks tell words
// apart. A word typed without accents still names the owner.
func (a *analysis) otherAccents(t *text, k int) bool {
	orig := t.origWord(k)
	if isASCII(orig) {
		return false
	}
	name, ok := a.ownerAccented[t.word(k)]
	return ok && !strings.EqualFold(name, orig)
}

// findDenial finds the owner's "wrong number", "who is this?" or a bare
// "no" to the sender's first message.
func (a *analysis) findDenial() {
	denial := a.lex.codeIdx[cueDenial]
	for i, tu := range a.turns {
		if !tu.fromOwner {
			continue
		}
		if a.firstSender < 0 || i < a.firstSender {
			continue
		}
		for _, h := range tu.hits {
			if h.code == denial {
				a.denialTurn = i
				return
			}
		}
		t := tu.t
		if len(t.toks) > 0 && len(t.toks) <= 6 && t.is(a.w, 0, wNegations) {
			a.denialTurn = i
			return
		}
	}
}

// turnLinks returns the byte spans of the plausible links in turn i.
func (a *analysis) turnLinks(i int) [][2]int {
	tu := &a.turns[i]
	if tu.linksDone {
		return tu.links
	}
	tu.linksDone = true
	s := tu.t.orig
	if !mayHaveLink(s) {
		return nil
	}
	// Links hold no spaces: running the (large) URL pattern only on the
	// space-separated chunks that look like one keeps it cheap.
	// Hostile input ("a.b a.b a.b ...") is bounded: at most maxLinkChunks
	// candidate chunks, each read up to maxLinkChunk bytes.
	candidates := 0
	for start := 0; start < len(s) && len(tu.links) < 16 && candidates < maxLinkChunks; {
		for start < len(s) && isSpaceByte(s[start]) {
			start++
		}
		end := start
		for end < len(s) && !isSpaceByte(s[end]) {
			end++
		}
		chunk := s[start:end]
		if len(chunk) > maxLinkChunk {
			chunk = chunk[:maxLinkChunk]
		}
		if end > start && mayHaveLink(chunk) {
			candidates++
			for _, loc := range a.r.links.find(a.r.urls, a.lex.brands, chunk) {
				loc[0] += logogramLead(chunk[loc[0]:loc[1]])
				tu.links = append(tu.links, [2]int{start + loc[0], start + loc[1]})
			}
		}
		start = end
	}
	return tu.links
}

// logogramLead is how many bytes open a link found without a scheme
// before the last Chinese, Japanese or Korean character of its host:
// those scripts put no space before a link ("详情见jd.com", "詳細は
// rakuten.co.jpで", "京东App或jd.com"), and the words read as part of
// the host made a brand's own domain an internationalised look-alike.
func logogramLead(link string) int {
	host := link
	if k := strings.IndexAny(host, "/?#"); k >= 0 {
		host = host[:k]
	}
	cut := 0
	for k, r := range host {
		if isLogogram(r) {
			cut = k + utf8.RuneLen(r)
		}
	}
	if cut == 0 || cut == len(host) || !isASCIIAlnum(host[cut]) || strings.Contains(link[:cut], "://") {
		return 0
	}
	return cut
}

func isASCIIAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

const (
	maxLinkChunks = 24
	maxLinkChunk  = 256
)

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// hitsOf returns the hits of one code in a turn.
func (a *analysis) hitsOf(turn int, code string) []hit {
	ci, ok := a.lex.codeOf(code)
	if !ok || turn < 0 || turn >= len(a.turns) {
		return nil
	}
	start := len(a.hitArena)
	for _, h := range a.turns[turn].hits {
		if h.code == ci {
			a.hitArena = append(a.hitArena, h)
		}
	}
	if len(a.hitArena) == start {
		return nil
	}
	// capped: a caller's append cannot run into the next call's hits
	return a.hitArena[start:len(a.hitArena):len(a.hitArena)]
}

func (a *analysis) has(turn int, code string) bool {
	ci, ok := a.lex.codeOf(code)
	if !ok || turn < 0 || turn >= len(a.turns) {
		return false
	}
	for _, h := range a.turns[turn].hits {
		if h.code == ci {
			return true
		}
	}
	return false
}

// ownerRepliedBefore reports whether the owner wrote before turn i.
func (a *analysis) ownerRepliedBefore(i int) bool {
	return a.firstOwner >= 0 && a.firstOwner < i
}

// opening reports whether turn i is a sender turn before any owner reply.
func (a *analysis) opening(i int) bool {
	return !a.turns[i].fromOwner && !a.ownerRepliedBefore(i)
}

// reason builds a reason whose evidence is the original words behind a
// span of turn i's normalised text. ok is false when the span is empty.
func (a *analysis) reason(code string, turn, ns, ne int) (Reason, bool) {
	if turn < 0 || turn >= len(a.turns) {
		return Reason{}, false
	}
	ev := a.turns[turn].t.evidence(ns, ne)
	if strings.TrimSpace(ev) == "" {
		return Reason{}, false
	}
	return Reason{Code: code, Turn: turn, Evidence: ev}, true
}

// tokenReason is reason over token indexes [k0,k1).
func (a *analysis) tokenReason(code string, turn, k0, k1 int) (Reason, bool) {
	if turn < 0 || turn >= len(a.turns) {
		return Reason{}, false
	}
	t := a.turns[turn].t
	if k0 < 0 || k1 > len(t.toks) || k0 >= k1 {
		return Reason{}, false
	}
	return a.reason(code, turn, t.toks[k0].ns, t.toks[k1-1].ne)
}

// tokenAt returns the index of the token starting at normalised offset ns.
// (It and tokenCovering search by hand: slices.BinarySearchFunc copies
// each token it compares, and they are asked for every hit of a turn.)
func (t *text) tokenAt(ns int) int {
	lo, hi := 0, len(t.toks)
	for lo < hi {
		m := (lo + hi) / 2
		if t.toks[m].ns < ns {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(t.toks) && t.toks[lo].ns == ns {
		return lo
	}
	return -1
}

// tokenCovering returns the index of the token that holds the last byte
// before normalised offset ne (a prefix phrase may end inside a word).
func (t *text) tokenCovering(ne int) int {
	// the first token that ends at ne or later (tokens are in order and
	// do not overlap): the only one that can hold ne
	lo, hi := 0, len(t.toks)
	for lo < hi {
		m := (lo + hi) / 2
		if t.toks[m].ne < ne {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(t.toks) && t.toks[lo].ns < ne {
		return lo
	}
	return -1
}

// possessive: token k is followed by "'s" ("Mike's", "Dad's"; normalize
// reads ’ as ').
func (t *text) possessive(k int) bool {
	return k >= 0 && t.toks[k].punct == '\'' && k+1 < len(t.toks) && t.word(k+1) == "s"
}

// tokenEndingAt returns the index of the token ending at normalised offset ne.
func (t *text) tokenEndingAt(ne int) int {
	for k := range t.toks {
		if t.toks[k].ne == ne {
			return k
		}
		if t.toks[k].ne > ne {
			break
		}
	}
	return -1
}

// quote shortens evidence for a detail sentence.
func quote(s string) string {
	body, mark := cutQuote(s)
	return "'" + body + mark + "'" // one allocation
}

// appendQuote appends what quote returns.
func appendQuote(dst []byte, s string) []byte {
	body, mark := cutQuote(s)
	dst = append(dst, '\'')
	dst = append(dst, body...)
	dst = append(dst, mark...)
	return append(dst, '\'')
}

// cutQuote cuts s after 80 bytes, at a rune start, and gives the mark of
// the cut ("…"), if any.
func cutQuote(s string) (body, mark string) {
	const max = 80
	if len(s) <= max {
		return s, ""
	}
	cut := max
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut], "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
