package warntext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"mvdan.cc/xurls/v2"
)

// shortLen is the number of characters QuoteShort keeps of an evidence.
const shortLen = 40

// wordJoiner is put after an "@" from the sender so that Telegram and Matrix
// clients do not turn "@name" into a tappable mention.
const wordJoiner = "\u2060"

// cleanSender makes text from the sender safe to lay out inside a warning:
// control and bidirectional-override characters are dropped and every run of
// white space (newlines included) becomes one space, so that the sender cannot
// forge lines of the warning or reorder its text.
func cleanSender(s string) string { return strings.Trim(cleanRun(s), " ") }

func isBidiControl(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200E, r == 0x200F:
		return true
	case r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// cut shortens s to about n characters, on a word boundary when there is one
// in the second half, and marks the cut with "…".
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	end := n
	for i := n; i > n/2; i-- {
		if unicode.IsSpace(rs[i]) {
			end = i
			break
		}
	}
	out := strings.TrimRightFunc(string(rs[:end]), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	})
	return out + "…"
}

var schemeRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// defang rewrites every link, domain and e-mail address in text from the
// sender so that no client makes it clickable: "https://ctfx-global.com/x"
// becomes "hxxps[:]//ctfx-global[.]com/x". An "@" is followed by a word
// joiner so that "@name" is no mention either.
func defang(s string) string {
	if !mayHoldLink(s) {
		return s
	}
	s = xurls.Relaxed().ReplaceAllStringFunc(s, defangLink)
	if strings.Contains(s, "@") {
		s = strings.ReplaceAll(s, "@", "@"+wordJoiner)
	}
	return s
}

// mayHoldLink is false for text in which the link pattern cannot match,
// which is most of what senders write ("I'm Amy. Where are you from?"):
// the pattern is the costliest part of a warning. Every link, domain,
// IP address and e-mail address it finds holds an "@", or a "." or ":"
// followed by something other than a space (the next label, a digit, a
// "/", another ":"), and never ends a sentence with it.
func mayHoldLink(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '@':
			return true
		case '.', ':':
			if i+1 < len(s) {
				switch s[i+1] {
				case ' ', '\t', '\n', '\r':
				default:
					return true
				}
			}
		}
	}
	return false
}

func defangLink(m string) string {
	if i := strings.Index(m, "://"); i >= 0 {
		scheme := m[:i]
		if strings.HasPrefix(strings.ToLower(scheme), "http") {
			scheme = "hxxp" + scheme[4:]
		}
		m = scheme + "[:]//" + m[i+3:]
	} else if loc := schemeRe.FindStringIndex(m); loc != nil && !strings.Contains(m[:loc[1]], "@") {
		m = m[:loc[1]-1] + "[:]" + m[loc[1]:]
	}
	return strings.ReplaceAll(m, ".", "[.]")
}

// defangHost defangs a value that is a host name whatever it looks like
// (a domain with an unusual TLD is still shown as "a[.]b").
func defangHost(s string) string {
	return defang(strings.ReplaceAll(s, ".", "[.]"))
}
