package detectors

// romanceCues: affection far too fast for strangers, pet names ("my
// dear", "tesoro"), loneliness ("I'm a widower, it's lonely here").
type romanceCues struct{}

func (romanceCues) Name() string { return "romance" }

func (romanceCues) Detect(a *analysis, emit emitFunc) {
	for i, tu := range a.turns {
		if tu.fromOwner {
			continue
		}
		// Before the owner answered, tenderness mostly shows the message
		// was meant for a partner (partners text like this every day): it
		// counts, but for little.
		strength := 1.0
		if !a.ownerRepliedBefore(i) {
			strength = 0.4
		}
		if rs, ok := a.firstPhrase(i, CodeAffection); ok {
			rs.Detail = "shows affection far too soon: " + quote(rs.Evidence)
			rs.strength = strength
			emit(rs)
		}
		if rs, ok := a.firstPhrase(i, CodeLoneliness); ok {
			rs.Detail = "tells you about being lonely: " + quote(rs.Evidence)
			rs.strength = strength
			emit(rs)
		}
		if rs, ok := a.petName(i); ok {
			rs.strength = strength
			emit(rs)
		}
	}
}

// petAddress: the message opens by calling the reader a pet name ("Hey
// babe", "Ciao tesoro"), as one writes to a partner.
func (a *analysis) petAddress(i int) bool {
	t := a.turns[i].t
	if len(t.toks) == 0 {
		return false
	}
	j, _ := a.skipGreeting(t, 0)
	if j < len(t.toks) && t.is(a.w, j, wPetNames) {
		return true
	}
	return j+1 < len(t.toks) && a.w.hasBytes(t.phrase(j, j+2), wPetNames)
}

// petName: a pet name from the lexicon, or one of the pet-name words
// used where a name would go ("Ciao tesoro", "Hallo Schatz").
func (a *analysis) petName(i int) (Reason, bool) {
	if rs, ok := a.firstPhrase(i, CodePetName); ok {
		rs.Detail = "calls you by a pet name: " + quote(rs.Evidence)
		return rs, true
	}
	t := a.turns[i].t
	n := len(t.toks)
	for k := 0; k < n; k++ {
		if !a.sentenceStart(t, k) {
			continue
		}
		j, _ := a.skipGreeting(t, k)
		if j < n && j-k <= 3 && t.is(a.w, j, wPetNames) {
			rs, ok := a.tokenReason(CodePetName, i, j, j+1)
			if !ok {
				return Reason{}, false
			}
			rs.Detail = "calls you by a pet name: " + quote(rs.Evidence)
			return rs, true
		}
	}
	return Reason{}, false
}
