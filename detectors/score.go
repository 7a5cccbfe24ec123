package detectors

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// score turns the detectors' reasons into a verdict:
//  1. each reason's weight is the configured weight of its code, times
//     its strength, times the context damping below;
//  2. at most one reason per (code, turn), the heaviest;
//  3. the score is a noisy OR over codes, each counted once at its
//     heaviest: 1 - Π(1 - w);
//  4. sender metadata alone never raises a level: it only adds to text
//     cues, and the bare-number and network hints not even that.
func (r *Registry) score(a *analysis, reasons []Reason) Verdict {
	kept := make([]Reason, 0, len(reasons))
	for _, rs := range reasons {
		ci, ok := r.codes[rs.Code]
		if !ok || rs.Evidence == "" {
			continue
		}
		w := ci.weight
		if rs.strength > 0 {
			w *= rs.strength
		}
		w *= a.damping(rs, ci.family)
		w = math.Round(w*1000) / 1000
		if w <= 0 {
			continue
		}
		rs.Weight = w
		rs.strength = 0
		kept = append(kept, rs)
	}
	kept = dedup(kept)

	// Each code's heaviest weight, in code order: a fixed order keeps the
	// float products deterministic. A verdict has a handful of reasons, so
	// a sorted slice does what a map would, without allocating one.
	type codeWeight struct {
		code string
		w    float64
	}
	var bestBuf [16]codeWeight
	best := bestBuf[:0]
	textCue := false
	for _, rs := range kept {
		code := rs.Code
		if code == CodeRefund {
			// one ask for money, however it is put: "send it back" and
			// the app it goes by count once, as when both were pivot.money
			code = CodeMoney
		}
		i, found := slices.BinarySearchFunc(best, code, func(x codeWeight, c string) int { return strings.Compare(x.code, c) })
		switch {
		case !found:
			best = slices.Insert(best, i, codeWeight{code, rs.Weight})
		case rs.Weight > best[i].w:
			best[i].w = rs.Weight
		}
		if r.codes[rs.Code].family != famSender {
			textCue = true
		}
	}
	keep, keepText := 1.0, 1.0
	for _, b := range best {
		keep *= 1 - b.w
		if b.code != CodeBareNumber && b.code != CodeNetwork {
			keepText *= 1 - b.w
		}
	}
	s := math.Round((1-keep)*1000) / 1000
	// The level leaves out the two hints nearly every message carries (a
	// bare number, the bridge it came through): added to one cue they
	// made ordinary texts reach caution. They still show in the score.
	levelScore := math.Round((1-keepText)*1000) / 1000

	v := Verdict{Score: s, Reasons: kept}
	if textCue {
		switch {
		case levelScore >= r.cfg.Alert:
			v.Level = LevelAlert
		case levelScore >= r.cfg.Warning:
			v.Level = LevelWarning
		case levelScore >= r.cfg.Caution:
			v.Level = LevelCaution
		}
	}
	if v.Level == LevelAlert && !r.scamStep(kept) {
		// An opening, however telling, and the model's reading of it say
		// "this looks like the scam" (warning); "block now" (alert) is
		// for the steps that follow: chat after "wrong number", romance,
		// a pivot, a dangerous link, impersonation.
		v.Level = LevelWarning
	}
	if v.Level > LevelNone {
		v.Kind = r.kind(kept)
	}
	slices.SortStableFunc(v.Reasons, func(x, y Reason) int {
		return cmp.Or(cmp.Compare(y.Weight, x.Weight), cmp.Compare(x.Turn, y.Turn), strings.Compare(x.Code, y.Code))
	})
	return v
}

// scamStep reports a reason that is a step of the scam beyond its
// opening: its kind ranks above the wrong-number opener's (weights.go).
func (r *Registry) scamStep(rs []Reason) bool {
	for _, x := range rs {
		if r.codes[x.Code].rank > 1 {
			return true
		}
	}
	return false
}

// dedup keeps the heaviest reason per (code, turn), and drops a plain
// "unknown link" when the same link already has a sharper reason.
// A verdict has a handful of reasons: linear scans cost less than the
// maps they replaced.
func dedup(rs []Reason) []Reason {
	out := rs[:0]
next:
	for _, x := range rs {
		for j := range out {
			if out[j].Code == x.Code && out[j].Turn == x.Turn {
				if x.Weight > out[j].Weight {
					out[j] = x
				}
				continue next
			}
		}
		out = append(out, x)
	}
	// Decide every drop before compacting: final shares out's array.
	var dropBuf [32]bool
	drop := dropBuf[:0]
	if len(out) > len(dropBuf) {
		drop = make([]bool, 0, len(out))
	}
	for i, x := range out {
		drop = append(drop, x.Code == CodeLink && sharperLink(out, i))
	}
	final := out[:0]
	for i, x := range out {
		if !drop[i] {
			final = append(final, x)
		}
	}
	return final
}

// sharperLink: another reason than rs[i] names the same link, in the same
// turn, with a sharper link code.
func sharperLink(rs []Reason, i int) bool {
	for j, y := range rs {
		if j != i && isLinkCode(y.Code) && y.Code != CodeLink && y.Turn == rs[i].Turn && y.Evidence == rs[i].Evidence {
			return true
		}
	}
	return false
}

func isLinkCode(c string) bool { return len(c) > 5 && c[:5] == "link." }

// kind picks the most advanced stage among the reasons: pivots and
// dangerous links, then romance, then rapport, then the opener.
func (r *Registry) kind(rs []Reason) string {
	bestRank, bestW := -1, 0.0
	kind := KindNone
	for _, x := range rs {
		ci := r.codes[x.Code]
		if ci.kind == KindNone {
			continue
		}
		if ci.rank > bestRank || ci.rank == bestRank && x.Weight > bestW {
			bestRank, bestW, kind = ci.rank, x.Weight, ci.kind
		}
	}
	return kind
}

// roleModelDamping: the model's weight on a sender's message that
// says what they are and names no day or time.
const roleModelDamping = 0.5

// parentPlanDamping: the weight of a plan and of the model's reading
// when the sender introduces themself as the parent of someone named
// and names a day or a time (a complaint about the reader's child,
// without one, keeps its weight).
const parentPlanDamping = 0.5

// introModelDamping: the model's weight on a message whose sender says
// who they are (by name, role or whose parent or friend they are).
const introModelDamping = 0.75

// namesTime: turn i names a day or a time.
func (a *analysis) namesTime(i int) bool {
	_, _, ok := a.findTime(i)
	return ok || a.has(i, cueDay)
}

// damping lowers cues that mean little in context:
//   - the sender named the owner before the owner wrote ("Hi Laura"): the
//     message is most likely meant for them, so opener, rapport and
//     romance cues, investment small talk and plain links count less.
//     Hard pivots (money, returns, jobs, new number, a boss's urgent task)
//     and dangerous links keep their weight: scammers who know the name
//     exist.
//   - the sender is a business short code or alphanumeric ID: its
//     appointments, amounts and links are its business.
//   - the sender says what they are ("c'est le livreur", "the plumber")
//     and names no day or time: the model counts half (see
//     roleModelDamping).
//   - the sender says whose parent writes and names a day or a time: a
//     plan and the model count half (see parentPlanDamping).
func (a *analysis) damping(rs Reason, fam family) float64 {
	code := rs.Code
	d := 1.0
	if (code == CodeSharedPlan && !rs.unnamedBooking) || code == CodeAnonymousSender {
		if !rs.plainAsk && !rs.whole {
			d *= a.softOpener(rs.Turn)
		}
		// "Hi all, the team dinner is €25 each, send it by MB Way": a
		// plan announced to a group that pays for it is the group's,
		// not a stranger's private one. A whole frame's "let everyone
		// know" asks the reader to tell the group, as its member.
		if a.collects(rs.Turn) && !rs.whole {
			d *= 0.5
		}
	}
	// "Hi Uncle, we've landed" answered "wrong number": the owner is no
	// one's uncle, and what the sender writes after that is a stranger's.
	refuted := a.addressedAsKin && a.denialTurn >= 0 && (code == CodeAfterDenial || rs.Turn > a.denialTurn)
	if a.addressedTurn >= 0 && !refuted {
		switch code {
		case CodeImpersonation, CodeReturns, CodeTradingApp, CodeMoney, CodeRefund, CodeJobOffer, CodeNewNumber,
			CodeLookalike, CodeAppInstall, CodeIPHost, CodePunycode,
			CodeCallsRelative, // "Hoi mam" addresses the owner: that is the cue
			CodeTaskRequest:   // the fake boss knows the employee's name
		case CodeDrama:
			// "Filho, teu avô caiu e está no hospital", "Mum, Dad's
			// been arrested": family news or a row told to someone the
			// sender calls by a relative word, from a number the owner
			// does not know. The word is the drama's premise, not a
			// sign the sender knows the owner; the owner's name is.
			if !a.addressedAsKin {
				d *= 0.2
			}
		case CodeIsThis:
			// "non sei Marco Rinaldi?" to Marco Bernasconi: the owner's
			// first name with someone else's surname is no reassurance.
			if first, _, _ := strings.Cut(rs.Args["name"], " "); first == "" || !a.isOwnerName(normWord(a, first)) {
				d *= 0.3
			}
		case CodeInvestment, CodeMentor, CodeLink, CodeStillAvailable, CodeReconnect:
			d *= 0.3
		case CodeMovePlatform, CodeRiskyDomain, CodeShortener, CodeBait, CodeInvite:
			d *= 0.6
		default:
			switch fam {
			case famOpener:
				d *= 0.2
			case famRomance:
				d *= 0.3 // family and partners say "love you"
			case famRapport, famSender:
				d *= 0.5
			case famModel:
				d *= 0.3
			}
		}
	}
	if a.vouched {
		switch {
		case code == CodeTaskRequest:
			// "pasteur Daniel ici ... un frère de l'église, êtes-vous
			// disponible pour un service ?": the fake boss or pastor names
			// the church or the office the number came from; a task asked
			// keeps its weight, as it does when the owner is named
		case code == CodeIsThis && len(a.c.Owner.Names) > 0 && !rs.asksRelation && plainName(rs.Args["name"]):
			// "I'm Jenny, my assistant gave me your number. Are you
			// David?" to an owner who is not David: whoever gave the
			// number, it was not the owner's ("are you Tom's dad?" asks
			// what the owner may well be, and stays damped)
		case fam == famOpener || fam == famRapport || fam == famRomance || fam == famModel:
			d *= 0.3
		case code == CodeMovePlatform || code == CodeInvite || code == CodeLink:
			d *= 0.3
		}
	}
	if (fam == famModel || code == CodeSharedPlan && !rs.unnamedBooking) && a.saysParentOf(rs.Turn) && a.namesTime(rs.Turn) {
		// "sono Marta, la mamma di Luca della 3B. Sabato facciamo la
		// festa, venite?": a class parent's plan, said by whose parent
		// writes, is not one the reader is presumed to share
		d *= parentPlanDamping
	}
	if fam == famModel && a.saysRole(rs.Turn, true) && !a.namesTime(rs.Turn) {
		// "c'est le livreur Chronopost, je suis devant votre immeuble",
		// "Hi, it's the DPD driver, I'm outside": someone at the door who
		// says what they are writes as such callers do, and the model
		// read "it's the ..., I'm outside" as a misdirected opener.
		d *= roleModelDamping
	}
	if fam == famModel && a.saysWhoWrites(rs.Turn) && !a.saysParentOf(rs.Turn) {
		// "Hi, this is Priya from flat 12, sorry about the noise last
		// night": a sender who says who they are reads to the model
		// like the drama or the plan a stranger writes; it says less
		// about them than about their words. Not "this is Jake's mum.
		// Your son has been bullying Jake": a parent's name is the
		// complaint's premise, as the plan damping above keeps it.
		d *= introModelDamping
	}
	if a.service {
		switch fam {
		case famOpener:
			if code != CodeImpersonation {
				d *= 0.3
			}
		case famPivot:
			if code == CodeInvestment || code == CodeMoney || code == CodeRefund {
				d *= 0.3
			}
		case famLink:
			if code == CodeLink || code == CodeShortener {
				d *= 0.2
			}
		case famModel:
			d *= 0.3
		}
	}
	return d
}

// plainName: an "is this X?" asked for a person by name ("David", "Anna
// Rossi"), not for someone's relation or a role ("Tom's dad", "the
// plumber").
func plainName(name string) bool {
	f := strings.Fields(name)
	if len(f) < 1 || len(f) > 2 || strings.ContainsAny(name, "'’") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(f[0])
	return unicode.IsUpper(r)
}
