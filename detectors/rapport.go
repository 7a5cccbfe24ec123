package detectors

import "strings"

// rapportCues: the sender keeps chatting after the owner said "wrong
// number" or "who is this?": an apology turned into small talk, "it must
// be fate", compliments, photos nobody asked for.
type rapportCues struct{}

func (rapportCues) Name() string { return "rapport" }

func (rapportCues) Detect(a *analysis, emit emitFunc) {
	if rs, ok := a.afterDenial(); ok {
		emit(rs)
	}
	for i, tu := range a.turns {
		if tu.fromOwner {
			continue
		}
		// Before the owner answered, friendliness is weak evidence: the
		// playbook uses it once someone replied.
		strength := 1.0
		if !a.ownerRepliedBefore(i) {
			strength = 0.5
		}
		for _, c := range []struct {
			code   string
			detail string
		}{
			{CodeSmallTalk, "turns to personal small talk: "},
			{CodeFate, "treats the mistake as a lucky meeting: "},
			{CodeCompliment, "pays you compliments: "},
			{CodePhoto, "asks for or offers photos: "},
		} {
			if rs, ok := a.firstPhrase(i, c.code); ok {
				rs.Detail = c.detail + quote(rs.Evidence)
				rs.strength = strength
				emit(rs)
			}
		}
		if a.ownerRepliedBefore(i) && (tu.media == MediaPhoto || tu.media == MediaVideo) {
			emit(a.mediaReason(i, tu.media))
		}
	}
}

// mediaReason: a photo or video sent unasked. With a caption the caption
// is the evidence; without one there are no words to quote, so the media
// kind is the evidence of a turn-less reason.
func (a *analysis) mediaReason(i int, media string) Reason {
	t := a.turns[i].t
	if len(t.toks) > 0 {
		end := min(len(t.toks), 6)
		if rs, ok := a.tokenReason(CodePhoto, i, 0, end); ok {
			rs.Args = map[string]string{"media": media}
			rs.Detail = "sends a " + media + " you did not ask for: " + quote(rs.Evidence)
			return rs
		}
	}
	return Reason{Code: CodePhoto, Turn: -1, Evidence: media, Args: map[string]string{"media": media},
		Detail: "sends a " + media + " you did not ask for"}
}

// afterDenial: the owner said it is a wrong number (or asked who this
// is) and the sender goes on writing, beyond a plain apology. The
// evidence is the owner's words.
func (a *analysis) afterDenial() (Reason, bool) {
	d := a.denialTurn
	if d < 0 {
		return Reason{}, false
	}
	for i := d + 1; i < len(a.turns); i++ {
		if a.turns[i].fromOwner {
			continue
		}
		if !a.beyondApology(i) {
			continue
		}
		var rs Reason
		var ok bool
		if h, found := bestHit(a.hitsOf(d, cueDenial), cueDenial, false); found {
			rs, ok = a.reason(CodeAfterDenial, d, h.ns, h.ne)
		} else {
			t := a.turns[d].t
			rs, ok = a.tokenReason(CodeAfterDenial, d, 0, min(len(t.toks), 4))
		}
		if !ok {
			return Reason{}, false
		}
		rs.Detail = "keeps writing after you answered " + quote(rs.Evidence)
		return rs, true
	}
	return Reason{}, false
}

// beyondApology: the sender turn asks something, introduces itself or
// says more than a few words besides its apology.
func (a *analysis) beyondApology(i int) bool {
	tu := a.turns[i]
	t := tu.t
	if strings.Contains(t.orig, "?") {
		return true
	}
	covered := 0
	apology := a.lex.codeIdx[cueApology]
	for _, h := range tu.hits {
		if h.code == apology {
			covered += len(strings.Fields(string(t.norm[h.ns:h.ne])))
		}
	}
	for _, h := range tu.hits {
		if c := a.lex.codes[h.code]; h.code != apology && !strings.HasPrefix(c, "x.") && !strings.HasPrefix(c, "s.") {
			return true
		}
	}
	return len(t.toks)-covered >= 5
}
