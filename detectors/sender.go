package detectors

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// senderMeta turns what the platform says about the sender into context:
// a number from another country, an unusual number type, an invalid
// number, a display name that is only a number, the bridged network.
// These never raise a warning alone (see score.go).
type senderMeta struct{}

func (senderMeta) Name() string { return "sender" }

func (senderMeta) Detect(a *analysis, emit emitFunc) {
	s := a.c.Sender
	phone := strings.TrimSpace(s.Phone)
	if phone != "" && len(phone) <= 32 {
		a.phoneReasons(phone, emit)
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

func (a *analysis) phoneReasons(phone string, emit emitFunc) {
	region := strings.ToUpper(strings.TrimSpace(a.c.Owner.Country))
	if len(region) != 2 {
		region = ""
	}
	info := a.r.phones.lookup(phone, region)
	if !info.valid {
		emit(Reason{Code: CodeInvalidNumber, Turn: -1, Evidence: phone,
			Detail: "the sender's number " + quote(phone) + " is not a valid phone number"})
		return
	}
	country := info.country
	if region != "" && country != "" && country != region && !sameNumberingPlan(country, region) {
		emit(Reason{Code: CodeForeignNumber, Turn: -1, Evidence: phone, Args: map[string]string{"country": country},
			Detail: "the number " + quote(phone) + " is from another country (" + country + ")"})
	}
	if typ := info.typ; typ != "" {
		emit(Reason{Code: CodeNumberType, Turn: -1, Evidence: phone, Args: map[string]string{"type": typ},
			Detail: "the number " + quote(phone) + " is a " + strings.ReplaceAll(typ, "_", "-") + " number, not a personal mobile"})
	}
}

// phoneInfo is what the sender cue needs to know about a number.
type phoneInfo struct {
	valid   bool
	country string
	typ     string // "" for ordinary fixed and mobile numbers
}

// phoneCache remembers parsed numbers: the bot evaluates a conversation
// again on every new turn, and parsing a number costs more than reading
// a message. It is bounded and safe for concurrent use; a full cache is
// simply emptied.
type phoneCache struct {
	mu sync.Mutex
	m  map[string]phoneInfo
}

const phoneCacheMax = 4096

// linkCache remembers where the URL pattern found plausible links in a
// chunk of text. The relaxed pattern is the costliest step of a verdict,
// and the bot evaluates the same turns again as a conversation grows.
// Bounded and safe for concurrent use like phoneCache.
type linkCache struct {
	mu sync.Mutex
	m  map[string][][2]int
}

func (lc *linkCache) find(re *regexp.Regexp, chunk string) [][2]int {
	lc.mu.Lock()
	locs, ok := lc.m[chunk]
	lc.mu.Unlock()
	if ok {
		return locs
	}
	for _, loc := range re.FindAllStringIndex(chunk, 4) {
		if plausibleLink(chunk[loc[0]:loc[1]]) {
			locs = append(locs, [2]int{loc[0], loc[1]})
		}
	}
	lc.mu.Lock()
	if lc.m == nil || len(lc.m) >= phoneCacheMax {
		lc.m = make(map[string][][2]int, 64)
	}
	lc.m[chunk] = locs
	lc.mu.Unlock()
	return locs
}

func (pc *phoneCache) lookup(phone, region string) phoneInfo {
	key := region + "|" + phone
	pc.mu.Lock()
	info, ok := pc.m[key]
	pc.mu.Unlock()
	if ok {
		return info
	}
	info = parsePhone(phone, region)
	pc.mu.Lock()
	if pc.m == nil || len(pc.m) >= phoneCacheMax {
		pc.m = make(map[string]phoneInfo, 64)
	}
	pc.m[key] = info
	pc.mu.Unlock()
	return info
}

func parsePhone(phone, region string) phoneInfo {
	num, err := phonenumbers.Parse(phone, region)
	if err != nil {
		return phoneInfo{}
	}
	// GetNumberType matches the number against its region's patterns:
	// UNKNOWN means no valid pattern, i.e. an invalid number.
	nt := phonenumbers.GetNumberType(num)
	if nt == phonenumbers.UNKNOWN {
		return phoneInfo{}
	}
	info := phoneInfo{valid: true, country: phonenumbers.GetRegionCodeForNumber(num)}
	typ := ""
	switch nt {
	case phonenumbers.VOIP:
		typ = "voip"
	case phonenumbers.TOLL_FREE:
		typ = "toll_free"
	case phonenumbers.PREMIUM_RATE:
		typ = "premium"
	case phonenumbers.PERSONAL_NUMBER:
		typ = "personal"
	case phonenumbers.SHARED_COST, phonenumbers.UAN, phonenumbers.PAGER, phonenumbers.VOICEMAIL:
		typ = "unknown"
	}
	info.typ = typ
	return info
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
