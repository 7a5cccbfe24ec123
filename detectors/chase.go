package detectors

import "strings"

// chaseCues: a stranger the owner has not answered writes again to press
// for a reply: "Hello??", "did you get my message?", "why are you
// ignoring me?". The probe of a number wants its answer; someone the
// owner knows says who they are when nobody replies.
type chaseCues struct{}

func (chaseCues) Name() string { return "chase" }

func (chaseCues) Detect(a *analysis, emit emitFunc) {
	if a.firstSender < 0 {
		return
	}
	for i := a.firstSender + 1; i < len(a.turns); i++ {
		if !a.opening(i) {
			return // the owner answered: what follows is a conversation
		}
		if a.saysWhoWrites(i - 1) {
			return // "Hi, it's Sam from 3B" said who; so did every later ping
		}
		if a.saysWhoWrites(i) {
			continue
		}
		if rs, ok := a.chase(i); ok {
			emit(rs)
			return
		}
	}
}

// chase: sender turn i asks for a reply, in words ("are you there?",
// "answer me") or as a bare ping: a greeting alone, or question marks
// alone ("Hello?", "hi??", "??").
func (a *analysis) chase(i int) (Reason, bool) {
	t := a.turns[i].t
	n := len(t.toks)
	ping := false
	if n == 0 {
		// "??", "?!": no word, only the asking
		ev := strings.TrimSpace(t.orig)
		ping = ev != "" && strings.Trim(ev, "?!¿¡ ") == "" && strings.Contains(ev, "?")
	} else if k, _ := a.skipGreeting(t, 0); k == n {
		ping = true // "Hello?", "hi hi", a "Hello" after a photo nobody answered
	} else if code, ok := a.lex.slotIdx["ping"]; ok {
		o, found := a.slotStartingAt(i, k, code)
		ping = found && o.k1 == n // "hello? you there?", "ben je er?"
	}
	if ping {
		// the whole message, question marks and all: they are the point
		ev := strings.TrimSpace(t.orig)
		return Reason{Code: CodeChase, Turn: i, Evidence: ev,
			Detail: "writes again though you never answered: " + quote(ev)}, true
	}
	code, ok := a.lex.slotIdx["chase"]
	if !ok {
		return Reason{}, false
	}
	for _, o := range a.slots(i) {
		if o.code != code {
			continue
		}
		rs, ok := a.tokenReason(CodeChase, i, o.k0, o.k1)
		if !ok {
			return Reason{}, false
		}
		rs.Detail = "presses for an answer you never gave: " + quote(rs.Evidence)
		return rs, true
	}
	return Reason{}, false
}
