package warntext

import (
	"fmt"
	"html"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"

	"github.com/silentguard/silentguard/detectors"
)

var placeholderRe = regexp.MustCompile(`\{[a-z_]+\}`)

var (
	levels   = []detectors.Level{detectors.LevelNone, detectors.LevelCaution, detectors.LevelWarning, detectors.LevelAlert}
	networks = []struct {
		net    detectors.Network
		device string
	}{
		{"sms", ""}, {"sms", DeviceAndroid}, {"sms", DeviceIPhone}, {"whatsapp", ""},
		{"signal", ""}, {"telegram", ""}, {"imessage", ""}, {"gmessages", ""},
		{"matrix", ""}, {"googlechat", ""}, {"line", ""}, {"", ""},
	}
	countries = []string{"IT", "US", "GB", "UK", "DE", "FR", "ES", "PT", "BR", "JP", "", "gb"}
	kinds     = []string{
		detectors.KindNone, detectors.KindWrongNumber, detectors.KindRapport, detectors.KindRomance,
		detectors.KindInvestment, detectors.KindMoney, detectors.KindMovePlatform, detectors.KindJob,
		detectors.KindHiMum, detectors.KindLink, detectors.KindImpersonate, detectors.KindListing, detectors.KindRefund, "future-kind",
	}
)

// Test input: the evidence and metadata that must never leak under
// QuoteNone.
const (
	testSender = "Anna Müller"
	testPhone  = "+12025550143"
)

func sampleReasons() []detectors.Reason {
	return []detectors.Reason{
		{Code: detectors.CodeWrongName, Weight: 0.6, Turn: 0, Evidence: "Hi Marco",
			Detail: "greets 'Marco', which is not one of your names", Args: map[string]string{"name": "Marco"}},
		{Code: detectors.CodeMovePlatform, Weight: 0.7, Turn: 2, Evidence: "let's continue on Telegram, my id is @annacrypto",
			Args: map[string]string{"platform": "Telegram"}},
		{Code: detectors.CodeLookalike, Weight: 0.9, Turn: 3, Evidence: "https://ctfx-global.com/invite?ref=77",
			Args: map[string]string{"domain": "ctfx-global.com", "brand": "CTFX"}},
	}
}

// allReasons has one reason per code, with every Args key filled.
func allReasons() []detectors.Reason {
	var rs []detectors.Reason
	for i, code := range detectors.Codes() {
		rs = append(rs, detectors.Reason{
			Code: code, Weight: float64(i), Evidence: "evidence for " + code,
			Detail: "english detail about " + code,
			Args: map[string]string{
				"name": "Marco", "org": "bank", "media": "photo", "topic": "crypto",
				"app": "CoinMax", "platform": "WhatsApp", "relative": "mum",
				"domain": "ctfx-global.com", "brand": "Binance", "host": "203.0.113.7",
				"unicode": "аpple.com", "country": "NG", "type": "voip", "network": "whatsapp", "why": "tld",
			},
		})
	}
	return rs
}

func baseInput() Input {
	return Input{
		Lang: "en", Country: "US", Network: "whatsapp", Level: detectors.LevelWarning,
		Kind: detectors.KindWrongNumber, Ref: "K7Q2", CommandPrefix: "!",
		Sender: testSender, Reasons: sampleReasons(),
	}
}

// outputs are d's plain text, and its HTML as a writer with the
// commonest style makes it (each notifier's writer is tested beside it).
func outputs(d Doc) map[string]string {
	return map[string]string{"plain": d.Plain(), "html": docHTML(d)}
}

func docHTML(d Doc) string {
	st := HTMLStyle{Escape: html.EscapeString, Strong: "b", Code: "code"}
	var b strings.Builder
	for _, bl := range d.Blocks {
		b.WriteString(bl.Head.HTML(st))
		for _, it := range bl.Items {
			b.WriteString("<br>" + it.HTML(st))
		}
		b.WriteString("<br>")
	}
	return b.String()
}

// spans are every span of d.
func spans(d Doc) []Span {
	var out []Span
	for _, b := range d.Blocks {
		out = append(out, b.Head...)
		for _, it := range b.Items {
			out = append(out, it...)
		}
	}
	return out
}

// Every language renders every level, escalation, network, country and quote
// mode without leftover placeholders and with well-formed HTML.
func TestRenderEveryCombination(t *testing.T) {
	n := 0
	for _, lang := range Languages() {
		for _, level := range levels {
			for _, esc := range []bool{false, true} {
				for _, nw := range networks {
					for _, country := range countries {
						for q := QuoteFull; q <= QuoteNone; q++ {
							in := baseInput()
							in.Lang, in.Level, in.Escalation = lang, level, esc
							in.Network, in.Device, in.Country, in.Quote = nw.net, nw.device, country, q
							in.Kind = kinds[n%len(kinds)]
							n++
							m := Render(in)
							name := fmt.Sprintf("%s/%v/esc=%v/%s-%s/%s/%v", lang, level, esc, nw.net, nw.device, country, q)
							checkMessage(t, name, m)
						}
					}
				}
			}
		}
	}
	t.Logf("%d renders", n)
}

func checkMessage(t *testing.T, name string, m Doc) {
	t.Helper()
	if m.Title == "" || !strings.HasPrefix(m.Plain(), m.Title+"\n") {
		t.Errorf("%s: title %q does not open the plain text", name, m.Title)
	}
	for kind, out := range outputs(m) {
		if loc := placeholderRe.FindStringIndex(out); loc != nil {
			t.Errorf("%s %s: leftover %s in %q", name, kind, out[loc[0]:loc[1]], out)
		}
		if !utf8.ValidString(out) {
			t.Errorf("%s %s: invalid UTF-8", name, kind)
		}
		if strings.Contains(out, "**") {
			t.Errorf("%s %s: stray bold marker", name, kind)
		}
	}
	checkHTML(t, name+" html", docHTML(m), []string{"b", "br", "a", "code"}, false)
	for _, s := range spans(m) {
		if s.Quote && (s.Href != "" || s.Code) {
			t.Errorf("%s: the sender's words %q are a link or a command", name, s.Text)
		}
		if s.Code && s.Strong {
			t.Errorf("%s: %q is a command and emphasis", name, s.Text)
		}
	}
}

// checkHTML parses out and checks that it uses only allowed tags, that every
// tag is closed, that links go to official sites only, and (for Telegram)
// that the only entities are the ones the Bot API knows.
func checkHTML(t *testing.T, name, out string, allowed []string, telegram bool) {
	t.Helper()
	z := nethtml.NewTokenizer(strings.NewReader(out))
	var stack []string
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			if !slices.Contains(allowed, tok.Data) {
				t.Errorf("%s: tag <%s> not allowed", name, tok.Data)
			}
			for _, a := range tok.Attr {
				if tok.Data != "a" || a.Key != "href" {
					t.Errorf("%s: attribute %s on <%s>", name, a.Key, tok.Data)
					continue
				}
				if !isOfficial(a.Val) {
					t.Errorf("%s: link to %q", name, a.Val)
				}
			}
			if tok.Data != "br" && tt == nethtml.StartTagToken {
				stack = append(stack, tok.Data)
			}
		case nethtml.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Errorf("%s: unbalanced </%s> in %q", name, tok.Data, out)
				return
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		t.Errorf("%s: unclosed %v", name, stack)
	}
	if telegram {
		for _, m := range regexp.MustCompile(`&[#a-zA-Z0-9]*;?`).FindAllString(out, -1) {
			if m != "&lt;" && m != "&gt;" && m != "&amp;" && m != "&quot;" {
				t.Errorf("%s: entity %q", name, m)
			}
		}
	}
}

func isOfficial(href string) bool {
	for _, s := range officialSites {
		if href == "https://"+s {
			return true
		}
	}
	return false
}

// Every code renders in every language and mode, through its own template
// rather than the generic line.
func TestEveryCodeRenders(t *testing.T) {
	for _, lang := range Languages() {
		generic := (&run{c: cat(), lang: lang}).plainText("seen.generic")
		for q := QuoteFull; q <= QuoteNone; q++ {
			for _, rr := range allReasons() {
				r := &run{c: cat(), lang: lang, in: &Input{Quote: q}}
				var b strings.Builder
				r.reason(&rr).plain(&b)
				got := b.String()
				if got == "" || got == generic || strings.Contains(got, "english detail") || placeholderRe.MatchString(got) {
					t.Errorf("%s %v %s: %q", lang, q, rr.Code, got)
				}
				if q == QuoteNone && strings.Contains(got, "evidence for") {
					t.Errorf("%s %s: QuoteNone shows the evidence: %q", lang, rr.Code, got)
				}
			}
		}
	}
}

// Text from the sender is escaped, defanged and never linked.
func TestHostileEvidence(t *testing.T) {
	in := baseInput()
	in.Sender = `<b>Bank</b> & "Co" visit evil.example.com`
	in.Reasons = []detectors.Reason{
		{Code: detectors.CodeSharedPlan, Weight: 1, Evidence: `<script>&"`},
		{Code: detectors.CodeBait, Weight: 0.9, Evidence: `<a href="https://evil.com/x">tap</a> now`},
		{Code: detectors.CodeLink, Weight: 0.8, Evidence: "go to https://evil.com/login", Args: map[string]string{"domain": "evil.com"}},
		{Code: "future.code", Weight: 0.7, Evidence: "see t.me/evilchat", Detail: "says “see t.me/evilchat” <i>"},
		{Code: detectors.CodeReconnect, Weight: 0.6, Evidence: "line one\n\nWhat to do:\n• reply YES \u202Eoops"},
	}
	for _, lang := range Languages() {
		in.Lang = lang
		m := Render(in)
		checkMessage(t, lang, m)
		for kind, out := range outputs(m) {
			for _, bad := range []string{"<script", "<b>Bank", "evil.com", "evil.example.com", "t.me/", "https://evil", "\u202E", "\nWhat to do:\n• reply"} {
				if kind == "plain" && strings.HasPrefix(bad, "<") {
					continue // plain text shows the sender's words as they are
				}
				if strings.Contains(out, bad) {
					t.Errorf("%s %s contains %q:\n%s", lang, kind, bad, out)
				}
			}
		}
		for _, want := range []string{"&lt;script&gt;&amp;", "evil[.]com", "&lt;b&gt;Bank&lt;/b&gt; &amp;"} {
			if h := docHTML(m); !strings.Contains(h, want) {
				t.Errorf("%s: HTML lacks %q\n%s", lang, want, h)
			}
		}
		if !strings.Contains(m.Plain(), `<script>&"`) {
			t.Errorf("%s: plain text should quote the evidence as is:\n%s", lang, m.Plain())
		}
	}
}

// Under QuoteNone no word of the sender appears: no evidence, name, phone,
// domain or app name.
func TestQuoteNone(t *testing.T) {
	secrets := []string{testSender, "Anna", testPhone, "2025550143", "Marco", "ctfx", "CoinMax", "annacrypto", "аpple", "203.0.113", "evidence for"}
	for _, lang := range Languages() {
		for _, sender := range []string{testSender, testPhone} {
			in := baseInput()
			in.Lang, in.Sender, in.Quote, in.Network = lang, sender, QuoteNone, "sms"
			in.Reasons = append(sampleReasons(), allReasons()...)
			for _, esc := range []bool{false, true} {
				in.Escalation = esc
				m := Render(in)
				for kind, out := range outputs(m) {
					for _, s := range append(secrets, in.Reasons[0].Evidence, in.Reasons[1].Evidence) {
						if strings.Contains(out, s) {
							t.Errorf("%s %s: QuoteNone output contains %q:\n%s", lang, kind, s, out)
						}
					}
				}
			}
		}
	}
}

func TestQuoteShort(t *testing.T) {
	long := "Hello dear, I have been thinking about you all day and I wanted to tell you about my uncle's crypto platform"
	in := baseInput()
	in.Quote = QuoteShort
	in.Reasons = []detectors.Reason{{Code: detectors.CodeAffection, Weight: 1, Evidence: long}}
	m := Render(in)
	want := "Hello dear, I have been thinking about…"
	for kind, out := range outputs(m) {
		if !strings.Contains(out, want) {
			t.Errorf("%s: want %q in\n%s", kind, want, out)
		}
		if strings.Contains(out, "crypto platform") {
			t.Errorf("%s: the evidence was not cut:\n%s", kind, out)
		}
	}
	in.Quote = QuoteFull
	if m := Render(in); !strings.Contains(m.Plain(), long) {
		t.Errorf("QuoteFull cut the evidence:\n%s", m.Plain())
	}
	// A short evidence is left alone.
	in.Quote = QuoteShort
	in.Reasons[0].Evidence = "miss you"
	if m := Render(in); !strings.Contains(m.Plain(), "“miss you”") {
		t.Errorf("short evidence changed:\n%s", m.Plain())
	}
}

// Key facts per country, in every language.
func TestReportFacts(t *testing.T) {
	facts := map[string][]string{
		"US": {"7726", "reportfraud.ftc.gov", "FTC"},
		"GB": {"7726", "reportfraud.police.uk", "Action Fraud"},
		"IT": {"Polizia Postale", "commissariatodips.it"},
		"FR": {"33700", "cybermalveillance.gouv.fr", "Pharos"},
		"DE": {"Onlinewache", "Bundesnetzagentur"},
		"ES": {"INCIBE", "017", "Guardia Civil", "Policía Nacional"},
		"PT": {"PSP", "Polícia Judiciária"},
		"BR": {"delegacia", "Anatel"},
	}
	for _, lang := range Languages() {
		for country, want := range facts {
			in := baseInput()
			in.Lang, in.Country, in.Network, in.Level = lang, country, "sms", detectors.LevelAlert
			m := Render(in)
			for _, w := range want {
				if !strings.Contains(m.Plain(), w) {
					t.Errorf("%s %s: no %q in\n%s", lang, country, w, m.Plain())
				}
			}
		}
		// The carrier's short number is for SMS only.
		in := baseInput()
		for _, net := range []detectors.Network{detectors.NetworkWhatsApp, detectors.NetworkGoogleChat} {
			in.Lang, in.Country, in.Network = lang, "US", net
			if m := Render(in); strings.Contains(m.Plain(), "7726") {
				t.Errorf("%s: 7726 offered for %s", lang, net)
			}
		}
	}
}

func TestPlatformSteps(t *testing.T) {
	cases := []struct {
		net               detectors.Network
		device, want, not string
	}{
		{"whatsapp", "", "WhatsApp:", "Android:"},
		{"signal", "", "Signal:", ""},
		{"telegram", "", "Telegram:", ""},
		{"imessage", "", "Report Junk", ""},
		{"gmessages", "", "Google Messages:", ""},
		{"matrix", "", "/ignore", ""},
		{"sms", "", "Android:", ""},
		{"sms", "", "iPhone:", ""},
		{"sms", DeviceAndroid, "Android:", "iPhone:"},
		{"sms", DeviceIPhone, "Block this Caller", "Android:"},
		{"googlechat", "", "In your app", "Google Messages"},
		{"fax", "", "In your app", ""},
	}
	for _, c := range cases {
		in := baseInput()
		in.Network, in.Device = c.net, c.device
		m := Render(in)
		if !strings.Contains(m.Plain(), c.want) || (c.not != "" && strings.Contains(m.Plain(), c.not)) {
			t.Errorf("%s/%s: want %q, not %q in\n%s", c.net, c.device, c.want, c.not, m.Plain())
		}
	}
}

func TestCommandsLine(t *testing.T) {
	in := baseInput()
	in.CommandPrefix = "/"
	code := func(d Doc) []string {
		var out []string
		for _, s := range spans(d) {
			if s.Code {
				out = append(out, s.Text)
			}
		}
		return out
	}
	m := Render(in)
	if got := code(m); !slices.Equal(got, []string{"/allow K7Q2", "/false K7Q2"}) {
		t.Errorf("telegram commands: %q", got)
	}
	in.CommandPrefix = "!"
	m = Render(in)
	if got := code(m); !strings.Contains(m.Plain(), "!allow K7Q2") || !slices.Equal(got, []string{"!allow K7Q2", "!false K7Q2"}) {
		t.Errorf("matrix commands: %q\n%s", got, m.Plain())
	}
	for _, in := range []Input{{Ref: "K7Q2"}, {CommandPrefix: "!"}} {
		m := Render(in)
		if strings.Contains(m.Plain(), CommandAllow) || strings.Contains(m.Plain(), "K7Q2") {
			t.Errorf("commands shown without prefix or ref:\n%s", m.Plain())
		}
	}
}

func TestLevelsAndEscalation(t *testing.T) {
	titles := map[string]bool{}
	for _, level := range levels[1:] {
		for _, esc := range []bool{false, true} {
			in := baseInput()
			in.Level, in.Escalation, in.Kind = level, esc, detectors.KindMovePlatform
			m := Render(in)
			titles[m.Title] = true
			if esc != strings.Contains(m.Plain(), "move to another app") {
				t.Errorf("%v esc=%v: escalation line wrong:\n%s", level, esc, m.Plain())
			}
			if esc == strings.Contains(m.Plain(), "Why it matters") {
				t.Errorf("%v esc=%v: the why paragraph belongs to first warnings only", level, esc)
			}
			// Police reports are for warnings and alerts; a caution is
			// probably just a stray message.
			if (level == detectors.LevelCaution) == strings.Contains(m.Plain(), "reportfraud.ftc.gov") {
				t.Errorf("%v: report line wrong:\n%s", level, m.Plain())
			}
		}
	}
	if len(titles) != 5 { // caution, warning, alert; escalation to warning or alert
		t.Errorf("want 5 distinct titles, got %v", titles)
	}
	if a, b := Render(Input{Level: detectors.LevelNone}), Render(Input{Level: detectors.LevelCaution}); !reflect.DeepEqual(a, b) {
		t.Errorf("LevelNone should render as caution")
	}
}

func TestReasonsOrderAndLimit(t *testing.T) {
	in := baseInput()
	in.Reasons = nil
	for i, code := range []string{
		detectors.CodeCompliment, detectors.CodeMoney, detectors.CodeReturns, detectors.CodeFate,
		detectors.CodePetName, detectors.CodeMentor, detectors.CodeSmallTalk, detectors.CodeLoneliness,
	} {
		in.Reasons = append(in.Reasons, detectors.Reason{Code: code, Weight: float64(i%4) / 10, Evidence: fmt.Sprintf("ev%d", i)})
	}
	m := Render(in)
	var evs []string
	for _, g := range regexp.MustCompile(`“(ev\d)”`).FindAllStringSubmatch(m.Plain(), -1) {
		evs = append(evs, g[1])
	}
	want := []string{"ev3", "ev7", "ev2", "ev6", "ev1"} // weights .3 .3 .2 .2 .1, stable
	if !slices.Equal(evs, want) {
		t.Errorf("reasons %v, want %v\n%s", evs, want, m.Plain())
	}
}

// Reasons that read the same (two links under QuoteNone) are listed once.
func TestReasonsDedup(t *testing.T) {
	in := baseInput()
	in.Quote = QuoteNone
	in.Reasons = []detectors.Reason{
		{Code: detectors.CodeLink, Weight: 0.5, Evidence: "a.example.com", Args: map[string]string{"domain": "a.example.com"}},
		{Code: detectors.CodeLink, Weight: 0.4, Evidence: "b.example.com", Args: map[string]string{"domain": "b.example.com"}},
	}
	if n := strings.Count(Render(in).Plain(), "sends a link to an unknown website"); n != 1 {
		t.Errorf("listed %d times", n)
	}
}

func TestUnknownCode(t *testing.T) {
	in := baseInput()
	in.Lang = "it"
	in.Reasons = []detectors.Reason{{Code: "opener.brand_new", Weight: 1, Evidence: "ciao bella, long time", Detail: "says “ciao bella, long time”, a brand new cue"}}
	if m := Render(in); !strings.Contains(m.Plain(), "says “ciao bella, long time”, a brand new cue") {
		t.Errorf("full: want the English detail:\n%s", m.Plain())
	}
	in.Quote = QuoteNone
	m := Render(in)
	if strings.Contains(m.Plain(), "ciao bella") || !strings.Contains(m.Plain(), "mostra un altro segnale sospetto") {
		t.Errorf("none: want the generic line:\n%s", m.Plain())
	}
}

func TestCategoryArgs(t *testing.T) {
	in := baseInput()
	in.Lang = "it"
	in.Quote = QuoteNone
	in.Reasons = []detectors.Reason{
		{Code: detectors.CodeForeignNumber, Weight: 3, Evidence: "+2348012345678", Args: map[string]string{"country": "NG"}},
		{Code: detectors.CodeInvestment, Weight: 2, Args: map[string]string{"topic": "crypto"}},
		{Code: detectors.CodeMovePlatform, Weight: 1},
	}
	m := Render(in)
	for _, want := range []string{"(Nigeria)", "(criptovalute)", "continuare su un'altra app"} {
		if !strings.Contains(m.Plain(), want) {
			t.Errorf("want %q in\n%s", want, m.Plain())
		}
	}
}

// A warning fits a phone screen: with three reasons, about 1,200
// characters of plain text at most.
func TestLength(t *testing.T) {
	longest := 0
	for _, lang := range Languages() {
		for _, level := range levels[1:] {
			for _, nw := range networks {
				in := baseInput()
				in.Lang, in.Level, in.Network, in.Device, in.Country = lang, level, nw.net, nw.device, "US"
				n := utf8.RuneCountInString(Render(in).Plain())
				longest = max(longest, n)
				limit := 1200
				if nw.net == "sms" && nw.device == "" {
					limit = 1400 // steps for both Android and iPhone
				}
				if n > limit {
					t.Errorf("%s %v %s/%s: %d characters", lang, level, nw.net, nw.device, n)
				}
			}
		}
	}
	t.Logf("longest: %d characters", longest)
}

func TestParseQuote(t *testing.T) {
	for s, want := range map[string]Quote{"full": QuoteFull, "Short": QuoteShort, " none ": QuoteNone} {
		got, err := ParseQuote(s)
		if err != nil || got != want {
			t.Errorf("ParseQuote(%q) = %v, %v", s, got, err)
		}
		if want.String() != strings.ToLower(strings.TrimSpace(s)) {
			t.Errorf("String() = %q", want.String())
		}
	}
	if _, err := ParseQuote("some"); err != ErrUnknownQuote {
		t.Errorf("ParseQuote(some) err = %v", err)
	}
	var q Quote
	if err := q.UnmarshalText([]byte("none")); err != nil || q != QuoteNone {
		t.Errorf("UnmarshalText: %v %v", q, err)
	}
	if b, _ := QuoteShort.MarshalText(); string(b) != "short" {
		t.Errorf("MarshalText = %s", b)
	}
	if Quote(9).String() != "unknown" {
		t.Error("Quote(9)")
	}
}

func TestCut(t *testing.T) {
	for in, want := range map[string]string{
		"short one": "short one",
		"Hello dear, I have been thinking about you all day": "Hello dear, I have been thinking about…",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…",
		"ciao, come stai? ti scrivo per quella cosa, sai...": "ciao, come stai? ti scrivo per quella…",
		"àèìòùàèìòùàèìòùàèìòù àèìòùàèìòùàèìòùàèìòù àèìòù":    "àèìòùàèìòùàèìòùàèìòù àèìòùàèìòùàèìòùàèìò…",
	} {
		if got := cut(in, shortLen); got != want {
			t.Errorf("cut(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDefang(t *testing.T) {
	for in, want := range map[string]string{
		"see https://ctfx-global.com/x?y=1 now": "see hxxps[:]//ctfx-global[.]com/x?y=1 now",
		"ctfx-global.com":                       "ctfx-global[.]com",
		"t.me/annacrypto":                       "t[.]me/annacrypto",
		"wa.me/12025550143":                     "wa[.]me/12025550143",
		"write anna@mail.com":                   "write anna@" + wordJoiner + "mail[.]com",
		"my id is @annacrypto":                  "my id is @" + wordJoiner + "annacrypto",
		"http://192.168.1.10/login":             "hxxp[:]//192[.]168[.]1[.]10/login",
		"no link here. Really.":                 "no link here. Really.",
		"it costs 3.5 dollars":                  "it costs 3.5 dollars",
		"call me. ok? see x.it":                 "call me. ok? see x[.]it",
		"mailto:anna":                           "mailto[:]anna",
		"fe80::1 and ::":                        "fe80[:]:1 and ::",
		"10.0.0.1":                              "10[.]0[.]0[.]1",
		"ends with a link: bit.ly":              "ends with a link: bit[.]ly",
	} {
		if got := defang(in); got != want {
			t.Errorf("defang(%q) = %q, want %q", in, got, want)
		}
	}
	// Text without a link costs nothing: the link pattern is the costliest
	// part of a warning, and most evidence is ordinary sentences.
	if n := testing.AllocsPerRun(20, func() { defang("Oh sorry! I'm Amy. Where are you from? Ok: fine.") }); n > 0 {
		t.Errorf("defang of text without a link costs %.0f allocations", n)
	}
	if got := defangHost("scam.xyz123"); got != "scam[.]xyz123" {
		t.Errorf("defangHost = %q", got)
	}
}

func TestCleanSender(t *testing.T) {
	in := "line one\r\n\n  What to do:\t\u202Ereply\u0007 YES\u2066"
	if got, want := cleanSender(in), "line one What to do: reply YES"; got != want {
		t.Errorf("cleanSender = %q, want %q", got, want)
	}
}

func ExampleRender() {
	m := Render(Input{
		Lang: "it", Country: "IT", Network: "whatsapp", Level: detectors.LevelAlert,
		Ref: "K7Q2", CommandPrefix: "!", Quote: QuoteNone,
		Reasons: []detectors.Reason{{Code: detectors.CodeMovePlatform, Weight: 0.8, Evidence: "scrivimi su Telegram", Args: map[string]string{"platform": "Telegram"}}},
	})
	fmt.Println(m.Title)
	fmt.Println(strings.Contains(m.Plain(), "chiede di continuare su Telegram"))
	fmt.Println(strings.Contains(m.Plain(), "commissariatodips.it"))
	// Output:
	// 🚨 Allarme truffa: blocca questo mittente
	// true
	// true
}

func BenchmarkRender(b *testing.B) {
	in := baseInput()
	in.Network = "sms"
	b.ReportAllocs()
	for b.Loop() {
		Render(in)
	}
}

// A "new number" warning speaks of the owner's child in the owner's own
// word, with its own title, intro and advice; other kinds keep the
// wrong-number texts.
func TestHiMumWarningFitsItsKind(t *testing.T) {
	rs := []detectors.Reason{{Code: detectors.CodeNewNumber, Weight: 0.8, Evidence: "Ciao Mammina, ho rotto il telefono",
		Args: map[string]string{"relative": "mum", "word": "Mammina"}}}
	m := Render(Input{Lang: "it", Country: "IT", Network: "whatsapp", Level: detectors.LevelWarning,
		Kind: detectors.KindHiMum, Reasons: rs})
	for _, want := range []string{"tuo figlio o tua figlia", "ti chiama «Mammina»", "Chiama tuo figlio al numero che conosci", "«Tuo figlio» con un numero nuovo"} {
		if !strings.Contains(m.Plain(), want) {
			t.Errorf("hi-mum warning lacks %q:\n%s", want, m.Plain())
		}
	}
	if strings.Contains(m.Plain(), "un'altra persona") {
		t.Errorf("hi-mum warning speaks of a message meant for someone else:\n%s", m.Plain())
	}
	en := Render(Input{Lang: "en", Network: "sms", Level: detectors.LevelWarning, Kind: detectors.KindHiMum,
		Reasons: []detectors.Reason{{Code: detectors.CodeNewNumber, Evidence: "Hi gran its me", Args: map[string]string{"relative": "grandma", "word": "gran"}}}})
	if !strings.Contains(en.Plain(), "writes as your grandchild, calls you “gran”") {
		t.Errorf("grandma wording:\n%s", en.Plain())
	}
	// without the word (an older verdict), the evidence is still quoted
	alt := Render(Input{Lang: "en", Level: detectors.LevelWarning, Kind: detectors.KindHiMum,
		Reasons: []detectors.Reason{{Code: detectors.CodeNewNumber, Evidence: "new number x", Args: map[string]string{"relative": "mum"}}}})
	if !strings.Contains(alt.Plain(), "writes as your child from a new or broken phone: “new number x”") {
		t.Errorf("fallback wording:\n%s", alt.Plain())
	}
	wrong := Render(Input{Lang: "en", Level: detectors.LevelWarning, Kind: detectors.KindWrongNumber, Reasons: sampleReasons()})
	if strings.Contains(wrong.Plain(), "your child") || !strings.Contains(wrong.Plain(), "“wrong number” scam") {
		t.Errorf("wrong-number warning:\n%s", wrong.Plain())
	}
}

// A Belgian owner is sent to Safeonweb's address as a mail link, a Dutch
// one to the Fraudehelpdesk; both in Dutch.
func TestDutchReportingChannels(t *testing.T) {
	be := Render(Input{Lang: "nl", Country: "BE", Network: "sms", Level: detectors.LevelWarning, Reasons: sampleReasons()})
	links := func(d Doc) map[string]bool {
		m := map[string]bool{}
		for _, s := range spans(d) {
			m[s.Href] = true
		}
		return m
	}
	if !links(be)["mailto:verdacht@safeonweb.be"] {
		t.Errorf("BE: no mail link to Safeonweb:\n%s", docHTML(be))
	}
	nl := Render(Input{Lang: "nl", Country: "NL", Network: "whatsapp", Level: detectors.LevelWarning, Reasons: sampleReasons()})
	if !strings.Contains(nl.Plain(), "Fraudehelpdesk") || !links(nl)["https://fraudehelpdesk.nl"] {
		t.Errorf("NL: no Fraudehelpdesk link:\n%s", docHTML(nl))
	}
	if strings.Contains(nl.Plain(), "Don't reply") {
		t.Errorf("NL warning in English:\n%s", nl.Plain())
	}
}

// A buyer's question about an ad warns a seller who did post one too: the
// advice says what to do in both cases, and never "don't reply, not even
// 'wrong number'", which would tell a real seller to ignore every buyer.
func TestListingWarningFitsItsKind(t *testing.T) {
	rs := []detectors.Reason{{Code: detectors.CodeStillAvailable, Weight: 0.4, Evidence: "your ad … still available"}}
	for _, tc := range []struct{ lang, title, ifNot, link string }{
		{"en", "A “buyer” asks about an ad", "If you posted no such ad, don't reply", "Don't tap a payment or delivery link"},
		{"it", "Un «acquirente» chiede di un annuncio", "Se non hai pubblicato un annuncio così", "Non aprire link di pagamento"},
		{"de", "Ein „Käufer“ fragt nach einer Anzeige", "Haben Sie keine solche Anzeige aufgegeben", "Öffnen Sie keinen Zahlungs- oder Versandlink"},
	} {
		m := Render(Input{Lang: tc.lang, Country: "IT", Network: "sms", Level: detectors.LevelWarning, Kind: detectors.KindListing, Reasons: rs})
		for _, want := range []string{tc.title, tc.ifNot, tc.link} {
			if !strings.Contains(m.Plain(), want) {
				t.Errorf("%s listing warning lacks %q:\n%s", tc.lang, want, m.Plain())
			}
		}
		plain := Render(Input{Lang: tc.lang, Country: "IT", Network: "sms", Level: detectors.LevelWarning, Kind: detectors.KindWrongNumber, Reasons: rs})
		dont := strings.SplitN(plain.Plain(), "STOP", 2)[0]
		dont = dont[strings.LastIndex(dont, "\n")+1:]
		if dont == "" || strings.Contains(m.Plain(), dont) {
			t.Errorf("%s listing warning keeps the wrong-number line %q:\n%s", tc.lang, dont, m.Plain())
		}
	}
}

// A refund warning says to send nothing back and to let the bank reverse
// a real mistake, in its title, its reason and its advice: the generic
// "asks for money" said neither.
func TestRefundWarningFitsItsKind(t *testing.T) {
	rs := []detectors.Reason{{Code: detectors.CodeRefund, Weight: 0.56, Evidence: "sent you $150 by mistake … send it back"}}
	for _, tc := range []struct{ lang, title, reason, todo string }{
		{"en", "“Money sent by mistake”: don't send it back", "says they sent you money by mistake and asks for it back: “sent you $150 by mistake … send it back”", "ask your bank to return it, never the sender"},
		{"pt", "“Dinheiro enviado por engano”: não devolva", "diz que enviou dinheiro para você por engano", "peça ao seu banco para devolver, nunca a quem enviou"},
		{"de", "„Versehentlich überwiesen“", "behauptet, Ihnen versehentlich Geld geschickt zu haben", "lassen Sie es von Ihrer Bank zurückbuchen"},
	} {
		m := Render(Input{Lang: tc.lang, Country: "US", Network: "sms", Level: detectors.LevelWarning, Kind: detectors.KindRefund, Reasons: rs})
		for _, want := range []string{tc.title, tc.reason, tc.todo} {
			if !strings.Contains(m.Plain(), want) {
				t.Errorf("%s refund warning lacks %q:\n%s", tc.lang, want, m.Plain())
			}
		}
		if strings.Contains(m.Plain(), "gift cards") || strings.Contains(m.Plain(), "cartões-presente") {
			t.Errorf("%s refund warning reads as the generic money ask:\n%s", tc.lang, m.Plain())
		}
	}
}
