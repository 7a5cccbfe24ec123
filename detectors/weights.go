package detectors

import (
	"sort"
	"sync"
)

// family groups codes by the stage of the scam they point at.
type family int

const (
	famOpener family = iota
	famRapport
	famRomance
	famPivot
	famLink
	famSender
	famModel
)

// codeInfo is what the package knows about a code besides its name.
type codeInfo struct {
	// weight is the default weight: roughly the probability, on its own,
	// that a conversation showing the cue is a scam. Weights combine as a
	// noisy OR (see score.go).
	weight float64
	family family
	// kind is the Verdict.Kind the cue points at.
	kind string
	// rank orders kinds when several apply: higher is a later stage.
	rank int
}

// codeTable is the single source of default weights. Why these numbers:
// with the default thresholds (caution 0.30, warning 0.55, alert 0.80)
//   - one clear misdirected-opener cue (wrong name, "is this X?") reaches
//     caution; two reach warning;
//   - a denial followed by chat (after_denial + small talk) reaches warning;
//   - any pivot (money, investment with returns, a move to another app, a
//     job paid per task) or a dangerous link reaches alert with what
//     normally precedes it, and most do on their own;
//   - sender metadata is context: it never reaches caution alone.
func codeTable() map[string]codeInfo {
	return map[string]codeInfo{
		CodeWrongName:       {0.45, famOpener, KindWrongNumber, 1},
		CodeSharedPlan:      {0.22, famOpener, KindWrongNumber, 1},
		CodeIsThis:          {0.42, famOpener, KindWrongNumber, 1},
		CodeStillAvailable:  {0.35, famOpener, KindListing, 2},
		CodeReconnect:       {0.30, famOpener, KindWrongNumber, 1},
		CodeBait:            {0.30, famOpener, KindWrongNumber, 1},
		CodeAnonymousSender: {0.15, famOpener, KindWrongNumber, 1},
		CodeImpersonation:   {0.60, famOpener, KindImpersonate, 6},
		CodeApologyFirst:    {0.35, famOpener, KindWrongNumber, 1},
		CodeDatingBait:      {0.40, famOpener, KindRomance, 3},
		CodePropertyOffer:   {0.35, famOpener, KindWrongNumber, 1},
		CodeTaskRequest:     {0.40, famOpener, KindMoney, 9},
		CodeDrama:           {0.35, famOpener, KindWrongNumber, 1},
		CodeCallsRelative:   {0.34, famOpener, KindHiMum, 9},
		CodeChase:           {0.30, famOpener, KindWrongNumber, 1},

		CodeAfterDenial: {0.42, famRapport, KindRapport, 2},
		CodeSmallTalk:   {0.30, famRapport, KindRapport, 2},
		CodeFate:        {0.35, famRapport, KindRapport, 2},
		CodeCompliment:  {0.25, famRapport, KindRapport, 2},
		CodePhoto:       {0.20, famRapport, KindRapport, 2},

		CodeAffection:  {0.35, famRomance, KindRomance, 3},
		CodePetName:    {0.25, famRomance, KindRomance, 3},
		CodeLoneliness: {0.40, famRomance, KindRomance, 3},

		CodeInvestment:   {0.55, famPivot, KindInvestment, 10},
		CodeMentor:       {0.60, famPivot, KindInvestment, 10},
		CodeReturns:      {0.75, famPivot, KindInvestment, 10},
		CodeTradingApp:   {0.75, famPivot, KindInvestment, 10},
		CodeMoney:        {0.80, famPivot, KindMoney, 9},
		CodeRefund:       {0.80, famPivot, KindRefund, 9},
		CodeMovePlatform: {0.70, famPivot, KindMovePlatform, 8},
		CodeJobOffer:     {0.85, famPivot, KindJob, 9},
		CodeNewNumber:    {0.75, famPivot, KindHiMum, 9},

		CodeLink:        {0.12, famLink, KindLink, 0},
		CodeRiskyDomain: {0.40, famLink, KindLink, 5},
		CodeLookalike:   {0.85, famLink, KindLink, 7},
		CodeShortener:   {0.30, famLink, KindLink, 4},
		CodeIPHost:      {0.75, famLink, KindLink, 7},
		CodeAppInstall:  {0.85, famLink, KindLink, 7},
		CodeInvite:      {0.45, famLink, KindMovePlatform, 5},
		CodePunycode:    {0.60, famLink, KindLink, 7},

		CodeForeignNumber: {0.08, famSender, KindNone, 0},
		CodeNumberType:    {0.10, famSender, KindNone, 0},
		CodeInvalidNumber: {0.12, famSender, KindNone, 0},
		CodeBareNumber:    {0.03, famSender, KindNone, 0},
		CodeNetwork:       {0.02, famSender, KindNone, 0},

		// times the calibrated probability (at least 0.5): alone it
		// reaches caution from p = 0.6 and never warning
		CodeModel: {0.50, famModel, KindWrongNumber, 1},
	}
}

// defaultCodes is codeTable built once, for lookups that never change
// it: compiling the lexicons asks isKnownCode of every code of every
// file, and building the table each time made a tenth of the
// compilation's garbage.
var defaultCodes = sync.OnceValue(codeTable)

func isKnownCode(code string) bool {
	_, ok := defaultCodes()[code]
	return ok
}

// Codes lists every reason code, sorted.
func Codes() []string {
	t := codeTable()
	out := make([]string, 0, len(t))
	for c := range t {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// DefaultWeight is the weight a code has unless Config.Weights overrides it.
func DefaultWeight(code string) (float64, bool) {
	ci, ok := defaultCodes()[code]
	return ci.weight, ok
}
