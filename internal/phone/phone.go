// Package phone reads phone numbers the one way every part of SilentGuard
// must agree on: a sender's number from a gateway, a bridge's ghost and an
// allow-list entry are compared as E.164 strings.
package phone

import (
	"errors"

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
	if e164 == s {
		return e164, nil // read back already: s is its own E.164 form
	}
	if again, err := phonenumbers.Parse(e164, ""); err != nil || phonenumbers.Format(again, phonenumbers.E164) != e164 {
		return "", ErrMalformed
	}
	return e164, nil
}
