package detectors

import "strings"

// Phrases typed with a slip. The matcher compares words exactly, so "I
// can't stop thinikng about you" missed "can't stop thinking", and "my
// coworker gave me your nimber" missed "gave me your number": a quarter
// of the training corpus's variants carry one such slip, and their recall
// (cues only) was 0.71 against 0.79 for the same messages spelled right.
// A phrase's word after its first two may therefore be typed with one
// slip when every other word is spelled right: the two or more words
// before it are the context that tells "thinikng" from another word. The
// first two words stay exact, since they are what finds the phrase; one
// word of context is too little anyway ("can u transfr me" is shorthand,
// and a common word next to a near miss proves nothing).

// slip: typed is word typed with one slip, both long enough to tell
// (fuzzyMin), the first letter right, and typed no word of the lexicons.
func (m *phraseMatcher) slip(typed, word string) bool {
	return len(typed) >= fuzzyMin && len(word) >= fuzzyMin && typed[0] == word[0] &&
		!m.known.has(typed, wordHash(typed)) && oneSlip(typed, word)
}

// oneSlip: typed is target with one slip of the fingers: two neighbours
// swapped, a letter dropped or added, or one struck for a key beside it.
// A letter changed for one elsewhere on the keyboard is more often
// another word ("thanking", not "thinking"), so it does not count.
func oneSlip(typed, target string) bool {
	if !oneEdit(typed, target) {
		return false
	}
	if len(typed) != len(target) {
		return true
	}
	i := 0
	for typed[i] == target[i] {
		i++
	}
	if i+1 < len(typed) && typed[i] == target[i+1] && typed[i+1] == target[i] {
		return true // swapped
	}
	return keysAdjacent(typed[i], target[i])
}

// qwertyRows are the letter rows of the keyboard most chat apps show
// (QWERTZ and AZERTY move a few letters; their rows differ little).
var qwertyRows = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keysAdjacent: a and b are letter keys side by side, or one row apart
// and at most one key across.
func keysAdjacent(a, b byte) bool {
	ra, ca := keyAt(a)
	rb, cb := keyAt(b)
	if ra < 0 || rb < 0 {
		return false
	}
	dr, dc := ra-rb, ca-cb
	switch dr {
	case 0:
		return dc == 1 || dc == -1
	case 1: // a's row is below b's, and sits half a key to the right
		return dc == 0 || dc == -1
	case -1:
		return dc == 0 || dc == 1
	}
	return false
}

func keyAt(c byte) (row, col int) {
	for r, keys := range qwertyRows {
		if i := strings.IndexByte(keys, c); i >= 0 {
			return r, i
		}
	}
	return -1, -1
}
