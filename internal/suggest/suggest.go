// Package suggest finds the nearest of a few known words to a mistyped
// one, for "did you mean" in errors.
package suggest

import "strings"

// Nearest returns the choice closest to word, ignoring case: at most two
// edits away and fewer edits than word has letters; a choice that word
// begins (three letters or more) counts as one edit. It returns "" when
// nothing is that close; ties go to the earlier choice.
func Nearest(word string, choices []string) string {
	best, bestD := "", 3
	w := strings.ToLower(word)
	for _, c := range choices {
		lc := strings.ToLower(c)
		d := Distance(w, lc)
		if strings.HasPrefix(lc, w) && len(w) >= 3 {
			d = min(d, 1)
		}
		if d < bestD && d < len([]rune(w)) {
			best, bestD = c, d
		}
	}
	return best
}

// Distance counts the insertions, deletions, substitutions and swaps of
// two neighbours that turn a into b ("chekc" is one edit from "check").
func Distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range t {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}
