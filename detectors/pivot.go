package detectors

import "strings"

// pivotCues: where the scam turns to its goal. Investment talk (crypto,
// forex, gold), a relative who is an analyst, promised returns, a trading
// app; requests for money, gift cards or a verification code; moving the
// chat to another app; remote jobs paid per task; "Hi Mum, new number".
type pivotCues struct{}

func (pivotCues) Name() string { return "pivot" }

func (pivotCues) Detect(a *analysis, emit emitFunc) {
	for i, tu := range a.turns {
		if tu.fromOwner {
			continue
		}
		if rs, ok := a.firstPhrase(i, CodeInvestment); ok {
			rs.Detail = "brings up investing (" + argOr(rs.Args, "topic", "investment") + "): " + quote(rs.Evidence)
			emit(rs)
		}
		if rs, ok := a.firstPhrase(i, CodeMentor); ok && a.investmentTalk() {
			rs.Detail = "mentions an expert who shares tips: " + quote(rs.Evidence)
			emit(rs)
		}
		if rs, ok := a.returns(i); ok {
			emit(rs)
		}
		if rs, ok := a.firstPhrase(i, CodeTradingApp); ok {
			if app := argOr(rs.Args, "app", ""); app != "" {
				rs.Detail = "pushes a trading platform (" + app + "): " + quote(rs.Evidence)
			} else {
				rs.Detail = "pushes a trading app or platform: " + quote(rs.Evidence)
			}
			emit(rs)
		}
		if rs, ok := a.strongestPhrase(i, CodeMoney, 0.3); ok {
			if oneWord(rs.Evidence) && rs.strength == 0 {
				rs = a.severalWordMoney(i, rs)
			}
			rs.Detail = "asks for money, gift cards or a code: " + quote(rs.Evidence)
			switch {
			case a.collects(i) || a.hasSlot(i, "dues"):
				// "€5 each for the teacher's present, Bizum please",
				// "your membership renewal is due": a collection from a
				// group, not a request to you
				rs.strength = 0.15
			case oneWord(rs.Evidence) && rs.strength == 0:
				// one word ("Bizum", "TWINT", "IBAN"): a way to pay is
				// named, which bills and friends do too; a request says
				// more ("send me", "I need money", a paypal.me link)
				rs.strength = 0.3
				if a.addressedTurn >= 0 {
					rs.strength = 0.15
				}
			}
			emit(rs)
		}
		if rs, ok := a.movePlatform(i); ok {
			emit(rs)
		}
		if rs, ok := a.jobOffer(i); ok {
			emit(rs)
		}
		if rs, ok := a.newNumber(i); ok {
			emit(rs)
		} else if rs, ok := a.bareRelative(i); ok {
			emit(rs)
		}
	}
}

// oneWord: evidence is a single word ("Bizum", "devolvo"), no link,
// handle or sum.
func oneWord(evidence string) bool {
	if strings.ContainsAny(strings.TrimSpace(evidence), " \t.@$/") {
		return false
	}
	// Chinese, Japanese and Korean write a request without spaces:
	// "打钱给我" is four words, each character one (see isLogogram)
	n := 0
	for _, r := range evidence {
		if isLogogram(r) {
			n++
		}
	}
	return n < 2
}

// severalWordMoney: the turn's money phrase of several words, if it has
// one beside the one-word rs ("um pix ... devolvo amanhã": the longer
// single word was chosen, but "um pix" is the request), else rs.
func (a *analysis) severalWordMoney(i int, rs Reason) Reason {
	for _, h := range a.hitsOf(i, CodeMoney) {
		if h.arg == "weak" {
			continue
		}
		if r, ok := a.reason(CodeMoney, i, h.ns, h.ne); ok && !oneWord(r.Evidence) {
			return r
		}
	}
	return rs
}

// collects: turn i collects money from a group ("€5 each for the
// teacher's present", "hi all, whip round"). Beside gift cards, "each"
// (slot unit_each) is a unit price, not a share: "5 Apple gift cards,
// $100 each, scratch the backs and send me photos" asks one person.
func (a *analysis) collects(i int) bool {
	code, ok := a.lex.slotIdx["collection"]
	if !ok {
		return false
	}
	unit, hasUnit := a.lex.slotIdx["unit_each"]
	gift := hasUnit && a.hasSlot(i, "giftcard")
	occ := a.slots(i)
next:
	for _, o := range occ {
		if o.code != code {
			continue
		}
		if gift {
			for _, u := range occ {
				if u.code == unit && u.k0 == o.k0 && u.k1 == o.k1 {
					continue next
				}
			}
		}
		return true
	}
	return false
}

// writerOf is who writes when the owner is called by relative ("grandma":
// a grandchild), in the reasons' English details; warnings say it in the
// owner's language (bot/warntext, [writer]).
func writerOf(relative string) string {
	switch relative {
	case "mum", "dad":
		return "your child"
	case "grandma", "grandpa":
		return "your grandchild"
	case "aunt", "uncle":
		return "your niece or nephew"
	case "son", "daughter":
		return "your parent"
	}
	return "someone in your family"
}

// bareRelativeWords is how long a first message that only calls the
// owner "Mum" may be ("Hoi mam", "Mami?", "Hi Dad, are you busy?").
const bareRelativeWords = 5

// bareRelative: the sender's first message is short and calls the owner
// by a relative's word, greeted ("Hoi mam") or on its own ("Mami?"),
// without saying who writes: the "hi mum" scam's first move, whose story
// of a new number usually comes once the parent answers. A caution, not
// more (opener.calls_relative).
func (a *analysis) bareRelative(i int) (Reason, bool) {
	t := a.turns[i].t
	if i != a.firstSender || len(t.toks) == 0 || len(t.toks) > bareRelativeWords || a.saysWhoWrites(i) {
		return Reason{}, false
	}
	h, j, greeted, ok := a.openingRelative(i)
	if !ok {
		return Reason{}, false
	}
	// called, not talked about: "Dad went out" tells
	if p := t.toks[j].punct; !greeted && p == 0 && j+1 < len(t.toks) {
		return Reason{}, false
	}
	rs, ok := a.tokenReason(CodeCallsRelative, i, 0, j+1)
	if !ok {
		return Reason{}, false
	}
	word := t.evidence(h.ns, h.ne)
	rs.Args = map[string]string{"relative": h.arg, "word": word}
	rs.Detail = "writes as " + writerOf(h.arg) + " (calls you " + quote(word) + ") from a number you do not know: " + quote(rs.Evidence)
	return rs, true
}

// openingRelative returns the relative's word that opens turn i, after
// any greeting ("Hi Mum", "Mamma ciao"): who the message is addressed to,
// not who the sender says they are ("soy la tía"). k is its token.
func (a *analysis) openingRelative(i int) (h hit, k int, greeted, ok bool) {
	t := a.turns[i].t
	if len(t.toks) == 0 {
		return hit{}, 0, false, false
	}
	start, greeted := a.skipGreeting(t, 0)
	for _, h := range a.turns[i].hits {
		if h.code != a.lex.relativeCode {
			continue
		}
		k = t.tokenAt(h.ns)
		if k != 0 && k != start {
			continue
		}
		if a.aboutRelative(i, t.tokenCovering(h.ne)) {
			continue // "Dad's will is not up for discussion": about him, not to him
		}
		return h, k, greeted, true
	}
	return hit{}, 0, greeted, false
}

// aboutRelative: the relative word ending at token r, or the name right
// after it, is the subject or the owner of something: "Dad's will",
// "Uncle Ray's been taken to hospital", "Aunt Bridget is in the
// hospital", "Mam wants everyone there". Not "Mum can you call me",
// where the word that follows asks.
func (a *analysis) aboutRelative(i, r int) bool {
	t := a.turns[i].t
	if r < 0 {
		return false
	}
	if t.possessive(r) {
		return true
	}
	x := r + 1
	if x < len(t.toks) && t.toks[r].punct == 0 && t.toks[x].upper && a.nameLike(i, x, false) {
		if t.possessive(x) {
			return true
		}
		r, x = x, x+1
	}
	if x >= len(t.toks) || t.toks[r].punct != 0 {
		return false
	}
	w := t.word(x)
	return a.w.has(w, wThirdPerson) && !a.w.has(w, wAskingVerbs)
}

// investmentTalk: the sender talks about investing somewhere in the
// conversation. An uncle or a mentor means nothing without it.
func (a *analysis) investmentTalk() bool {
	for i, tu := range a.turns {
		if tu.fromOwner {
			continue
		}
		if a.has(i, CodeInvestment) || a.has(i, CodeReturns) || a.has(i, CodeTradingApp) {
			return true
		}
	}
	return false
}

func argOr(args map[string]string, key, def string) string {
	if v := args[key]; v != "" {
		return v
	}
	return def
}

// returns: promised or boasted gains: a phrase ("guaranteed returns",
// "double your money"), or a percentage next to a gain or a period
// ("I made 23%", "8-15% every week", "+5% a settimana").
func (a *analysis) returns(i int) (Reason, bool) {
	if rs, ok := a.firstPhrase(i, CodeReturns); ok {
		rs.Detail = "promises or boasts of gains: " + quote(rs.Evidence)
		return rs, true
	}
	t := a.turns[i].t
	gains := a.hitsOf(i, cueGain)
	if len(gains) == 0 || a.has(i, guardCode(CodeReturns)) {
		// "up to 40% off": a discount, not a gain
		return Reason{}, false
	}
	for k, tk := range t.toks {
		if tk.punct != '%' || !isDigits(t.word(k)) {
			continue
		}
		for _, g := range gains {
			gk := t.tokenAt(g.ns)
			if gk < 0 || gk-k > 5 || k-gk > 5 {
				continue
			}
			s, e := min(k, gk), max(k, t.tokenEndingAt(g.ne))
			if e < s {
				e = s
			}
			rs, ok := a.tokenReason(CodeReturns, i, s, e+1)
			if !ok {
				continue
			}
			// include the percent sign the tokens leave out
			rs.Evidence = a.withPercent(i, rs.Evidence)
			rs.Detail = "promises or boasts of gains: " + quote(rs.Evidence)
			return rs, true
		}
	}
	return Reason{}, false
}

// withPercent extends evidence ending in a number by a following "%".
func (a *analysis) withPercent(i int, ev string) string {
	orig := a.turns[i].t.orig
	p := strings.Index(orig, ev)
	if p < 0 {
		return ev
	}
	end := p + len(ev)
	if end < len(orig) && orig[end] == '%' {
		return orig[p : end+1]
	}
	return ev
}

// movePlatform: "let's continue on Telegram", "add me on Line", "my other
// number", "shall I add you to our group?". Naming the app the chat is
// already on is not a move.
func (a *analysis) movePlatform(i int) (Reason, bool) {
	group := a.has(i, cueGroup)
	for _, h := range a.hitsOf(i, CodeMovePlatform) {
		if h.arg != "" && sameNetwork(h.arg, a.network) {
			continue
		}
		rs, ok := a.reason(CodeMovePlatform, i, h.ns, h.ne)
		if !ok {
			continue
		}
		platform := h.arg
		if platform == "" {
			platform = "another app"
		}
		rs.Args = map[string]string{"platform": platform}
		if group {
			rs.Detail = "invites you to a group on " + platform + ": " + quote(rs.Evidence)
		} else {
			rs.Detail = "asks to continue on " + platform + ": " + quote(rs.Evidence)
		}
		return rs, true
	}
	return Reason{}, false
}

// sameNetwork compares a platform name with Sender.Network.
func sameNetwork(platform string, network Network) bool {
	p := ParseNetwork(strings.ReplaceAll(platform, " ", ""))
	switch network {
	case NetworkGMessages, NetworkIMessage:
		return p == NetworkSMS || p == network
	}
	return p == network
}

// jobOffer: a remote job paid per task, like or review. One job word is
// not enough (recruiters exist); a pay rate or a second sign is.
func (a *analysis) jobOffer(i int) (Reason, bool) {
	if rs, ok := a.firstPhrase(i, CodeJobOffer); ok {
		rs.Detail = "offers easy paid work: " + quote(rs.Evidence)
		return rs, true
	}
	weak := a.hitsOf(i, cueJobWeak)
	if len(weak) == 0 || !a.payRate(i) {
		return Reason{}, false
	}
	h := weak[0]
	rs, ok := a.reason(CodeJobOffer, i, h.ns, h.ne)
	if !ok {
		return Reason{}, false
	}
	rs.Detail = "offers easy paid work: " + quote(rs.Evidence)
	return rs, true
}

// payRate: a pay period ("per day", "al giorno") right after an amount
// ("£200-£500 per day", "300€/giorno"), or an amount of money right after
// a word of earning (group "before": "earn $100-300", "guadagna 200€").
func (a *analysis) payRate(i int) bool {
	t := a.turns[i].t
	for _, h := range a.hitsOf(i, cueJobPay) {
		if h.arg == "before" {
			k := t.tokenEndingAt(h.ne)
			for j := k + 1; k >= 0 && j < len(t.toks) && j <= k+3; j++ {
				if w := t.word(j); w != "" && w[0] >= '0' && w[0] <= '9' && a.isMoney(t, j) {
					return true
				}
			}
			continue
		}
		k := t.tokenAt(h.ns)
		for j := k - 1; j >= 0 && j >= k-4; j-- {
			// an amount, not "3 days a week": a currency, or too much to
			// be a count of days
			if w := t.word(j); w != "" && w[0] >= '0' && w[0] <= '9' {
				if n, _ := leadingNumber(w); a.isMoney(t, j) || n < 0 || n >= 20 {
					return true
				}
			}
		}
	}
	return false
}

// asksToSave: turn i asks the owner to save or use a number (the save
// slot: "save", "agendá", "speicher"), or to answer it ("收到请回复").
func (a *analysis) asksToSave(i int) bool { return a.hasSlot(i, "save") || a.hasSlot(i, "reply_here") }

// newNumber: "Hi Mum, this is my new number". A relative word opens the
// message and a new number or phone is announced.
func (a *analysis) newNumber(i int) (Reason, bool) {
	news := a.hitsOf(i, CodeNewNumber)
	if len(news) == 0 {
		return Reason{}, false
	}
	t := a.turns[i].t
	relative, word := "", ""
	if h, _, _, ok := a.openingRelative(i); ok {
		relative, word = h.arg, t.evidence(h.ns, h.ne)
	}
	strength := 1.0
	if relative == "" {
		// "it's me, new number" without a name from a stranger: weaker,
		// and nothing at all when the owner was greeted by name (friends
		// do change numbers).
		if a.addressedTurn >= 0 || a.saysWhoWrites(i) || i != a.firstSender {
			return Reason{}, false
		}
		strength = 0.35
		if a.asksToSave(i) {
			// "Agendá mi nuevo número", "this is my new number, save
			// it": an anonymous new number the owner is asked to keep
			strength = 0.75
		}
	}
	h, _ := bestHit(news, CodeNewNumber, false)
	rs, ok := a.reason(CodeNewNumber, i, h.ns, h.ne)
	if !ok {
		return Reason{}, false
	}
	rs.strength = strength
	if relative != "" {
		rs.Args = map[string]string{"relative": relative, "word": word}
		rs.Detail = "writes as " + writerOf(relative) + " (calls you " + quote(word) + ") from a new number: " + quote(rs.Evidence)
	} else {
		rs.Detail = "claims to be someone you know on a new number: " + quote(rs.Evidence)
	}
	return rs, true
}
