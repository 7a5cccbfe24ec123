package ownerpage

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/silentguard/silentguard/bot/warntext"
)

// Purposes a token is good for: each token does one thing only, so that
// the link (which passes through push services and mail servers) cannot
// answer for the owner, and a button's token opens nothing.
const (
	purposeView       = "view"
	purposeAllow      = "allow"
	purposeFalseAlarm = "false_alarm"
)

// Errors of a token.
var (
	errBadToken = errors.New("malformed or forged token")
	errExpired  = errors.New("token expired")
)

// claims is what a token says, once its MAC is checked.
type claims struct {
	warningID string
	quote     warntext.Quote
	device    string
	expires   time.Time
}

// The audience is two letters of the token: the quote and the device of
// the target that carried the link, so that the page shows what that
// target may show.
var (
	quoteLetters  = map[warntext.Quote]byte{warntext.QuoteFull: 'f', warntext.QuoteShort: 's', warntext.QuoteNone: 'n'}
	deviceLetters = map[string]byte{"": '-', warntext.DeviceAndroid: 'a', warntext.DeviceIPhone: 'i'}
)

// macLen is how much of the HMAC-SHA256 a token carries: 128 bits.
const macLen = 16

// token is "<warning id>.<quote><device><expiry, base 36 Unix seconds>.<MAC>",
// URL-safe. The MAC covers the purpose and the owner too, which the token
// does not spell out: the warning names its owner.
func sign(key []byte, purpose, owner string, c claims) string {
	payload := c.warningID + "." + string(quoteLetters[c.quote]) + string(deviceLetters[c.device]) +
		strconv.FormatInt(c.expires.Unix(), 36)
	return payload + "." + base64.RawURLEncoding.EncodeToString(mac(key, purpose, owner, payload))
}

func mac(key []byte, purpose, owner, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("silentguard owner page v1\x00" + purpose + "\x00" + owner + "\x00" + payload))
	return m.Sum(nil)[:macLen]
}

// parse reads a token's claims without checking its MAC (the owner,
// which the MAC covers, comes from the warning the token names).
func parse(tok string) (claims, string, []byte, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || parts[0] == "" || len(parts[1]) < 3 {
		return claims{}, "", nil, errBadToken
	}
	c := claims{warningID: parts[0]}
	aud := parts[1]
	var ok bool
	if c.quote, ok = letterOf(quoteLetters, aud[0]); !ok {
		return claims{}, "", nil, errBadToken
	}
	if c.device, ok = letterOf(deviceLetters, aud[1]); !ok {
		return claims{}, "", nil, errBadToken
	}
	exp, err := strconv.ParseInt(aud[2:], 36, 64)
	if err != nil {
		return claims{}, "", nil, errBadToken
	}
	c.expires = time.Unix(exp, 0)
	sum, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sum) != macLen {
		return claims{}, "", nil, errBadToken
	}
	return c, parts[0] + "." + parts[1], sum, nil
}

func letterOf[K comparable](m map[K]byte, b byte) (K, bool) {
	for k, v := range m {
		if v == b {
			return k, true
		}
	}
	var zero K
	return zero, false
}

// verify checks that the token was made for this purpose and owner with
// this key, then that it has not expired.
func verify(key []byte, purpose, owner, payload string, sum []byte, c claims, now time.Time) error {
	if !hmac.Equal(sum, mac(key, purpose, owner, payload)) {
		return errBadToken
	}
	if !now.Before(c.expires) {
		return errExpired
	}
	return nil
}
