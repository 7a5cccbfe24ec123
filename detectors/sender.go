package detectors

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/nyaruka/phonenumbers"

	"github.com/silentguard/silentguard/internal/phone"
)

// senderMeta turns what the platform says about the sender into context:
// a number from another country, an unusual number type, an invalid
// number, a display name that is only a number, the bridged network.
// These never raise a warning alone (see score.go).
type senderMeta struct{}

func (senderMeta) Name() string { return "sender" }

func (senderMeta) Detect(a *analysis, emit emitFunc) {
	s := a.c.Sender
	number := strings.TrimSpace(s.Phone)
	if number != "" && len(number) <= 32 {
		a.phoneReasons(number, emit)
	}
	if name := strings.TrimSpace(s.DisplayName); name != "" && len(name) <= 64 && isBareNumber(name) {
		emit(Reason{Code: CodeBareNumber, Turn: -1, Evidence: name,
			Detail: "the sender is not in your contacts: only the number " + quote(name) + " shows"})
	} else if s.MessageRequest && name != "" && len(name) <= 64 {
		// The platform itself says so (a Signal message request).
		emit(Reason{Code: CodeBareNumber, Turn: -1, Evidence: name,
			Detail: "the sender is not in your contacts: the app shows " + quote(name) + " as a message request"})
	}
	if net := string(a.network); s.Bridged && a.network != NetworkUnknown && a.network != NetworkMatrix && len(net) <= 32 {
		emit(Reason{Code: CodeNetwork, Turn: -1, Evidence: net, Args: map[string]string{"network": net},
			Detail: "reaches you from " + net + " through a bridge"})
	}
}

func (a *analysis) phoneReasons(number string, emit emitFunc) {
	region := strings.ToUpper(strings.TrimSpace(a.c.Owner.Country))
	if len(region) != 2 {
		region = ""
	}
	// Numbers are parsed once per process (phone.Describe remembers them,
	// and the webhook's phone.E164 told it already): the bot evaluates a
	// conversation again on every new turn.
	info := phone.Describe(number, region)
	if !info.Valid {
		emit(Reason{Code: CodeInvalidNumber, Turn: -1, Evidence: number,
			Detail: "the sender's number " + quote(number) + " is not a valid phone number"})
		return
	}
	country := info.Region
	if region != "" && country != "" && country != region && !sameNumberingPlan(country, region) {
		emit(Reason{Code: CodeForeignNumber, Turn: -1, Evidence: number, Args: map[string]string{"country": country},
			Detail: "the number " + quote(number) + " is from another country (" + country + ")"})
	}
	if typ := numberType(info.Type); typ != "" {
		emit(Reason{Code: CodeNumberType, Turn: -1, Evidence: number, Args: map[string]string{"type": typ},
			Detail: "the number " + quote(number) + " is a " + strings.ReplaceAll(typ, "_", "-") + " number, not a personal mobile"})
	}
}

// linkCacheMax bounds the link cache.
const linkCacheMax = 4096

// linkCache remembers where the URL pattern found plausible links in a
// chunk of text. The relaxed pattern is the costliest step of a verdict,
// and the bot evaluates the same turns again as a conversation grows.
// It is bounded and safe for concurrent use; a full cache is simply
// emptied.
type linkCache struct {
	mu sync.Mutex
	m  map[string][][2]int
}

func (lc *linkCache) find(pattern func() *regexp.Regexp, bb *brandBook, chunk string) [][2]int {
	lc.mu.Lock()
	locs, ok := lc.m[chunk]
	lc.mu.Unlock()
	if ok {
		return locs
	}
	for _, loc := range pattern().FindAllStringIndex(chunk, 4) {
		if plausibleLink(bb, chunk[loc[0]:loc[1]]) {
			locs = append(locs, [2]int{loc[0], loc[1]})
		}
	}
	lc.mu.Lock()
	if lc.m == nil || len(lc.m) >= linkCacheMax {
		lc.m = make(map[string][][2]int, 64)
	}
	lc.m[chunk] = locs
	lc.mu.Unlock()
	return locs
}

// numberType names the kinds of number that are not a personal mobile or
// fixed line, for the sender cue; "" for the ordinary ones.
func numberType(t phonenumbers.PhoneNumberType) string {
	switch t {
	case phonenumbers.VOIP:
		return "voip"
	case phonenumbers.TOLL_FREE:
		return "toll_free"
	case phonenumbers.PREMIUM_RATE:
		return "premium"
	case phonenumbers.PERSONAL_NUMBER:
		return "personal"
	case phonenumbers.SHARED_COST, phonenumbers.UAN, phonenumbers.PAGER, phonenumbers.VOICEMAIL:
		return "unknown"
	}
	return ""
}

// sameNumberingPlan: US and Canada share +1; a Canadian number writing to
// a US owner is not "foreign" in any way that matters.
func sameNumberingPlan(a, b string) bool {
	nanp := func(c string) bool { return c == "US" || c == "CA" }
	return nanp(a) && nanp(b)
}

// isBareNumber: a display name made only of digits and phone punctuation.
func isBareNumber(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == '+' || r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '\u00a0':
		default:
			return false
		}
	}
	return digits >= 6
}
