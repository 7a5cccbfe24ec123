package detectors

import "strings"

// phraseMatcher finds lexicon phrases in a normalised text, word by word.
// Every phrase is matched at word boundaries (its last word may be a
// prefix, "invest*"), so maps from a phrase's first two words to the
// phrases starting with them do the work of an automaton: building them
// takes a few milliseconds for tens of thousands of phrases, and a
// message costs two map lookups per word plus the check of the few
// candidates.
type phraseMatcher struct {
	words [][]string       // each phrase's words, by phrase index
	first map[uint64]*node // hash of the first word → phrases starting with it
	pfx   map[string][]int32
	short []int32
}

// wordHash is FNV-1a of a word: the maps are keyed by it so that a word
// is hashed once per message, not once per lookup. Candidates are checked
// word by word, so a collision costs a comparison, never a false hit.
func wordHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

// node holds the phrases that start with one word: the one-word phrases,
// the longer ones by their second word, and those whose second word is
// a prefix ("btc contract*").
type node struct {
	single []int32
	second map[uint64][]int32
	pfx2   []int32
}

// pfxKey is how many leading bytes index one-word prefix phrases.
const pfxKey = 3

func newPhraseMatcher() *phraseMatcher {
	return &phraseMatcher{first: map[uint64]*node{}, pfx: map[string][]int32{}}
}

// add registers phrase i (normalised, single-spaced).
func (m *phraseMatcher) add(i int, normalized string, prefix bool) {
	ws := strings.Split(normalized, " ")
	for len(m.words) <= i {
		m.words = append(m.words, nil)
	}
	m.words[i] = ws
	if len(ws) == 1 && prefix {
		if len(ws[0]) < pfxKey {
			m.short = append(m.short, int32(i))
		} else {
			k := ws[0][:pfxKey]
			m.pfx[k] = append(m.pfx[k], int32(i))
		}
		return
	}
	n := m.first[wordHash(ws[0])]
	if n == nil {
		n = &node{}
		m.first[wordHash(ws[0])] = n
	}
	switch {
	case len(ws) == 1:
		n.single = append(n.single, int32(i))
	case len(ws) == 2 && prefix:
		n.pfx2 = append(n.pfx2, int32(i))
	default:
		if n.second == nil {
			n.second = map[uint64][]int32{}
		}
		h := wordHash(ws[1])
		n.second[h] = append(n.second[h], int32(i))
	}
}

// find calls found for every phrase that starts at token k of t, with
// the normalised span it covers. hashes are wordHash of t's tokens.
// prefix tells whether phrase i's last word may continue.
func (m *phraseMatcher) find(t *text, hashes []uint64, k int, prefix func(int) bool, found func(i, ns, ne int)) {
	w := t.toks[k].w
	check := func(i int32, from int) {
		ws := m.words[i]
		if k+len(ws) > len(t.toks) {
			return
		}
		last := len(ws) - 1
		for j := from; j < last; j++ {
			if t.toks[k+j].w != ws[j] {
				return
			}
		}
		tw := t.toks[k+last].w
		ne := t.toks[k+last].ne
		if prefix(int(i)) {
			if !strings.HasPrefix(tw, ws[last]) {
				return
			}
			ne = t.toks[k+last].ns + len(ws[last])
		} else if tw != ws[last] {
			return
		}
		found(int(i), t.toks[k].ns, ne)
	}
	if n := m.first[hashes[k]]; n != nil {
		for _, i := range n.single {
			if m.words[i][0] == w {
				found(int(i), t.toks[k].ns, t.toks[k].ne)
			}
		}
		if k+1 < len(t.toks) {
			for _, i := range n.second[hashes[k+1]] {
				check(i, 0)
			}
			for _, i := range n.pfx2 {
				check(i, 0)
			}
		}
	}
	if len(w) >= pfxKey {
		for _, i := range m.pfx[w[:pfxKey]] {
			check(i, 0)
		}
	}
	for _, i := range m.short {
		check(i, 0)
	}
}
