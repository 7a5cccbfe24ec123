package detectors

import (
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

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

// Chinese and Japanese are written without spaces: each character is a
// word, full-width punctuation ends words and sentences like ASCII, and
// evidence widened to whole words stops at a character.
func TestLogogramsAreWords(t *testing.T) {
	f := newFolder()
	tx := f.normalize("你好，请问是王先生吗？ OK")
	words := tokenWords(tx)
	want := []string{"你", "好", "请", "问", "是", "王", "先", "生", "吗", "ok"}
	if !slices.Equal(words, want) {
		t.Fatalf("words %q, want %q", words, want)
	}
	if tx.toks[1].punct != ',' || tx.toks[8].punct != '?' || !tx.toks[9].sentenceStart {
		t.Errorf("full-width punctuation not read: %q after 好, %q after 吗, sentence start at OK %v",
			tx.toks[1].punct, tx.toks[8].punct, tx.toks[9].sentenceStart)
	}
	s := "お久しぶりです"
	if os, oe := widenToWords(s, len("お"), len("お久")); s[os:oe] != "久" {
		t.Errorf("widened %q to %q", "久", s[os:oe])
	}
	if os, oe := widenToWords("hello world", 1, 3); os != 0 || oe != 5 {
		t.Errorf("Latin words no longer widen: %d..%d", os, oe)
	}
}

// The vowel signs of Devanagari (and the other scripts of India and
// South-East Asia) are part of their words: folded away, "माँ" (mother)
// and "मैं" (I) were one word, and "मेरा" two. Latin accents, written
// as combining marks, still fold away.
func TestScriptVowelSignsStayInWords(t *testing.T) {
	f := newFolder()
	tx := f.normalize("माँ, मैं मेरा cafe\u0301")
	words := tokenWords(tx)
	want := []string{"माँ", "मैं", "मेरा", "cafe"}
	if !slices.Equal(words, want) {
		t.Fatalf("words %q, want %q", words, want)
	}
	if ev := tx.evidence(tx.toks[0].ns, tx.toks[0].ne); ev != "माँ" {
		t.Errorf("evidence %q, want the whole word", ev)
	}
}

// tokenWords lists the normalised words of tx.
func tokenWords(tx *text) []string {
	words := make([]string, 0, len(tx.toks))
	for _, tk := range tx.toks {
		words = append(words, tk.w)
	}
	return words
}

// A Chinese or Japanese owner name is no set of owner words: "中" of 田中
// would have made every message with 中 in it speak to the owner.
func TestLogogramOwnerNameNamesNoOne(t *testing.T) {
	r := testRegistry(t)
	a := r.analyse(&Conversation{Turns: []Turn{{Text: "中午一起吃饭吗？"}}, Owner: Owner{Names: []string{"田中太郎", "Taro"}}})
	defer a.release()
	if a.isOwnerName("中") || a.isOwnerName("田") {
		t.Error("a single character of the owner's name reads as the owner's name")
	}
	if !a.isOwnerName("taro") {
		t.Error("the owner's Latin name is lost")
	}
}

// The scam model does not judge Chinese, Japanese or Korean text: the
// few hundred written texts it learnt them from do not make it reliable
// there ("すみません、遅れます！" read as a scam at p = 0.99; see
// mostlyLogograms).
func TestModelSkipsLogogramText(t *testing.T) {
	r := testRegistry(t)
	for _, s := range []string{"すみません、遅れます！", "对不起，我今天太忙了，没时间回复"} {
		a := r.analyse(&Conversation{Turns: []Turn{{Text: s}}})
		if p := a.modelP(0); p != -1 {
			t.Errorf("%q: model probability %.2f, want none", s, p)
		}
		a.release()
	}
	a := r.analyse(&Conversation{Turns: []Turn{{Text: "Hi Marco, are we still on for 5?"}}})
	defer a.release()
	if a.modelP(0) < 0 {
		t.Error("the model no longer judges a Latin text")
	}
}

// A squeezed run of letters ("heyyy" read as "hey") must keep every later
// character's original span: the span table once kept one entry too many
// after a squeeze, which shifted the spans that followed by one
// character and, before a two-byte letter, made one end before it began
// (found by FuzzEvaluate: "AAA 0.BoX/0  Ē").
func TestSqueezeKeepsSpans(t *testing.T) {
	r := testRegistry(t)
	for _, s := range []string{"Heyyy Marco, see you at 5", "AAA 0.BoX/0  Ē", "nooooo way Ō"} {
		tx := r.folder.normalize(s)
		if len(tx.start) != len(tx.norm) || len(tx.end) != len(tx.norm) {
			t.Fatalf("%q: %d normalised bytes, %d starts, %d ends", s, len(tx.norm), len(tx.start), len(tx.end))
		}
		for i := range tx.norm {
			if tx.end[i] < tx.start[i] {
				t.Fatalf("%q: byte %d of %q spans [%d,%d)", s, i, tx.norm, tx.start[i], tx.end[i])
			}
		}
		last := tx.toks[len(tx.toks)-1]
		if got, want := s[last.os:last.oe], []rune(s)[len([]rune(s))-1]; got != string(want) {
			t.Errorf("%q: last word's original %q, want %q", s, got, string(want))
		}
	}
}

// normPhrase skips normalising plain phrases: every string of the
// lexicons it would skip must normalise to itself, and a few that look
// plain but are not must be normalised.
func TestPlainPhrasesNormaliseToThemselves(t *testing.T) {
	f := newFolder()
	var walk func(v any)
	n := 0
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			for _, s := range []string{v, strings.TrimSuffix(v, "*")} {
				if plainPhrase(s) {
					n++
					if got := normText(f, s); got != s {
						t.Errorf("%q normalises to %q, yet counts as plain", s, got)
					}
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for k, x := range v {
				walk(k)
				walk(x)
			}
		}
	}
	err := fs.WalkDir(lexiconFS, "lexicons", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(lexiconFS, p)
		if err != nil {
			return err
		}
		var v map[string]any
		if _, err := toml.Decode(string(b), &v); err != nil {
			return err
		}
		walk(v)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10000 {
		t.Errorf("only %d plain strings in the lexicons: the walk missed them", n)
	}
	for _, s := range []string{"heyyy", "Hi mum", "it's", "two  spaces", " lead", "trail ", "b1tc0in", "café", ""} {
		if plainPhrase(s) {
			t.Errorf("%q counts as plain", s)
		}
		if got := normPhrase(f, s); got != normText(f, s) {
			t.Errorf("normPhrase(%q) = %q, want %q", s, got, normText(f, s))
		}
	}
}
