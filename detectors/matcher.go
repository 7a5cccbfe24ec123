package detectors

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// phraseMatcher finds lexicon phrases in a normalised text, word by word.
// Every phrase is matched at word boundaries (its last word may be a
// prefix, "invest*"), so one hash table from a phrase's first two words
// to the phrases starting with them does the work of an automaton:
// building it takes a few milliseconds for tens of thousands of phrases,
// and a message costs a few table probes per word plus the check of the
// few candidates.
//
// The compiled form is a handful of flat slices, not maps of maps and
// slices of small slices: it lives as long as the process, so it should
// be small and not scattered over the heap.
type phraseMatcher struct {
	// The words of phrase i are ids[at[i]:at[i+1]], each a word w of
	// text[textAt[w]:textAt[w+1]] (every distinct word once; 10,000 of
	// them in 70,000 places, so 16-bit ids).
	at     []uint32
	ids    []uint16
	text   string
	textAt []uint32
	// prefix has bit i set when phrase i's last word may continue.
	prefix []uint64
	// index maps a key (see the key functions) to the phrases under it.
	index hashIndex
	short []int32 // one-word prefix phrases shorter than pfxKey
	// phrases are the lexicon's (shared, not copied): find skips another
	// language's phrases before comparing their words.
	phrases []phrase
	// known holds the words the lexicons spell (see slip).
	known *hashedSet

	// Only while the lexicons compile (nil after freeze).
	wordIDs *keyTable // by wordHash: id
	words   strings.Builder
	pairs   []keyVal
}

// wordHash is FNV-1a of a word: the keys are made of it so that a word
// is hashed once per message, not once per lookup. Candidates are checked
// word by word, so a collision costs a comparison, never a false hit.
func wordHash[S string | []byte](w S) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

// The keys phrases are indexed under, from the hashes of their first
// words: one-word phrases under their word, longer ones under their first
// two words, those whose second word is a prefix ("btc contract*") under
// their first word, and one-word prefix phrases ("invest*") under their
// first pfxKey bytes. The kinds are mixed differently so that they do not
// meet; if two keys did, find looks their list up once.
func keyOne(h uint64) uint64      { return h }
func keyTwo(h1, h2 uint64) uint64 { return h1 ^ bits.RotateLeft64(h2*0x9E3779B97F4A7C15, 31) }
func keyPrefix2(h uint64) uint64  { return bits.RotateLeft64(h, 17) ^ 0x632BE59BD9B4E019 }
func keyPrefix1(w string) uint64 {
	return bits.RotateLeft64(wordHash(w[:pfxKey]), 41) ^ 0x5851F42D4C957F2D
}
func (m *phraseMatcher) count() int { return len(m.at) - 1 }

// pfxKey is how many leading bytes index one-word prefix phrases.
const pfxKey = 3

// The compilation's tables are sized for today's lexicons and some growth,
// so that compiling does not regrow them: regrowing the words' table was a
// twentieth of compiling; the lexicons of 2026-12-07 outgrew the sizes of
// 2026-12-06 (59,603 phrases), which cost 5-9 ms, and the impersonation
// phrases of that afternoon outgrew the next ones (79,213 phrases of
// 225,083 words, 34,136 distinct, against room for 77,824, 225,280 and
// 32,768); the frames of the evening of 2026-12-07 (88,665 phrases)
// came within a tenth of 98,304. TestCompileTablesFit fails before they
// are outgrown again.
const (
	roomPhrases = 112 << 10 // phrases (and their index keys)
	roomWords   = 288 << 10 // words of all phrases
	roomWordIDs = 48 << 10  // distinct words
)

func newPhraseMatcher() *phraseMatcher {
	return &phraseMatcher{at: make([]uint32, 1, roomPhrases), textAt: make([]uint32, 1, roomWordIDs),
		wordIDs: newKeyTable(roomWordIDs), ids: make([]uint16, 0, roomWords), pairs: make([]keyVal, 0, roomPhrases)}
}

// add registers phrase i (normalised, single-spaced); phrases are added in
// order, 0, 1, 2...
func (m *phraseMatcher) add(i int, normalized string, prefix bool) error {
	if i != m.count() {
		panic(fmt.Sprintf("phraseMatcher.add: phrase %d added as number %d", m.count(), i))
	}
	// word by word, without a slice of them: tens of thousands of
	// phrases are added at start
	var n int         // words
	var w0 string     // the first word
	var h0, h1 uint64 // and the first two words' hashes
	for rest := normalized; rest != ""; n++ {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		h := wordHash(w)
		switch n {
		case 0:
			w0, h0 = w, h
		case 1:
			h1 = h
		}
		known := m.words.String()
		id, ok := m.wordIDs.find(h, func(id int32) bool { return known[m.textAt[id]:m.textAt[id+1]] == w })
		if !ok {
			if m.wordIDs.n > math.MaxUint16 {
				return fmt.Errorf("%w: more than %d distinct words", ErrBadLexicon, math.MaxUint16+1)
			}
			id = int32(m.wordIDs.n)
			m.wordIDs.add(h, id)
			m.words.WriteString(w)
			m.textAt = append(m.textAt, uint32(m.words.Len()))
		}
		m.ids = append(m.ids, uint16(id))
	}
	m.at = append(m.at, uint32(len(m.ids)))
	if i/64 >= len(m.prefix) {
		m.prefix = append(m.prefix, 0)
	}
	if prefix {
		m.prefix[i/64] |= 1 << (i % 64)
	}
	var key uint64
	switch {
	case n == 1 && prefix && len(w0) < pfxKey:
		m.short = append(m.short, int32(i))
		return nil
	case n == 1 && prefix:
		key = keyPrefix1(w0)
	case n == 1:
		key = keyOne(h0)
	case n == 2 && prefix:
		key = keyPrefix2(h0)
	default:
		key = keyTwo(h0, h1)
	}
	m.pairs = append(m.pairs, keyVal{key, int32(i)})
	return nil
}

// freeze drops what only the compilation needed and builds the index on
// another goroutine: the matcher is usable once wait has returned.
func (m *phraseMatcher) freeze() (wait func()) {
	m.text = strings.Clone(m.words.String()) // without the builder's spare room
	m.words = strings.Builder{}
	index := indexLater(m.pairs)
	m.pairs, m.wordIDs = nil, nil
	// copies without the spare room that appending left
	m.at, m.ids, m.textAt = slices.Clone(m.at), slices.Clone(m.ids), slices.Clone(m.textAt)
	m.prefix, m.short = slices.Clone(m.prefix), slices.Clone(m.short)
	return func() { m.index = index() }
}

// indexLater builds the hash index of pairs (which it sorts: the caller
// gives them up) on a goroutine of its own. The compilation's two
// largest indexes, the phrases' and the typos', are built beside the
// rest of its work where a second core is free: a daemon's start-up pays
// the first compilation in a fresh process (about 130 ms on one core).
func indexLater(pairs []keyVal) (index func() hashIndex) {
	done := make(chan hashIndex, 1)
	go func() { done <- buildHashIndex(pairs) }()
	return sync.OnceValue(func() hashIndex { return <-done }) // waited for more than once
}

// isPrefix tells whether phrase i's last word may continue.
func (m *phraseMatcher) isPrefix(i int) bool { return m.prefix[i/64]&(1<<(i%64)) != 0 }

// phraseWords calls f with each word of phrase i, in order, also while
// the lexicons compile.
func (m *phraseMatcher) phraseWords(i int, f func(w string)) {
	text := m.text
	if m.wordIDs != nil {
		text = m.words.String()
	}
	for _, id := range m.ids[m.at[i]:m.at[i+1]] {
		f(text[m.textAt[id]:m.textAt[id+1]])
	}
}

func (m *phraseMatcher) word(id uint16) string { return m.text[m.textAt[id]:m.textAt[id+1]] }

// find calls found for every phrase of the languages in mask that starts
// at token k of t, with the normalised span it covers. hashes are
// wordHash of t's tokens.
func (m *phraseMatcher) find(t *text, hashes []uint64, k int, mask langMask, found func(i, ns, ne int)) {
	check := func(i int32) {
		if l := m.phrases[i].langs; l != 0 && l&mask == 0 {
			return
		}
		ws := m.ids[m.at[i]:m.at[i+1]]
		if k+len(ws) > len(t.toks) {
			return
		}
		last := len(ws) - 1
		slipped := false // one word after the first two typed with a slip (slips.go)
		for j := 0; j < last; j++ {
			if endsSentence(t.toks[k+j].punct) {
				return // "Hoe is het met opa? Is hij al thuis" holds no "opa is"
			}
			if tw, pw := t.toks[k+j].w, m.word(ws[j]); tw != pw {
				if j < 2 || slipped || !m.slip(tw, pw) {
					return
				}
				slipped = true
			}
		}
		tw, lw := t.toks[k+last].w, m.word(ws[last])
		ne := t.toks[k+last].ne
		if m.isPrefix(int(i)) {
			if !strings.HasPrefix(tw, lw) {
				return
			}
			ne = t.toks[k+last].ns + len(lw)
		} else if tw != lw && (last < 2 || slipped || !m.slip(tw, lw)) {
			return
		}
		found(int(i), t.toks[k].ns, ne)
	}
	var buf [4]uint64
	keys := append(buf[:0], keyOne(hashes[k]))
	if k+1 < len(t.toks) {
		keys = append(keys, keyTwo(hashes[k], hashes[k+1]), keyPrefix2(hashes[k]))
	}
	if w := t.toks[k].w; len(w) >= pfxKey {
		keys = append(keys, keyPrefix1(w))
	}
	for j, key := range keys {
		if slices.Contains(keys[:j], key) {
			continue // the same list again
		}
		for _, i := range m.index.get(key) {
			check(i)
		}
	}
	for _, i := range m.short {
		check(i)
	}
}

// keyVal is one value to index under a key.
type keyVal struct {
	key uint64
	val int32
}

// hashIndex maps 64-bit keys to lists of int32: one open-addressing table
// (linear probing) whose lists lie in one slice, in slot order. It is
// built once and read-only after, so concurrent reads are safe.
type hashIndex struct {
	keys []uint64
	// at[s] is where slot s's list starts in vals, at[s+1] where it ends;
	// an empty slot has an empty list.
	at   []uint32
	vals []int32
	// present has a bit set for each key (eight bits a key, one hash):
	// most lookups are of keys that are not there, and a bit in a table
	// that stays in the cache answers seven in eight of them without the
	// probes of the table, which does not.
	present []uint64
	shift   uint // 64 - log2 of present's bits
}

// buildHashIndex indexes the pairs, which it reorders. Each key's list
// keeps the order the values come in, without repeats; the values of one
// key must come in increasing order (repeats next to each other).
func buildHashIndex(pairs []keyVal) hashIndex {
	// Sorted by value within a key, which is the order they came in.
	pairs = sortByKey(pairs)
	pairs = slices.Compact(pairs)
	nkeys := 0
	for i := range pairs {
		if i == 0 || pairs[i].key != pairs[i-1].key {
			nkeys++
		}
	}
	// A load of two thirds at most: a missing key, the usual lookup,
	// costs about three probes of neighbouring slots.
	size := nkeys + nkeys/2 + 1
	x := hashIndex{keys: make([]uint64, size), at: make([]uint32, size+1), vals: make([]int32, 0, len(pairs))}
	first := make([]int32, size) // slot → index in pairs of its key's first value + 1
	for i := range pairs {
		if i > 0 && pairs[i].key == pairs[i-1].key {
			continue
		}
		s := slotOf(pairs[i].key, size)
		for first[s] != 0 {
			if s++; s == size {
				s = 0
			}
		}
		first[s] = int32(i + 1)
		x.keys[s] = pairs[i].key
	}
	for s := range size {
		x.at[s] = uint32(len(x.vals))
		if first[s] == 0 {
			continue
		}
		for j := int(first[s] - 1); j < len(pairs) && pairs[j].key == x.keys[s]; j++ {
			x.vals = append(x.vals, pairs[j].val)
		}
	}
	x.at[size] = uint32(len(x.vals))
	nbits := 64
	for nbits < 8*nkeys {
		nbits *= 2
	}
	x.present = make([]uint64, nbits/64)
	x.shift = uint(64 - bits.TrailingZeros(uint(nbits)))
	for s := range size {
		if x.at[s] != x.at[s+1] {
			b := x.bit(x.keys[s])
			x.present[b/64] |= 1 << (b % 64)
		}
	}
	return x
}

// compareKeyVal orders pairs by key, then value.
func compareKeyVal(a, b keyVal) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.val, b.val)
}

// sortByKey returns the pairs sorted by key, then value, in pairs or in
// a slice of its length: pairs is the sort's scratch space (its callers
// drop it, and a copy of it was a twentieth of compiling's garbage).
// The keys are hashes, so their top radixBits bits nearly order them: a
// radix sort of those (one pass per byte, which was a tenth of compiling
// as a comparison sort, and eight passes before only the top three were
// sorted), then each run of keys that share them (a few pairs) sorted by
// key and value.
func sortByKey(pairs []keyVal) []keyVal {
	out := pairs
	if len(out) < 2 {
		return out
	}
	buf := make([]keyVal, len(out))
	for shift := uint(64 - radixBits); shift < 64; shift += 8 {
		var at [256]int
		for _, p := range out {
			at[byte(p.key>>shift)]++
		}
		if at[byte(out[0].key>>shift)] == len(out) {
			continue // every key has this byte
		}
		pos := 0
		for b, n := range at {
			at[b] = pos
			pos += n
		}
		for _, p := range out {
			b := byte(p.key >> shift)
			buf[at[b]] = p
			at[b]++
		}
		out, buf = buf, out
	}
	for i := 0; i < len(out); {
		j := i + 1
		for j < len(out) && out[j].key>>(64-radixBits) == out[i].key>>(64-radixBits) {
			j++
		}
		if run := out[i:j]; len(run) > 1 {
			sortRun(run)
		}
		i = j
	}
	return out
}

// radixBits is how many of a key's top bits the radix passes sort.
const radixBits = 24

// sortRun sorts a few pairs by key, then value: by insertion, as runs of
// hashes sharing their top bits are short; a long run (keys that are no
// hashes) by a comparison sort.
func sortRun(run []keyVal) {
	if len(run) > 32 {
		slices.SortFunc(run, compareKeyVal)
		return
	}
	for i := 1; i < len(run); i++ {
		for j := i; j > 0 && compareKeyVal(run[j], run[j-1]) < 0; j-- {
			run[j], run[j-1] = run[j-1], run[j]
		}
	}
}

// bit is key's bit in present (another mix of the key than slotOf's).
func (x *hashIndex) bit(key uint64) uint64 { return (key * 0xD6E8FEB86659FD93) >> x.shift }

// slotOf is key's home slot among size.
func slotOf(key uint64, size int) int {
	hi, _ := bits.Mul64(key*0x9E3779B97F4A7C15, uint64(size))
	return int(hi)
}

// get returns the values under key (nil if none); they must not be
// changed.
func (x *hashIndex) get(key uint64) []int32 {
	size := len(x.keys)
	if size == 0 {
		return nil
	}
	if b := x.bit(key); x.present[b/64]&(1<<(b%64)) == 0 {
		return nil
	}
	for s := slotOf(key, size); ; {
		lo, hi := x.at[s], x.at[s+1]
		if lo == hi {
			return nil
		}
		if x.keys[s] == key {
			return x.vals[lo:hi:hi]
		}
		if s++; s == size {
			s = 0
		}
	}
}
