// Package phone reads phone numbers the one way every part of SilentGuard
// must agree on: a sender's number from a gateway, a bridge's ghost and an
// allow-list entry are compared as E.164 strings.
package phone

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Errors of E164, besides the parser's own.
var (
	ErrImpossible = errors.New("not a possible phone number")
	ErrMalformed  = errors.New("not a well-formed phone number")
)

// E164 parses s (a national number is read as one of country, an ISO
// 3166 code) and returns it in E.164. A number whose E.164 form reads
// back as another number ("000100" in Austria, "0000000" in Finland) is
// refused: two readings of the same sender would not match.
func E164(s, country string) (string, error) {
	n, err := phonenumbers.Parse(s, country)
	if err != nil {
		return "", err
	}
	if !phonenumbers.IsPossibleNumber(n) {
		return "", ErrImpossible
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if e164 == plusDigits(s) {
		return e164, nil // s is its own E.164 form, written with spaces or dashes: read back already
	}
	if again, err := phonenumbers.Parse(e164, ""); err != nil || phonenumbers.Format(again, phonenumbers.E164) != e164 {
		return "", ErrMalformed
	}
	return e164, nil
}

// plusDigits is s without the spaces, dashes, dots and brackets people
// write in numbers ("+1 (202) 555-0143" is "+12025550143"); "" if s holds
// anything else, or does not start with "+".
func plusDigits(s string) string {
	if !strings.HasPrefix(s, "+") {
		return ""
	}
	b := make([]byte, 0, len(s))
	b = append(b, '+')
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			b = append(b, c)
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return ""
		}
	}
	return string(b)
}
