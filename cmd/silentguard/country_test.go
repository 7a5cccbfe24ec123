package main

import (
	"os"
	"strings"
	"testing"

	"github.com/silentguard/silentguard/bot/warntext"
)

// check validates --country and --lang as the config does: an alias is
// read with a note, an unknown value is refused (exit 2) with the nearest.
func TestCheckValidatesCountryAndLanguage(t *testing.T) {
	const text = "Ciao Marco, confermi per domani alle 15?"
	// Every language of the warning texts, as the binary lists them: a new
	// language is its data files, not an edit here.
	langs := "(one of " + strings.Join(warntext.Languages(), ", ") + ")"
	for _, c := range []struct {
		flag, value string
		code        int
		stderr      string
	}{
		{"--country", "UK", exitNotified, `note: --country "UK" read as "GB"`},
		{"--country", "ITA", exitNotified, `note: --country "ITA" read as "IT"`},
		{"--country", "Itlay", exitUsage, `--country: unknown country code; did you mean "IT" (Italy)?`},
		{"--country", "EN", exitUsage, `did you mean "US"`},
		{"--lang", "english", exitUsage, `--lang: "english" is not a supported language; did you mean "en"? ` + langs},
		{"--lang", "ja", exitUsage, `"ja" is not a supported language ` + langs},
		{"--lang", "pt-BR", exitNotified, `note: --lang "pt-BR" read as "pt"`},
		{"--lang", "IT", exitNotified, ""},
	} {
		code, _, errOut := runBinary(t, nil, "check", "--owner-name", "Laura", c.flag, c.value, text)
		if code != c.code || !strings.Contains(errOut, c.stderr) {
			t.Errorf("check %s %s: exit %d, stderr %q; want exit %d and %q", c.flag, c.value, code, errOut, c.code, c.stderr)
		}
	}
}

// config check names the file and line of a value read as something else.
func TestConfigCheckNotesCountryAlias(t *testing.T) {
	e := newEnv(t)
	cfg, _ := os.ReadFile(e.config)
	os.WriteFile(e.config, []byte(strings.Replace(string(cfg), `country = "IT"`, `country = "UK"`, 1)), 0o600)
	code, out, errOut := runBinary(t, nil, "config", "check", e.config)
	want := "note: " + e.config + ":13: owner[0].country = \"UK\": \"UK\" read as \"GB\""
	if code != exitOK || !strings.Contains(out, want) || !strings.Contains(out, "country GB") {
		t.Errorf("config check: exit %d\n%s%s\nwant %q", code, out, errOut, want)
	}
}
