package detectors

import (
	"errors"
	"math"
	"sort"
	"strings"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config invalid: %v", err)
	}
	cases := []struct {
		name    string
		mutate  func(*Config)
		mention string
		unknown bool
	}{
		{"caution above warning", func(c *Config) { c.Caution = 0.7 }, "increase", false},
		{"alert above 1", func(c *Config) { c.Alert = 1.5 }, "alert", false},
		{"negative caution", func(c *Config) { c.Caution = -0.1 }, "caution", false},
		{"NaN warning", func(c *Config) { c.Warning = math.NaN() }, "warning", false},
		{"zero caution", func(c *Config) { c.Caution = 0 }, "caution", false},
		{"unknown code", func(c *Config) { c.Weights = map[string]float64{"pivot.bogus": 0.5} }, "pivot.bogus", true},
		{"negative weight", func(c *Config) { c.Weights = map[string]float64{CodeMoney: -0.2} }, CodeMoney, false},
		{"weight above 1", func(c *Config) { c.Weights = map[string]float64{CodeLink: 2} }, CodeLink, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.mutate(&c)
			err := c.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, ErrBadConfig) {
				t.Errorf("%v does not wrap ErrBadConfig", err)
			}
			if tc.unknown != errors.Is(err, ErrUnknownCode) {
				t.Errorf("%v: ErrUnknownCode = %v, want %v", err, errors.Is(err, ErrUnknownCode), tc.unknown)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("%q does not mention %q", err, tc.mention)
			}
			if _, err := New(c); err == nil {
				t.Error("New accepted an invalid config")
			}
		})
	}
}

func TestWeightsOverride(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Weights = map[string]float64{CodeWrongName: 0}
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	v := r.Evaluate(chat("sms", nil, "s: Hi Marco, how are you?"))
	for _, rs := range v.Reasons {
		if rs.Code == CodeWrongName {
			t.Fatalf("weight 0 should turn the cue off: %s", brief(v))
		}
	}
}

func TestCodes(t *testing.T) {
	codes := Codes()
	if !sort.StringsAreSorted(codes) {
		t.Fatal("Codes not sorted")
	}
	for _, c := range codes {
		w, ok := DefaultWeight(c)
		if !ok || w <= 0 || w > 1 {
			t.Errorf("%s: default weight %v %v", c, w, ok)
		}
	}
	if _, ok := DefaultWeight("nope"); ok {
		t.Error("unknown code has a weight")
	}
	for _, c := range []string{CodeWrongName, CodeAfterDenial, CodeMovePlatform, CodeLookalike, CodeForeignNumber, CodeRiskyDomain} {
		if _, ok := DefaultWeight(c); !ok {
			t.Errorf("%s missing from Codes", c)
		}
	}
}

// Every lexicon compiles and has every cue family, so that a new
// language file cannot silently miss one.
func TestLexiconsComplete(t *testing.T) {
	r := testRegistry(t)
	if len(r.lex.langs) < 6 {
		t.Errorf("languages %v", r.lex.langs)
	}
	perLang := map[string]map[int]bool{}
	for _, p := range r.lex.phrases {
		for i, lang := range r.lex.langs {
			if p.langs&(1<<i) == 0 {
				continue
			}
			if perLang[lang] == nil {
				perLang[lang] = map[int]bool{}
			}
			perLang[lang][int(p.code)] = true
		}
	}
	need := []string{CodeSharedPlan, CodeIsThis, CodeStillAvailable, CodeReconnect, CodeBait, CodeImpersonation,
		CodeSmallTalk, CodeFate, CodeCompliment, CodeAffection, CodePetName, CodeLoneliness, CodeInvestment,
		CodeMentor, CodeReturns, CodeTradingApp, CodeMoney, CodeMovePlatform, CodeJobOffer, CodeNewNumber,
		cueDenial, cueApology, cueDay, cueRelative}
	for _, lang := range r.lex.langs {
		for _, code := range need {
			if !perLang[lang][r.lex.codeIdx[code]] {
				t.Errorf("%s: no phrases for %s", lang, code)
			}
		}
	}
}
