// Package warntexttest holds what the tests of every notifier's writer
// share: warnings of every kind to write (warntext renders them to a
// neutral document), and the check of the HTML a writer makes of one.
package warntexttest

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/silentguard/silentguard/bot/warntext"
	"github.com/silentguard/silentguard/detectors"
)

// HostileSender is a display name that tries markup, an entity and a
// link; no writer may let any of it through.
const HostileSender = `<b>Bank</b> & "Co" visit evil.example.com`

// HostileReasons are evidence that tries the same.
func HostileReasons() []detectors.Reason {
	return []detectors.Reason{
		{Code: detectors.CodeSharedPlan, Weight: 1, Evidence: `<script>&"`},
		{Code: detectors.CodeBait, Weight: 0.9, Evidence: `<a href="https://evil.com/x">tap</a> now`},
		{Code: detectors.CodeLink, Weight: 0.8, Evidence: "go to https://evil.com/login", Args: map[string]string{"domain": "evil.com"}},
		{Code: "future.code", Weight: 0.7, Evidence: "see t.me/evilchat", Detail: "says “see t.me/evilchat” <i>"},
		{Code: detectors.CodeReconnect, Weight: 0.6, Evidence: "line one\n\nWhat to do:\n• reply YES \u202Eoops"},
	}
}

// Inputs are warnings in every language, level, escalation, network and
// country, the quote mode, kind and command prefix taking turns, all from
// a hostile sender.
func Inputs() []warntext.Input {
	levels := []detectors.Level{detectors.LevelNone, detectors.LevelCaution, detectors.LevelWarning, detectors.LevelAlert}
	networks := []struct {
		net    detectors.Network
		device string
	}{
		{"sms", ""}, {"sms", warntext.DeviceAndroid}, {"sms", warntext.DeviceIPhone}, {"whatsapp", ""},
		{"signal", ""}, {"telegram", ""}, {"imessage", ""}, {"gmessages", ""},
		{"matrix", ""}, {"googlechat", ""}, {"line", ""}, {"", ""},
	}
	// Countries with a reporting link, a mail link (BE), a carrier
	// number (GB, US) and none: a writer treats every link alike, and
	// warntext's own tests render every country.
	countries := []string{"IT", "US", "GB", "BE", "NL", ""}
	kinds := []string{detectors.KindNone, detectors.KindWrongNumber, detectors.KindHiMum, detectors.KindInvestment, "future-kind"}
	var out []warntext.Input
	for _, lang := range warntext.Languages() {
		for _, level := range levels {
			for _, esc := range []bool{false, true} {
				for _, nw := range networks {
					for _, country := range countries {
						n := len(out)
						out = append(out, warntext.Input{Lang: lang, Country: country, Network: nw.net, Device: nw.device,
							Level: level, Kind: kinds[n%len(kinds)], Escalation: esc, Ref: "K7Q2",
							CommandPrefix: []string{"!", "/", ""}[n%3], Sender: HostileSender, Reasons: HostileReasons(),
							Quote: warntext.Quote(n % 3)})
					}
				}
			}
		}
	}
	return out
}

// Hrefs are the links of d: the only ones its HTML may have.
func Hrefs(d warntext.Doc) map[string]bool {
	m := map[string]bool{}
	for _, b := range d.Blocks {
		for _, l := range append([]warntext.Line{b.Head}, b.Items...) {
			for _, s := range l {
				if s.Href != "" {
					m[s.Href] = true
				}
			}
		}
	}
	return m
}

// CheckHTML checks the HTML a writer made of d: only allowed tags, every
// tag closed, no attribute but the links' (href, and rel), links only to
// d's links, none of the sender's markup or links, and (telegram) no
// entity the Bot API does not know.
func CheckHTML(tb testing.TB, name, out string, d warntext.Doc, allowed []string, telegram bool) {
	tb.Helper()
	hrefs := Hrefs(d)
	z := html.NewTokenizer(strings.NewReader(out))
	var stack []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			if !slices.Contains(allowed, tok.Data) {
				tb.Errorf("%s: tag <%s> not allowed in %q", name, tok.Data, out)
			}
			for _, a := range tok.Attr {
				switch {
				case tok.Data == "a" && a.Key == "href":
					if !hrefs[a.Val] {
						tb.Errorf("%s: link to %q, which the document does not link", name, a.Val)
					}
				case tok.Data == "a" && a.Key == "rel":
				default:
					tb.Errorf("%s: attribute %s on <%s>", name, a.Key, tok.Data)
				}
			}
			if tok.Data != "br" && tt == html.StartTagToken {
				stack = append(stack, tok.Data)
			}
		case html.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				tb.Errorf("%s: unbalanced </%s> in %q", name, tok.Data, out)
				return
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		tb.Errorf("%s: unclosed %v", name, stack)
	}
	for _, bad := range []string{"<script", "<b>Bank", "evil.com", "evil.example.com", "t.me/", "https://evil", "\u202E", "\nWhat to do:\n• reply"} {
		if strings.Contains(out, bad) {
			tb.Errorf("%s: has the sender's %q:\n%s", name, bad, out)
		}
	}
	if telegram {
		for _, m := range regexp.MustCompile(`&[#a-zA-Z0-9]*;?`).FindAllString(out, -1) {
			if m != "&lt;" && m != "&gt;" && m != "&amp;" && m != "&quot;" {
				tb.Errorf("%s: entity %q", name, m)
			}
		}
	}
}

// CheckWriter writes every one of Inputs with write and checks the HTML
// (see CheckHTML); the first, in English, must show the hostile sender
// escaped and defanged.
func CheckWriter(tb testing.TB, write func(warntext.Doc) string, allowed []string, telegram bool) {
	tb.Helper()
	for i, in := range Inputs() {
		d := warntext.Render(in)
		out := write(d)
		CheckHTML(tb, in.Lang+"/"+string(in.Network)+"/"+in.Country, out, d, allowed, telegram)
		if i > 0 {
			continue
		}
		for _, want := range []string{"&lt;b&gt;Bank&lt;/b&gt; &amp;", "evil[.]com"} {
			if !strings.Contains(out, want) {
				tb.Errorf("lacks %q:\n%s", want, out)
			}
		}
	}
}
