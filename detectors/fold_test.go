package detectors

import "testing"

// Every rune of the fold ranges folds as foldRune says, and no other rune
// has an entry.
func TestFolderFold(t *testing.T) {
	f := newFolder()
	conf, multi := confusableLetters(), multiFoldLetters()
	in := func(r rune) bool {
		for _, rg := range foldRanges() {
			if r >= rg[0] && r < rg[1] {
				return true
			}
		}
		return false
	}
	for r := rune(0); r < 0x20000; r++ {
		got, ok := f.fold(r)
		switch {
		case ok != in(r):
			t.Fatalf("%U: entry %v, want %v", r, ok, in(r))
		case ok && got != foldRune(r, conf, multi):
			t.Fatalf("%U folds to %q, want %q", r, got, foldRune(r, conf, multi))
		}
	}
}
