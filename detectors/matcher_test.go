package detectors

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// A hashIndex returns each key's values in the order they came, once,
// also for keys that share a home slot (a small table wraps around), and
// nothing for a missing key; 0 is a key like any other.
func TestHashIndex(t *testing.T) {
	var pairs []keyVal
	want := map[uint64][]int32{}
	for v := range int32(200) {
		for _, k := range []uint64{uint64(v % 7), uint64(v%13) << 60, 1<<63 | uint64(v%3)} {
			pairs = append(pairs, keyVal{k, v})
			if l := want[k]; len(l) == 0 || l[len(l)-1] != v {
				want[k] = append(l, v)
			}
			pairs = append(pairs, keyVal{k, v}) // a repeat
		}
	}
	x := buildHashIndex(pairs)
	for k, vs := range want {
		if got := x.get(k); !slices.Equal(got, vs) {
			t.Errorf("key %#x: %v, want %v", k, got, vs)
		}
	}
	for _, k := range []uint64{7, 42, 13 << 60, 1<<63 | 3} {
		if got := x.get(k); got != nil {
			t.Errorf("missing key %#x: %v", k, got)
		}
	}
	var empty hashIndex
	if got := empty.get(0); got != nil {
		t.Errorf("empty index: %v", got)
	}
}

// The present bits never hide a key, and turn away most missing ones
// before the table is probed.
func TestHashIndexPresentBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var pairs []keyVal
	keys := map[uint64]bool{}
	for v := range int32(20000) {
		k := rng.Uint64()
		keys[k] = true
		pairs = append(pairs, keyVal{k, v})
	}
	x := buildHashIndex(pairs)
	for k := range keys {
		if len(x.get(k)) != 1 {
			t.Fatalf("key %#x not found", k)
		}
	}
	turned := 0
	for range 10000 {
		k := rng.Uint64()
		if b := x.bit(k); !keys[k] && x.present[b/64]&(1<<(b%64)) == 0 {
			turned++
		}
	}
	if turned < 8000 {
		t.Errorf("the present bits turned away %d of 10,000 missing keys, want most (about 7 in 8)", turned)
	}
}

// Word ids are 16 bits: a lexicon of more distinct words is refused, not
// matched wrongly.
func TestMatcherWordLimit(t *testing.T) {
	m := newPhraseMatcher()
	var err error
	for i := 0; err == nil && i <= 1<<16; i++ {
		err = m.add(i, fmt.Sprintf("w%d", i), false)
	}
	if !errors.Is(err, ErrBadLexicon) || m.count() != 1<<16 {
		t.Fatalf("after %d phrases of distinct words: %v, want ErrBadLexicon at the 65,537th", m.count(), err)
	}
}

// The deletion keys computed together are the ones the index was built
// with, one by one.
func TestDeletionKeys(t *testing.T) {
	for _, w := range []string{"ab", "mumm", "whatsapp", "telefono", "kaputtgegangen", "abcdefghijklmnopqrstuvwx"} {
		var keys [maxFuzzyWord]uint64
		deletionKeys(&keys, w)
		for i := range len(w) {
			if keys[i] != keyHash(w, i) {
				t.Errorf("%q without byte %d: %x, want %x", w, i, keys[i], keyHash(w, i))
			}
		}
	}
}

// sortByKey sorts by key and keeps a key's values in order, also when
// they come out of order.
func TestSortByKey(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, inOrder := range []bool{true, false} {
		var pairs []keyVal
		for v := range int32(5000) {
			k := rng.Uint64() >> (rng.IntN(64)) // keys of every length
			if rng.IntN(3) == 0 && len(pairs) > 0 {
				k = pairs[rng.IntN(len(pairs))].key // repeated keys
			}
			val := v
			if !inOrder {
				val = rng.Int32N(100)
			}
			pairs = append(pairs, keyVal{k, val})
		}
		want := slices.Clone(pairs)
		slices.SortFunc(want, compareKeyVal)
		if got := sortByKey(pairs); !slices.Equal(got, want) {
			t.Errorf("values in order %v: not sorted by key and value", inOrder)
		}
	}
}

// A typo is one letter, not one byte: a two-letter word of a script of
// three-byte letters ("सर", sir) is too short to match with a typo, and
// "कर" (do), one byte from it, is no typo of it.
func TestFuzzyCountsLetters(t *testing.T) {
	var x fuzzyIndex
	x.add("सर", 1, "", 1)
	x.add("telefone", 2, "", 1)
	x.add("मैनेजर", 3, "", 1)
	x.freeze()()
	for _, c := range []struct {
		typed string
		want  int
	}{{"कर", 0}, {"सद", 0}, {"telefon", 2}, {"telefonee", 2}, {"मैनेजद", 3}} {
		got := 0
		x.lookup(c.typed, func(e *fuzzyEntry) { got = e.code })
		if got != c.want {
			t.Errorf("lookup %q found slot %d, want %d", c.typed, got, c.want)
		}
	}
}

// Currency words are looked up in a text's normalised words: each must
// be spelled as the folder spells it, or it never matches.
func TestCurrencyWordsAreFolded(t *testing.T) {
	f := newFolder()
	for w := range currencyWords {
		if got := string(f.normalize(w).norm); got != w {
			t.Errorf("currency word %q folds to %q", w, got)
		}
	}
}

// The digits of other scripts are digits: a time or a sum written with
// them is a number.
func TestScriptDigitsAreDigits(t *testing.T) {
	f := newFolder()
	for in, want := range map[string]string{"٢٠٠ ريال": "200 ريال", "الساعة ٨": "الساعة 8", "२००० रुपये": "2000 रुपये", "۱۲:۳۰": "12 30"} {
		if got := string(f.normalize(in).norm); got != want {
			t.Errorf("%q normalises to %q, want %q", in, got, want)
		}
	}
}
