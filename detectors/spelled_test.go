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
	} {
		tx := r.normalize(tc.text)
		var got []string
		for k := range tx.toks {
			got = append(got, tx.word(k))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: words %q, want %q", tc.text, got, tc.want)
		}
		for _, tk := range tx.toks {
			if tk.os < 0 || tk.oe > len(tc.text) || tk.os >= tk.oe {
				t.Errorf("%q: token %q spans [%d,%d)", tc.text, tk.w, tk.os, tk.oe)
			}
		}
	}
}
