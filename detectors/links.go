package detectors

import (
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// linkCues judges every link the sender sends: look-alikes of known
// brands, shorteners, bare IP hosts, app installs outside the stores,
// chat invites, throw-away domains, and (mildly) any unknown link.
type linkCues struct{}

func (linkCues) Name() string { return "links" }

func (linkCues) Detect(a *analysis, emit emitFunc) {
	for i, tu := range a.turns {
		if tu.fromOwner {
			continue
		}
		for _, loc := range a.turnLinks(i) {
			raw := tu.t.orig[loc[0]:loc[1]]
			for _, rs := range a.judgeLink(raw) {
				rs.Turn = i
				rs.Evidence = raw
				emit(rs)
			}
		}
	}
}

// mayHaveLink is a cheap test that spares the URL regexp on most messages:
// a scheme, or a dot between two word characters ("bit.ly").
func mayHaveLink(s string) bool {
	if strings.Contains(s, "://") {
		return true
	}
	for i := 1; i+1 < len(s); i++ {
		if s[i] == '.' && isAlnum(s[i-1]) && isAlnum(s[i+1]) {
			return true
		}
	}
	return false
}

// plausibleLink drops what the relaxed URL pattern finds in sloppy typing
// ("days.so you can", "Hello.How", "U.CALL"): a link without scheme, www
// or path must have a lower-case ending that is not an everyday word.
func plausibleLink(bb *brandBook, raw string) bool {
	lower := strings.ToLower(raw)
	if strings.Contains(lower, "://") || strings.HasPrefix(lower, "www.") || strings.ContainsAny(raw, "/?#") {
		return true
	}
	dot := strings.LastIndexByte(raw, '.')
	if dot < 1 || dot == len(raw)-1 {
		return false
	}
	tld := raw[dot+1:]
	if strings.ToLower(tld) != tld {
		return false
	}
	switch tld {
	case "so", "in", "is", "as", "am", "an", "no", "my", "do", "go", "he", "we", "ok", "hi", "me", "us", "it", "at", "be", "to":
		// country endings that are also words: only with a path or www,
		// except the few used bare for links
		return raw[:dot] == "t" || raw[:dot] == "wa" || raw[:dot] == "bit" || strings.Count(raw, ".") > 1 ||
			tld == "it" && len(raw[:dot]) > 3 || tld == "me" && len(raw[:dot]) > 3 || tld == "be" && len(raw[:dot]) > 3
	case "life", "love", "house", "world", "one", "fun", "best", "date", "party", "today", "help", "work", "live",
		"lol", "wtf", "fyi", "now", "win", "new", "men", "rocks", "sexy", "tips", "plus", "wow", "yes", "zip", "mov",
		"day", "cool", "ninja", "boo", "bar", "pub", "fish", "run", "page", "link", "team", "tech", "money":
		// top-level domains that are everyday words: "airport.lol",
		// "photos.zip" typed without a space are not links without a
		// scheme, www or path, unless the name is bait words joined by a
		// hyphen, which nobody types by slip ("wf-secure.help", not
		// "check-in.today")
		name := raw[:dot]
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		return strings.Contains(name, "-") && riskyWords(bb, strings.ToLower(name))
	}
	return true
}

func isAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// parsedLink is the parts of a link the cues look at.
type parsedLink struct {
	scheme string
	host   string // lower case, ASCII (punycode) when it could be encoded
	path   string // lower case, with query
}

func parseLink(raw string) parsedLink {
	var p parsedLink
	s := raw
	if i := strings.Index(s, "://"); i >= 0 {
		p.scheme = strings.ToLower(s[:i])
		s = s[i+3:]
	} else if strings.HasPrefix(strings.ToLower(s), "mailto:") {
		return parsedLink{scheme: "mailto"}
	}
	end := strings.IndexAny(s, "/?#")
	host := s
	if end >= 0 {
		host, p.path = s[:end], strings.ToLower(s[end:])
	}
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		// "paypal.com@evil.example": the part after @ is the real host
		host = host[at+1:]
	}
	if strings.HasPrefix(host, "[") {
		if j := strings.IndexByte(host, ']'); j > 0 {
			host = host[1:j]
		}
	} else if c := strings.LastIndexByte(host, ':'); c >= 0 && strings.Count(host, ":") == 1 {
		host = host[:c]
	}
	p.host = strings.TrimSuffix(strings.ToLower(host), ".")
	return p
}

// judgeLink returns the reasons (without turn and evidence) for one link.
func (a *analysis) judgeLink(raw string) []Reason {
	p := parseLink(raw)
	if p.host == "" || p.scheme == "mailto" || (strings.Contains(raw, "@") && !strings.Contains(raw, "/")) {
		return nil // an e-mail address
	}
	bb := a.lex.brands
	var out []Reason
	add := func(code, detail string, args map[string]string) {
		out = append(out, Reason{Code: code, Detail: detail, Args: args})
	}
	if p.scheme == "itms-services" {
		add(CodeAppInstall, "link that installs an app outside the App Store", map[string]string{"domain": p.host})
		return out
	}
	if addr, err := netip.ParseAddr(p.host); err == nil {
		add(CodeIPHost, "link to a bare internet address ("+addr.String()+") instead of a site name",
			map[string]string{"host": addr.String()})
		return out
	}
	host := p.host
	unicodeHost := ""
	if strings.Contains(host, "xn--") {
		if u, err := idna.ToUnicode(host); err == nil && u != host {
			unicodeHost = u
		}
	} else if !isASCII(host) {
		unicodeHost = host
		if asc, err := idna.ToASCII(host); err == nil {
			host = asc
		}
	}
	domain, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return nil
	}
	suffix, _ := publicsuffix.PublicSuffix(host)
	label := strings.TrimSuffix(strings.TrimSuffix(domain, suffix), ".")

	if platform, ok := bb.invites[host]; ok {
		add(CodeInvite, "invitation link to "+platform, map[string]string{"domain": host, "platform": platform})
		return out
	}
	if platform, ok := bb.invites[domain]; ok {
		add(CodeInvite, "invitation link to "+platform, map[string]string{"domain": domain, "platform": platform})
		return out
	}
	if isAppInstall(bb, host, label, p.path) {
		add(CodeAppInstall, "link to install an app outside the official stores ("+domain+")",
			map[string]string{"domain": domain})
		// an app from a look-alike site is still worth saying
	}
	if unicodeHost != "" {
		add(CodePunycode, "link to "+domain+", which displays as "+unicodeHost,
			map[string]string{"domain": domain, "unicode": unicodeHost})
		// judge the look-alike on what the reader sees
		folded := string(a.r.folder.normalize(strings.ReplaceAll(unicodeHost, ".", " . ")).norm)
		folded = strings.ReplaceAll(strings.ReplaceAll(folded, " . ", "."), " ", "-")
		if fd, err := publicsuffix.EffectiveTLDPlusOne(folded); err == nil {
			fs, _ := publicsuffix.PublicSuffix(folded)
			label = strings.TrimSuffix(strings.TrimSuffix(fd, fs), ".")
			if name, ok := bb.official[fd]; ok {
				add(CodeLookalike, "link to "+domain+", made to look like "+fd+" ("+name+")",
					map[string]string{"domain": domain, "brand": name})
				return out
			}
		}
	}
	if _, ok := bb.official[domain]; ok {
		return out
	}
	if bb.known[domain] {
		return out
	}
	if bb.shorteners[domain] || bb.shorteners[host] {
		add(CodeShortener, "shortened link ("+domain+") that hides where it leads", map[string]string{"domain": domain})
		return out
	}
	if name, ok := bb.lookalike(label); ok {
		add(CodeLookalike, "link to "+domain+", a look-alike of "+name+"'s site",
			map[string]string{"domain": domain, "brand": name})
		return out
	}
	// the look-alike may hide in a subdomain: "paypal.com.account-check.top"
	if sub := strings.TrimSuffix(strings.TrimSuffix(host, domain), "."); sub != "" {
		for _, part := range strings.Split(sub, ".") {
			if part == "www" || len(part) < 3 {
				continue
			}
			if name, ok := bb.lookalike(part); ok {
				add(CodeLookalike, "link to "+domain+", dressed up as "+name+" in its address",
					map[string]string{"domain": domain, "brand": name})
				return out
			}
		}
	}
	tld := suffix
	if k := strings.LastIndexByte(suffix, '.'); k >= 0 {
		tld = suffix[k+1:]
	}
	switch {
	case bb.riskyTLDs[tld]:
		add(CodeRiskyDomain, "link to "+domain+", on a cheap domain ending often used by throw-away sites",
			map[string]string{"domain": domain, "why": "tld"})
	case riskyWords(bb, label) || riskyWords(bb, strings.TrimSuffix(strings.TrimSuffix(host, domain), ".")):
		add(CodeRiskyDomain, "link to "+domain+", a site name stitched from bait words",
			map[string]string{"domain": domain, "why": "words"})
	case len(out) == 0:
		add(CodeLink, "link to "+domain+", a site you cannot check", map[string]string{"domain": domain})
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isAppInstall: APK or iOS profile downloads, TestFlight invites and the
// like; stores themselves are not in the list.
func isAppInstall(bb *brandBook, host, label, path string) bool {
	if bb.appHosts[host] {
		return true
	}
	p := path
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for _, ext := range bb.appPaths {
		if strings.HasSuffix(p, ext) || strings.Contains(p, ext+"/") {
			return true
		}
	}
	first := host
	if i := strings.IndexByte(host, '.'); i >= 0 {
		first = host[:i]
	}
	return first == "apk" || strings.HasSuffix(label, "-apk") || strings.HasPrefix(label, "apk-")
}

// riskyWords reports a hyphenated or compound label made of bait words
// ("usps-redelivery-track", "glowbox-freegift"): at least one bait word in
// a hyphenated label, or two in a compound.
func riskyWords(bb *brandBook, label string) bool {
	if label == "" {
		return false
	}
	parts := strings.FieldsFunc(label, func(r rune) bool { return r == '-' || r == '.' || r == '_' })
	found := 0
	for _, p := range parts {
		if bb.riskyWords[p] {
			found += 2
			continue
		}
		for w := range bb.riskyWords {
			if len(w) >= 4 && len(p) > len(w) && strings.Contains(p, w) {
				found++
				break
			}
		}
	}
	if len(parts) > 1 {
		return found >= 1
	}
	return found >= 2
}

// linksOnlyTo reports whether turn i holds links and every one of them
// is on one of brand's own domains (brands.toml).
func (a *analysis) linksOnlyTo(i int, brand string) bool {
	links := a.turnLinks(i)
	if len(links) == 0 {
		return false
	}
	orig := a.turns[i].t.orig
	for _, l := range links {
		host := parseLink(orig[l[0]:l[1]]).host
		domain, err := publicsuffix.EffectiveTLDPlusOne(host)
		if err != nil || a.lex.brands.official[domain] != brand {
			return false
		}
	}
	return true
}
