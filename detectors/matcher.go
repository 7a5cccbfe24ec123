package detectors

import "strings"

// phraseMatcher finds lexicon phrases in a normalised text, word by word.
// Every phrase is matched at word boundaries (its last word may be a
// prefix, "invest*"), so a map from a phrase's first word to the phrases
// starting with it does the work of an automaton: building it takes a few
// milliseconds for tens of thousands of phrases, and a message costs one
// map lookup per word plus the check of the few candidates.
type phraseMatcher struct {
	words [][]string         // each phrase's words, by phrase index
	first map[string][]int32 // first word → phrases starting with it
	pfx   map[string][]int32 // one-word prefix phrases, by their first pfxKey bytes
	short []int32            // one-word prefix phrases shorter than pfxKey
}

const pfxKey = 3

func newPhraseMatcher() *phraseMatcher {
	return &phraseMatcher{first: map[string][]int32{}, pfx: map[string][]int32{}}
}

// add registers phrase i (normalised, single-spaced).
func (m *phraseMatcher) add(i int, normalized string, prefix bool) {
	ws := strings.Split(normalized, " ")
	for len(m.words) <= i {
		m.words = append(m.words, nil)
	}
	m.words[i] = ws
	switch {
	case len(ws) == 1 && prefix && len(ws[0]) < pfxKey:
		m.short = append(m.short, int32(i))
	case len(ws) == 1 && prefix:
		k := ws[0][:pfxKey]
		m.pfx[k] = append(m.pfx[k], int32(i))
	default:
		m.first[ws[0]] = append(m.first[ws[0]], int32(i))
	}
}

// find calls found for every phrase that starts at token k of t, with
// the normalised span it covers. prefix tells whether phrase i's last
// word may continue.
func (m *phraseMatcher) find(t *text, k int, prefix func(int) bool, found func(i, ns, ne int)) {
	w := t.toks[k].w
	check := func(i int32) {
		ws := m.words[i]
		if k+len(ws) > len(t.toks) {
			return
		}
		last := len(ws) - 1
		for j := 0; j < last; j++ {
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
	for _, i := range m.first[w] {
		check(i)
	}
	if len(w) >= pfxKey {
		for _, i := range m.pfx[w[:pfxKey]] {
			check(i)
		}
	}
	for _, i := range m.short {
		check(i)
	}
}
