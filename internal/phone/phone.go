// Package phone reads phone numbers the one way every part of SilentGuard
// must agree on: a sender's number from a gateway, a bridge's ghost and an
// allow-list entry are compared as E.164 strings.
package phone

import (
	"errors"
	"strings"
	"sync"

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
// refused: two readings of the same sender would not match. Readings are
// remembered: a gateway gives the sender's number with every message.
func E164(s, country string) (string, error) {
	key := cacheKey{country, s}
	if r, ok := readings.get(key); ok {
		if r.err == nil {
			// The detectors ask next what kind of number this is: the
			// answer may have aged out of its cache while the reading
			// stayed in this one (a sender seen again).
			infos.keep(cacheKey{s: r.e164}, r.info)
		}
		return r.e164, r.err
	}
	e164, info, err := read(s, country)
	readings.put(key, reading{e164, err, info})
	return e164, err
}

func read(s, country string) (string, Info, error) {
	n, err := phonenumbers.Parse(s, country)
	if err != nil {
		return "", Info{}, err
	}
	if !phonenumbers.IsPossibleNumber(n) {
		return "", Info{}, ErrImpossible
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if e164 != plusDigits(s) { // else s is its own E.164 form, written with spaces or dashes: read back already
		if again, err := phonenumbers.Parse(e164, ""); err != nil || phonenumbers.Format(again, phonenumbers.E164) != e164 {
			return "", Info{}, ErrMalformed
		}
	}
	// The detectors ask next what kind of number this is: tell them now,
	// while it is parsed (the same country code and national number as
	// e164's, which reads back as itself).
	info := describe(n)
	infos.put(cacheKey{s: e164}, info)
	return e164, info, nil
}

// Info is what the detectors want to know about a number.
type Info struct {
	// Valid: the number matches a pattern of its region (it can exist).
	Valid bool
	// Region is the number's ISO 3166 region ("001" for non-geographic
	// numbers), "" when it is not valid.
	Region string
	// Type is phonenumbers' kind of number, UNKNOWN when it is not valid.
	Type phonenumbers.PhoneNumberType
}

// Describe reads s (a national number as one of region) and tells what
// kind of number it is. Numbers are remembered: a sender's number that E164
// has just read, or that a conversation's earlier turn asked about, is not
// parsed again.
func Describe(s, region string) Info {
	key := cacheKey{s: s}
	if !strings.HasPrefix(s, "+") {
		key.region = region // an international number ignores it
	}
	if info, ok := infos.get(key); ok {
		return info
	}
	var info Info
	if n, err := phonenumbers.Parse(s, region); err == nil {
		info = describe(n)
	}
	infos.put(key, info)
	return info
}

func describe(n *phonenumbers.PhoneNumber) Info {
	// A number no region claims is not valid: GetNumberType would find no
	// patterns for it either (and would look for its region once more).
	region := phonenumbers.GetRegionCodeForNumber(n)
	if region == "" {
		return Info{}
	}
	t := phonenumbers.GetNumberType(n)
	if t == phonenumbers.UNKNOWN {
		return Info{}
	}
	return Info{Valid: true, Region: region, Type: t}
}

// The numbers read so far: E164's readings by the country and the text
// given, and what Describe found by the number (and the region of a
// national one).
var (
	readings cache[reading]
	infos    cache[Info]
)

type reading struct {
	e164 string
	err  error
	info Info // what Describe(e164) tells
}

type cacheKey struct{ region, s string }

// cache is bounded and safe for concurrent use. It keeps two
// generations: when the current one is full it becomes the previous one,
// and a number found there moves back to the current one. A busy bridge
// with more recent senders than one generation holds keeps reading the
// ones it sees again from memory; emptying a full cache instead made every
// lookup miss once the senders outnumbered it (4,191 distinct numbers in
// the training corpus's benchmark cost 9 µs a turn of parsing).
type cache[V any] struct {
	mu        sync.Mutex
	cur, prev map[cacheKey]V
}

// cacheMax bounds one generation: at most twice as many numbers are kept.
const cacheMax = 4096

func (c *cache[V]) get(key cacheKey) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[key]; ok {
		return v, true
	}
	v, ok := c.prev[key]
	if ok {
		c.putLocked(key, v)
	}
	return v, ok
}

// keep puts v under key unless the key is there already.
func (c *cache[V]) keep(key cacheKey, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cur[key]; ok {
		return
	}
	c.putLocked(key, v)
}

func (c *cache[V]) put(key cacheKey, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(key, v)
}

func (c *cache[V]) putLocked(key cacheKey, v V) {
	if c.cur == nil || len(c.cur) >= cacheMax {
		c.prev, c.cur = c.cur, make(map[cacheKey]V, 64)
	}
	c.cur[key] = v
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
