package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/silentguard/silentguard/internal/suggest"
)

// countryAliases are codes people write for a country whose ISO 3166 code
// differs: the United Kingdom's "UK" and the EU's "EL" for Greece.
var countryAliases = map[string]string{"UK": "GB", "EL": "GR"}

// likelyCountries break ties between equally near suggestions: the
// countries SilentGuard has reporting advice for.
var likelyCountries = []string{"US", "GB", "IT", "DE", "FR", "ES", "PT", "BR", "NL", "BE"}

// ParseCountry reads an owner's country: an ISO 3166-1 two-letter code
// with a telephone numbering plan ("IT"), or a common alias ("UK") or
// three-letter code ("ITA"), which come back in two letters with a note
// saying so. Anything else is an error that suggests the nearest code.
func ParseCountry(s string) (code, note string, err error) {
	in := strings.TrimSpace(s)
	up := strings.ToUpper(in)
	if a, ok := countryAliases[up]; ok {
		return a, fmt.Sprintf("%q read as %q, the ISO 3166 code of %s", in, a, countryName(a)), nil
	}
	if len(up) == 2 && phonenumbers.GetSupportedRegions()[up] {
		return up, "", nil
	}
	if len(up) == 3 {
		if r, err := language.ParseRegion(up); err == nil && phonenumbers.GetSupportedRegions()[r.String()] {
			return r.String(), fmt.Sprintf("%q read as %q, the two-letter ISO 3166 code of %s", in, r.String(), countryName(r.String())), nil
		}
	}
	msg := "unknown country code"
	if in == "" {
		msg = "no country"
	}
	hint := `ISO 3166 two-letter codes such as "IT" or "US"`
	if near, why := nearestCountry(in); near != "" {
		return "", "", fmt.Errorf("%w: %s%s; did you mean %q (%s)? (%s)", ErrBadValue, msg, why, near, countryName(near), hint)
	}
	return "", "", fmt.Errorf("%w: %s (%s)", ErrBadValue, msg, hint)
}

func countryName(code string) string {
	if r, err := language.ParseRegion(code); err == nil {
		if n := display.English.Regions().Name(r); n != "" {
			return n
		}
	}
	return code
}

// countries lists the codes ParseCountry accepts, likely ones first.
func countries() []string {
	var rest []string
	for c := range phonenumbers.GetSupportedRegions() {
		if len(c) == 2 && !slices.Contains(likelyCountries, c) {
			rest = append(rest, c)
		}
	}
	sort.Strings(rest)
	return append(slices.Clone(likelyCountries), rest...)
}

// nearestCountry guesses the country meant: a language code's likely
// country ("EN"), a country's English name ("Italy", "Itlay"), or a code
// one letter off. why says what the guess is based on.
func nearestCountry(s string) (code, why string) {
	if s == "" {
		return "", ""
	}
	if len(s) == 2 {
		if b, err := language.ParseBase(strings.ToLower(s)); err == nil {
			if r, conf := language.Make(b.String()).Region(); conf != language.No && phonenumbers.GetSupportedRegions()[r.String()] {
				return r.String(), fmt.Sprintf(" (%q is the code of a language, %s)", s, display.English.Languages().Name(b))
			}
		}
	}
	all := countries()
	names := make([]string, len(all))
	for i, c := range all {
		names[i] = countryName(c)
	}
	if n := suggest.Nearest(s, names); n != "" && len(s) > 3 {
		return all[slices.Index(names, n)], ""
	}
	for _, c := range all {
		if len(s) == 2 && suggest.Distance(strings.ToUpper(s), c) == 1 {
			return c, ""
		}
	}
	return "", ""
}
