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
	first map[string]*node // first word → phrases starting with it
	pfx   map[string][]int32
	short []int32
}

// node holds the phrases that start with one word: the one-word phrases,
// the longer ones by their second word, and those whose second word is
// a prefix ("btc contract*").
type node struct {
	single []int32
	second map[string][]int32
	pfx2   []int32
}

// pfxKey is how many leading bytes index one-word prefix phrases.
const pfxKey = 3

func newPhraseMatcher() *phraseMatcher {
	return &phraseMatcher{first: map[string]*node{}, pfx: map[string][]int32{}}
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
	n := m.first[ws[0]]
	if n == nil {
		n = &node{}
		m.first[ws[0]] = n
	}
	switch {
	case len(ws) == 1:
		n.single = append(n.single, int32(i))
	case len(ws) == 2 && prefix:
		n.pfx2 = append(n.pfx2, int32(i))
	default:
		if n.second == nil {
			n.second = map[string][]int32{}
		}
		n.second[ws[1]] = append(n.second[ws[1]], int32(i))
	}
}

// find calls found for every phrase that starts at token k of t, with
// the normalised span it covers. prefix tells whether phrase i's last
// word may continue.
func (m *phraseMatcher) find(t *text, k int, prefix func(int) bool, found func(i, ns, ne int)) {
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
	if n := m.first[w]; n != nil {
		for _, i := range n.single {
			found(int(i), t.toks[k].ns, t.toks[k].ne)
		}
		if k+1 < len(t.toks) {
			for _, i := range n.second[t.toks[k+1].w] {
				check(i, 2)
			}
			for _, i := range n.pfx2 {
				check(i, 1)
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
