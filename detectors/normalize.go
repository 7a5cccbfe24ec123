package detectors

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// text is one message after normalisation: lower case, accents stripped,
// NFKC, confusable letters mapped to Latin, light leetspeak undone,
// stretched letters squeezed, and everything that is not a letter or a
// digit turned into a single space. Every byte of norm remembers which
// bytes of the original produced it, so that evidence can always be cut
// from the original message.
type text struct {
	orig string
	norm []byte
	// start[i] and end[i] are the original byte span that produced norm[i].
	start []int32
	end   []int32
	toks  []token
	// wflags[k] are the word lists holding toks[k].w in flagsOf, filled
	// at the first question (see flags).
	wflags  []wordFlag
	flagsOf *wordSets
}

// token is one word of the normalised text.
type token struct {
	w      string // the normalised word
	ns, ne int    // span in norm
	os, oe int    // span in orig
	// upper: the original word starts with an upper-case letter.
	upper bool
	// allUpper: every letter of the original word is upper case.
	allUpper bool
	// punct is the first non-space rune after the word in the original
	// (0 at the end), e.g. ',' in "Amanda, tee time".
	punct rune
	// sentenceStart: first word of the message or of a sentence.
	sentenceStart bool
}

func (t *text) word(i int) string { return t.toks[i].w }

// flags returns the word lists of w that hold word k. A turn's words are
// asked about a hundred times; one lookup per word, once, answers them.
func (t *text) flags(w *wordSets, k int) wordFlag {
	if t.flagsOf != w || len(t.wflags) != len(t.toks) {
		t.wflags = t.wflags[:0]
		for i := range t.toks {
			t.wflags = append(t.wflags, w.m[t.toks[i].w])
		}
		t.flagsOf = w
	}
	return t.wflags[k]
}

// is: word k is in one of the lists of f.
func (t *text) is(w *wordSets, k int, f wordFlag) bool { return t.flags(w, k)&f != 0 }

// phrase is the normalised text of tokens [k0,k1), single-spaced.
func (t *text) phrase(k0, k1 int) []byte { return t.norm[t.toks[k0].ns:t.toks[k1-1].ne] }

func (t *text) origWord(i int) string {
	tk := t.toks[i]
	return t.orig[tk.os:tk.oe]
}

// maxTextBytes bounds the work done on one message; a chat message longer
// than this is not a conversation opener anyone types, and the bound keeps
// Evaluate fast on hostile input.
const maxTextBytes = 8 << 10

// folder maps runes outside ASCII to their normalised form. It is built
// once per Registry.
type folder struct {
	// ranges are foldRanges; the normalised form of the i-th rune of
	// them all, in order, is folded[at[i]:at[i+1]]. Every rune in them
	// has one ("" for a separator), none outside. Flat, not a map of
	// thousands of tiny strings: the folder lives as long as the process.
	ranges [][2]rune
	at     []uint16
	folded string
	// texts keeps the buffers of texts done with (see release): a turn's
	// text is most of the detectors' garbage.
	texts sync.Pool
}

// maxPooledText bounds the texts kept for reuse, so that one long message
// does not pin its buffers.
const maxPooledText = 4 << 10

// release gives t's buffers back for the next normalize. Nothing may use t
// afterwards; strings taken from it (words, the original) stay valid.
func (f *folder) release(t *text) {
	if t == nil || cap(t.norm) > maxPooledText {
		return
	}
	clear(t.toks) // drop the words' strings
	*t = text{norm: t.norm[:0], start: t.start[:0], end: t.end[:0], toks: t.toks[:0], wflags: t.wflags[:0]}
	f.texts.Put(t)
}

// foldRanges are the blocks where NFKC, accent stripping or confusable
// mapping turn letters into plain Latin ones.
func foldRanges() [][2]rune {
	return [][2]rune{
		{0x00A0, 0x0250}, // Latin-1 supplement, Latin extended A and B
		{0x0370, 0x0530}, // Greek, Cyrillic
		{0x1D00, 0x1DC0}, // phonetic extensions (small capitals)
		{0x1E00, 0x2000}, // Latin extended additional, Greek extended
		{0x2070, 0x20A0}, // super- and subscripts
		{0x2100, 0x2150}, // letterlike symbols
		{0x2150, 0x2190}, // number forms (Roman numerals)
		{0x2460, 0x2500}, // enclosed alphanumerics
		{0xFB00, 0xFB07}, // ligatures
		{0xFF00, 0xFF70}, // fullwidth forms
		{0x1D400, 0x1D800},
		{0x1F100, 0x1F1AE}, // enclosed alphanumeric supplement
	}
}

// confusables are letters that look like Latin ones in common fonts; a
// scammer writes "Вitcоin" to slip past filters.
func confusableLetters() map[rune]rune {
	return map[rune]rune{
		'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p',
		'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ї': 'i', 'ј': 'j', 'ԁ': 'd',
		'ɡ': 'g', 'һ': 'h', 'ԛ': 'q', 'ԝ': 'w', 'ᴀ': 'a', 'ʙ': 'b', 'ᴄ': 'c', 'ᴅ': 'd', 'ᴇ': 'e',
		'ɢ': 'g', 'ʜ': 'h', 'ɪ': 'i', 'ᴊ': 'j', 'ᴋ': 'k', 'ʟ': 'l', 'ᴍ': 'm', 'ɴ': 'n', 'ᴏ': 'o',
		'ᴘ': 'p', 'ʀ': 'r', 'ꜱ': 's', 'ᴛ': 't', 'ᴜ': 'u', 'ᴠ': 'v', 'ᴡ': 'w', 'ʏ': 'y', 'ᴢ': 'z',
		'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p',
		'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w', 'ϲ': 'c',
		'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 't', 'ı': 'i', 'ƒ': 'f',
	}
}

// multiFold are letters that fold to more than one Latin letter.
func multiFoldLetters() map[rune]string {
	return map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'Æ': "ae", 'Œ': "oe", 'ẞ': "ss"}
}

func newFolder() *folder {
	f := &folder{ranges: foldRanges(), at: []uint16{0}}
	conf, multi := confusableLetters(), multiFoldLetters()
	var b strings.Builder
	for _, rg := range f.ranges {
		for r := rg[0]; r < rg[1]; r++ {
			b.WriteString(foldRune(r, conf, multi))
			f.at = append(f.at, uint16(b.Len()))
		}
	}
	if b.Len() > math.MaxUint16 {
		panic("detectors: the folding table outgrew uint16 offsets")
	}
	f.folded = strings.Clone(b.String())
	f.at = slices.Clone(f.at)
	return f
}

// fold returns the normalised form of a rune in the fold ranges ("" for
// a separator); ok is false for runes outside them.
func (f *folder) fold(r rune) (s string, ok bool) {
	i := 0
	for _, rg := range f.ranges {
		if r >= rg[0] && r < rg[1] {
			i += int(r - rg[0])
			return f.folded[f.at[i]:f.at[i+1]], true
		}
		i += int(rg[1] - rg[0])
	}
	return "", false
}

// foldRune computes the normalised form of one rune, "" meaning a
// separator.
func foldRune(r rune, confusables map[rune]rune, multiFold map[rune]string) string {
	if s, ok := multiFold[r]; ok {
		return s
	}
	lr := unicode.ToLower(r)
	if c, ok := confusables[lr]; ok {
		return string(c)
	}
	if c, ok := confusables[r]; ok {
		return string(c)
	}
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		d = unicode.ToLower(d)
		if c, ok := confusables[d]; ok {
			d = c
		}
		switch {
		case d < utf8.RuneSelf && (d >= 'a' && d <= 'z' || d >= '0' && d <= '9'):
			b.WriteRune(d)
		case d < utf8.RuneSelf:
			// punctuation produced by decomposition ("⑴" → "(1)"): drop
		case unicode.IsLetter(d):
			b.WriteRune(d)
		}
	}
	return b.String()
}

// digitValue is the value of decimal digit r: Unicode lays each script's
// digits out as a run of ten from zero.
func digitValue(r rune) rune {
	z := r
	for z > 0 && unicode.Is(unicode.Nd, z-1) {
		z--
	}
	return (r - z) % 10
}

// isLeet reports runes that stand for letters inside words.
func leetLetter(b byte) byte {
	switch b {
	case '0':
		return 'o'
	case '1':
		return 'i'
	case '3':
		return 'e'
	case '4':
		return 'a'
	case '5':
		return 's'
	case '7':
		return 't'
	case '@':
		return 'a'
	case '$':
		return 's'
	}
	return 0
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' }

// normalize builds the normalised text of s. It never fails: invalid UTF-8
// bytes are separators.
func (f *folder) normalize(s string) *text {
	if len(s) > maxTextBytes {
		// Cut at a rune boundary so that evidence stays valid UTF-8.
		cut := maxTextBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	t, _ := f.texts.Get().(*text)
	if t == nil {
		t = &text{}
	}
	t.orig = s
	t.flagsOf = nil
	t.norm = slices.Grow(t.norm[:0], len(s))
	t.start = slices.Grow(t.start[:0], len(s))
	t.end = slices.Grow(t.end[:0], len(s))
	t.toks = slices.Grow(t.toks[:0], len(s)/5+1)
	inWord := false
	var cur token
	sentence := true
	var lastOut byte
	run := 0 // length of the current run of the same letter

	emit := func(b byte, os, oe int) {
		if b != ' ' && isASCIILetter(b) {
			if b == lastOut {
				run++
				if run == 3 {
					// third repeat: squeeze "heyyy" to "hey" (drop the
					// second copy kept so far)
					t.norm = t.norm[:len(t.norm)-1]
					t.start = t.start[:len(t.start)-1]
					t.end = t.end[:len(t.end)-1]
					t.end[len(t.end)-1] = int32(oe)
					return
				}
				if run > 3 {
					t.end[len(t.end)-1] = int32(oe)
					return
				}
			} else {
				run = 1
			}
		} else {
			run = 0
		}
		t.norm = append(t.norm, b)
		t.start = append(t.start, int32(os))
		t.end = append(t.end, int32(oe))
		lastOut = b
	}
	closeWord := func(punct rune) {
		if !inWord {
			return
		}
		cur.ne = len(t.norm)
		cur.oe = int(t.end[len(t.end)-1])
		cur.punct = punct
		if cur.ne > cur.ns {
			t.toks = append(t.toks, cur) // its word is set at the end
		}
		inWord = false
	}
	sep := func(os, oe int, r rune) {
		r = halfWidth(r)
		if inWord {
			closeWord(0)
		}
		if r == ';' && len(t.toks) > 0 && t.toks[len(t.toks)-1].oe == os {
			// Greek asks with ";" ("είναι ακόμα διαθέσιμο;"), after a
			// name in Latin letters too ("Καλησπέρα, η κυρία Giorgos;")
			if strings.ContainsFunc(t.orig[:os], isGreekLetter) {
				r = '?'
			}
		}
		if r != ' ' && r != 0 && len(t.toks) > 0 && t.toks[len(t.toks)-1].punct == 0 && (!unicode.IsSpace(r) || r == '\n') {
			// a line break after a word ends it like punctuation
			// ("Hi Marco\nsee you at 5")
			t.toks[len(t.toks)-1].punct = r
		}
		if r == '.' || r == '!' || r == '?' || r == '\n' || r == ';' || r == '¿' || r == '¡' {
			sentence = true
		}
		if len(t.norm) > 0 && lastOut != ' ' {
			t.norm = append(t.norm, ' ')
			t.start = append(t.start, int32(os))
			t.end = append(t.end, int32(oe))
			lastOut = ' '
			run = 0
		}
	}
	startWord := func(os int, r rune) {
		if inWord {
			return
		}
		inWord = true
		cur = token{ns: len(t.norm), os: os, upper: unicode.IsUpper(r), allUpper: true, sentenceStart: sentence}
		sentence = false
	}

	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		os, oe := i, i+size
		i += size
		if r == utf8.RuneError && size <= 1 {
			sep(os, oe, ' ')
			continue
		}
		if r < utf8.RuneSelf {
			b := byte(r)
			switch {
			case b >= 'A' && b <= 'Z':
				startWord(os, r)
				emit(b+('a'-'A'), os, oe)
			case b >= 'a' && b <= 'z':
				startWord(os, r)
				cur.allUpper = false
				emit(b, os, oe)
			case b >= '0' && b <= '9' || b == '@' || b == '$':
				if l := leetLetter(b); l != 0 && inWord && isASCIILetter(lastOut) && leetContinues(s, i, len(t.norm)-cur.ns) {
					emit(l, os, oe)
					continue
				}
				if b == '@' || b == '$' {
					sep(os, oe, r)
					continue
				}
				startWord(os, r)
				emit(b, os, oe)
			default:
				sep(os, oe, r)
			}
			continue
		}
		rep, ok := f.fold(r)
		if !ok {
			if isLogogram(r) {
				// Chinese and Japanese are written without spaces: each
				// character (and each Korean syllable, see isLogogram) is a
				// word of its own, and a phrase ("好久不见") a run of them.
				sep(os, oe, ' ')
				startWord(os, r)
				cur.allUpper = false
				var buf [4]byte
				n := utf8.EncodeRune(buf[:], r)
				for k := 0; k < n; k++ {
					emit(buf[k], os, oe)
				}
				closeWord(0)
				sep(oe, oe, ' ')
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				startWord(os, r)
				if !unicode.IsUpper(r) {
					cur.allUpper = false
				}
				if unicode.IsDigit(r) {
					// the digits of other scripts are digits: "الساعة ٨",
					// "٢٠٠ ريال", "२००० रुपये" name a time and a sum as "8"
					// and "200" do
					emit(byte('0'+digitValue(r)), os, oe)
					continue
				}
				lr := unicode.ToLower(r)
				var buf [4]byte
				n := utf8.EncodeRune(buf[:], lr)
				for k := 0; k < n; k++ {
					emit(buf[k], os, oe)
				}
				continue
			}
			if inWord && scriptMark(r) {
				// a vowel sign of Devanagari, Bengali, Tamil, Thai...:
				// part of the word ("माँ" is not "मैं")
				var buf [4]byte
				n := utf8.EncodeRune(buf[:], r)
				for k := 0; k < n; k++ {
					emit(buf[k], os, oe)
				}
				continue
			}
			if unicode.Is(unicode.Mn, r) || r == 0x200D || r == 0xFE0F || r == 0x200B || r == 0x00AD {
				// combining marks and joiners inside a word do not split it
				if inWord {
					t.end[len(t.end)-1] = int32(oe)
					continue
				}
			}
			if r == '’' || r == 'ʼ' || r == '‘' || r == '´' {
				sep(os, oe, '\'')
				continue
			}
			sep(os, oe, r)
			continue
		}
		if rep == "" {
			sep(os, oe, r)
			continue
		}
		startWord(os, r)
		if !unicode.IsUpper(r) {
			cur.allUpper = false
		}
		for k := 0; k < len(rep); k++ {
			emit(rep[k], os, oe)
		}
	}
	closeWord(0)
	// drop a trailing separator
	if n := len(t.norm); n > 0 && t.norm[n-1] == ' ' {
		t.norm, t.start, t.end = t.norm[:n-1], t.start[:n-1], t.end[:n-1]
	}
	// The words, as parts of one string: one allocation, not one a word.
	// A closed word's bytes never change (sep writes a space after it
	// before anything else can squeeze a letter).
	norm := string(t.norm)
	for k := range t.toks {
		t.toks[k].w = norm[t.toks[k].ns:t.toks[k].ne]
	}
	return t
}

// leetContinues reports whether a leet digit just read (s[i-1]) stands for
// a letter: it sits between letters ("b1tc0in"), or ends a word that
// already has enough letters ("fr33"). "5pm" and "mp3" stay digits.
func leetContinues(s string, i, wordLetters int) bool {
	next := func(j int) rune {
		if j >= len(s) {
			return 0
		}
		r, _ := utf8.DecodeRuneInString(s[j:])
		return r
	}
	r := next(i)
	switch {
	case unicode.IsLetter(r):
		return true
	case r < utf8.RuneSelf && r >= '0' && r <= '9' && leetLetter(byte(r)) != 0:
		r2 := next(i + 1)
		return unicode.IsLetter(r2) || (!unicode.IsDigit(r2) && wordLetters >= 2)
	case unicode.IsDigit(r):
		return false
	}
	return wordLetters >= 3
}

// span maps a span of the normalised text to the original, widened to
// whole words.
func (t *text) span(ns, ne int) (int, int) {
	if ns < 0 || ne > len(t.norm) || ns >= ne {
		return 0, 0
	}
	for ns < ne && t.norm[ns] == ' ' {
		ns++
	}
	for ne > ns && t.norm[ne-1] == ' ' {
		ne--
	}
	if ns >= ne {
		return 0, 0
	}
	os, oe := int(t.start[ns]), int(t.end[ne-1])
	return widenToWords(t.orig, os, oe)
}

// evidence returns the original words behind a normalised span.
func (t *text) evidence(ns, ne int) string {
	os, oe := t.span(ns, ne)
	return t.orig[os:oe]
}

// scriptMark: a combining mark that belongs to its script (the vowel
// signs of the scripts of India and South-East Asia), not an accent
// shared by all (U+0300...) that folding drops, nor Hebrew's points, which
// most texts leave out.
func scriptMark(r rune) bool {
	return (unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Mn, r)) &&
		!unicode.Is(unicode.Inherited, r) && !unicode.Is(unicode.Hebrew, r)
}

// isLogogram: a Chinese character, Japanese kana or Korean syllable,
// each a word. Korean has spaces, but its particles and endings join the
// word ("번호로", "깨져서"): as syllables, "번호" and "깨져" match in any
// form.
func isLogogram(r rune) bool {
	return r >= 0x3040 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || isHangulSyllable(r))
}

// isHangulSyllable: r is a precomposed Korean syllable.
func isHangulSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// isLogogramWord: w is one Chinese character, kana or Korean syllable.
func isLogogramWord(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return size == len(w) && isLogogram(r)
}

// isHanWord: w is one Chinese character (kanji too).
func isHanWord(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return size == len(w) && unicode.Is(unicode.Han, r)
}

// halfWidth maps the full-width punctuation of Chinese and Japanese, and
// the marks of Greek and Arabic script, to the ASCII marks the rules look
// for.
func isGreekLetter(r rune) bool { return unicode.Is(unicode.Greek, r) }

func halfWidth(r rune) rune {
	switch r {
	case '？', '\u037e', '\u061f': // and the Greek and Arabic question marks
		return '?'
	case '！':
		return '!'
	case '。', '．':
		return '.'
	case '，', '、', '\u060c': // and the Arabic comma
		return ','
	case '：':
		return ':'
	case '；', '\u061b':
		return ';'
	}
	return r
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || r == '\''
}

// widenToWords grows [os,oe) so that it does not cut a word in two.
func widenToWords(s string, os, oe int) (int, int) {
	if os < 0 {
		os = 0
	}
	if oe > len(s) {
		oe = len(s)
	}
	for os > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:os])
		if groupMark(s, os-size) {
			os -= size // "1,500": the number's other groups
			continue
		}
		if !isWordRune(r) || r == '\'' || isLogogram(r) {
			if os < len(s) && isDigit(s[os]) && strings.ContainsRune(currencySymbols, r) {
				os -= size // "$1,500": its currency
			}
			break
		}
		os -= size
	}
	for oe < len(s) {
		r, size := utf8.DecodeRuneInString(s[oe:])
		if groupMark(s, oe) {
			oe += size
			continue
		}
		if !isWordRune(r) || r == '\'' || isLogogram(r) {
			break
		}
		oe += size
	}
	return os, oe
}

// groupMark: s[i] is a comma or a dot between two digits, which joins a
// number's groups ("1,500", "3.000") rather than ending a word.
func groupMark(s string, i int) bool {
	return i > 0 && i+1 < len(s) && (s[i] == ',' || s[i] == '.') && isDigit(s[i-1]) && isDigit(s[i+1])
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// minSpelled is the fewest letters a word spelled out letter by letter
// ("W h a t s A p p", "M U M") may have to be read as one word: two
// single letters are too often words of their own ("u r"). Spelled with
// dots it needs one more: "t.e.m." (Dutch "up to and including"),
// "d.w.z.", "u.s.w." are abbreviations, not words.
const (
	minSpelled       = 3
	minSpelledDotted = 4
)

// joinSpelled reads words spelled out letter by letter, one space, dot,
// dash, asterisk or underscore between the letters ("W h a t s A p p",
// "c-r-y-p-t-o", "T.e.l.e.g.r.a.m"), as one word where known says the
// letters spell a word of the lexicons, so that a phrase finds it: the
// longest such word (of at most maxLen letters) that the run starts
// with. Text speak keeps its single letters ("y r u smiling": "yru" is
// no word). The work is bounded by maxLen, not by the run: a message of
// thousands of single letters costs little more than any other.
func (t *text) joinSpelled(known func([]byte) bool, maxLen int) {
	single := func(k int) bool {
		w := t.toks[k].w
		return len(w) == 1 && w[0] >= 'a' && w[0] <= 'z'
	}
	joined := func(k int) bool { // token k follows token k-1 after one separator
		gap := t.orig[t.toks[k-1].oe:t.toks[k].os]
		return len(gap) == 1 && strings.IndexByte(" .-*_", gap[0]) >= 0
	}
	var buf [64]byte
	maxLen = min(maxLen, len(buf))
	for k0 := 0; k0 < len(t.toks); k0++ {
		if !single(k0) {
			continue
		}
		end := k0 + 1 // the run of single letters is [k0,end), at most maxLen long
		for end < len(t.toks) && end-k0 < maxLen && single(end) && joined(end) {
			end++
		}
		least := minSpelled
		if end > k0+1 && t.orig[t.toks[k0].oe] == '.' {
			least = minSpelledDotted
		}
		letters := buf[:0]
		for k := k0; k < end; k++ {
			letters = append(letters, t.toks[k].w[0])
		}
		for k1 := end; k1-k0 >= least; k1-- {
			if w := letters[:k1-k0]; known(w) {
				t.merge(k0, k1, string(w))
				break
			}
		}
	}
}

// joinChunks reads a word cut into short pieces by hyphens, dots,
// apostrophes, asterisks or underscores ("WA-TSA’PP", "Tele-gram"), the
// way marketplace scammers hide an app's name from the site's filter,
// as one word where known says the pieces spell a word of the lexicons
// of five letters or more and some piece is no such word itself:
// "part-time" stays the two words its phrases are written with, and so
// does a contraction ("haven't"). Pieces are one to four letters; a
// space between them ends the run (that is joinSpelled's, letter by
// letter).
func (t *text) joinChunks(known func([]byte) bool, maxLen int) {
	chunk := func(k int) bool {
		w := t.toks[k].w
		if len(w) == 0 || len(w) > 4 {
			return false
		}
		for i := 0; i < len(w); i++ {
			if w[i] < 'a' || w[i] > 'z' {
				return false
			}
		}
		return true
	}
	joined := func(k int) bool { // token k follows token k-1 after one separator, no space
		gap := t.orig[t.toks[k-1].oe:t.toks[k].os]
		if gap == "'" || gap == "’" {
			return !contractionEnd[t.toks[k].w]
		}
		return len(gap) == 1 && strings.IndexByte(".-*_", gap[0]) >= 0
	}
	var buf [64]byte
	maxLen = min(maxLen, len(buf))
	for k0 := 0; k0+1 < len(t.toks); k0++ {
		if !chunk(k0) || !chunk(k0+1) || !joined(k0+1) {
			continue
		}
		letters := append(buf[:0], t.toks[k0].w...)
		ends := [16]int{} // ends[j]: letters after j+1 pieces
		n := 0
		for k := k0; k < len(t.toks) && n < len(ends); k++ {
			if k > k0 && (!chunk(k) || !joined(k)) {
				break
			}
			if k > k0 {
				if len(letters)+len(t.toks[k].w) > maxLen {
					break
				}
				letters = append(letters, t.toks[k].w...)
			}
			ends[n] = len(letters)
			n++
		}
		for j := n - 1; j >= 1; j-- { // two pieces at least, the longest word first
			if w := letters[:ends[j]]; len(w) >= 5 && known(w) && !allKnown(t.toks[k0:k0+j+1], known) {
				t.merge(k0, k0+j+1, string(w))
				break
			}
		}
	}
}

// contractionEnd holds what follows an apostrophe in a contraction
// ("don't", "it's", "we'll"): no piece of a hidden word.
var contractionEnd = map[string]bool{"t": true, "s": true, "d": true, "m": true, "ll": true, "re": true, "ve": true}

// allKnown: every token of toks is a word of the lexicons.
func allKnown(toks []token, known func([]byte) bool) bool {
	for _, tk := range toks {
		if !known([]byte(tk.w)) {
			return false
		}
	}
	return true
}

// merge makes tokens [k0,k1), pieces of a word one separator apart, the
// one word w: the separators leave norm (and start, end), so that the
// word reads as one there too, and the later tokens' spans move back.
func (t *text) merge(k0, k1 int, w string) {
	first, last := t.toks[k0], t.toks[k1-1]
	// Keep each piece's bytes and their spans in the original.
	n := first.ns
	for k := k0; k < k1; k++ {
		for ns := t.toks[k].ns; ns < t.toks[k].ne; ns++ {
			t.norm[n], t.start[n], t.end[n] = t.norm[ns], t.start[ns], t.end[ns]
			n++
		}
	}
	shift := last.ne - n
	t.norm = append(t.norm[:n], t.norm[last.ne:]...)
	t.start = append(t.start[:n], t.start[last.ne:]...)
	t.end = append(t.end[:n], t.end[last.ne:]...)
	m := first
	m.w, m.ne, m.oe, m.punct = w, n, last.oe, last.punct
	for _, tk := range t.toks[k0:k1] {
		m.allUpper = m.allUpper && tk.allUpper
	}
	t.toks[k0] = m
	t.toks = slices.Delete(t.toks, k0+1, k1)
	t.flagsOf = nil
	for k := k0 + 1; k < len(t.toks); k++ {
		t.toks[k].ns -= shift
		t.toks[k].ne -= shift
	}
}
