package detectors

import (
	"slices"
	"testing"
)

func TestJoinSpelled(t *testing.T) {
	r := testRegistry(t)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"text me on W h a t s A p p", []string{"text", "me", "on", "whatsapp"}},
		{"add me on T.e.l.e.g.r.a.m now", []string{"add", "me", "on", "telegram", "now"}},
		{"c-r-y-p-t-o pays", []string{"crypto", "pays"}},
		{"hi M U M", []string{"hi", "mum"}},
		// a letter before the word stays a word of its own
		{"a W h a t s A p p group", []string{"a", "whatsapp", "group"}},
		// text speak: the letters spell no word
		{"y r u smiling", []string{"y", "r", "u", "smiling"}},
		// two separators apart: not one word
		{"m  u  m", []string{"m", "u", "m"}},
		// dotted abbreviations of three letters: "t.e.m." is no "tem"
		{"open t.e.m. zondag", []string{"open", "t", "e", "m", "zondag"}},
		// an app's name cut into pieces to pass a marketplace's filter
		{"eine auf WA-TSA’PP schicken", []string{"eine", "auf", "watsapp", "schicken"}},
		{"add me on Tele-gram", []string{"add", "me", "on", "telegram"}},
		// pieces that are words already, and contractions, stay apart
		{"a part-time job", []string{"a", "part", "time", "job"}},
		{"don't you're", []string{"don", "t", "you", "re"}},
	} {
		tx := r.normalize(tc.text)
		var got []string
		for k := range tx.toks {
			got = append(got, tx.word(k))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: words %q, want %q", tc.text, got, tc.want)
		}
		for k, tk := range tx.toks {
			if tk.os < 0 || tk.oe > len(tc.text) || tk.os >= tk.oe {
				t.Errorf("%q: token %q spans [%d,%d)", tc.text, tk.w, tk.os, tk.oe)
			}
			// the normalised text holds the joined word too, so that
			// two-word lookups and hit spans read it whole
			if got := string(tx.phrase(k, k+1)); got != tk.w {
				t.Errorf("%q: token %q reads %q in the normalised text", tc.text, tk.w, got)
			}
			if ev := tx.evidence(tk.ns, tk.ne); ev != tc.text[tk.os:tk.oe] {
				t.Errorf("%q: token %q quotes %q, want %q", tc.text, tk.w, ev, tc.text[tk.os:tk.oe])
			}
		}
	}
}

// A word spelled out reads whole in what depends on the normalised text:
// a greeting of two words, and a phrase that ends a word's prefix.
func TestSpelledWordsInPhrases(t *testing.T) {
	runCueCases(t, []cueCase{
		{lang: "en", name: "a greeting spelled out", lines: []string{"s: G o o d morning Kate, are we still on for lunch?"}, code: CodeWrongName, evidence: "Kate"},
		{lang: "en", name: "a gain spelled out", lines: []string{"s: I made 30% d a i l y p r o f i t with my uncle"}, code: CodeReturns, evidence: "d a i l y p r o f i t"},
	})
}
