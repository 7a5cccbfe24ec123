package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nyaruka/phonenumbers"
)

func writeBases(t *testing.T, lang, scam, benign string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, lang), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"scam.jsonl": scam, "benign.jsonl": benign} {
		if err := os.WriteFile(filepath.Join(dir, lang, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const oneScam = `{"id":"it-hi-mum-01","frame":"hi-mum","warn":true,"warn_by":1,"turns":[{"from":"sender","text":"Ciao mamma, ho rotto il telefono, salva questo numero e scrivimi su WhatsApp. Sono con {name} alle {time}"}],"source":"Polizia Postale alert"}`
const oneBenign = `{"id":"it-otp-01","frame":"otp","warn":false,"sender":"service:PosteInfo","turns":[{"from":"sender","text":"{owner}, il tuo codice è {code}. Non condividerlo"}],"source":"written"}`

// The same base items give the same cases, placeholders filled with
// names that are not the owner's, valid phone numbers, and every
// expansion of a base item in one split.
func TestExpandIsDeterministic(t *testing.T) {
	dir := writeBases(t, "it", oneScam+"\n", oneBenign+"\n")
	bases, err := LoadBases(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Expand(bases, Variants)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Expand(bases, Variants)
	if !reflect.DeepEqual(a, b) || len(a) != 2*Variants {
		t.Fatalf("expansion not deterministic or wrong size: %d", len(a))
	}
	for _, c := range a {
		text := c.Turns[0].Text
		if strings.ContainsAny(text, "{}") {
			t.Errorf("%s: placeholder left: %q", c.ID, text)
		}
		if err := c.Check(); err != nil {
			t.Error(err)
		}
		first := strings.ToLower(c.Owner.Names[0])
		if c.Warn && strings.Contains(strings.ToLower(text), "con "+first+" ") {
			t.Errorf("%s: {name} filled with the owner's name %q", c.ID, first)
		}
		if c.Sender.Phone != "" {
			p, err := phonenumbers.Parse(c.Sender.Phone, "")
			if err != nil || !phonenumbers.IsValidNumber(p) {
				t.Errorf("%s: invalid phone %s", c.ID, c.Sender.Phone)
			}
		}
		if c.Frame == "otp" && (c.Sender.Phone != "" || c.Sender.DisplayName != "PosteInfo") {
			t.Errorf("%s: service sender %+v", c.ID, c.Sender)
		}
		if Split(c.Base) != Split(bases[0].ID) && c.Base == bases[0].ID {
			t.Errorf("%s: expansions of one base item in two splits", c.ID)
		}
	}
}

func TestLoadBasesNamesTheProblem(t *testing.T) {
	for name, tc := range map[string]struct{ scam, want string }{
		"unknown placeholder": {strings.Replace(oneScam, "{time}", "{when}", 1), "unknown placeholder {when}"},
		"unknown field":       {strings.Replace(oneScam, `"source"`, `"sauce"`, 1), "unknown field"},
		"benign in scam file": {strings.Replace(oneScam, `"warn":true`, `"warn":false`, 1), "wrong file"},
		"bad frame":           {strings.Replace(oneScam, `"hi-mum"`, `"hi-grandma"`, 1), "is not a scam frame"},
		"warn_by":             {strings.Replace(oneScam, `"warn_by":1`, `"warn_by":3`, 1), "warn_by: 3"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeBases(t, "it", tc.scam+"\n", oneBenign+"\n")
			_, err := LoadBases(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "scam.jsonl:1") {
				t.Errorf("err = %v, want %q with file and line", err, tc.want)
			}
		})
	}
}

// The committed corpus loads, meets the counts the README promises, and
// its splits hold both scams and benign items in every main language.
func TestCommittedCorpus(t *testing.T) {
	bases, err := LoadBases("../../detectors/testdata/train/src")
	if err != nil {
		t.Fatal(err)
	}
	counts := Counts(bases)
	for _, lang := range []string{"en", "it", "es", "de", "fr", "pt", "nl"} {
		for _, fr := range ScamFrames {
			if counts[lang][fr] < 20 {
				t.Errorf("%s/%s: %d base items, want at least 20", lang, fr, counts[lang][fr])
			}
		}
		for _, fr := range BenignFrames {
			if counts[lang][fr] < 25 {
				t.Errorf("%s/%s: %d base items, want at least 25", lang, fr, counts[lang][fr])
			}
		}
	}
	split := map[string]int{}
	for _, b := range bases {
		split[b.Lang+" "+Split(b.ID)+" "+map[bool]string{true: "scam", false: "benign"}[b.Warn]]++
	}
	for _, lang := range []string{"en", "it", "es", "de", "fr", "pt", "nl"} {
		for _, k := range []string{"train scam", "train benign", "test scam", "test benign"} {
			if split[lang+" "+k] < 20 {
				t.Errorf("%s %s: only %d base items", lang, k, split[lang+" "+k])
			}
		}
	}
}

// A base item that names someone in its own words is never sent to an
// owner of that name: "Oi Juliana, tudo bem?" to Juliana greets the owner,
// and a scam case so expanded taught the model that greeting the owner
// is the scam.
func TestOwnerNeverNamedByTheBaseItem(t *testing.T) {
	bases, err := LoadBases("../../detectors/testdata/train/src")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Base{}
	for _, b := range bases {
		byID[b.ID] = b
	}
	cases, err := Expand(bases, Variants)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if namesLiterally(byID[c.Base], c.Owner.Names[len(c.Owner.Names)-1]) {
			t.Errorf("%s: sent to %s, whom its own words name", c.ID, c.Owner.Names[len(c.Owner.Names)-1])
		}
	}
	if !namesLiterally(Base{Turns: []BaseTurn{{From: "sender", Text: "Oi Juliana tudo bem?"}}}, "Juliana Costa") {
		t.Error("namesLiterally misses a greeted name")
	}
	if !namesLiterally(Base{Turns: []BaseTurn{{From: "sender", Text: "Beste meneer Bakker, de bezichtiging is verzet"}}}, "Jeroen Bakker") {
		t.Error("namesLiterally misses a greeted surname")
	}
	if namesLiterally(Base{Turns: []BaseTurn{{From: "sender", Text: "de bezichtiging is verzet"}}}, "Sanne de Vries") {
		t.Error("namesLiterally reads the particle \"de\" as a name")
	}
	if namesLiterally(Base{Turns: []BaseTurn{{From: "sender", Text: "Oi {owner}, sou a Ana"}, {From: "owner", Text: "Oi Juliana"}}}, "Juliana Costa") {
		t.Error("namesLiterally reads placeholders or the owner's turns")
	}
}

// Every language of the training corpus fills {day} with its own words:
// a date ("2026-05-09") in a misdirected opener is no day word, and left
// the languages without a lexicon without the plan it sets.
func TestEveryLanguageHasDayWords(t *testing.T) {
	bases, err := LoadBases("../../detectors/testdata/train/src")
	if err != nil {
		t.Fatal(err)
	}
	fills, err := loadFill()
	if err != nil {
		t.Fatal(err)
	}
	def := fills["default"]
	for _, b := range bases {
		if days := fills[b.Lang].or(def).Days; slices.Equal(days, def.Days) {
			t.Fatalf("%s: no day words of its own in fill.toml, only %v", b.Lang, days)
		}
	}
}

// No fill greets the owner by a nickname the detectors know: {name} is
// someone else, and "Good morning Mike!" to Michael is addressed to the
// owner, not misdirected.
func TestFillNamesAreNotOwnersNicknames(t *testing.T) {
	var names struct {
		Nicknames map[string][]string `toml:"nicknames"`
	}
	if _, err := toml.DecodeFile("../../detectors/lexicons/names.toml", &names); err != nil {
		t.Fatal(err)
	}
	fills, err := loadFill()
	if err != nil {
		t.Fatal(err)
	}
	for lang, fs := range fills {
		for _, o := range fs.Owners {
			first, _, _ := strings.Cut(strings.ToLower(o), " ")
			for k, vs := range names.Nicknames {
				group := append([]string{k}, vs...)
				if !slices.Contains(group, first) {
					continue
				}
				for _, n := range fs.Names {
					if n = strings.ToLower(n); n != first && slices.Contains(group, n) {
						t.Errorf("fill.toml [%s]: the name %q is the owner %q's nickname", lang, n, o)
					}
				}
			}
		}
	}
}
