package detectors

import (
	"fmt"
	"io/fs"
	"strings"
)

// brandsFile is lexicons/brands.toml.
type brandsFile struct {
	Shorteners []string          `toml:"shorteners"`
	RiskyTLDs  []string          `toml:"risky_tlds"`
	RiskyWords []string          `toml:"risky_words"`
	Known      []string          `toml:"known"`
	Invites    map[string]string `toml:"invites"`
	AppHosts   []string          `toml:"app_hosts"`
	AppPaths   []string          `toml:"app_paths"`
	Brands     []brand           `toml:"brand"`
}

// brand is a well-known organisation scammers imitate.
type brand struct {
	Name string `toml:"name"`
	// Kind: bank, courier, exchange, trading, tech, tax, payment, telecom,
	// retail, government.
	Kind string `toml:"kind"`
	// Labels are the distinctive parts of its domain names ("paypal").
	Labels []string `toml:"labels"`
	// Domains are its real registrable domains.
	Domains []string `toml:"domains"`
	// Mentions are how a message names it ("poste italiane").
	Mentions []string `toml:"mentions"`
}

// brandBook is brands.toml ready for lookups.
type brandBook struct {
	list       []brand // as decoded: compileLexicon reads the mentions, then drops it
	shorteners map[string]bool
	riskyTLDs  map[string]bool
	riskyWords map[string]bool
	known      map[string]bool   // registrable domains that are fine
	official   map[string]string // registrable domain → brand name
	invites    map[string]string // host → platform
	appHosts   map[string]bool
	appPaths   []string
	kinds      map[string]string // brand name → kind
	// labels lists (skeleton label, brand name) pairs, longest first.
	labels []brandLabel
}

type brandLabel struct {
	label, brand string
}

func loadBrands(fsys fs.FS, name string, f *folder) (*brandBook, error) {
	var bf brandsFile
	if err := decodeTOML(fsys, name, &bf); err != nil {
		return nil, err
	}
	packStrings(&bf) // names and kinds are kept as they are
	b := &brandBook{
		list:       bf.Brands,
		shorteners: set(bf.Shorteners),
		riskyTLDs:  set(bf.RiskyTLDs),
		riskyWords: set(bf.RiskyWords),
		known:      set(bf.Known),
		official:   map[string]string{},
		invites:    map[string]string{},
		appHosts:   set(bf.AppHosts),
		appPaths:   bf.AppPaths,
		kinds:      map[string]string{},
	}
	for h, p := range bf.Invites {
		b.invites[strings.ToLower(h)] = p
	}
	for _, br := range bf.Brands {
		if br.Name == "" || len(br.Domains) == 0 {
			return nil, fmt.Errorf("%w: brand %q needs a name and domains", ErrBadLexicon, br.Name)
		}
		b.kinds[br.Name] = br.Kind
		for _, d := range br.Domains {
			b.official[strings.ToLower(d)] = br.Name
		}
		for _, l := range br.Labels {
			sk := skeleton(strings.ToLower(l))
			if len(sk) < 3 {
				return nil, fmt.Errorf("%w: brand %q label %q too short", ErrBadLexicon, br.Name, l)
			}
			b.labels = append(b.labels, brandLabel{sk, br.Name})
		}
	}
	// longest labels first so that "bankofamerica" wins over "bank"
	for i := 1; i < len(b.labels); i++ {
		for j := i; j > 0 && len(b.labels[j].label) > len(b.labels[j-1].label); j-- {
			b.labels[j], b.labels[j-1] = b.labels[j-1], b.labels[j]
		}
	}
	return b, nil
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[strings.ToLower(strings.TrimSpace(x))] = true
	}
	return m
}

// skeleton folds a domain label the way a reader's eye does: digits that
// look like letters become letters, "rn" reads as "m", "vv" as "w".
func skeleton(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '0':
			c = 'o'
		case '1', '!', '|':
			c = 'l'
		case '3':
			c = 'e'
		case '4', '@':
			c = 'a'
		case '5', '$':
			c = 's'
		case '7':
			c = 't'
		case '8':
			c = 'b'
		}
		if c == 'r' && i+1 < len(s) && s[i+1] == 'n' {
			b.WriteByte('m')
			i++
			continue
		}
		if c == 'v' && i+1 < len(s) && s[i+1] == 'v' {
			b.WriteByte('w')
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// lookalike returns the brand a domain label imitates, if any. label is
// the registrable domain without its public suffix ("paypa1-secure"),
// already folded from Unicode when it was punycode.
func (b *brandBook) lookalike(label string) (string, bool) {
	sk := skeleton(label)
	parts := strings.FieldsFunc(sk, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	joined := strings.Join(parts, "")
	for _, bl := range b.labels {
		l := bl.label
		for _, p := range parts {
			if p == l {
				return bl.brand, true
			}
			// "bitgetpro", "securepaypal": the brand plus filler. Short
			// brands only as a prefix, so "pineapple" is not Apple.
			if len(l) >= 5 && strings.HasPrefix(p, l) || len(l) >= 6 && strings.HasSuffix(p, l) {
				return bl.brand, true
			}
		}
		if len(l) >= 7 && strings.Contains(joined, l) {
			return bl.brand, true
		}
		// one or two slips of the keyboard: "paypai", "coinbsae"
		if len(l) >= 6 && joined != l {
			// two slips only for long names: "icicibank" is two edits
			// from "citibank" and is a real bank
			max := 1
			if len(l) >= 10 {
				max = 2
			}
			if editDistanceAtMost(joined, l, max) {
				return bl.brand, true
			}
		}
	}
	return "", false
}

// editDistanceAtMost reports whether the Damerau–Levenshtein distance
// (adjacent swaps count once) between a and b is at most max.
func editDistanceAtMost(a, b string, max int) bool {
	if d := len(a) - len(b); d > max || -d > max {
		return false
	}
	if len(a) > 64 || len(b) > 64 {
		return false
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)] <= max
}
