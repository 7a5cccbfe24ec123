package config

import (
	"errors"
	"strings"
	"testing"
)

// A common alias or a three-letter code is read as the ISO 3166 code, with
// a note that names the file, line and key; an unknown code is an error
// that names the key and suggests the nearest code.
func TestCountryAliasesAndSuggestions(t *testing.T) {
	for _, c := range []struct{ in, want, note string }{
		{"UK", "GB", `"UK" read as "GB", the ISO 3166 code of United Kingdom`},
		{"el", "GR", `"el" read as "GR"`},
		{"ITA", "IT", `"ITA" read as "IT"`},
		{"it", "IT", ""},
		{"BR", "BR", ""},
	} {
		cfg, err := Parse("/etc/sg.toml", []byte(strings.Replace(validOwner, `country = "it"`, `country = "`+c.in+`"`, 1)), true)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := cfg.Owner("nonna").Country; got != c.want {
			t.Errorf("%s read as %s, want %s", c.in, got, c.want)
		}
		notes := cfg.Notes()
		switch {
		case c.note == "" && len(notes) > 0:
			t.Errorf("%s: notes %v", c.in, notes)
		case c.note != "" && (len(notes) != 1 || !strings.HasPrefix(notes[0], `/etc/sg.toml:5: owner[0].country = "`+c.in+`": `) || !strings.Contains(notes[0], c.note)):
			t.Errorf("%s: notes %q, want one at line 5 saying %q", c.in, notes, c.note)
		}
	}
	// With the alias, national numbers of the allow-list parse as British.
	cfg, err := Parse("uk.toml", []byte(strings.NewReplacer(`country = "it"`, `country = "UK"`, `"333 123 4567"`, `"07700 900123"`).Replace(validOwner)), true)
	if err != nil {
		t.Fatal(err)
	}
	if k := cfg.Owner("nonna").Known(); k[0] != "+447700900123" {
		t.Errorf("a UK national number read as %s", k[0])
	}

	for _, c := range []struct{ in, contains string }{
		{"XK1", "unknown country code"},
		{"EN", `"EN" is the code of a language, English); did you mean "US"`},
		{"Germany", `did you mean "DE" (Germany)?`},
		{"IX", `did you mean "IT" (Italy)?`},
		{"", "no country"},
	} {
		_, err := Parse("/etc/sg.toml", []byte(strings.Replace(validOwner, `country = "it"`, `country = "`+c.in+`"`, 1)), true)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Key != "owner[0].country" || fe.Line != 5 || !errors.Is(err, ErrBadValue) || !strings.Contains(err.Error(), c.contains) {
			t.Errorf("country %q: %v, want an error at line 5 for owner[0].country saying %q", c.in, err, c.contains)
		}
	}
}

// Values accepted but not used as written get a note naming the line:
// a language with no warning texts, a retry_max over the cap.
func TestNotesForValuesReadOtherwise(t *testing.T) {
	text := "[delivery]\nretry_max = \"1h\"\n" + strings.Replace(validOwner, `languages = ["it"]`, `languages = ["pl", "it"]`, 1)
	cfg, err := Parse("/etc/sg.toml", []byte(text), true)
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(cfg.Notes(), "\n")
	for _, want := range []string{
		`/etc/sg.toml:2: delivery.retry_max = "1h0m0s": read as 30s`,
		`/etc/sg.toml:8: owner[0].languages = "pl": no warnings are written in pl (only in de, en, es, fr, it, nl, pt)`,
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes:\n%s\nwant %q", notes, want)
		}
	}
	if got := cfg.Owner("nonna").Languages; len(got) != 2 || got[0] != "pl" {
		t.Errorf("languages %v: the note must not drop the owner's language", got)
	}
}
