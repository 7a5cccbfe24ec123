package detectors

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// openerNames finds the two name cues of a misdirected opener: a greeting
// to someone who is not the owner ("Hi Marco" to Laura), and a question
// about who the owner is ("is this Dr. Lee's office?", "non sei Federica?").
type openerNames struct{}

func (openerNames) Name() string { return "opener-names" }

func (openerNames) Detect(a *analysis, emit emitFunc) {
	for i, tu := range a.turns {
		if tu.fromOwner || len(tu.t.toks) == 0 {
			continue
		}
		if rs, ok := a.wrongName(i); ok {
			emit(rs)
		}
		if rs, ok := a.isThis(i); ok {
			emit(rs)
		}
	}
}

// sentenceStart: a word that opens the message or a sentence, not the
// word after "Mr." or "Dr.".
func (a *analysis) sentenceStart(t *text, k int) bool {
	if k == 0 {
		return true
	}
	if !t.toks[k].sentenceStart {
		return false
	}
	prev := t.word(k - 1)
	if len(prev) == 1 && k >= 2 && clockSuffix(t.word(k-2), prev) {
		return true // "... at 3 p.m. Mr. Jack, please ...": the time ends a sentence
	}
	return !t.is(a.w, k-1, wHonorifics) && len(prev) > 1
}

// clockSuffix: two one-letter words are "a.m." or "p.m.".
func clockSuffix(first, second string) bool {
	return second == "m" && (first == "a" || first == "p")
}

// skipGreeting returns the index after greeting words starting at k
// ("hi", "good morning", "oh hi", "holaa"), and whether any was found.
func (a *analysis) skipGreeting(t *text, k int) (int, bool) {
	// Asked again and again at the same words of a turn: remembered.
	var memo []int32
	for i := range a.turns {
		if a.turns[i].t == t {
			tu := &a.turns[i]
			if len(tu.greetSkip) != len(t.toks) {
				tu.greetSkip = slices.Grow(tu.greetSkip[:0], len(t.toks))[:len(t.toks)]
				clear(tu.greetSkip)
			}
			memo = tu.greetSkip
			break
		}
	}
	if k < len(memo) && memo[k] != 0 { // (j+1)<<1 | found: 0 is not yet asked
		v := memo[k]
		return int(v>>1) - 1, v&1 == 1
	}
	j, found := a.findGreeting(t, k)
	if k < len(memo) {
		v := int32(j+1) << 1
		if found {
			v |= 1
		}
		memo[k] = v
	}
	return j, found
}

// longGreeting: the number of words of a greeting of three words or
// more at k, in a script whose every syllable or character is a word
// ("안녕하세요", "こんにちは"); 0 if none.
func (a *analysis) longGreeting(t *text, k int) int {
	if !t.is(a.w, k, wPairFirst) || !isLogogramWord(t.word(k)) {
		return 0
	}
	for m := min(6, len(t.toks)-k); m > 2; m-- {
		if a.w.hasBytes(t.phrase(k, k+m), wGreetPairs) {
			return m
		}
	}
	return 0
}

func (a *analysis) findGreeting(t *text, k int) (int, bool) {
	found := false
	for n := 0; n < 3 && k < len(t.toks); n++ {
		w := t.word(k)
		if m := a.longGreeting(t, k); m > 0 {
			k += m
			found = true
			continue
		}
		if k+1 < len(t.toks) && t.is(a.w, k, wPairFirst) && a.w.hasBytes(t.phrase(k, k+2), wGreetPairs) {
			k += 2
			// pairs that overlap chain: "xin chào" and "chào chị" are
			// "Xin chào chị Lan"
			for k < len(t.toks) && t.is(a.w, k-1, wPairFirst) && a.w.hasBytes(t.phrase(k-1, k+1), wGreetPairs) {
				k++
			}
			found = true
			continue
		}
		if sq := squeezeTail(w); t.is(a.w, k, wGreetings) || sq != w && a.w.has(sq, wGreetings) {
			k++
			found = true
			continue
		}
		if next := k + 1; t.is(a.w, k, wGreetPrefix) && next < len(t.toks) && len(t.word(next)) >= 3 &&
			!t.is(a.w, next, wNotNames) && !t.is(a.w, next, wArticles) && !isDigits(t.word(next)) {
			// "Happy Thanksgiving Marco", "Buon compleanno Luca": any
			// occasion after "happy" greets
			k += 2
			found = true
			continue
		}
		break
	}
	return k, found
}

// squeezeTail drops a doubled last letter: "holaa" → "hola", "hii" → "hi".
func squeezeTail(w string) string {
	if n := len(w); n >= 3 && w[n-1] == w[n-2] {
		return w[:n-1]
	}
	return w
}

// isRelativeAt reports a relative word ("mum", "grandpa") at token k.
func (a *analysis) isRelativeAt(turn, k int) bool { return a.hitAt(turn, k, a.lex.relativeCode) }

// auntOrUncleAt reports an aunt's or an uncle's title at token k, whom
// one calls by name ("Aunty Bisi", "tío Paco"), as one does not a parent.
func (a *analysis) auntOrUncleAt(turn, k int) bool {
	arg, ok := a.hitArgAt(turn, k, a.lex.relativeCode)
	return ok && (arg == "aunt" || arg == "uncle")
}

// isOrgAt reports a brand or organisation named at token k.
func (a *analysis) isOrgAt(turn, k int) bool { return a.hitAt(turn, k, a.lex.orgCode) }

// hitAt reports a lexicon hit of code index ci (-1: none) at token k.
func (a *analysis) hitAt(turn, k int, ci int) bool {
	_, ok := a.hitArgAt(turn, k, ci)
	return ok
}

// hitArgAt returns the argument of the first lexicon hit of code index ci
// (-1: none) at token k.
func (a *analysis) hitArgAt(turn, k int, ci int) (arg string, ok bool) {
	if ci < 0 {
		return "", false
	}
	t := a.turns[turn].t
	for _, h := range a.turns[turn].hits {
		if h.code == ci && h.ns == t.toks[k].ns {
			return h.arg, true
		}
	}
	return "", false
}

// nameLike reports whether token k can be a person's name in a greeting.
// strict asks for a known given name, for positions where a capital
// letter proves nothing.
func (a *analysis) nameLike(turn, k int, strict bool) bool {
	if !a.nameShaped(turn, k) {
		return false
	}
	t := a.turns[turn].t
	tk := t.toks[k]
	w := t.word(k)
	if a.lex.givenNames[w] || a.isOwnerName(w) {
		return true
	}
	if strict || a.w.has(w, wRoles) {
		return false // "Hallo, Fahrer DHL": a trade, capitalised as German nouns are
	}
	// An upper-case initial means a name unless the whole message shouts.
	return tk.upper && !tk.allUpper && len(w) >= 3
}

// afterLabel returns the token after a sender label that opens the
// message ("FitLife: Federica, ...", "【瑞尔齿科】张先生您好"), 0 when there
// is none.
func (a *analysis) afterLabel(i int) int {
	t := a.turns[i].t
	if k := bracketLabelEnd(t); k > 0 {
		return k // "【瑞尔齿科】张先生您好", "[Amazon] ..."
	}
	for k := 0; k < min(6, len(t.toks)-1); k++ {
		if t.toks[k].punct == ',' {
			break // "Kate, quick one: ..." speaks to Kate
		}
		if t.toks[k].punct == ':' && !isDigitWord(t.word(k)) && !a.noticeLabel(t, k) { // "9:15" is a time; "Warning:" labels no sender
			// "Hi Karen:", "Mamma:" speak to the reader, not from a sender;
			// a longer label is a business's ("Centre équestre des
			// Tilleuls :")
			if t.toks[0].upper && !t.is(a.w, 0, wGreetings) && !a.isRelativeAt(i, 0) && (k < 3 || a.businessIn(i, k+1)) {
				return k + 1
			}
			break
		}
	}
	return 0
}

// businessIn: a business or trade word stands in the first k tokens of
// turn i ("Clinique vétérinaire du Parc", "Hausarztpraxis Dr. Yilmaz").
func (a *analysis) businessIn(i, k int) bool {
	for x := 0; x < k && x < len(a.turns[i].t.toks); x++ {
		if a.businessEnd(i, x) > 0 {
			return true
		}
	}
	return false
}

// nameShaped: token k could be a name by its letters, and is none of the
// words that are no name (greetings, articles, relatives, brands...).
func (a *analysis) nameShaped(turn, k int) bool {
	t := a.turns[turn].t
	w := t.word(k)
	if len(w) < 2 || len(w) > 20 {
		return false
	}
	for _, r := range t.origWord(k) {
		// vowel signs are marks, spacing (Mc: "ि" in "सुमित") or not
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r) {
			return false
		}
	}
	if t.is(a.w, k, wNotNames|wGreetings|wPetNames|wHonorifics|wArticles|wThirdPerson|wNegations) {
		return false
	}
	return !a.isRelativeAt(turn, k) && !a.isOrgAt(turn, k)
}

// wrongName looks at each sentence opening of turn i for a greeting or a
// vocative naming someone else.
func (a *analysis) wrongName(i int) (Reason, bool) {
	t := a.turns[i].t
	n := len(t.toks)
	opening := a.afterLabel(i) // where the message proper opens
	for k := 0; k < n; k++ {
		if !a.sentenceStart(t, k) && k != opening {
			continue
		}
		j, greeted := a.skipGreeting(t, k)
		if !greeted && (k == 0 || k == opening) {
			if l, ok := a.addressLead(i, k); ok {
				j, greeted = l, true
			}
		}
		hon, closed, letterArticle := -1, false, false
		for steps := 0; steps < 3 && j < n; steps++ {
			w := t.word(j)
			// an article that is also a title ("la" in Spanish) is one
			// only after a greeting: "La Giulia ha finito i compiti?",
			// "El Marc ve a sopar?" talk about someone. Greek "η" and
			// "ο" are one letter, and a title only in a question
			// ("Καλησπέρα, η κυρία Μαρία;"): after a greeting they
			// open the sentence's subject ("Γεια σου, η Μαρία εδώ")
			oneLetter := len(w) == 1 && !(t.toks[j].upper && t.toks[j].punct == '.')
			if a.w.has(w, wHonorifics) && (!oneLetter || greeted && a.w.has(w, wArticles)) && (greeted || !a.w.has(w, wArticles)) {
				if hon < 0 {
					hon = j
				}
				letterArticle = letterArticle || oneLetter
				// "Gentile Signore, Salam Alaikum": a title closed by a
				// comma is the whole address
				closed = t.toks[j].punct == ','
				j++
				if closed {
					break
				}
				continue
			}
			if a.isRelativeAt(i, j) && j+1 < n && t.toks[j+1].upper {
				// "Hi Grandpa Joe": the relative word, then the name
				j++
				continue
			}
			break
		}
		if closed || j >= n || j < opening {
			continue // "Dr Smith Dental: ...": a sender label names the sender
		}
		if letterArticle && t.toks[j].punct != '?' && (j+1 >= n || t.toks[j+1].punct != '?') {
			continue // "Γεια σου, ο Νίκος σας γράφει": the sender, or someone talked about
		}
		if greeted && k > 0 && j == n-1 && t.is(a.w, k, wSignOffs) {
			continue // "... en el grupo. Saludos, Pame": the sender signs
		}
		if greeted && j > 0 && (t.toks[j-1].punct != 0 || hon > 0 && t.toks[hon-1].punct != 0) && t.toks[j].punct == 0 && j+1 < n && t.is(a.w, j+1, wThirdPerson) {
			continue // "Hi, Kate gave me your number", "Γεια, η Μαρία είπε...": talk about Kate
		}
		if a.namedRole(t, j) || a.selfDescribedAt(i, t, j) {
			continue // "Hello, Mark, the neighbour at 14", "Hej! Sanna, mamma till Leo": the sender
		}
		if a.notReader(t, j) || hon > 0 && t.toks[hon-1].punct != 0 && t.toks[j].punct == 0 && a.introAfterName(t, j) {
			continue // "Hi, Dave here", "Hiya, Tom's mum here", "Γεια σου, ο Andrei είμαι": the sender
		}
		if !greeted && hon >= 0 && k != 0 && k != opening && !(t.toks[j].punct == ',' && j+1 < n && t.is(a.w, j+1, wAddressNext)) {
			// "... Aunt Mae set up this iPad": talk about someone; but
			// "... at 3 p.m. Mr. Jack, please have the documents ready"
			// speaks to them
			continue
		}
		if greeted && hon < 0 && !a.lex.givenNames[t.word(j)] && !a.isOwnerName(t.word(j)) && capitalSaysNothing(t, j) {
			// "Добрый день! Тренер Андрей, ...", "Здравствуйте! Доставка
			// Озон, курьер Руслан", "Доброго дня, Meest, кур'єр Ігор": a
			// capital that opens a sentence, or a Latin word in another
			// script, is no sign of a name; only a known one is
			continue
		}
		if !greeted && hon < 0 {
			// A bare vocative only opens the message: "Amanda, tee
			// time is...", "Tony I'm outside", "FitLife: Federica, ...".
			if k != 0 && k != opening || !a.vocative(i, j) {
				continue
			}
		} else if !a.nameLike(i, j, a.allCaps(i) || !t.toks[j].upper) {
			if hon >= 0 && (t.toks[j].upper || a.nameShaped(i, j)) && !t.is(a.w, j, wNotNames) && a.endsAddress(t, j) {
				// "Mr. Chen,", "hallo herr meier,": a word after a title
				// that ends the address is a surname, typed in capitals
				// or not
			} else {
				continue
			}
		} else if (!a.lex.givenNames[t.word(j)] || hon >= 0 && !greeted) && !a.endsAddress(t, j) && !((hon >= 0 || greeted && j > 0 && t.toks[j-1].punct == 0) && j+1 < n && t.is(a.w, j+1, wAddressNext)) &&
			!(greeted && t.toks[j].upper && a.vocativeOfGiven(t.word(j))) {
			// "Hi Marco," names someone; "Hi Call me" does not; a title and
			// a name that open the message speak to them only if something
			// closes the address ("Пан Іване, ..."), not "Пан Іван сказав"
			continue
		}
		w := t.word(j)
		if a.isOwnerName(w) {
			return Reason{}, false
		}
		// "Hi Marco Rossi" to Marco Bianchi would pass on the first name;
		// that case is left to is_this. A following owner surname ("Mr
		// Laura Bianchi") also counts as addressed.
		if j+1 < n && a.ownerNames[t.word(j+1)] && len(t.word(j+1)) > 2 {
			return Reason{}, false
		}
		start := j
		if hon >= 0 {
			start = hon
		}
		return a.greetsName(i, start, j+1, t.origWord(j))
	}
	if rs, ok := a.closingName(i); ok {
		return rs, true
	}
	if rs, ok := a.particleName(i); ok {
		return rs, true
	}
	if rs, ok := a.titledName(i); ok {
		return rs, true
	}
	if rs, ok := a.hanGivenName(i); ok {
		return rs, true
	}
	return a.koreanVocative(i)
}

// particleName reads a name called with a particle after it, as
// Vietnamese does: "Dũng ơi tối nay…", "chị Hùng oi mai…", "Chú Tư ơi".
// The name opens a sentence, maybe after a kin word ("chị", "chú") that
// is quoted with it; a kin word or pronoun alone before the particle
// ("Anh ơi", "Mẹ ơi") names no one. Typed without its mark ("oi"), the
// particle counts after a kin word and a name, or in a message written
// with Vietnamese letters.
func (a *analysis) particleName(i int) (Reason, bool) {
	if a.w.any&wVocParticles == 0 {
		return Reason{}, false // a lexicon language's words: no particles
	}
	t := a.turns[i].t
	n := len(t.toks)
	for k := 1; k < n; k++ {
		if !t.is(a.w, k, wVocParticles) || t.toks[k-1].punct != 0 {
			continue
		}
		j := k - 1 // the name
		w := t.word(j)
		if a.w.has(w, wVocKin) || len(w) < 2 || !a.nameShaped(i, j) {
			continue
		}
		start := j
		if j > 0 && t.toks[j-1].punct == 0 && t.is(a.w, j-1, wVocKin) {
			start = j - 1
		}
		if o := t.origWord(k); o != "ơi" && o != "Ơi" && start == j && !vietnameseLetters(t.orig) {
			continue // "oi" without a kin word before the name, in no Vietnamese letters
		}
		if !a.sentenceStart(t, start) {
			if g, greeted := a.skipGreeting(t, 0); !greeted || g != start {
				continue
			}
		}
		if a.isOwnerName(w) && !a.otherAccents(t, j) {
			return Reason{}, false
		}
		return a.greetsName(i, start, j+1, t.origWord(j))
	}
	return Reason{}, false
}

// vietnameseLetters: s holds a letter only Vietnamese writes (ơ, ư, đ,
// or a vowel with two marks such as ầ, ệ, ộ).
func vietnameseLetters(s string) bool {
	for _, r := range s {
		switch {
		case r == 'ơ' || r == 'Ơ' || r == 'ư' || r == 'Ư' || r == 'đ' || r == 'Đ':
			return true
		case r >= 0x1EA0 && r <= 0x1EF9: // Latin Extended Additional: ạ ả ấ ầ … ỹ
			return true
		}
	}
	return false
}

// closingName reads a name that ends a sentence or the message, said
// to its reader: after a comma ("Hope it was a good night, Kristen!",
// "Please stop sending flowers, Richard. It's over") or a word that
// leads an address ("so sorry Kristen"), on the same line. A sign-off
// before it, a sentence of a word or two ("Pozdrawiam, Zbigniew") or a
// line of its own makes it a signature.
func (a *analysis) closingName(i int) (Reason, bool) {
	t := a.turns[i].t
	n := len(t.toks)
	for j := 4; j < n; j++ {
		if j < n-1 && !(endsSentence(t.toks[j].punct) && t.toks[j+1].sentenceStart) {
			continue
		}
		if a.closesWith(i, j) {
			return a.greetsName(i, j, j+1, t.origWord(j))
		}
		if a.closesWithTitle(i, j) {
			// "Ci vediamo domani al campo da golf come d'accordo, Sig.
			// Marchetti?": the title and the name, after a comma
			return a.greetsName(i, j-1, j+1, t.origWord(j-1)+" "+t.origWord(j))
		}
	}
	return Reason{}, false
}

// closesWithTitle: tokens j-1 and j of turn i are a title and a name
// said to the reader at the end of its sentence, after a comma ("...,
// Sig. Marchetti?", "..., Mrs Patel."), with a sentence of some words
// before them.
func (a *analysis) closesWithTitle(i, j int) bool {
	t := a.turns[i].t
	if j < 3 || !t.is(a.w, j-1, wHonorifics) || t.toks[j-2].punct != ',' {
		return false
	}
	tk, title := t.toks[j], t.toks[j-1]
	if !tk.upper || !title.upper || !a.nameLike(i, j, false) || a.isOwnerName(t.word(j)) ||
		strings.ContainsRune(t.orig[t.toks[j-2].oe:tk.os], '\n') {
		return false
	}
	// "Saluti, Sig. Rossi": a signature
	words, plain := sentenceBefore(t, j-1)
	return plain && words >= 4
}

// closesWith: token j of turn i is a name said to the reader at the end
// of its sentence (see closingName).
func (a *analysis) closesWith(i, j int) bool {
	t := a.turns[i].t
	tk, prev := t.toks[j], t.toks[j-1]
	w, before := t.word(j), t.word(j-1)
	if !tk.upper || !a.nameLike(i, j, false) || a.isOwnerName(w) ||
		strings.ContainsRune(t.orig[prev.oe:tk.os], '\n') {
		return false
	}
	if a.w.has(before, wSignOffs) || a.w.has(before, wIntroAfter) || a.w.hasBytes(t.phrase(j-2, j), wSignOffs) {
		return false
	}
	if prev.punct != ',' && !a.w.has(before, wAddressLead) {
		return false
	}
	if !a.lex.givenNames[w] && a.onlyGerman(i) {
		return false // "Du hast echt starke Nerven, Respekt": German writes its nouns in capitals
	}
	// The sentence before the name says something: a word or two
	// ("Pozdrawiam, Zbigniew", "Rgds,Rakhesh,Kerala") is a signature,
	// where it ends the message; with more said after it ("Drei
	// Monate, Michael. DREI."), it is said to the reader.
	words, plain := sentenceBefore(t, j)
	if !plain || words < 4 && j == len(t.toks)-1 {
		return false
	}
	return !a.isRelativeAt(i, j-1) && !a.w.has(before, wHonorifics)
}

// sentenceBefore reads the sentence that an address at token p closes:
// how many of its words come before p, and whether they run without a
// mark up to the one that sets the address apart.
func sentenceBefore(t *text, p int) (words int, plain bool) {
	k := p - 1
	for k > 0 && !t.toks[k].sentenceStart {
		k--
	}
	for x := k; x < p-1; x++ {
		if strings.ContainsRune(",;:.!?()-\n", t.toks[x].punct) {
			return p - k, false
		}
	}
	return p - k, true
}

// greetsName is the wrong-name reason for tokens [k0,k1) of turn i, which
// greet name.
func (a *analysis) greetsName(i, k0, k1 int, name string) (Reason, bool) {
	rs, ok := a.tokenReason(CodeWrongName, i, k0, k1)
	if !ok {
		return Reason{}, false
	}
	rs.Args = map[string]string{"name": name}
	rs.Detail = "greets " + quote(rs.Evidence) + ", which is not one of your names"
	return rs, true
}

// titledName reads an address in a script written without spaces, where
// a name is one to three characters and a title follows it: "王先生，明天
// 的会议…", "田中さん、明日の…". The name and title open a sentence, after
// a greeting if any, and punctuation or a greeting ends them; "王先生说…"
// (Mr Wang said) talks about someone.
func (a *analysis) titledName(i int) (Reason, bool) {
	if a.w.any&wVocativeTitle == 0 {
		return Reason{}, false // a lexicon language's words: no titles
	}
	t := a.turns[i].t
	n := len(t.toks)
	label := a.afterLabel(i)
	for k := 0; k < n; k++ {
		if !a.sentenceStart(t, k) && k != label {
			continue
		}
		j, afterGreeting := a.skipGreeting(t, k)
		// a name of one to three characters, or four in katakana ("ケンジ
		// くん"), and a title of up to three ("リナちゃん")
		for s := j + 1; s <= j+4 && s < n && isLogogramWord(t.word(s-1)); s++ {
			if s == j+4 && !allKatakana(t.orig[t.toks[j].os:t.toks[s-1].oe]) {
				break
			}
			for e := s + 1; e <= s+3 && e <= n; e++ {
				if !a.w.hasBytes(t.phrase(s, e), wVocativeTitle) {
					continue
				}
				// "【さくら歯科】山本様 3月12日…", "山本様 ご予約…": a space
				// ends the address too, as in Korean, which spaces its
				// words ("민수씨 오늘 회식…": the subject would carry a
				// particle, "민수씨가"), after a name of two or three
				// syllables
				name := t.orig[t.toks[j].os:t.toks[s-1].oe]
				spaced := (!isHangul(name) || hangulName(name)) && e < n && strings.ContainsAny(t.orig[t.toks[e-1].oe:t.toks[e].os], " \u3000")
				// after a greeting, a full stop ends it too ("こんにちは、
				// 田中さん。明日の…", "你好，王先生。")
				closed := strings.ContainsRune(",!:;\n", t.toks[e-1].punct) || afterGreeting && t.toks[e-1].punct == '.'
				if !closed && !spaced && !a.addresseeAction(t, s, e) {
					if after, greeted := a.skipGreeting(t, e); !greeted || after == e { // "王先生您好"
						continue
					}
				}
				if a.w.hasBytes(t.phrase(j, s), wNotNames) {
					continue // "고객님", "사장님": a role, not a name
				}
				if a.ownerNameHolds(name) {
					return Reason{}, false
				}
				return a.greetsName(i, j, e, name)
			}
		}
	}
	return Reason{}, false
}

// ownerNameHolds: one of the owner's names holds name, a name greeted
// in a script written without spaces ("丽丽" in "王丽丽"): the owner's own.
func (a *analysis) ownerNameHolds(name string) bool {
	for _, o := range a.c.Owner.Names {
		if strings.Contains(o, name) {
			return true
		}
	}
	return false
}

// allKatakana: s is written in katakana only, as Japanese write foreign
// and many given names ("リナ", "ケンジ").
func allKatakana(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Katakana, r) {
			return false
		}
	}
	return s != ""
}

// hanGivenName reads a Chinese given name that opens the message on its
// own, without a title, in the forms that are names and seldom words: a
// character said twice ("婷婷，"), or 小 or 阿 before one ("小雪，",
// "阿杰，"), or a given name of the names list written in Chinese
// characters (Japanese "浩二、", "真由美、", Chinese "志明，"), maybe after
// a surname ("王志明，"), with a comma after, or a listed name followed
// at once by "you" ("志明你到哪了"). Words of those forms ("谢谢", "刚刚",
// "小心", "阿姨") are in the words' not_names.
func (a *analysis) hanGivenName(i int) (Reason, bool) {
	if a.w.any&wVocativeTitle == 0 {
		return Reason{}, false // a lexicon language's words: no titles
	}
	t := a.turns[i].t
	j, _ := a.skipGreeting(t, 0)
	if j+2 > len(t.toks) || !isHanWord(t.word(j)) || !isHanWord(t.word(j+1)) || t.toks[j].punct != 0 {
		return Reason{}, false
	}
	first, second := t.word(j), t.word(j+1)
	end := j + 2
	listed := func(from, to int) bool {
		for k := from; k < to; k++ {
			if !isHanWord(t.word(k)) || k < to-1 && t.toks[k].punct != 0 {
				return false
			}
		}
		return a.lex.givenNames[string(t.phrase(from, to))]
	}
	named := true // a name of the list, not only name-shaped
	switch {
	case listed(j, j+2):
		// a listed name in Chinese characters, as Japanese given
		// names are written ("浩二、今日…")
	case j+3 <= len(t.toks) && t.toks[j+2].punct == ',' && listed(j, j+3):
		end = j + 3 // "真由美、"
	case j+3 <= len(t.toks) && a.w.has(first, wHanSurnames) && listed(j+1, j+3):
		end = j + 3 // "王志明，", "陈美玲，"
	case first == second || first == "小" || first == "阿":
		named = false
	default:
		return Reason{}, false
	}
	// a comma after it, or for a listed name "you" at once ("志明你…")
	if t.toks[end-1].punct != ',' && !(named && t.toks[end-1].punct == 0 && end < len(t.toks) && isYou(t.word(end))) {
		return Reason{}, false
	}
	if a.w.hasBytes(t.phrase(j, end), wNotNames) {
		return Reason{}, false
	}
	name := t.orig[t.toks[j].os:t.toks[end-1].oe]
	if a.ownerNameHolds(name) {
		return Reason{}, false
	}
	return a.greetsName(i, j, end, name)
}

// isYou: w is Chinese "you" (你, 您, 妳).
func isYou(w string) bool { return w == "你" || w == "您" || w == "妳" }

// koreanVocative reads a Korean given name called with its vocative
// ending, as friends and family call each other: "지은아, 내일…",
// "민수야 어디야?". The name is two syllables joined to 아 after a final
// consonant or to 야 after none, the whole a word of its own that opens
// the message. Words of that shape ("괜찮아", "어디야", "진짜야") and
// verbs in 어야/아야 ("먹어야": must eat) are no names.
func (a *analysis) koreanVocative(i int) (Reason, bool) {
	if a.w.any&wVocativeTitle == 0 {
		return Reason{}, false // a lexicon language's words: no titles
	}
	t := a.turns[i].t
	j, _ := a.skipGreeting(t, 0)
	n := len(t.toks)
	if j+3 > n {
		return Reason{}, false
	}
	var syl [3]rune
	for x := range 3 {
		r, size := utf8.DecodeRuneInString(t.word(j + x))
		if size != len(t.word(j+x)) || !isHangulSyllable(r) {
			return Reason{}, false
		}
		if x > 0 && t.toks[j+x].os != t.toks[j+x-1].oe {
			return Reason{}, false // not one word: "민수 야"
		}
		syl[x] = r
	}
	if j > 0 && t.toks[j].os == t.toks[j-1].oe {
		return Reason{}, false // the end of a longer word
	}
	if j+3 < n && t.toks[j+2].punct == 0 && t.toks[j+3].os == t.toks[j+2].oe {
		return Reason{}, false // a longer word: "지은아씨"
	}
	// 아 after a final consonant, 야 after none
	if final := (syl[1]-0xAC00)%28 != 0; !(syl[2] == '아' && final || syl[2] == '야' && !final) {
		return Reason{}, false
	}
	if syl[1] == '아' || syl[1] == '어' || syl[1] == '여' || syl[1] == '이' {
		return Reason{}, false // "먹어야", "알아야": must eat, must know; "집이야?": home?
	}
	if a.w.hasBytes(t.phrase(j, j+2), wNotNames) {
		return Reason{}, false
	}
	name := t.orig[t.toks[j].os:t.toks[j+1].oe]
	if a.ownerNameHolds(name) {
		return Reason{}, false
	}
	return a.greetsName(i, j, j+3, name)
}

// isHangul: s opens with a Korean syllable.
func isHangul(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isHangulSyllable(r)
}

// hangulName: name is two or three Korean syllables, the length of a
// given or a full name ("민수", "김민수"); one syllable before a title is
// a word ("형님", "손님").
func hangulName(name string) bool {
	n := 0
	for _, r := range name {
		if !isHangulSyllable(r) {
			return false
		}
		n++
	}
	return n == 2 || n == 3
}

// bracketLabelEnd: the first word after a sender's label in brackets
// that opens the message ("【瑞尔齿科】张先生您好"), or -1 (see afterLabel).
func bracketLabelEnd(t *text) int {
	o := strings.TrimLeft(t.orig, " ")
	if !strings.HasPrefix(o, "【") && !strings.HasPrefix(o, "[") {
		return -1
	}
	for k := 0; k < min(12, len(t.toks)-1); k++ {
		if p := t.toks[k].punct; p == '】' || p == ']' {
			return k + 1
		}
	}
	return -1
}

// addresseeAction: the title at tokens [s,e) is followed by the polite
// prefix of the addressee's own doing ("さくら様ご注文の…", "田中さんお疲れ
// 様です", "美华先生预订的"), or, after 様, by "の" and that prefix
// ("佐藤様のご予約"): a business writes so to its customer, wherever the
// name stands.
func (a *analysis) addresseeAction(t *text, s, e int) bool {
	if e >= len(t.toks) || t.toks[e-1].punct != 0 {
		return false
	}
	for n := 1; n <= 3 && e+n <= len(t.toks); n++ {
		if a.w.hasBytes(t.phrase(e, e+n), wAddresseePrefix) {
			return true
		}
	}
	return a.w.hasBytes(t.phrase(s, e), wCustomerTitle) && t.word(e) == "の" && e+1 < len(t.toks) && t.is(a.w, e+1, wAddresseePrefix)
}

// addressLead returns the index of a known given name after a courtesy
// word that opens the message, when punctuation closes the name ("Sorry
// Tina, can't make it", "Thank you Marco!"), not "Thanks, Tina" (a
// sign-off) or "Sorry Tina said no" (talk about Tina).
func (a *analysis) addressLead(i, k int) (int, bool) {
	t := a.turns[i].t
	n := len(t.toks)
	// the longest courtesy first: "Tack för igår Emma," is not "Tack" and
	// "för"
	for w := 3; w >= 1; w-- {
		j := k + w
		if j+1 >= n || !a.w.hasBytes(t.phrase(k, j), wAddressLead) {
			continue
		}
		plain := true
		for x := k; x < j; x++ {
			plain = plain && t.toks[x].punct == 0
		}
		if plain && a.lex.givenNames[t.word(j)] && strings.ContainsRune(",!", t.toks[j].punct) {
			return j, true
		}
	}
	return 0, false
}

// endsAddress: the word after a greeting or a title closes the address,
// with punctuation ("Hi Marco,") or a greeting ("Dott. Ferraro buongiorno").
func (a *analysis) endsAddress(t *text, j int) bool {
	closes := func(k int) bool { return strings.ContainsRune(",!?.:;-\n", t.toks[k].punct) || k == len(t.toks)-1 }
	if closes(j) {
		return true
	}
	if t.toks[j].punct == 0 && t.is(a.w, j+1, wNameTitles) && closes(j+1) {
		return true // "नमस्ते सुमित जी, ...", "Merhaba Emre Bey, ...": a title closes the address
	}
	return a.greetingOpensAt(t, j+1) || t.toks[j+1].upper && t.toks[j].punct == 0 && j+2 < len(t.toks) &&
		strings.ContainsRune(",!?.:;", t.toks[j+1].punct)
}

// greetsAfter: w, after a name, is a greeting that closes the address
// ("Ferraro buongiorno"). Two-letter greetings ("he", "yo") are left
// out: Russian "не" folds to "he", and "Привет! Завтра не смогу" greeted
// "Завтра".
func (a *analysis) greetsAfter(w string) bool { return len(w) > 2 && a.w.has(w, wGreetings) }

// greetingOpensAt: a greeting, of one word or more, starts at token k
// after a name and closes the address ("Ferraro buongiorno", "Aunty Bisi
// good evening"), its first word longer than two letters as above.
func (a *analysis) greetingOpensAt(t *text, k int) bool {
	if k >= len(t.toks) || len(t.word(k)) <= 2 {
		return false
	}
	_, greeted := a.skipGreeting(t, k)
	return greeted
}

// isDayAt reports a day word ("domani", "tomorrow") at token k.
func (a *analysis) isDayAt(turn, k int) bool { return a.dayEndAt(turn, k) > k }

// dayEndAt is the token after a day word or phrase ("aujourd'hui", "this
// evening") starting at token k of turn i, or k when none starts there.
func (a *analysis) dayEndAt(turn, k int) int {
	ci, ok := a.lex.codeOf(cueDay)
	if !ok {
		return k
	}
	t := a.turns[turn].t
	end := k
	for _, h := range a.turns[turn].hits {
		if h.code == ci && h.ns == t.toks[k].ns {
			end = max(end, t.tokenCovering(h.ne)+1)
		}
	}
	return end
}

// allCaps reports a message typed in capitals, where capitals mean nothing.
func (a *analysis) allCaps(i int) bool {
	t := a.turns[i].t
	up, words := 0, 0
	for _, tk := range t.toks {
		if tk.ne-tk.ns < 2 {
			continue
		}
		words++
		if tk.allUpper {
			up++
		}
	}
	return words >= 3 && up*10 >= words*7
}

// vocative: token j opens the message with a name and is followed by a
// comma or by words addressed to that person, not talk about them.
func (a *analysis) vocative(i, j int) bool {
	t := a.turns[i].t
	tk := t.toks[j]
	w := t.word(j)
	if a.w.has(w, wNotNames) || a.w.has(w, wPetNames) || a.w.has(w, wGreetings) || a.isRelativeAt(i, j) || a.isOrgAt(i, j) {
		return false
	}
	if tk.punct == ':' {
		return false // "Amazon: your parcel", a sender label
	}
	// "Anil bhai reached the station", "Ravi bhaiya, papa is at Pune":
	// a title of respect or kinship after a capitalised word makes it a
	// name said to the reader, known to the name lists or not.
	// In a script without capitals the name must be a known one, and the
	// title close the address ("राहुल भाई, कल ..."; "राहुल भाई बोल रहे थे"
	// talks about him).
	if (tk.punct == 0 || tk.punct == ',') && j+1 < len(t.toks) && t.is(a.w, j+1, wNameTitles) && a.nameShaped(i, j) &&
		(tk.upper || caseless(w) && a.lex.givenNames[w] && strings.ContainsRune(",!?", t.toks[j+1].punct)) {
		return true
	}
	// Without a greeting, a capital letter proves nothing ("Awesome, I'll
	// see you"): only a known given name opens as a vocative, or any
	// capitalised word after an aunt's or an uncle's title ("Aunty Bisi
	// good evening").
	titled := j > 0 && tk.upper && a.auntOrUncleAt(i, j-1) && a.nameShaped(i, j)
	if !titled && !a.lex.givenNames[w] && !a.isOwnerName(w) && !(tk.upper && tk.punct == ',' && a.vocativeOfGiven(w)) {
		return false
	}
	if tk.punct == ',' || tk.punct == '!' || tk.punct == '?' && j == 0 {
		return true // "Mathieu ? La répétition est déplacée": calling someone
	}
	if tk.punct == 0 && j+1 < len(t.toks) && (t.toks[j+1].punct == ',' || t.toks[j+1].punct == '!') && patronymic(t.origWord(j+1)) {
		return true // "Вадим Николаевич, добрый день": the polite address, name and patronymic
	}
	if len(t.toks) == 1 {
		return true // "Jason": a message that only calls someone
	}
	if tk.punct == '\'' || tk.punct == '’' || j+1 >= len(t.toks) {
		return false
	}
	// "Tony I'm outside", not "Carlos took a while": the next word must
	// speak to someone, or greet them ("Marco ciao", "Mehmet Bey
	// merhaba").
	next, greet := t.word(j+1), t.word(j+1)
	if a.w.has(next, wHonorifics) && j+2 < len(t.toks) {
		greet = t.word(j + 2)
	}
	return a.w.has(next, wAddressNext) || a.greetsAfter(greet) || a.greetingOpensAt(t, j+1) || a.isDayAt(i, j+1) || a.nameThenArticle(t, j)
}

// nameThenArticle: the given name at token j is followed by a definite
// article that opens what is said to them ("Meera the tiffin will come
// late", "Thiago o Rafa falou"), not by one that names their trade
// ("Brian the vet called back", "Dave the new builder"), and not after
// a name that is also a verb ("Mark the date").
func (a *analysis) nameThenArticle(t *text, j int) bool {
	if j+2 >= len(t.toks) || t.toks[j].punct != 0 || !t.is(a.w, j+1, wDefinite) || t.toks[j+1].punct != 0 ||
		a.lex.verbNames[t.word(j)] {
		return false
	}
	k := j + 2
	if t.is(a.w, k, wRoleModifiers) && k+1 < len(t.toks) {
		k++
	}
	return !t.is(a.w, k, wRoles)
}

// roleAfterNameIn: a word of tokens from..to is followed by an article
// and a role (roleAt: "Julien le voisin", "João, o canalizador"): the
// sender says what they are.
func (a *analysis) roleAfterNameIn(t *text, from, to int) bool {
	for j := from; j <= to; j++ {
		if a.roleAfterName(t, j) {
			return true
		}
	}
	return false
}

func (a *analysis) roleAfterName(t *text, j int) bool {
	if j+2 >= len(t.toks) || t.toks[j].punct != 0 && t.toks[j].punct != ',' || !t.is(a.w, j+1, wDefinite) || t.toks[j+1].punct != 0 {
		return false
	}
	return a.roleAt(t, j+2)
}

// isThis finds "is this X?" questions and their equivalents.
func (a *analysis) isThis(i int) (Reason, bool) {
	tu := a.turns[i]
	t := tu.t
	ci, ok := a.lex.codeIdx[CodeIsThis]
	if !ok {
		return Reason{}, false
	}
	for _, h := range tu.hits {
		if h.code != ci {
			continue
		}
		k0 := t.tokenAt(h.ns)
		k1 := t.tokenEndingAt(h.ne)
		if k0 < 0 || k1 < 0 {
			continue
		}
		if h.arg == "after" {
			if rs, ok := a.isThisAfterName(i, k0, k1); ok {
				return rs, true
			}
			continue
		}
		if h.arg == "asked_named" && a.introBeyond(i, k0, k1) {
			continue // "this is Tom's mum from Year 3, are you coming?" introduces: "This Jake?" asks
		}
		if !a.questionLead(i, k0) {
			continue
		}
		if k0 > 0 && t.toks[k0-1].punct == 0 && (isPreposition(t.word(k0-1)) || t.is(a.w, k0-1, wArticles)) {
			continue // "spacca nel Sei Nazioni": a name's first word, not a question
		}
		if k0 > 0 && t.toks[k0-1].punct == 0 && t.is(a.w, k0-1, wQuestionWords) && !a.nameClosesQuestion(i, k0, k1) {
			continue // "Wie ist das WLAN-Passwort?", "Ποια είναι η Δανάη που...": asks about them
		}
		if k0 > 0 && t.toks[k0-1].punct == 0 && t.origWord(k0) == "e" && t.toks[k0-1].upper &&
			!t.is(a.w, k0-1, wGreetings) && a.nameLike(i, k0-1, false) {
			continue // "Luca e la Chiara": "and" after a name, where "è" would ask
		}
		if k1+1 < len(t.toks) && t.toks[k1].punct != '?' && isThisParticle[t.word(k1+1)] {
			continue // "Est-ce que Hugo vient ?" asks whether Hugo comes
		}
		if k1+1 < len(t.toks) && t.toks[k1].punct == 0 && !t.toks[k1+1].upper && progressiveAfterYou(t.word(k1), t.word(k1+1)) {
			continue // "when are you taking your lessons?" asks what you do; "r u Sterling?" who you are
		}
		// the asked-about words run to the question mark, at most 16
		// words on: "Bist du der Max aus Graz, mit dem ich letzten
		// Sommer am Hochschwab war?" (askedFor reads the first few)
		// An "is this" that opens the message asks by its word order
		// alone (the lexicon's "inverted" phrases): "is this the caterer
		// for saturday", "IS THIS THE LOCKSMITH. locked out", typed
		// without a question mark; "t'es le meilleur" is no question.
		opening := h.arg == "inverted" && a.firstSentence(i, k0)
		end := -1
		for k := k1; k < len(t.toks) && k <= k1+16; k++ {
			if t.toks[k].punct == '?' || k == len(t.toks)-1 {
				end = k
				break
			}
			if p := t.toks[k].punct; p == '!' || p == '.' && !a.abbreviation(t, k) {
				if (opening || h.arg == "named") && p == '.' {
					end = k // "estoy buscando a Ximena. ¿Me equivoqué?"
				}
				break
			}
		}
		// Groups: "asked" counts only with a question mark ("Coucou
		// c'est Léa", "Oi, é o João" introduce), "named" only for a
		// person ("I'm looking for a good plumber" asks for no one),
		// "asked_named" both ("This Jake?", not "this number?").
		// "there": "is Jake there?", "is Mrs Wilson available?", a name
		// and where they are, asked.
		asked := h.arg == "asked" || h.arg == "asked_named" || h.arg == "there"
		named := h.arg == "named" || h.arg == "asked_named" || h.arg == "there"
		if end < 0 || asked && t.toks[end].punct != '?' {
			continue
		}
		name, target, ok := a.askedFor(i, k1+1, end+1, h.arg == "asked" || h.arg == "named", opening)
		if !ok || named && name == "" {
			continue
		}
		if h.arg == "asked" && name != "" && a.roleAfterNameIn(t, k1+1, target) {
			continue // "c'est Julien le voisin du 3ème, il y a une fuite ?" introduces
		}
		if h.arg == "asked" && name != "" && questionAfterClause(t, target, end) {
			continue // "c'est Inès du hand, Sarah m'a filé ton num, tu viens samedi ?" asks something else
		}
		if h.arg == "there" {
			if target+1 > end || !isThereWord[t.word(target+1)] {
				continue
			}
			target++
		}
		if target < k1 {
			target = k1
		}
		rs, ok := a.tokenReason(CodeIsThis, i, k0, target+1)
		if !ok {
			continue
		}
		rs.Args = map[string]string{"name": name}
		rs.asksRelation = t.possessive(target)
		if h.arg == "named" || h.arg == "there" {
			rs.Detail = "asks for " + quote(name) + " as if this were their number: " + quote(rs.Evidence)
		} else if name != "" {
			rs.Detail = "asks whether you are " + quote(name) + ": " + quote(rs.Evidence)
		} else {
			rs.Detail = "asks who you are as if writing to someone else: " + quote(rs.Evidence)
		}
		return rs, true
	}
	return Reason{}, false
}

// nameClosesQuestion: right after the "is this" phrase at tokens k0..k1
// of turn i, a name closes the question, said to the reader: "where are
// you Sarah?", "Dove sei Giulia?" (a known given name, or a phrase with
// "you" in it); not "Wie ist das Passwort?".
func (a *analysis) nameClosesQuestion(i, k0, k1 int) bool {
	t := a.turns[i].t
	k := k1 + 1
	if k >= len(t.toks) || t.toks[k1].punct != 0 || !a.nameLike(i, k, false) {
		return false
	}
	if p := t.toks[k].punct; p != '?' && p != ',' && k != len(t.toks)-1 {
		return false
	}
	if a.lex.givenNames[t.word(k)] {
		return true
	}
	for x := k0; x <= k1; x++ {
		if t.is(a.w, x, wReader) {
			return true
		}
	}
	return false
}

// introBeyond: a self-introduction phrase of turn i starts at token k0
// and runs past k1: "this is" over the "this" of "This Jake?" (Indonesian
// "ini" is both, and "ini Dewi ya?" asks).
func (a *analysis) introBeyond(i, k0, k1 int) bool {
	for _, in := range a.selfIntros(i) {
		if in[0] == k0 && in[1] > k1+1 {
			return true
		}
	}
	return false
}

// progressiveAfterYou: "are you taking", "r u coming": an English verb
// in -ing right after "you" asks what the reader does, not who they are.
func progressiveAfterYou(you, next string) bool {
	return (you == "you" || you == "u") && len(next) > 4 && strings.HasSuffix(next, "ing")
}

// caseAskers are the bare "you" that other.toml asks "is this X?" with,
// in languages whose names change with their case ("Ты Саше звонила?")
// or that write no capitals to tell a name ("אתה אוסף את נועה?").
var caseAskers = map[string]bool{"вы": true, "ты": true, "ви": true, "ти": true, "אתה": true, "حضرتك": true}

// caseAskEnds: after a bare "you" of caseAskers, the name at token k
// ends what is asked: the question ends with it, or a surname, a comma
// or where from follows ("Вы Игорь Петров?", "Ти Оксана з бухгалтерії?").
func caseAskEnds(t *text, k, to int) bool {
	if k+1 >= to || t.toks[k].punct != 0 {
		return true
	}
	next := strings.ToLower(t.origWord(k + 1))
	// Hebrew writes "from" as a prefix: "אתה רועי מהחוג?"
	return t.toks[k+1].upper || isPreposition(t.word(k+1)) || caseAskFrom[next] || strings.HasPrefix(next, "מ")
}

// caseAskFrom are the words of caseAskers' languages that say where a
// person is from: "из", "с", "от", "з", "від", "у".
var caseAskFrom = map[string]bool{"из": true, "с": true, "со": true, "от": true, "з": true, "зі": true, "від": true, "у": true,
	"который": true, "которая": true, "який": true, "яка": true, "اللي": true, "الي": true, "من": true}

// germanContracted are German prepositions joined to an article, as a
// person is described by where they are from ("Bist du Mia vom
// Tennisclub?").
var germanContracted = map[string]bool{"vom": true, "beim": true, "zum": true, "zur": true, "am": true} // "aus", "im": isPreposition

// onlyGerman: turn i reads as German and as no other lexicon language.
func (a *analysis) onlyGerman(i int) bool {
	de, ok := a.lex.langIdx["de"]
	return ok && a.turns[i].lang == langMask(1)<<de
}

// isThisAfterName reads a question that puts the name first, as Japanese
// does: "田中さんの携帯ですか？" (is this Tanaka's phone?). The phrase
// (tokens k0..k1) must end the question, and the name before it must be
// one to six words that open their sentence or clause.
func (a *analysis) isThisAfterName(i, k0, k1 int) (Reason, bool) {
	t := a.turns[i].t
	if t.toks[k1].punct != '?' && k1 != len(t.toks)-1 {
		return Reason{}, false
	}
	// six words back, or ten characters of Chinese, whose lead-ins are
	// longer and skipped below ("请问这个是志明老师的号码吗")
	back := 6
	if w := t.word(k0); w == "的" || w == "嘅" {
		back = 10
	}
	s := k0
	for s > 0 && t.toks[s-1].punct == 0 && k0-s < back {
		s--
	}
	greeted := false
	if s > 0 && t.toks[s-1].punct == 0 && isLogogramWord(t.word(s)) {
		// each syllable a word: a greeting of its own syllables before
		// the name ("안녕하세요 김민수씨 맞으신가요?")
		st := s
		for st > 0 && t.toks[st-1].punct == 0 && s-st < 8 {
			st--
		}
		if j, _ := a.skipGreeting(t, st); (st == 0 || t.toks[st-1].punct != 0) && j > st && k0-j <= 6 && j < k0 {
			s, greeted = j, true
		}
	}
	if s == k0 || !greeted && s > 0 && t.toks[s-1].punct == 0 {
		return Reason{}, false // no name, or one inside a longer sentence
	}
	if j, _ := a.skipGreeting(t, s); j > s && j < k0 {
		s = j // "Selam Deniz sen misin?" asks for Deniz
	}
	// "ये अंकित का नंबर है?" asks for Ankit, not "this Ankit"; in kana or
	// Chinese characters a word is several: "これリナの番号？" asks for
	// Rina, "请问这个是志明的号码吗" for Zhiming, "会員の番号", "你的号码"
	// for no one
skip:
	for s < k0 {
		for l := min(4, k0-s); l >= 1; l-- {
			if a.w.hasBytes(t.phrase(s, s+l), wNotNames) {
				s += l
				continue skip
			}
		}
		break
	}
	if s >= k0 {
		return Reason{}, false
	}
	name := t.orig[t.toks[s].os:t.toks[k0-1].oe]
	for _, n := range a.c.Owner.Names {
		if strings.Contains(n, name) || utf8.RuneCountInString(n) >= 2 && strings.Contains(name, n) {
			// the owner's own name asked, in full or in part, or
			// after a lead-in ("혹시 김민수 씨 맞나요?")
			return Reason{}, false
		}
	}
	rs, ok := a.tokenReason(CodeIsThis, i, s, k1+1)
	if !ok {
		return Reason{}, false
	}
	rs.Args = map[string]string{"name": name}
	rs.Detail = "asks whether you are " + quote(name) + ": " + quote(rs.Evidence)
	return rs, true
}

// questionLead: the "is this" phrase opens its sentence, possibly after a
// greeting, an apology or a lead-in ("sorry to bother but is this...", at
// most six words).
func (a *analysis) questionLead(i, k0 int) bool {
	t := a.turns[i].t
	lead := 6
	if isLogogramWord(t.word(k0)) {
		lead = 14 // a Chinese or Japanese character is a word here: "不好意思打扰了，请问是…"
	}
	for k := k0; k >= 0 && k0-k <= lead; k-- {
		if a.sentenceStart(t, k) {
			return true
		}
	}
	return false
}

// firstSentence: token k0 of turn i is in the message's first sentence
// (after a greeting or a lead-in, if any), by the sentence starts the
// other readings use.
func (a *analysis) firstSentence(i, k0 int) bool {
	t := a.turns[i].t
	for k := k0; k > 0; k-- {
		if a.sentenceStart(t, k) {
			return false
		}
	}
	return true
}

// askedFor reads the words after "is this" up to the question mark: a
// name not the owner's, or a business or role ("the host", "lo studio").
// opening: the question opens the message, where its word order asks
// without a question mark.
// target is the last token worth quoting.
func (a *analysis) askedFor(i, from, to int, introduces, opening bool) (name string, target int, ok bool) {
	t := a.turns[i].t
	if from < to && isHanWord(t.word(from)) {
		if name, target, ok := a.hanAsked(i, from, to); ok {
			return name, target, true
		}
	}
	objIdx := a.lex.codeIdx[cueIsThisObj]
	hasObj := -1
	for _, h := range a.turns[i].hits {
		if h.code == objIdx {
			if k := t.tokenAt(h.ns); k >= from && k < to {
				// its last word: "先生" is two
				hasObj = max(k, t.tokenEndingAt(h.ne))
				break
			}
		}
	}
	// the first word after the adverbs the articles list holds ("vous
	// êtes toujours à Paris ?", "sei ancora a Milano?")
	first := from
	for first+1 < to && t.is(a.w, first, wArticles) && stillWords[t.word(first)] {
		first++
	}
	// "à", "a" after "toujours", "ancora": where, not who (alone, "a" is
	// Portuguese's "the": "você é a Patrícia?")
	placeAfterStill := first > from && t.word(first) == "a" && frItStill[t.word(first-1)]
	if first < to && (isPreposition(t.word(first)) && !t.is(a.w, first, wArticles) || isLocative(t.word(first)) || placeAfterStill) {
		// "are you at the office?", "is this for tonight?": where or
		// what for, not who, whatever noun follows (Dutch "de" is an
		// article: "bent u de eigenaar?")
		return "", 0, false
	}
	if introduces && hasObj > from+2 {
		// "you are the only girl waiting in reception ah?": a statement
		// asked must name its object at once
		hasObj = -1
	}
	var names []string
	last := -1
	// German capitalises every noun: "Ist das Auto noch zu haben?" asks
	// about a car. There a word no name list knows is a name only where
	// the question ends with it or with one more word, a surname ("Ist
	// das Jolanda?", "Bist du Jolanda Berger?"), or goes on as a person
	// is described: a surname, a comma, where from ("Bist du Jolanda
	// Berger vom Tennisclub?", "Bist du Jolanda, die ...").
	nounCaps := a.onlyGerman(i)
	// After a bare "you" of caseAskers, the name comes first and must
	// end what is asked (checked once the names are read, below).
	caseAsk := from > 0 && caseAskers[strings.ToLower(t.origWord(from-1))] // as typed: normalising folds Cyrillic look-alikes
	strictAt := func(k int) bool {
		if !nounCaps || to-k <= 2 || t.toks[k].punct != 0 || k > 0 && t.is(a.w, k-1, wHonorifics) {
			return false // ... or follows a title: "Ist da Frau Berger?"
		}
		next := t.word(k + 1)
		return !t.toks[k+1].upper && !isPreposition(next) && !germanContracted[next]
	}
	for k := from; k < to; k++ {
		w := t.word(k)
		if isPreposition(w) || isLocative(w) {
			break // "eres de Madrid?", "bist du zu Hause?": where, not who
		}
		if a.w.has(w, wArticles) || a.w.has(w, wHonorifics) || a.w.has(w, wNegations) {
			continue
		}
		if w == "s" && len(names) > 0 {
			break // "Mike's number"
		}
		if introduces && len(names) == 0 && (t.toks[k].punct == ',' || t.toks[k].punct == '!') {
			// "c'est Marie, tu viens ?": an introduction, not a question;
			// "cerco casa a Milano, hai consigli?" asks for no one; but
			// "ben jij Sarah, de vriendin van Lisa?" asks
			break
		}
		if a.nameLike(i, k, strictAt(k)) && (len(names) == 0 || t.toks[k].upper) {
			names = append(names, t.origWord(k))
			last = k
			continue
		}
		if len(names) > 0 || caseAsk {
			break // after a bare "you", the name comes first: "انت او سعود؟" asks "you or Saud?"
		}
		if k-from >= 2 {
			break
		}
	}
	if len(names) > 0 && caseAsk && !caseAskEnds(t, last, to) {
		// "Ты Саше звонила?", "Ви Андрію передали ключі?": a name in
		// another case, an object ("did you call Sasha?"); "Вы Игорь из
		// автосервиса?" asks
		return "", 0, false
	}
	if len(names) > 0 {
		first := normWord(a, names[0])
		if a.isOwnerName(first) {
			// "is this Tom?" to Tom is fine, unless the surname is
			// someone else's: "non sei Marco Rinaldi?" to Marco Bernasconi.
			if len(names) < 2 || a.isOwnerName(normWord(a, names[1])) || !hasSurname(a) {
				return "", 0, false
			}
		}
		return strings.Join(names, " "), max(last, hasObj), true
	}
	// "Is this the chiropractor?", "è il veterinario?": an article and a
	// noun, asked. The noun list (x.is_this_obj) cannot know every trade.
	// A longer question must go on from the noun with where it was met
	// ("are you the photographer from the wedding last month?") or with
	// what was done together ("is this the guy I met at the bar?"); one
	// word may describe the noun first ("are you the mobile groomer that
	// does cockapoos?"). The description is quoted whole.
	leads := func(k int) bool { return isPreposition(t.word(k)) || relativeLead(t.word(k)) }
	described := to-from >= 2 && to-from <= 5 ||
		to-from > 5 && to-from <= 10 && (leads(from+2) || leads(from+3))
	if described && isThisArticle[t.word(from)] && !isPreposition(t.word(from)) && (t.toks[to-1].punct == '?' || opening) {
		if w := t.word(from + 1); len(w) >= 3 && (hasObj >= 0 || !a.w.has(w, wNotNames) && !isThisNotObject[w]) {
			return "", to - 1, true
		}
	}
	if hasObj >= 0 {
		return "", hasObj, true
	}
	return "", 0, false
}

// hanAsked reads whom a Chinese "is this" asks for: the characters up
// to the question's particle ("请问是阿强吗？", "係咪小王呀？"), or up to
// "的" and a phone ("請問這是丽丽老師的手機嗎"). Chinese writes no space
// and no capital, so the run must be short (one to four characters, six
// with a title such as 老师), hold no pronoun, no "的" of its own and no
// day ("请问是明天吗" asks when, "这是你的吗" whose), and be closed by the
// particle, the phone or a question mark.
func (a *analysis) hanAsked(i, from, to int) (name string, target int, ok bool) {
	t := a.turns[i].t
	end := from
	for end < to && end-from < 7 && isHanWord(t.word(end)) && !t.is(a.w, end, wHanParticles) && t.word(end) != "的" {
		if t.is(a.w, end, wHanNotName) {
			return "", 0, false
		}
		if end > from && t.toks[end-1].punct != 0 {
			return "", 0, false
		}
		end++
	}
	n := end - from
	if n == 0 || end >= len(t.toks) && t.toks[end-1].punct != '?' {
		return "", 0, false
	}
	closed := t.toks[end-1].punct == '?'
	last := end - 1
	if !closed && end < len(t.toks) {
		switch w := t.word(end); {
		case a.w.has(w, wHanParticles):
			closed, last = true, end
		case w == "的":
			// "的手機嗎", "的号码吗": X's phone, asked
			if e := a.hanPhoneAt(t, end+1); e > 0 && e < len(t.toks) && t.is(a.w, e, wHanParticles) {
				closed, last = true, e
			}
		}
	}
	if !closed || n > 6 || n > 4 && !a.endsInTitle(i, from, end) {
		return "", 0, false
	}
	if a.isDayAt(i, from) {
		return "", 0, false
	}
	if !politeAsk(t, from) && !a.hanNameShaped(i, from, end) {
		// "这是小事吗？", Cantonese "係咪好攰呀？" (are you tired?): only
		// "请问是…" asks for anyone; the other leads ask for a name
		return "", 0, false
	}
	return t.orig[t.toks[from].os:t.toks[end-1].oe], last, true
}

// politeAsk: the words before token k are "请问是" (may I ask, is it…),
// maybe with "你" or "您", the set way of asking for someone.
func politeAsk(t *text, k int) bool {
	asks := func(j int) bool { return j >= 0 && (t.word(j) == "问" || t.word(j) == "問") }
	if k < 2 || t.word(k-1) != "是" {
		return false
	}
	w := t.word(k - 2)
	return asks(k-2) || (w == "你" || w == "您") && asks(k-3)
}

// hanNameShaped: the Han run [from,end) looks like a name said to
// someone: 阿, 小 or 老 and a syllable or two ("阿强", "小王"), a doubled
// syllable ("丽丽"), or a name with its title ("陳生", "王老师").
func (a *analysis) hanNameShaped(i, from, end int) bool {
	t := a.turns[i].t
	n := end - from
	switch {
	case n >= 2 && n <= 3 && t.word(from) == "阿" && !a.isRelativeAt(i, from):
		return true // "阿强", not "阿嬤"
	case n == 2 && (t.word(from) == "小" || t.word(from) == "老") && t.is(a.w, from+1, wHanSurnames):
		return true // "小王", not "小事"
	case n == 2 && t.word(from) == t.word(from+1):
		return true
	}
	return a.endsInTitle(i, from, end)
}

// hanPhoneAt returns the end of a word for a phone or a number at token
// k ("手机", "電話", "号码"), or 0.
func (a *analysis) hanPhoneAt(t *text, k int) int {
	for n := 3; n >= 1; n-- {
		if k+n <= len(t.toks) && a.w.hasBytes(t.phrase(k, k+n), wHanPhones) {
			return k + n
		}
	}
	return 0
}

// endsInTitle: the Han run [from,end) ends with a title or trade the
// is-this lists know ("丽丽老師", "王经理").
func (a *analysis) endsInTitle(i, from, end int) bool {
	t := a.turns[i].t
	objIdx := a.lex.codeIdx[cueIsThisObj]
	for _, h := range a.turns[i].hits {
		if h.code == objIdx && t.tokenEndingAt(h.ne) == end-1 && t.tokenAt(h.ns) > from {
			return true
		}
	}
	return false
}

// isThereWord: where someone asked for may be ("is Jake there?").
var isThereWord = map[string]bool{"there": true, "around": true, "available": true, "home": true, "in": true, "free": true}

// isThisParticle makes "is it" a question's mark rather than its
// question: French "est-ce que" + a clause ("est-ce que c'est Léa ?" is a
// phrase of its own).
var isThisParticle = map[string]bool{"que": true, "qu": true}

// isThisArticle are the articles before an asked-about role or business.
var isThisArticle = map[string]bool{
	"the": true, "a": true, "an": true, "il": true, "lo": true, "la": true, "l": true, "el": true, "le": true,
	"der": true, "die": true, "das": true, "het": true, "o": true, "um": true, "uma": true, "un": true,
	"une": true, "una": true, "uno": true, "ein": true, "eine": true, "een": true,
}

// isThisNotObject: "is this the right one?", "is this a joke?" ask about
// the message, not who the owner is.
var isThisNotObject = map[string]bool{
	"right": true, "same": true, "correct": true, "real": true, "end": true, "way": true, "best": true,
	"only": true, "last": true, "first": true, "joke": true, "scam": true, "problem": true, "reason": true,
	"case": true, "thing": true, "one": true, "time": true, "place": true, "spam": true,
}

// abbreviation: a title or initial whose period does not end a sentence
// ("Mr.", "Dr.", "M.").
func (a *analysis) abbreviation(t *text, k int) bool {
	w := t.word(k)
	return a.w.has(w, wHonorifics) || len(w) == 1
}

// isPreposition: words after which a capitalised word is a place.
// stillWords are the adverbs "still", "again" of the lexicon languages,
// which the articles lists hold for "is it still Marco's number?".
var stillWords = map[string]bool{"still": true, "toujours": true, "encore": true, "ancora": true, "noch": true, "todavia": true, "aun": true, "ainda": true, "nog": true}

// frItStill: the French and Italian "still", after which "a" is "à".
var frItStill = map[string]bool{"toujours": true, "encore": true, "ancora": true}

func isPreposition(w string) bool {
	switch w {
	case "de", "del", "di", "du", "des", "von", "aus", "zu", "from", "in", "at", "of", "im", "em", "en", "nel", "nella",
		"van", "uit", "bij", "naar":
		return true
	}
	return false
}

// isLocative: words that say where, never an article or a name, after
// which a question asks where the reader is, not who: "sei al lavoro?",
// "ben je al op het plein?", "bist du am Bahnhof?", "t'es chez toi ?",
// "tá na escola?".
func isLocative(w string) bool {
	switch w {
	case "al", "allo", "alla", "ai", "agli", "alle", "dal", "dallo", "dalla", "sul", "sulla",
		"op", "aan", "am", "auf", "beim", "bei", "zum", "zur", "zuhause", "daheim",
		"chez", "au", "aux", "na", "nas", "nos", "ao", "home", "outside",
		// "er det i Roma?", "är du på jobbet?", "jesteś w domu?", "jsi v
		// práci?", "ты в Москве?": the same in the languages without a
		// lexicon
		"i", "pa", "hos", "w", "v", "ve", "в", "на", "у":
		return true
	}
	return false
}

// relativeLead: a word that opens a clause about the noun before it
// ("the guy I met", "the woman who sold me", "la ragazza che ho
// conosciuto", "le type que j'ai vu").
func relativeLead(w string) bool {
	switch w {
	case "i", "we", "who", "whom", "that", "que", "qui", "che", "cui", "den", "dem", "die", "dat", "wie":
		return true
	}
	return false
}

// hasSurname: the owner gave more than first names, so a wrong surname
// can be told apart.
func hasSurname(a *analysis) bool {
	return len(a.ownerNames) > len(a.ownerFirst)
}

func normWord(a *analysis, s string) string {
	return string(a.r.folder.normalize(s).norm)
}

// notReader tells that the name at j, after a greeting, is not said to
// the reader: the sender names themself ("Hi Dave here", "Hi, Aoife
// from the salon": a mark sets the greeting apart) or someone else's
// relation ("Hiya, Tom's mum here").
func (a *analysis) notReader(t *text, j int) bool {
	n := len(t.toks)
	if j+1 >= n {
		return false
	}
	if t.possessive(j) {
		return true
	}
	if t.toks[j].punct != 0 {
		return false // "Hi Dave, here is the address"
	}
	here := j + 1
	if e := a.introAfterAt(t, j); e > j+1 && t.is(a.w, e, wIntroHere) && t.is(a.w, j+1, wArticles) {
		// "Hi Dave the plumber here, be there at 5"; but "Hi Sandra
		// courier here" greets Sandra from the courier
		here = e
	} else if e := a.fromCaseHere(t, j); e > 0 {
		here = e // "Hei, Markus IT-tuesta täällä": where from, in a case ending
	}
	if t.is(a.w, here, wIntroHere) {
		// not "Hi Dave here's the link", "Hallo Tom hier ist die Adresse"
		p := t.toks[here].punct
		return p != '\'' && !(p == 0 && here+1 < n && t.is(a.w, here+1, wThirdPerson))
	}
	return a.introAfterName(t, j) && j > 0 && t.toks[j-1].punct != 0
}

// caseless: w is written in a script without capitals (Devanagari,
// Arabic, Hebrew), where only a name list tells a name.
func caseless(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsLower(r)
}

// patronymic: w is a Russian or Ukrainian patronymic ("Николаевич",
// "Петровна", "Іванівна"), which follows the first name in a polite
// address.
func patronymic(w string) bool {
	if utf8.RuneCountInString(w) < 6 {
		return false
	}
	w = strings.ToLower(w)
	for _, suffix := range []string{"ович", "евич", "йович", "ьевич", "овна", "евна", "ична", "івна", "ївна", "ьевна"} {
		if strings.HasSuffix(w, suffix) {
			return true
		}
	}
	return false
}

// vocativeOfGiven: w, capitalised in the text, is a known given name in
// the vocative case of the Slavic languages, which the name lists hold
// in the nominative: ru "Дим" (Дима), "Коль" (Коля), uk "Марино"
// (Марина), "Олеже" (Олег), cs "Jano" (Jana), "Marku" (Marek), "Tomáši"
// (Tomáš), pl "Tomku" (Tomek). An ordinary word of the lexicons is none.
// w is folded (see folder): Cyrillic letters that look Latin are Latin.
func (a *analysis) vocativeOfGiven(w string) bool {
	if utf8.RuneCountInString(w) < 3 || a.lex.spells([]byte(w)) {
		return false
	}
	found := false
	vocativeBases(w, func(base string) bool {
		found = a.lex.givenNames[base]
		return !found
	})
	return found
}

// vocativeBases yields the nominatives that w may be the vocative of,
// until yield returns false.
func vocativeBases(w string, yield func(string) bool) {
	cyrillic := strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) })
	type rule struct{ end, base string }
	var rules []rule
	if cyrillic {
		rules = []rule{{"", "a"}, {"", "я"}, {"ь", "я"}, {"o", "a"}, {"ю", "и"}, {"же", "г"}, {"e", ""}, {"y", "a"}}
	} else {
		rules = []rule{{"o", "a"}, {"ku", "ek"}, {"ře", "r"}, {"rze", "r"}, {"ši", "š"}, {"ži", "ž"}, {"či", "č"}, {"e", ""}, {"u", ""}}
	}
	for _, r := range rules {
		if stem, ok := strings.CutSuffix(w, r.end); ok && utf8.RuneCountInString(stem) >= 2 {
			if !yield(stem + r.base) {
				return
			}
		}
	}
}

// questionAfterClause: the question mark at end closes a clause of its
// own, more than a tag's few words after a comma that follows the name
// at target: "c'est Inès du hand, Sarah m'a filé ton num, tu viens
// samedi ?" asks whether the reader comes; "it's Marco, right?" and
// "c'est Léa, ta voisine ?" still ask who writes.
func questionAfterClause(t *text, target, end int) bool {
	for k := target; k < end; k++ {
		if t.toks[k].punct == ',' {
			return end-k > 4
		}
	}
	return false
}

// selfDescribedAt: the name at token j, after a greeting closed by a
// mark, is the sender's, described by what follows: a relative word and
// a name in apposition ("Hej! Sanna, mamma till Leo.") or whose relative
// they are and "here" ("Hei! Leon äiti Sanna tässä", the genitive that
// Finnish writes without an apostrophe). "Hi Anna, mum says dinner at 7"
// has no mark before the name.
func (a *analysis) selfDescribedAt(i int, t *text, j int) bool {
	n := len(t.toks)
	if j == 0 || j+2 >= n || t.toks[j-1].punct == 0 {
		return false
	}
	k := j + 1
	if t.toks[j].punct == ',' {
		if t.possessive(k) && k+2 < n {
			return a.isRelativeAt(i, k+2) // "Hello! Sarah, Tom's mum from Year 3"
		}
		if t.is(a.w, k, wArticles) {
			k++
		}
		// "mamma till Leo", "la mamma di Luca"; not "mamma och Leo kommer"
		return k+2 < n && a.isRelativeAt(i, k) && t.toks[k].punct == 0 &&
			(isPreposition(t.word(k+1)) || kinOf[t.word(k+1)]) && t.toks[k+2].upper
	}
	if t.toks[j].punct != 0 || !a.isRelativeAt(i, k) {
		return false
	}
	for r := k + 1; r < n && r <= k+2; r++ {
		if t.is(a.w, r, wIntroHere) {
			return true
		}
		if t.toks[r-1].punct != 0 {
			break
		}
	}
	return false
}

// kinOf are the words for "of" between a relative word and a name that
// isPreposition lacks: Swedish "mamma till Leo", Danish and Norwegian
// "mor til Leo", "far af Emil".
var kinOf = map[string]bool{"till": true, "til": true, "af": true}

// fromCaseHere returns the token of a "here" that follows the name at j
// after a word in a "from" case, one or two tokens joined by a hyphen
// ("Markus IT-tuesta täällä"), or 0.
func (a *analysis) fromCaseHere(t *text, j int) int {
	for e := j + 2; e <= j+3 && e < len(t.toks); e++ {
		if !t.is(a.w, e, wIntroHere) || !fromCase(t.word(e-1)) || t.toks[e-1].punct != 0 {
			continue
		}
		for x := j; x < e-1; x++ {
			if p := t.toks[x].punct; p != 0 && p != '-' {
				return 0
			}
		}
		return e
	}
	return 0
}

// fromCase: w ends in a Finnish or Estonian "from" case (elative or
// ablative: "IT-tuesta", "toimistolta"), which says where a sender is
// from without a preposition.
func fromCase(w string) bool {
	for _, suf := range []string{"sta", "stä", "lta", "ltä", "st"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// capitalSaysNothing: the capital of token j tells nothing of a name:
// the word opens a sentence, or it is written in Latin letters in a text
// of another script (a brand: "Meest", "Ozon").
func capitalSaysNothing(t *text, j int) bool {
	if j > 0 && endsSentence(t.toks[j-1].punct) {
		return true
	}
	if mostlyLatin(t.orig) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.origWord(j))
	return r < utf8.RuneSelf
}
