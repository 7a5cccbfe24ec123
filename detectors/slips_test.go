package detectors

import "testing"

// A phrase with one word typed with a slip is found, and its evidence
// quotes the word as typed; a word that is another word, two slips in one
// phrase, or a slip in a one-word phrase are not.
func TestPhraseWithASlip(t *testing.T) {
	en := []string{"Alex", "Alex Morgan"}
	runCueCases(t, []cueCase{
		{lang: "en", name: "two letters swapped", owner: en, code: CodeAffection,
			lines: []string{"s: sorry to text so late, I can't stop thinikng about our chat at the bar"}, evidence: "thinikng"},
		{lang: "en", name: "a letter dropped", owner: en, code: CodeDrama,
			lines: []string{"s: you are no longer welcme at my mother's house after what you pulled"}, evidence: "welcme"},
		{lang: "en", name: "a key beside it", owner: en, code: CodeDatingBait,
			lines: []string{"s: my coworker gave me your nimber, said you might want to chat"}, evidence: "nimber"},
		{lang: "en", name: "another word, not a slip", owner: en, code: CodeAffection, absent: true,
			lines: []string{"s: I can't stop thanking you for the flowers"}},
		{lang: "en", name: "two slips in one phrase", owner: en, code: CodeDrama, absent: true,
			lines: []string{"s: you are no lnoger welcmoe at my mother's house"}},
	})
}

func TestOneSlip(t *testing.T) {
	for _, c := range []struct {
		typed, target string
		want          bool
	}{
		{"thinikng", "thinking", true}, // swapped
		{"numbr", "number", true},      // dropped
		{"numberr", "number", true},    // added
		{"nimber", "number", true},     // u and i are neighbours
		{"thanking", "thinking", false},
		{"nember", "number", false}, // e is not beside u
		{"number", "number", false},
	} {
		if got := oneSlip(c.typed, c.target); got != c.want {
			t.Errorf("oneSlip(%q, %q) = %v, want %v", c.typed, c.target, got, c.want)
		}
	}
}

// No phrase of fewer than three words is found with a slip: for every
// such phrase with a word long enough to correct, the phrase typed with
// that word's first two letters after the first swapped gives no hit of
// it.
func TestShortPhrasesNeedExactWords(t *testing.T) {
	r := testRegistry(t)
	l := r.lex
	m := l.matcher
	tried := 0
	for i := range l.phrases {
		ws := m.ids[m.at[i]:m.at[i+1]]
		if len(ws) != 2 || m.isPrefix(i) {
			continue
		}
		var words []string
		m.phraseWords(i, func(w string) { words = append(words, w) })
		k := -1
		for j, w := range words {
			if len(w) >= fuzzyMin && w[1] != w[2] {
				k = j
			}
		}
		if k < 0 {
			continue
		}
		w := []byte(words[k])
		w[1], w[2] = w[2], w[1]
		words[k] = string(w)
		typed := r.folder.normalize(words[0] + " " + words[1])
		for _, h := range l.match(nil, typed, allLangs) {
			if h.phrase == i {
				t.Fatalf("phrase %q found as %q", m.word(ws[0])+" "+m.word(ws[1]), typed.orig)
			}
		}
		if tried++; tried == 200 {
			break
		}
	}
	if tried == 0 {
		t.Fatal("no two-word phrase to try")
	}
}
