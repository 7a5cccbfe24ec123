package detectors

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// openerCues finds the other signs of a message meant for someone else:
// a shared plan or appointment from a sender who never says who they are,
// "is it still available?", "long time no see", photo and voice-message
// bait, and impersonation of banks, couriers and tax offices.
type openerCues struct{}

func (openerCues) Name() string { return "opener" }

func (openerCues) Detect(a *analysis, emit emitFunc) {
	for i, tu := range a.turns {
		if tu.fromOwner {
			continue
		}
		opening := a.opening(i)
		if opening {
			plan, firm, ok := a.sharedPlan(i)
			plain := ok && !plan.unnamedBooking && a.plainPlanAsk(i)
			if plain {
				// a question that is the whole message is a plan, as a
				// time makes one ("see you at 5")
				firm, plan.strength, plan.plainAsk = true, 0, true
			}
			if ok {
				emit(plan)
				if firm && i == a.firstSender && !a.saysWhoWrites(i) && a.addressedTurn < 0 {
					if rs, ok := a.anonymous(i); ok {
						rs.plainAsk = plain
						emit(rs)
					}
				}
			}
			if rs, ok := a.firstPhraseWhere(i, CodeStillAvailable, a.asked); ok {
				rs.Detail = "asks " + quote(rs.Evidence) + " about something you never offered"
				emit(rs)
			}
			if rs, ok := a.firstPhraseWhere(i, CodeReconnect, a.reconnects); ok {
				rs.Detail = "writes as an old acquaintance (" + quote(rs.Evidence) + ")"
				if !a.saysWhoWrites(i) {
					rs.Detail += " without saying who"
				}
				emit(rs)
			} else if rs, ok := a.bareGreeting(i); ok {
				emit(rs)
			}
		}
		if rs, ok := a.firstPhrase(i, CodeBait); ok {
			rs.Detail = "dangles something to open: " + quote(rs.Evidence)
			if !a.turnHasLink(i) && tu.media == MediaNone {
				rs.strength = 0.5
			}
			emit(rs)
		}
		if rs, ok := a.impersonation(i); ok {
			emit(rs)
		}
	}
}

// asked: the words of hit h of turn i are asked, not told: their
// sentence ends with a question mark, or they open it (after a greeting
// or two words) as a question typed without one ("hi still available").
// "I'm not sure if it's still available though" tells.
func (a *analysis) asked(i int, h hit) bool {
	t := a.turns[i].t
	k0, k1 := t.tokenAt(h.ns), t.tokenCovering(h.ne)
	if k0 < 0 || k1 < 0 {
		return true
	}
sentence:
	for k := k1; k < len(t.toks); k++ {
		switch t.toks[k].punct {
		case '?':
			return true
		case '.', '!', '\n', ';':
			break sentence
		}
	}
	return k0-a.sentenceOpening(t, k0) <= 2
}

// sentenceOpening returns where the sentence of token k opens, past any
// greeting ("Hey! Long time", "hi still available?").
func (a *analysis) sentenceOpening(t *text, k int) int {
	for k > 0 && !a.sentenceStart(t, k) {
		k--
	}
	s, _ := a.skipGreeting(t, k)
	return s
}

// opens: hit h is in the first two sentences of turn i. A stranger's
// "how have you been?" opens the message; at the end of a letter of news
// about Beth and Charlie it is a friend's.
func (a *analysis) opens(i int, h hit) bool {
	t := a.turns[i].t
	k0 := t.tokenAt(h.ns)
	starts, prev := 0, 0
	for k := 1; k <= k0; k++ {
		if a.sentenceStart(t, k) {
			// "Good evening. I hope you had a good day. Long time no
			// see": a greeting alone is no sentence of news
			if j, found := a.skipGreeting(t, prev); !found || j < k {
				starts++
			}
			prev = k
		}
	}
	return starts < 2
}

// bareGreeting: a first message that is only a greeting, an endearment
// and a question about the reader's day ("How are you doing today?",
// "Hello dear"), leave to ask a question, or who the reader is ("Hi, who
// is this?"): what a stranger who wants an answer writes, with nothing in
// it that someone who knows the reader would say.
func (a *analysis) bareGreeting(i int) (Reason, bool) {
	t := a.turns[i].t
	n := len(t.toks)
	if i != a.firstSender || a.addressedTurn >= 0 || n == 0 || n > 8 {
		return Reason{}, false
	}
	k, greeted := a.skipGreeting(t, 0)
	wellbeing, endear, leave := a.lex.slotIdx["wellbeing"], a.lex.slotIdx["endear"], a.lex.slotIdx["ask_leave"]
	whoQ, apology := a.lex.slotIdx["who_q"], a.lex.slotIdx["apology"]
	asked, endeared, dated, leaveAsked, whoAsked, apologised := false, false, false, false, false, false
	for _, o := range a.slots(i) {
		endeared = endeared || o.code == endear && o.k1 <= k // "Hello dear": the greeting holds it
	}
	if o, ok := a.slotStartingAt(i, k, a.lex.slotIdx["endear_greeted"]); ok && greeted {
		endeared, k = true, o.k1 // "hi sexy", "Hello gorgeous": after a greeting only
	}
	for k < n {
		o, ok := a.slotStartingAt(i, k, wellbeing, endear, leave, whoQ, apology)
		switch {
		case ok && o.code == wellbeing:
			asked, k = true, o.k1
		case ok && o.code == leave:
			leaveAsked, k = true, o.k1
		case ok && o.code == whoQ:
			whoAsked, k = true, o.k1
		case ok && o.code == apology:
			// "Sorry, who is this?": the apology-first frame's
			apologised, k = true, o.k1
		case ok:
			endeared, k = true, o.k1
		case a.isDayAt(i, k):
			dated, k = true, a.dayEndAt(i, k) // "... today", "aujourd'hui"
		default:
			return Reason{}, false
		}
	}
	// A bare "Hi, how are you?" is what friends write too; "How are you
	// doing today?" and "Hello dear" are a stranger's manners.
	// "Can I ask you a question?" alone asks for an answer and says
	// nothing else.
	if whoAsked && !asked && !leaveAsked && !apologised {
		// Someone the owner called or texted says so ("you rang me",
		// the who-asks frame); asked for nothing else, the question
		// only makes the owner say who they are.
		rs, ok := a.tokenReason(CodeIsThis, i, 0, n)
		if !ok {
			return Reason{}, false
		}
		rs.Detail = "asks who you are (" + quote(rs.Evidence) + ") without saying who they are or how they have your number"
		return rs, true
	}
	if apologised || whoAsked || !(asked && (dated || endeared) || greeted && endeared || leaveAsked) {
		return Reason{}, false
	}
	rs, ok := a.tokenReason(CodeReconnect, i, 0, n)
	if !ok {
		return Reason{}, false
	}
	rs.Detail = "opens with only a greeting (" + quote(rs.Evidence) + "), as strangers who want an answer do"
	return rs, true
}

// slotStartingAt returns the longest occurrence of one of the slot codes
// that starts at token k of turn i.
func (a *analysis) slotStartingAt(i, k int, codes ...int) (slotOcc, bool) {
	var best slotOcc
	found := false
	for _, o := range a.slots(i) {
		if o.k0 == k && slices.Contains(codes, o.code) && (!found || o.k1 > best.k1) {
			best, found = o, true
		}
	}
	return best, found
}

// reconnects: hit h of turn i is an old acquaintance's phrase where it
// counts: in the first two sentences; for the words of the "opening"
// group ("long time", "been a minute"), at the start of a sentence, after
// at most a greeting and a name; for the "ends" group ("guess who"), at
// the end of one: "Hello! Guess who?" is a riddle, "guess who just got
// arrested" news.
func (a *analysis) reconnects(i int, h hit) bool {
	if !a.opens(i, h) {
		return false
	}
	t := a.turns[i].t
	switch h.arg {
	case "opening":
	case "ends":
		k1 := t.tokenEndingAt(h.ne)
		if k1 < 0 {
			return false
		}
		return k1 == len(t.toks)-1 || endsSentence(t.toks[k1].punct)
	default:
		return true
	}
	k0 := t.tokenAt(h.ns)
	if k0 < 0 {
		return false
	}
	s := a.sentenceOpening(t, k0)
	// "Hey Sarah, long time!": one word closed by a comma may stand
	// between
	return k0 == s || k0 == s+1 && t.toks[s].punct == ','
}

// firstPhrase builds a reason from the most telling hit of code in turn
// i (see bestHit), with the hit's argument under the code's Args key.
func (a *analysis) firstPhrase(i int, code string) (Reason, bool) {
	return a.firstPhraseWhere(i, code, nil)
}

// firstPhraseWhere is firstPhrase of the hits keep says yes to (all when
// keep is nil).
func (a *analysis) firstPhraseWhere(i int, code string, keep func(int, hit) bool) (Reason, bool) {
	hs := a.hitsOf(i, code)
	if keep != nil {
		hs = slices.DeleteFunc(hs, func(h hit) bool { return !keep(i, h) })
	}
	h, ok := bestHit(hs, code, false)
	if !ok {
		return Reason{}, false
	}
	rs, ok := a.reason(code, i, h.ns, h.ne)
	if !ok {
		return Reason{}, false
	}
	if key := argKey(code); key != "" && h.arg != "" {
		rs.Args = map[string]string{key: h.arg}
	}
	return rs, true
}

// bestHit picks the longest phrase (the most specific), the earliest on a
// tie. For investment a named topic (crypto, gold) beats generic talk.
// skipWeak leaves out hits marked "weak".
func bestHit(hs []hit, code string, skipWeak bool) (hit, bool) {
	best, found := hit{}, false
	score := func(h hit) int {
		s := h.ne - h.ns
		if h.arg != "" && h.arg != "investment" && h.arg != "weak" && argKey(code) != "" {
			s += 1000
		}
		return s
	}
	for _, h := range hs {
		if skipWeak && h.arg == "weak" {
			continue
		}
		if !found || score(h) > score(best) {
			best, found = h, true
		}
	}
	return best, found
}

// strongestPhrase is firstPhrase preferring hits not marked "weak" in the
// lexicon (everyday phrasings: "need a favour", "see you at"); a weak hit
// keeps the share weak of its weight.
func (a *analysis) strongestPhrase(i int, code string, weakStrength float64) (Reason, bool) {
	hs := a.hitsOf(i, code)
	if h, ok := bestHit(hs, code, true); ok {
		if rs, ok := a.reason(code, i, h.ns, h.ne); ok {
			if key := argKey(code); key != "" && h.arg != "" {
				rs.Args = map[string]string{key: h.arg}
			}
			return rs, true
		}
	}
	if h, ok := bestHit(hs, code, false); ok {
		if rs, ok := a.reason(code, i, h.ns, h.ne); ok {
			rs.strength = weakStrength
			return rs, true
		}
	}
	return Reason{}, false
}

// argKey is the Args key a code's lexicon argument goes to (codes.go).
func argKey(code string) string {
	switch code {
	case CodeInvestment:
		return "topic"
	case CodeTradingApp:
		return "app"
	case CodeMovePlatform:
		return "platform"
	case CodeNewNumber, CodeCallsRelative:
		return "relative"
	case CodeImpersonation:
		return "org"
	case CodePhoto:
		return "media"
	}
	return ""
}

func (a *analysis) turnHasLink(i int) bool { return len(a.turnLinks(i)) > 0 }

// riskyLinkIn: a link of turn i is more than one to a site the detectors
// cannot check (a cheap domain ending, a short link, a look-alike...).
func (a *analysis) riskyLinkIn(i int) bool {
	orig := a.turns[i].t.orig
	for _, l := range a.turnLinks(i) {
		for _, rs := range a.judgeLink(orig[l[0]:l[1]]) {
			if rs.Code != CodeLink {
				return true
			}
		}
	}
	return false
}

// sharedPlan: a plan or appointment phrase ("are we still on", "as
// agreed", "your appointment"), or a day together with a time. firm is
// false for everyday phrasings ("see you at", "pick you up") that friends
// use all the time: those count less and only with a day or a time.
func (a *analysis) sharedPlan(i int) (rs Reason, firm, ok bool) {
	k0, k1, okTime := a.findTime(i)
	days := a.hitsOf(i, cueDay)
	// A booking word alone ("your test results", "the quote for the
	// roof") counts for a business, not for a role at the door ("c'est
	// le livreur ... avec votre colis"), unless the role names its
	// business ("the nurse from Dr Okafor's clinic").
	if i == a.firstSender && a.addressedTurn < 0 && (okTime || len(days) > 0 || a.confirmWords(i) || a.hasSlot(i, "booking") && (!a.saysRole(i, true) || a.hasSlot(i, "business"))) {
		// "it's Mandy from the salon, can do thurs at 2": a business or
		// a trade knows its customer's name; one that writes about a
		// booking or a time without it writes to someone else.
		// ... unless it names who arranged it on the owner's side ("the
		// plumber your landlord booked"; not "it's your landlord").
		if b0, b1, ok := a.businessIntro(i); ok && !a.namesOwner(i) && !a.anyWordIn(i, b0, b1, wNeighbours) &&
			!a.slotStarting(i, "owner_agent", func(k0 int) bool { return k0 < b0 || k0 >= b1 }) {
			if rs, ok := a.tokenReason(CodeSharedPlan, i, b0, b1); ok {
				rs.strength = 1.4
				rs.unnamedBooking = true
				rs.Detail = "writes as a business about a booking without naming you: " + quote(rs.Evidence)
				return rs, false, true
			}
		}
		// "Fysiotherapie Centrum West: uw intake staat op dinsdag om 20u":
		// a sender label, a booking and its day or time, and no name of
		// the owner's.
		if l := a.afterLabel(i); l > 0 && (okTime || len(days) > 0) && (a.slotFrom(i, "booking", l) || a.slotFrom(i, "confirm", l) || a.businessIn(i, l)) && !a.namesOwner(i) {
			if rs, ok := a.tokenReason(CodeSharedPlan, i, 0, l); ok {
				rs.strength = 1.4
				rs.unnamedBooking = true
				rs.Detail = "writes as a business about a booking without naming you: " + quote(rs.Evidence)
				return rs, false, true
			}
		}
	}
	if rs, ok := a.strongestPhrase(i, CodeSharedPlan, 0.5); ok {
		rs.Detail = "refers to a plan you never made: " + quote(rs.Evidence)
		firm = rs.strength == 0
		if !firm && (okTime || len(days) > 0 || a.petAddress(i)) {
			// "see you at 5", "pick you up tomorrow": now it is a plan
			firm, rs.strength = true, 0
		}
		if a.saysRole(i, true) {
			// "c'est le livreur, je suis devant votre immeuble": someone
			// who says what they are and where they are, not a plan
			return Reason{}, false, false
		}
		a.unnamedAppointment(i, &rs, okTime && len(days) > 0)
		return rs, firm, true
	}
	if !okTime || len(days) == 0 {
		return Reason{}, false, false
	}
	t := a.turns[i].t
	d0, d1 := t.tokenAt(days[0].ns), t.tokenEndingAt(days[0].ne)
	if d0 < 0 || d1 < 0 {
		return Reason{}, false, false
	}
	s, e := min(k0, d0), max(k1, d1)
	if e-s > 6 {
		// far apart: quote the time only
		s, e = k0, k1
	}
	rs, ok = a.tokenReason(CodeSharedPlan, i, s, e+1)
	if !ok {
		return Reason{}, false, false
	}
	rs.Detail = "sets a time as if you had agreed on it: " + quote(rs.Evidence)
	a.unnamedAppointment(i, &rs, true) // "your dental check-up is on Monday at 10am"
	// Not firm alone, in any script: in Chinese, Japanese and Korean,
	// where no model tells an everyday plan from a misdirected one (see
	// mostlyLogograms), a day and an hour from a stranger warned on 5 of
	// 480 everyday texts (testdata/train/ordinary) for 2 of 41 unread
	// openers: the English bar on everyday texts is 1 %.
	return rs, false, true
}

// unnamedAppointment makes a plan found in turn i a business's booking
// without the owner's name, when the turn speaks of an appointment, or
// of a booked visit or order at a day and a time (dated: "the installer
// will be at yours between 8 and 10am tomorrow"): a business confirming
// an appointment names its customer; one that does not is writing to
// someone else.
func (a *analysis) unnamedAppointment(i int, rs *Reason, dated bool) {
	if a.addressedTurn >= 0 || a.vouched {
		return // named, or a sender who says who they are and where the number came from
	}
	// A booked visit or order counts with its day and time, unless a
	// known brand signs it: "Your parcel 1Z999 will be delivered today
	// between 10:00 and 12:00. UPS" is the carrier's own notice (a fake
	// one is read by its link and the impersonation cues).
	booked := dated && a.hasSlot(i, "booking") && !a.has(i, cueOrg)
	appointments := a.hitsOf(i, cueAppointment)
	if len(appointments) > 0 && !a.othersAppointment(i, appointments) || len(appointments) == 0 && !booked {
		return // the sender's own appointment ("ho una visita medica"), or none
	}
	rs.strength = 1.4
	rs.unnamedBooking = true
	rs.Detail = "confirms an appointment without naming you: " + quote(rs.Evidence)
}

// othersAppointment: one of turn i's appointment words (hits) is not
// the sender's own appointment. "Ho una visita medica", "mon rdv chez le doc", "ich habe
// einen Termin" tell of the writer's day, as "I have a doctor's
// appointment" does in English; "your appointment", "la visita di
// lunedì" may be the reader's.
func (a *analysis) othersAppointment(i int, hits []hit) bool {
	t := a.turns[i].t
	for _, h := range hits {
		k := t.tokenAt(h.ns)
		own := false
		for j := k - 1; j >= 0 && j >= k-5; j-- {
			w := t.word(j)
			if yourWords[w] {
				break
			}
			if ownWords[w] {
				own = true
				break
			}
		}
		if !own {
			return true
		}
	}
	return false
}

// ownWords say the writer has or owns what follows; yourWords that the
// reader does (and stop the look back).
var (
	ownWords = map[string]bool{
		"my": true, "ive": true,
		"ho": true, "avevo": true, "mio": true, "mia": true,
		"mon": true, "ma": true, "ai": true, "j": true,
		"tengo": true, "tenia": true,
		"habe": true, "hab": true, "hatte": true, "mein": true, "meinen": true, "meine": true, "meinem": true,
		"tenho": true, "tinha": true, "meu": true, "minha": true,
		"heb": true, "mijn": true,
	}
	yourWords = map[string]bool{
		"your": true, "ur": true, "tuo": true, "tua": true, "suo": true, "sua": true, "vostro": true, "vostra": true,
		"ton": true, "ta": true, "votre": true, "tu": true, "su": true, "dein": true, "deinen": true, "deine": true,
		"ihr": true, "ihren": true, "ihre": true, "seu": true, "teu": true, "uw": true, "je": true, "jouw": true,
	}
)

// findTime finds a clock time: "5pm", "17:00", "15h", "20h30", "alle 17",
// "um 8 Uhr". It returns the token range.
func (a *analysis) findTime(i int) (int, int, bool) {
	t := a.turns[i].t
	prep := a.lex.codeIdx[cueTimePrep]
	isPrep := func(k int) bool {
		for _, h := range a.turns[i].hits {
			if h.code == prep && h.ne == t.toks[k].ne {
				return true
			}
		}
		return false
	}
	for k := range t.toks {
		w := t.word(k)
		next := ""
		if k+1 < len(t.toks) {
			next = t.word(k + 1)
		}
		num, rest := leadingNumber(w)
		if hourCounters[next] && (rest == "" && num >= 0 || hanHour(w) >= 0) && num <= 24 {
			return k, k + 1, true // "19時", "7点", "6시", "七點"
		}
		if num < 0 || num > 24 {
			continue
		}
		switch {
		case rest == "am" || rest == "pm" || rest == "h" || rest == "hs" || rest == "uhr" || rest == "u":
			return k, k, true // "5pm", "15h", "19u" (Flemish)
		case len(rest) == 3 && rest[0] == 'h' && isDigits(rest[1:]):
			return k, k, true // 20h30
		case rest != "":
			continue
		}
		if next != "" && len(next) >= 2 && isDigits(next[:2]) && (len(next) == 2 || isClockSuffix(next[2:])) {
			sep := t.orig[t.toks[k].oe:t.toks[k+1].os]
			if sep == ":" || sep == "." || sep == "h" {
				return k, k + 1, true
			}
		}
		if next == "am" || next == "pm" || next == "uhr" || next == "h" || next == "hrs" || next == "oclock" ||
			next == "heures" || next == "heure" || next == "uur" ||
			next == "kor" || next == "orakor" { // Hungarian "5-kor", "17 órakor"
			return k, k + 1, true
		}
		if next == "o" && k+2 < len(t.toks) && t.word(k+2) == "clock" {
			return k, k + 2, true // "3 o'clock"
		}
		if k > 0 && isPrep(k-1) {
			return k - 1, k, true
		}
		if k > 0 && (t.word(k-1) == "half" || t.word(k-1) == "halb") && num <= 12 {
			return k - 1, k, true // "om half 7", "um halb 8"
		}
	}
	return 0, 0, false
}

func isClockSuffix(s string) bool { return s == "am" || s == "pm" || s == "h" }

// japaneseNameFirst: turn i opens with a name in kanji or katakana
// followed by "です" ("田中です、番号変わりました"), as a Japanese sender
// says who writes; not a day ("明日です").
func (a *analysis) japaneseNameFirst(i int) bool {
	t := a.turns[i].t
	k := 0
	for k < len(t.toks) && k < 5 && isHanOrKatakana(t.word(k)) {
		k++
	}
	if k == 0 || k > 4 || k+1 >= len(t.toks) || t.word(k) != "で" || t.word(k+1) != "す" {
		return false
	}
	for _, h := range a.hitsOf(i, cueDay) {
		if h.ns < t.toks[k-1].ne {
			return false
		}
	}
	return true
}

func isHanOrKatakana(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return size == len(w) && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Katakana, r))
}

// secondPerson: "you" in Chinese ("我是你的老朋友" says nothing of who
// writes).
var secondPerson = map[string]bool{"你": true, "妳": true, "您": true}

// hourCounters follow an hour in Chinese, Japanese and Korean, which the
// normaliser splits into words of one character or syllable: "19時",
// "晚上7点", "6시 반".
var hourCounters = map[string]bool{"時": true, "时": true, "点": true, "點": true, "시": true}

// hanHour reads a Chinese numeral of two to twelve written as one
// character ("七點", "两点"); -1 otherwise. One ("一点") is left out: it is
// also "a little".
func hanHour(w string) int {
	if len(w) != 3 {
		return -1
	}
	i := strings.Index("二两兩三四五六七八九十", w)
	if i < 0 {
		return -1
	}
	return [...]int{2, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10}[i/3]
}

// leadingNumber splits "5pm" into 5 and "pm"; -1 when w has no leading
// digits or more than two.
func leadingNumber(w string) (int, string) {
	n := 0
	for n < len(w) && w[n] >= '0' && w[n] <= '9' {
		n++
	}
	if n == 0 || n > 2 {
		return -1, ""
	}
	v, err := strconv.Atoi(w[:n])
	if err != nil {
		return -1, ""
	}
	return v, w[n:]
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// saysWhoWrites: the sender gives a name ("this is Bella", "Pete here",
// "sono Giorgia", "Regards, Tom", "x Kate") or writes as a business
// ("Riverside Vets", "UPS: ...").
func (a *analysis) saysWhoWrites(i int) bool {
	return a.turns[i].saysWho.get(func() bool { return a.findWhoWrites(i) })
}

func (a *analysis) findWhoWrites(i int) bool {
	t := a.turns[i].t
	n := len(t.toks)
	if n == 0 {
		return false
	}
	// "this is X", "sono X", "ich bin X": intro phrase then a name
	for _, in := range a.selfIntros(i) {
		j := in[1]
		for j < n && (t.is(a.w, j, wArticles) || t.is(a.w, j, wHonorifics)) {
			j++
		}
		if j < n && a.nameLike(i, j, false) && !a.isOwnerName(t.word(j)) && !a.inItsMe(i, j) && !(a.askedWhether(i, j) && asks(t, j)) {
			return true // not "это Ольга?", which asks
		}
		if a.introRole(t, j) || a.introFriendOf(i, j) || a.introParentOf(i, j) {
			return true
		}
		// "sy Yoga dari cabang Bekasi", "em là Long bên đội bóng": a
		// capitalised word between an introduction and "from" is the
		// sender's name, though a word of some lexicon too; not before
		// "here" ("I'm New here") nor a modifier or an article
		if j+1 < n && t.toks[j].upper && !t.toks[j].allUpper && t.toks[j].punct == 0 &&
			t.is(a.w, j+1, wIntroAfter) && !t.is(a.w, j+1, wIntroHere) && !a.isRelativeAt(i, j) {
			if w := t.word(j); !a.isOwnerName(w) && !a.w.has(w, wGreetings) && !a.w.has(w, wRoleModifiers) && !a.w.has(w, wArticles) {
				return true
			}
		}
		// "我是小王": Chinese names and roles are characters no list holds
		if j < n && mostlyLogograms(t) && isLogogramWord(t.word(j)) && !secondPerson[t.word(j)] {
			return true
		}
	}
	if a.japaneseNameFirst(i) {
		return true
	}
	for k := 0; k < n; k++ {
		w := t.word(k)
		// "Pete here", "Hi, Aoife from the salon", "Hoi Sanne, met Daan
		// van de hockeyclub": the name opens a sentence, follows a
		// greeting or a mark, or stands among the message's first words
		// but not after "from" ("your number from Kim from the gym"
		// names the giver)
		// (where the name stands first: the cheapest test, and the one most
		// words fail)
		if (t.toks[k].sentenceStart || t.toks[k-1].punct != 0 || t.is(a.w, k-1, wGreetings) ||
			k <= 3 && !t.is(a.w, k-1, wIntroAfter)) &&
			a.introAfterName(t, k) && a.nameLike(i, k, false) && !a.isOwnerName(w) && !a.inItsMe(i, k) && !a.askedWhether(i, k) {
			return true
		}
		if a.namedRole(t, k) && a.nameLike(i, k, false) && !a.isOwnerName(w) {
			return true
		}
		// "Regards, Tom", "See you! Love from Tom", "... see you soon x
		// Kate": a sign-off opens its line or sentence, follows a mark,
		// or ends the message with the name, unless it is a word like
		// "from" ("I got your number from Kim" signs nothing)
		if t.is(a.w, k, wSignOffs) && k+1 < n && a.nameLike(i, k+1, false) && !a.w.hasBytes(t.phrase(k, k+2), wGreetPairs) && // "Grüß Gott" greets
			(t.toks[k].sentenceStart || k > 0 && t.toks[k-1].punct != 0 || k+2 == n && !t.is(a.w, k, wIntroAfter)) {
			return true
		}
	}
	// "it's me, Chloe", "c'est moi Léa"; not "it's me. Left my phone"
	if code, ok := a.lex.slotIdx["its_me"]; ok {
		for _, o := range a.slots(i) {
			if o.code == code && o.k1 < n && o.k1 > 0 && !endsSentence(t.toks[o.k1-1].punct) &&
				a.nameLike(i, o.k1, false) && !a.isOwnerName(t.word(o.k1)) {
				return true
			}
		}
	}
	// a known name signs the message off after a mark: "... see you!
	// Kate", not "I got your number from Kim"
	last := n - 1
	if w := t.word(last); a.lex.givenNames[w] && t.toks[last].upper && !a.isOwnerName(w) && n > 4 && t.toks[last-1].punct != 0 {
		return true
	}
	// "... Thanks, Lucy (Emma's mum)", "... see you there! Tom's dad":
	// the message ends saying whose parent (or what role) writes; not
	// "Is this Emma's mum?" nor "I'm outside with Emma's mum"
	if n > 4 {
		if t.possessive(last-2) && t.toks[last].punct != '?' &&
			t.toks[last-3].punct != 0 && (a.isRelativeAt(i, last) || t.is(a.w, last, wRoles)) && a.nameLike(i, last-2, false) {
			return true
		}
	}
	// "Org: message" sender label, not "Mamá, papá: ..." or "Kate,
	// quick: ..." to the owner nor "Niet vergeten: zaterdag om 8 uur"
	// (the label is a plan)
	// nor "Warning: if you park here again", "Te aviso: ..." (not_labels)
	if t.toks[0].upper && (t.toks[0].punct == ':' || n > 1 && t.toks[1].punct == ':' && t.toks[0].punct != ',') &&
		!a.isRelativeAt(i, 0) && !a.labelIsPlan(i) {
		end := 1
		if t.toks[0].punct == ':' {
			end = 0
		}
		return !a.noticeLabel(t, end)
	}
	return false
}

// introAfterName: the words after token k make it the sender's name: an
// intro_after word right after it ("Pete here", "Dima из бухгалтерии",
// "Giorgos vagyok"), or after the sender's role ("Dave the plumber
// here", "Giorgos vízszerelő vagyok": Giorgos the plumber I am).
func (a *analysis) introAfterName(t *text, k int) bool { return a.introAfterAt(t, k) > k }

// introAfterAt is the token of the intro_after word that makes token k
// the sender's name (see introAfterName), or -1.
func (a *analysis) introAfterAt(t *text, k int) int {
	n := len(t.toks)
	if k+1 < n && t.is(a.w, k+1, wIntroAfter) {
		return k + 1
	}
	j := k + 1
	if j < n && t.toks[k].punct == 0 && t.is(a.w, j, wArticles) {
		j++
	}
	// the role: up to three words of roles and their modifiers, a role
	// last ("the delivery driver", "the new neighbour")
	r := j
	for r < n && r-j < 3 && t.toks[r-1].punct == 0 && (t.is(a.w, r, wRoles) || t.is(a.w, r, wRoleModifiers)) {
		r++
	}
	if r > j && t.is(a.w, r-1, wRoles) && r < n && t.toks[r-1].punct == 0 && t.is(a.w, r, wIntroAfter) {
		return r
	}
	return -1
}

// noticeLabel: tokens 0..k, before a colon, are a notice ("Warning:",
// "Te aviso:", "Achtung:"), not a sender's name.
func (a *analysis) noticeLabel(t *text, k int) bool {
	return a.w.hasBytes(t.phrase(0, k+1), wNotLabels)
}

// anyUpper: some word of t is capitalised.
func anyUpper(t *text) bool {
	for _, tk := range t.toks {
		if tk.upper {
			return true
		}
	}
	return false
}

func isDigitWord(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

// labelIsPlan: the words before a colon that opens turn i are a shared
// plan phrase ("Don't forget:", "Niet vergeten:"), not a sender's name.
func (a *analysis) labelIsPlan(i int) bool {
	t := a.turns[i].t
	end := 0
	if t.toks[0].punct != ':' {
		end = 1
	}
	for _, h := range a.hitsOf(i, CodeSharedPlan) {
		if t.tokenAt(h.ns) == 0 && t.tokenCovering(h.ne) == end {
			return true
		}
	}
	return false
}

// endsSentence: punctuation p after a word closes its sentence.
func endsSentence(p rune) bool {
	return p == '.' || p == '!' || p == '?' || p == '\n'
}

// roleAt: one of the words from j on names a role ("the delivery
// driver", "le livreur Chronopost").
//
// Only articles, modifiers ("new", "usual") and capitalised words may
// stand before the role: "I'm calling the landlord" introduces nobody.
func (a *analysis) roleAt(t *text, j int) bool {
	n := len(t.toks)
	for r := j; r < n && r <= j+2; r++ {
		if t.is(a.w, r, wRoles) || r+1 < n && a.w.hasBytes(t.phrase(r, r+2), wRoles) {
			return true
		}
		if w := t.word(r); !a.w.has(w, wArticles) && !a.w.has(w, wRoleModifiers) && !t.toks[r].upper {
			return false
		}
	}
	return false
}

// businessIntro finds where the sender introduces themselves as a
// business or a trade: "it's Mandy from the salon", "this is Parkside
// Pharmacy", "c'est le livreur". Between the introduction and the
// business or role word only names, articles and "from" may stand, so
// "it's raining at the salon" introduces nobody. It returns the tokens
// from the introduction to that word.
func (a *analysis) businessIntro(i int) (int, int, bool) {
	t := a.turns[i].t
	n := len(t.toks)
	isBiz := func(x int) int { return a.businessEnd(i, x) }
	// "Hi, driver from HomeStyle Furniture", "Reception here",
	// "Westside Opticians here", "Hello from Riverside Vet Clinic": the
	// message opens with the business or the role itself, maybe after
	// its name, or greets from it.
	if x, _ := a.skipGreeting(t, 0); x < n {
		if x > 0 && x+1 < n && t.is(a.w, x, wNotNames) && t.toks[x].punct == ',' {
			x++ // "Morning sir, Johan the electrician.": the reader, not yet the sender
		}
		from := x > 0 && x+1 < n && t.is(a.w, x, wIntroAfter) && t.toks[x].punct == 0
		if from {
			x++
		}
		y := x // the business's own name: up to three capitalised words, or an article
		for y < n && y-x < 3 && (t.toks[y].upper || t.is(a.w, y, wArticles)) && isBiz(y) < 0 && !endsSentence(t.toks[y].punct) {
			y++
		}
		if end := isBiz(y); end > 0 {
			switch {
			case from && y > x:
				return x, end, true
			case end < n && t.is(a.w, end, wIntroAfter):
				return x, end + 1, true // and "here"
			case y > x && end < n && strings.ContainsRune(".:", t.toks[end-1].punct):
				// "Good afternoon, Hartley & Co Solicitors. Exchange
				// on the flat...": the business's name as a label
				return x, end, true
			case y == x && !from:
				// "Escola Monteiro Lobato: a mensalidade...", "Club
				// Atlético Villa Sarmiento: la cuota...": the trade first
				// and its name after, as a label before a colon
				for z := end; z < n && z-end < 4 && t.toks[z].upper; z++ {
					if t.toks[z].punct == ':' {
						return x, z + 1, true
					}
					if t.toks[z].punct != 0 {
						break
					}
				}
			}
		}
	}
	// "... ready to collect - Lily Photography": a business signs off
	// after a dash or a line break.
	for x := n - 1; x >= max(n-4, 1); x-- {
		if isBiz(x) != n {
			continue
		}
		y := x
		for y > 1 && x-y < 3 && t.toks[y-1].upper && t.toks[y-1].punct == 0 {
			y--
		}
		// the dash or the line break may follow a full stop: "pending. -
		// Royal Tailors"
		if strings.ContainsAny(t.orig[t.toks[y-1].oe:t.toks[y].os], "-–—\n") ||
			t.is(a.w, y-1, wSignOffs) && t.toks[y-1].punct == ',' { // "Thanks, Clearview Opticians"
			return y, n, true
		}
		break
	}
	for _, in := range a.selfIntros(i) {
		k, span := in[0], in[1]-in[0]
		for x := k + span; x < n && x <= k+span+5; x++ {
			if end := isBiz(x); end > 0 {
				return k, end, true
			}
			if x > k+span && x+1 < n && t.toks[x].punct == 0 {
				// "from the carpet shop": one word names the trade
				if end := isBiz(x + 1); end > 0 {
					return k, end, true
				}
			}
			w := t.word(x)
			if a.w.has(w, wIntroFillers) {
				continue // "this is a reminder from Northside Eye Clinic"
			}
			// "yo it's dre from the shop": one word right after the
			// introduction is a name when "from" follows it and it is
			// capitalised, or the writer capitalises nothing; not a
			// number ("it's 5 mins from the office")
			named := x == k+span && x+1 < n && t.is(a.w, x+1, wIntroAfter) && t.toks[x].punct == 0 &&
				(t.toks[x].upper || !anyUpper(t)) && !isDigitWord(w)
			if !(named || a.w.has(w, wArticles) || a.w.has(w, wHonorifics) || a.w.has(w, wIntroAfter) || a.nameLike(i, x, false)) ||
				endsSentence(t.toks[x].punct) {
				break
			}
		}
	}
	for k := 0; k+2 < n; k++ {
		// "Mr Patel here, the maths tutor", "Steve here from Summit
		// Roofing": a name, "here", then the role or the business
		if !t.is(a.w, k+1, wIntroAfter) || !a.nameLike(i, k, false) || endsSentence(t.toks[k+1].punct) {
			continue
		}
		for x := k + 2; x < n && x <= k+5; x++ {
			if end := isBiz(x); end > 0 {
				return k, end, true
			}
			if endsSentence(t.toks[x].punct) {
				break
			}
		}
	}
	return 0, 0, false
}

// namesOwner: a word of turn i is one of the owner's names, wherever it
// stands ("tu sekretariat sp nr 12. elena, zebranie..."), but not a word
// of a place's name ("chi nhánh Hà Nội" names no Hà) nor one the owner's
// name only folds to ("cuối tuần" is not Tuấn).
func (a *analysis) namesOwner(i int) bool {
	t := a.turns[i].t
	for k := range t.toks {
		if a.isOwnerName(t.word(k)) && !a.otherAccents(t, k) && !a.partOfProperNoun(i, k) {
			return true
		}
	}
	return a.namesOwnerInLogograms(i)
}

// namesOwnerInLogograms: turn i holds one of the owner's names written in
// Chinese characters, kana or Korean syllables ("小林", "민수" in
// "김민수님"), whole (see ownerSets.runs).
func (a *analysis) namesOwnerInLogograms(i int) bool {
	for _, n := range a.ownerRuns {
		if strings.Contains(a.turns[i].t.orig, n) {
			return true
		}
	}
	return false
}

func allLogograms(s string) bool {
	for _, r := range s {
		if !isLogogram(r) {
			return false
		}
	}
	return true
}

// confirmWords: turn i says something is confirmed, ready, moved or due
// (the confirm slot of the business-confirm frame). A parcel alone is
// no booking: "c'est le livreur, je suis devant votre immeuble avec
// votre colis" is a courier at the door.
func (a *analysis) confirmWords(i int) bool { return a.hasSlot(i, "confirm") }

// saysRole: the sender introduces themselves by a role the owner can
// check on the spot ("c'est le livreur", "it's the plumber"). Unless
// described, a bare role said with an indefinite article does not count:
// "I'm a nurse from Manila" describes the sender, "I'm the nurse" or "I'm
// a new neighbour" places them in the owner's life.
func (a *analysis) saysRole(i int, described bool) bool {
	t := a.turns[i].t
	n := len(t.toks)
	for _, in := range a.selfIntros(i) {
		j := in[1]
		indefinite := false
		for j < n && (t.is(a.w, j, wArticles) || t.is(a.w, j, wHonorifics)) {
			indefinite = indefinite || t.is(a.w, j, wIndefinite)
			j++
		}
		// "a new neighbour" is one to the owner still
		if j < n && (described || !indefinite || t.is(a.w, j, wRoleModifiers)) && a.introRole(t, j) {
			return true
		}
	}
	// "your driver here", "Hausmeister hier": the role, then the word
	// that says it is the one writing, among the message's first words
	for k := 1; k < n && k <= 8; k++ {
		if t.is(a.w, k, wIntroHere) && t.toks[k-1].punct == 0 && t.is(a.w, k-1, wRoles) {
			return true
		}
	}
	// "Bonjour, livreur Chronopost, je suis devant votre immeuble": the
	// role and its company open the message as its label
	if j, _ := a.skipGreeting(t, 0); j+1 < n && t.is(a.w, j, wRoles) && t.toks[j].punct == 0 &&
		t.toks[j+1].upper && strings.ContainsRune(",.:", t.toks[j+1].punct) {
		return true
	}
	return false
}

// inItsMe: word k of turn i is part of an "it's me" phrase, so no
// name: Norwegian "det er meg" is "it's me", not "it's Meg".
func (a *analysis) inItsMe(i, k int) bool {
	code, ok := a.lex.slotIdx["its_me"]
	if !ok {
		return false
	}
	for _, o := range a.slots(i) {
		if o.code == code && o.k0 <= k && k < o.k1 {
			return true
		}
	}
	return false
}

// selfIntros returns the introduction phrases ("this is", "ich bin") of
// turn i that some word follows, as token ranges in text order (found
// once: three readings of who writes start from them).
func (a *analysis) selfIntros(i int) [][2]int {
	tu := &a.turns[i]
	if tu.introsDone {
		return tu.intros
	}
	tu.introsDone = true
	t := tu.t
	n := len(t.toks)
	for k := 0; k < n; k++ {
		if !t.is(a.w, k, wIntroFirst) {
			continue // no phrase starts with the word: one lookup, not three
		}
		for span := 1; span <= 3 && k+span < n; span++ {
			if endsSentence(t.toks[k+span-1].punct) {
				break // "lo dejamos aquí. Cuídate": the name follows in its sentence
			}
			f := a.w.ofBytes(t.phrase(k, k+span))
			if f&wSelfIntro != 0 || f&wIntroOpening != 0 && a.greetingPosition(i, k) {
				tu.intros = append(tu.intros, [2]int{k, k + span})
			}
		}
	}
	return tu.intros
}

// introRole: the words an introduction starts at j name a role, right
// away ("the plumber") or after a name ("i'm grace, the new neighbour").
func (a *analysis) introRole(t *text, j int) bool {
	return a.roleAt(t, j) || j+1 < len(t.toks) && t.toks[j].punct == ',' && a.roleAt(t, j+1)
}

// anyWordIn: a word of tokens [k0,k1) of turn i is in set.
func (a *analysis) anyWordIn(i, k0, k1 int, f wordFlag) bool {
	t := a.turns[i].t
	for k := k0; k < k1 && k < len(t.toks); k++ {
		if t.is(a.w, k, f) {
			return true
		}
	}
	return false
}

// businessEnd is the end of a business or trade word at token x of turn
// i ("salon", "the plumber", "Dental Clinic"), or -1. Only exact words
// count: "really" is no typo of "realty".
func (a *analysis) businessEnd(i, x int) int {
	t := a.turns[i].t
	n := len(t.toks)
	if x >= n {
		return -1 // the name ran to the end of the message: no word after it
	}
	if t.is(a.w, x, wRoles) {
		return x + 1
	}
	if x+1 < n && a.w.hasBytes(t.phrase(x, x+2), wRoles) {
		return x + 2
	}
	if biz := a.lex.businessCode; biz >= 0 {
		for _, h := range a.turns[i].hits {
			if h.code == biz && t.tokenAt(h.ns) == x {
				if e := t.tokenCovering(h.ne); e >= x {
					return e + 1
				}
			}
		}
	}
	return -1
}

// asks: the sentence of token k ends with a question mark.
func asks(t *text, k int) bool {
	for ; k < len(t.toks); k++ {
		if p := t.toks[k].punct; p == '?' {
			return true
		} else if endsSentence(p) {
			return false
		}
	}
	return false
}

// askedWhether: the name at k is the one an "is this X?" asks about
// ("sei la Francesca del corso?"), who is not the sender.
func (a *analysis) askedWhether(i, k int) bool {
	t := a.turns[i].t
	for _, h := range a.hitsOf(i, CodeIsThis) {
		if e := t.tokenCovering(h.ne); e >= k-2 && e < k {
			return true
		}
	}
	return false
}

// namedRole: the name at j follows a greeting and a mark and is followed
// by a comma and a role, "Hello, Mark, the neighbour at 14", "Bonjour,
// Marc, le voisin du 14": the sender's name and what they are, not
// someone greeted ("Hi Mark, the plumber is late" has no mark before
// the name).
func (a *analysis) namedRole(t *text, j int) bool {
	return j > 0 && j+1 < len(t.toks) && t.toks[j-1].punct == ',' && t.toks[j].punct == ',' &&
		(t.is(a.w, j-1, wGreetings) || a.w.has(squeezeTail(t.word(j-1)), wGreetings)) && a.roleAt(t, j+1)
}

// introFriendOf: the word at j is followed by a named go-between in
// apposition, "i'm wylie, ryan's friend": a lower-case name nobody knows
// still introduces the sender when a named person vouches for them.
func (a *analysis) introFriendOf(i, j int) bool {
	t := a.turns[i].t
	g := j + 1 // the go-between's name
	if g+2 >= len(t.toks) || t.toks[j].punct != ',' || t.word(g+1) != "s" || !a.nameLike(i, g, false) {
		return false
	}
	return a.hasSlotAt(i, "friend", g+2) || a.isRelativeAt(i, g+2)
}

// introParentOf: after an introduction, a relative of someone named
// ("je suis la maman de Léa", "sono la mamma di Giulia", "ich bin die
// Mutter von Max", "sou a mãe do Pedro"): a class parent says who writes.
func (a *analysis) introParentOf(i, j int) bool {
	t := a.turns[i].t
	if j+2 >= len(t.toks) || !a.isRelativeAt(i, j) || t.toks[j].punct != 0 {
		return false
	}
	of := t.word(j + 1)
	if (isPreposition(of) || ofWords[of]) && a.nameLike(i, j+2, false) && !a.isOwnerName(t.word(j+2)) {
		return true
	}
	// "це Андрій, син Валентини Іванівни", "jsem syn pana Horáka": the
	// genitive says "of" itself. A title ("pana") or a script other than
	// Latin must show it: in English "mum Anna" is no one's son.
	k := j + 1
	for k < len(t.toks) && (t.is(a.w, k, wHonorifics) || t.is(a.w, k, wArticles)) {
		k++
	}
	return k < len(t.toks) && (k > j+1 || !mostlyLatin(t.orig)) && t.toks[k].upper &&
		a.nameLike(i, k, false) && !a.isOwnerName(t.word(k))
}

// saysParentOf: the sender's introduction in turn i names them as the
// parent (or another relative) of someone named, right after the
// introduction or after their own name: "sono Marta, la mamma di Luca",
// "this is Tom's mum", "je suis la maman de Léo".
func (a *analysis) saysParentOf(i int) bool {
	t := a.turns[i].t
	n := len(t.toks)
	skip := func(j int) int {
		for j < n && (t.is(a.w, j, wArticles) || t.is(a.w, j, wHonorifics)) {
			j++
		}
		return j
	}
	for _, in := range a.selfIntros(i) {
		j := skip(in[1])
		if j < n && a.nameLike(i, j, false) && t.toks[j].punct == ',' {
			j = skip(j + 1) // "sono Marta, la mamma di Luca"
		}
		if j >= n {
			continue
		}
		if a.introParentOf(i, j) {
			return true
		}
		// "this is Tom's mum": a name, its possessive, a relative
		if j+2 < n && t.word(j+1) == "s" && a.nameLike(i, j, false) && !a.isOwnerName(t.word(j)) && a.isRelativeAt(i, j+2) {
			return true
		}
	}
	return false
}

// ofWords join a relative to whose relative it is where isPreposition
// does not ("do Pedro", "della Giulia", "vom Max").
var ofWords = map[string]bool{"do": true, "da": true, "dos": true, "das": true, "della": true, "dello": true, "vom": true}

// anonymous: the opener treats the owner as someone they know, yet never
// says who is writing. Evidence is the message's first words.
func (a *analysis) anonymous(i int) (Reason, bool) {
	t := a.turns[i].t
	end := 0
	for end < len(t.toks)-1 && end < 7 {
		p := t.toks[end].punct
		if p == '.' && a.abbreviation(t, end) {
			end++ // "Hola Sr. Gómez": a title's period ends nothing
			continue
		}
		if p == '.' || p == '?' || p == '!' || p == ',' || p == '\n' {
			break
		}
		end++
	}
	rs, ok := a.tokenReason(CodeAnonymousSender, i, 0, end+1)
	if !ok {
		return Reason{}, false
	}
	rs.Detail = "writes as if you knew each other (" + quote(rs.Evidence) + ") but never says who is writing"
	return rs, true
}

// impersonation: an organisation (bank, courier, tax office, police)
// together with pressure ("within 24h", "warrant", "account suspended"),
// or pressure plus a link.
func (a *analysis) impersonation(i int) (Reason, bool) {
	if a.service {
		// alphanumeric SMS senders are the real businesses; their
		// look-alike links are judged by the link cues
		if !a.turnHasLink(i) {
			return Reason{}, false
		}
	}
	direct, hasDirect := a.firstPhrase(i, CodeImpersonation)
	urg := a.hitsOf(i, cueUrgency)
	orgs := a.hitsOf(i, cueOrg)
	org := ""
	if len(orgs) > 0 {
		org = orgs[0].arg
	}
	var rs Reason
	switch {
	case hasDirect:
		rs = direct
	case len(urg) > 0 && (len(orgs) > 0 || a.turnHasLink(i)):
		if len(orgs) == 0 && a.addressedTurn >= 0 && a.addressedTurn <= i && !a.addressedAsKin && !a.riskyLinkIn(i) {
			// "Sayın Ayşe Yılmaz, randevunuz onaylanmazsa iptal
			// edilecektir: <link>": a deadline and an ordinary link, to
			// the owner by name, is the clinic or the shop that knows
			// them; with a throw-away domain, a short link or a look-alike
			// ("Dear Ann, verify within 24 hours: secure-verify.top") it
			// stays an impersonator's, who may know the name too
			return Reason{}, false
		}
		r, ok := a.reason(CodeImpersonation, i, urg[0].ns, urg[0].ne)
		if !ok {
			return Reason{}, false
		}
		rs = r
	default:
		return Reason{}, false
	}
	if org == "" && rs.Args != nil {
		org = rs.Args["org"]
	}
	if org != "" && a.linksOnlyTo(i, org) {
		// "Correios: ... pague SOMENTE em correios.com.br": sending the
		// reader to the organisation's own site is what it does itself
		return Reason{}, false
	}
	rs.Args = map[string]string{"org": org}
	if org != "" {
		rs.Detail = "writes as " + org + " and pressures you: " + quote(rs.Evidence)
	} else {
		rs.Detail = "pressures you like an official body would: " + quote(rs.Evidence)
	}
	return rs, true
}

// plainPlanAsk: turn i, the sender's first, is one short question or
// proposal about a plan or about where the reader is ("Around for dinner
// today?", "Are you still in Boston?", "Let's practice yoga together
// tomorrow."), from a sender who names no one and says not who they
// are: the whole message presumes the reader knows.
func (a *analysis) plainPlanAsk(i int) bool {
	if i != a.firstSender || a.addressedTurn >= 0 || a.saysWhoWrites(i) {
		return false
	}
	t := a.turns[i].t
	n := len(t.toks)
	if n < 3 || n > plainAskWords || t.toks[n-1].punct != '?' && !a.proposes(t) {
		return false
	}
	ends, _ := t.sentencesBeforeLast()
	return ends == 0
}

// sentencesBeforeLast counts the sentences that end before t's last
// word, and returns where the last sentence starts: a message of one
// sentence has none before it and starts at 0.
func (t *text) sentencesBeforeLast() (ends, lastStart int) {
	for k := 0; k < len(t.toks)-1; k++ {
		if endsSentence(t.toks[k].punct) {
			ends, lastStart = ends+1, k+1
		}
	}
	return ends, lastStart
}

// proposes: t opens, after a greeting if any, with a proposal ("Let's
// practice yoga together tomorrow.", "Hey, lass uns morgen laufen gehen").
func (a *analysis) proposes(t *text) bool {
	k := 0
	if j, ok := a.skipGreeting(t, 0); ok {
		k = j
	}
	if k >= len(t.toks) {
		return false
	}
	return t.is(a.w, k, wProposals) || k+2 <= len(t.toks) && a.w.hasBytes(t.phrase(k, k+2), wProposals)
}

// plainAskWords: the longest question plainPlanAsk reads as a whole
// opener.
const plainAskWords = 8
