package detectors

import (
	"strings"
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
	}
	if s.Bridged && a.network != "" && a.network != "matrix" && len(a.network) <= 32 {
		emit(Reason{Code: CodeNetwork, Turn: -1, Evidence: a.network, Args: map[string]string{"network": a.network},
			Detail: "reaches you from " + a.network + " through a bridge"})
	}
}

func (a *analysis) phoneReasons(phone string, emit emitFunc) {
	region := strings.ToUpper(strings.TrimSpace(a.c.Owner.Country))
	if len(region) != 2 {
		region = ""
	}
	num, err := phonenumbers.Parse(phone, region)
	if err != nil {
		emit(Reason{Code: CodeInvalidNumber, Turn: -1, Evidence: phone,
			Detail: "the sender's number " + quote(phone) + " is not a valid phone number"})
		return
	}
	if !phonenumbers.IsValidNumber(num) {
		emit(Reason{Code: CodeInvalidNumber, Turn: -1, Evidence: phone,
			Detail: "the sender's number " + quote(phone) + " is not a valid phone number"})
		return
	}
	country := phonenumbers.GetRegionCodeForNumber(num)
	if region != "" && country != "" && country != region && !sameNumberingPlan(country, region) {
		emit(Reason{Code: CodeForeignNumber, Turn: -1, Evidence: phone, Args: map[string]string{"country": country},
			Detail: "the number " + quote(phone) + " is from another country (" + country + ")"})
	}
	typ := ""
	switch phonenumbers.GetNumberType(num) {
	case phonenumbers.VOIP:
		typ = "voip"
	case phonenumbers.TOLL_FREE:
		typ = "toll_free"
	case phonenumbers.PREMIUM_RATE:
		typ = "premium"
	case phonenumbers.PERSONAL_NUMBER:
		typ = "personal"
	case phonenumbers.UNKNOWN:
		typ = "unknown"
	}
	if typ != "" {
		emit(Reason{Code: CodeNumberType, Turn: -1, Evidence: phone, Args: map[string]string{"type": typ},
			Detail: "the number " + quote(phone) + " is a " + strings.ReplaceAll(typ, "_", "-") + " number, not a personal mobile"})
	}
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
