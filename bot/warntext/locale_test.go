package warntext

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"
	"github.com/silentguard/silentguard/detectors"
)

// argKeys are every Args key documented in detectors/codes.go, plus the
// evidence.
var argKeys = []string{
	"evidence", "name", "org", "media", "topic", "app", "platform", "relative",
	"domain", "brand", "host", "unicode", "country", "type", "network", "why",
	"word", "phrases", "writer", "probability",
}

// fixedArgs are the placeholders each non-reason text may use.
var fixedArgs = map[string][]string{
	"seen.from":                {"sender", "network"},
	"seen.anon":                {"network"},
	"commands.text":            {"allow", "falsealarm"},
	"phrase.help":              {"prefix"},
	"phrase.allowed":           {"ref"},
	"phrase.false_alarm":       {"ref"},
	"phrase.unknown_ref":       {"ref"},
	"phrase.paused":            {"adapter", "reason"},
	"phrase.resumed":           {"adapter"},
	"phrase.notifier_failing":  {"adapter"},
	"phrase.status_head":       {"watching"},
	"phrase.status_unreadable": {"what"},
	"phrase.unknown_command":   {"prefix", "commands"},
	"phrase.missing_ref":       {"example"},
	"phrase.history_head":      {"count"},

	"phrase.status_undelivered": {"ref", "target"},
	"phrase.page_link":          {"link"},
	"page.ref":                  {"ref", "when"},
	"page.allowed":              {"when"},
	"page.false_done":           {"when"},
	"page.expired":              {"days", "ref"},
	"page.used":                 {"when"},
}

// officialSites are the only sites the locale files may link to.
var officialSites = []string{
	"reportfraud.ftc.gov", "reportfraud.police.uk", "commissariatodips.it",
	"bundesnetzagentur.de", "cybermalveillance.gouv.fr",
	"internet-signalement.gouv.fr", "queixaselectronicas.mai.gov.pt",
	"fraudehelpdesk.nl", "politie.nl", "safeonweb.be", "verdacht@safeonweb.be",
}

// The warning texts speak every language the detectors read, and no
// other: adding a language is a lexicon and a locale file.
func TestLanguagesMatchLexicons(t *testing.T) {
	reg, err := detectors.New(detectors.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Languages(), reg.Languages(); !slices.Equal(got, want) {
		t.Fatalf("warning-text languages %v, lexicon languages %v", got, want)
	}
	if len(Languages()) < 7 {
		t.Errorf("languages %v: want at least the seven supported", Languages())
	}
}

// Every language has every key of English, and no key English lacks (which
// would be a typo that silently falls back).
func TestLocalesComplete(t *testing.T) {
	c := cat()
	en := c.keys(fallbackLang)
	for _, lang := range c.langs {
		t.Run(lang, func(t *testing.T) {
			have := c.keys(lang)
			for _, k := range en {
				if _, ok := slices.BinarySearch(have, k); !ok {
					t.Errorf("missing key %q", k)
				}
			}
			for _, k := range have {
				if _, ok := slices.BinarySearch(en, k); !ok {
					t.Errorf("key %q is not in en.toml", k)
				}
			}
		})
	}
}

// Every reason code the detectors emit has a quoting and a non-quoting
// template. detectors.Codes lists them, so a new code fails here until it
// has texts.
func TestEveryCodeHasTemplates(t *testing.T) {
	c := cat()
	codes := detectors.Codes()
	// The constants are named too, so that a renamed code breaks the build
	// of this test rather than slipping through.
	for _, code := range []string{
		detectors.CodeWrongName, detectors.CodeSharedPlan, detectors.CodeIsThis,
		detectors.CodeStillAvailable, detectors.CodeReconnect, detectors.CodeBait,
		detectors.CodeAnonymousSender, detectors.CodeImpersonation,
		detectors.CodeAfterDenial, detectors.CodeSmallTalk, detectors.CodeFate,
		detectors.CodeCompliment, detectors.CodePhoto, detectors.CodeAffection,
		detectors.CodePetName, detectors.CodeLoneliness, detectors.CodeInvestment,
		detectors.CodeMentor, detectors.CodeReturns, detectors.CodeTradingApp,
		detectors.CodeMoney, detectors.CodeMovePlatform, detectors.CodeJobOffer,
		detectors.CodeNewNumber, detectors.CodeLink, detectors.CodeLookalike,
		detectors.CodeShortener, detectors.CodeIPHost, detectors.CodeAppInstall,
		detectors.CodeInvite, detectors.CodePunycode, detectors.CodeForeignNumber,
		detectors.CodeNumberType, detectors.CodeInvalidNumber, detectors.CodeBareNumber,
		detectors.CodeNetwork, detectors.CodeApologyFirst, detectors.CodeDatingBait,
		detectors.CodePropertyOffer, detectors.CodeTaskRequest, detectors.CodeDrama,
		detectors.CodeModel,
	} {
		if !slices.Contains(codes, code) {
			t.Errorf("detectors.Codes() lacks %q", code)
		}
	}
	for _, lang := range c.langs {
		for _, code := range codes {
			for _, sec := range []string{"reason.", "reason_none."} {
				if c.texts[lang][sec+code] == nil {
					t.Errorf("%s: no %s%s", lang, sec, code)
				}
			}
		}
	}
}

// Placeholders are the ones the code fills, the same in every language, and
// non-quoting templates use no words of the sender.
func TestPlaceholders(t *testing.T) {
	c := cat()
	for _, lang := range c.langs {
		for key, tm := range c.texts[lang] {
			var allowed []string
			switch {
			case strings.HasPrefix(key, "reason."), strings.HasPrefix(key, "reason_alt."):
				allowed = argKeys
			case strings.HasPrefix(key, "reason_none."):
				for _, a := range argKeys {
					if !senderArgs[a] {
						allowed = append(allowed, a)
					}
				}
			default:
				allowed = fixedArgs[key]
			}
			for _, a := range tm.args {
				if !slices.Contains(allowed, a) {
					t.Errorf("%s %s: placeholder {%s} not allowed here", lang, key, a)
				}
			}
			if en := c.texts[fallbackLang][key]; en != nil {
				got, want := argSet(tm), argSet(en)
				if !maps.Equal(got, want) {
					t.Errorf("%s %s: placeholders %v, en has %v", lang, key, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
				}
			}
			bolds := 0
			for _, s := range tm.segs {
				if s.kind == segBold {
					bolds++
				}
			}
			if bolds%2 != 0 {
				t.Errorf("%s %s: unbalanced **", lang, key)
			}
		}
	}
}

func argSet(t *tmpl) map[string]bool {
	m := map[string]bool{}
	for _, a := range t.args {
		m[a] = true
	}
	return m
}

// The locale files link only to official reporting sites.
func TestLocaleLinks(t *testing.T) {
	c := cat()
	for _, lang := range c.langs {
		for key, tm := range c.texts[lang] {
			for _, s := range tm.segs {
				if s.kind == segLink && !slices.Contains(officialSites, s.text) {
					t.Errorf("%s %s: link %q is not an official site", lang, key, s.text)
				}
			}
		}
	}
}

// A key missing in a language falls back to English for that key only; an
// unknown language falls back to English altogether.
func TestFallback(t *testing.T) {
	c, err := loadCatalog(fstest.MapFS{
		"locales/en.toml": {Data: []byte("[title]\ncaution = \"EN caution\"\nwarning = \"EN warning\"\n")},
		"locales/xx.toml": {Data: []byte("[title]\nwarning = \"XX warning\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := &run{c: c, lang: c.lang("xx-YY"), in: &Input{}}
	if got := r.plainText("title.warning"); got != "XX warning" {
		t.Errorf("xx warning = %q", got)
	}
	if got := r.plainText("title.caution"); got != "EN caution" {
		t.Errorf("xx caution = %q, want the English text", got)
	}
	if got := c.lang("zz"); got != fallbackLang {
		t.Errorf("lang(zz) = %q", got)
	}
	for in, want := range map[string]string{"pt-BR": "pt", "DE_at": "de", " it ": "it", "": "en", "klingon": "en"} {
		if got := cat().lang(in); got != want {
			t.Errorf("lang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadCatalogErrors(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"no english": {"locales/it.toml": {Data: []byte("a = \"b\"")}},
		"bad toml":   {"locales/en.toml": {Data: []byte("a = ")}},
		"not text":   {"locales/en.toml": {Data: []byte("a = 3")}},
	} {
		if _, err := loadCatalog(fsys); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestPhrase(t *testing.T) {
	args := map[string]string{"prefix": "!", "ref": "K7Q2", "adapter": "telegram", "reason": "token revoked"}
	for _, lang := range Languages() {
		for _, key := range []string{PhraseHelp, PhraseAllowed, PhraseFalseAlarm, PhraseUnknownRef, PhrasePaused, PhraseResumed} {
			got := Phrase(lang, key, args)
			if got == "" || placeholderRe.MatchString(got) {
				t.Errorf("%s %s = %q", lang, key, got)
			}
		}
		if help := Phrase(lang, PhraseHelp, args); !strings.Contains(help, "!"+CommandAllow) || !strings.Contains(help, "!"+CommandFalseAlarm) {
			t.Errorf("%s help does not name the commands: %q", lang, help)
		}
	}
	if got := Phrase("it", PhrasePaused, args); !strings.Contains(got, "telegram") || !strings.Contains(got, "token revoked") {
		t.Errorf("paused = %q", got)
	}
	if got := Phrase("en", "nope", nil); got != "" {
		t.Errorf("unknown key = %q", got)
	}
	if got := Phrase("xx", PhraseAllowed, map[string]string{"ref": "A1"}); !strings.Contains(got, "A1") {
		t.Errorf("fallback = %q", got)
	}
}

// Every category a lexicon gives a reason (an investment topic, an
// organisation, a relative, a kind of media) is a term in every locale:
// a missing one showed the lexicon's English group name ("tax office",
// "customs") in an Italian warning.
func TestLexiconCategoriesHaveTerms(t *testing.T) {
	files, err := filepath.Glob("../../detectors/lexicons/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("lexicons: %v (%d files)", err, len(files))
	}
	categories := []string{"pivot.investment", "x.org", "rapport.photo", "x.relative", "slot.relative"}
	c := cat()
	for _, f := range files {
		var lf struct {
			Cue  map[string]map[string][]string `toml:"cue"`
			Slot map[string]map[string][]string `toml:"slot"`
		}
		if _, err := toml.DecodeFile(f, &lf); err != nil {
			t.Fatal(err)
		}
		for _, code := range categories {
			groups := lf.Cue[code]
			if name, ok := strings.CutPrefix(code, "slot."); ok {
				groups = lf.Slot[name]
			}
			for arg := range groups {
				if arg == "_" {
					continue
				}
				for _, lang := range c.langs {
					if c.texts[lang]["term."+arg] == nil {
						t.Errorf("%s: %s group %q has no term in %s.toml", filepath.Base(f), code, arg, lang)
					}
				}
			}
		}
	}
}
