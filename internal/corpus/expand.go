package corpus

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Base is one item of detectors/testdata/train/src/<lang>/*.jsonl: a
// message or conversation written by a person, with placeholders.
type Base struct {
	ID     string     `json:"id"`
	Frame  string     `json:"frame"`
	Warn   bool       `json:"warn"`
	WarnBy int        `json:"warn_by,omitempty"`
	Sender string     `json:"sender,omitempty"`
	Turns  []BaseTurn `json:"turns"`
	Source string     `json:"source"`
	Note   string     `json:"note,omitempty"`

	// Lang and Where are set by LoadBases.
	Lang  string `json:"-"`
	Where string `json:"-"`
}

// BaseTurn is one turn of a base item.
type BaseTurn struct {
	From string `json:"from"`
	Text string `json:"text"`
}

// ScamFrames and BenignFrames are the frames of the training corpus
// (detectors/testdata/train/README.md).
var (
	ScamFrames = []string{"misdirected", "business-misdirected", "is-this", "reconnect", "hi-mum", "listing",
		"apology-first", "dating-bait", "property-offer", "boss-task", "drama", "job-offer", "impersonation",
		"conversation"}
	BenignFrames = []string{"appointment-named", "delivery-named", "otp", "payment-collection",
		"intro-with-context", "marketing", "friend-wrote-first", "addressed-to-owner"}
)

var placeholders = []string{"name", "name2", "owner", "time", "day", "place", "amount", "url", "brandurl", "code"}

// LoadBases reads every src/<lang>/{scam,benign}.jsonl under dir. Errors
// name the file and line.
func LoadBases(dir string) ([]Base, error) {
	langs, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load base items: %w", err)
	}
	var out []Base
	seen := map[string]string{}
	for _, l := range langs {
		if !l.IsDir() {
			continue
		}
		for _, file := range []string{"scam.jsonl", "benign.jsonl"} {
			p := filepath.Join(dir, l.Name(), file)
			b, err := os.ReadFile(p)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("load base items: %w", err)
			}
			for n, line := range strings.Split(string(b), "\n") {
				if strings.TrimSpace(line) == "" {
					continue
				}
				where := fmt.Sprintf("%s:%d", p, n+1)
				var it Base
				dec := json.NewDecoder(strings.NewReader(line))
				dec.DisallowUnknownFields()
				if err := dec.Decode(&it); err != nil {
					return nil, fmt.Errorf("%s: %w", where, err)
				}
				it.Lang, it.Where = l.Name(), where
				if err := it.check(file == "scam.jsonl"); err != nil {
					return nil, fmt.Errorf("%s: %w", where, err)
				}
				if prev, dup := seen[it.ID]; dup {
					return nil, fmt.Errorf("%s: id %q already used at %s", where, it.ID, prev)
				}
				seen[it.ID] = where
				out = append(out, it)
			}
		}
	}
	return out, nil
}

func (b *Base) check(scamFile bool) error {
	switch {
	case b.ID == "":
		return errors.New("id: required")
	case b.Warn != scamFile:
		return fmt.Errorf("%s: warn: %t in the wrong file", b.ID, b.Warn)
	case b.Warn && !slices.Contains(ScamFrames, b.Frame), !b.Warn && !slices.Contains(BenignFrames, b.Frame):
		return fmt.Errorf("%s: frame: %q is not a %s frame", b.ID, b.Frame, map[bool]string{true: "scam", false: "benign"}[b.Warn])
	case len(b.Turns) == 0:
		return fmt.Errorf("%s: turns: required", b.ID)
	case b.Warn && (b.WarnBy < 1 || b.WarnBy > len(b.Turns)):
		return fmt.Errorf("%s: warn_by: %d is not between 1 and %d", b.ID, b.WarnBy, len(b.Turns))
	case strings.TrimSpace(b.Source) == "":
		return fmt.Errorf("%s: source: required", b.ID)
	}
	kind, _, _ := strings.Cut(b.Sender, ":")
	switch kind {
	case "", "phone", "foreign", "service", "named":
	default:
		return fmt.Errorf("%s: sender: %q is not phone, foreign, service:<name> or named:<name>", b.ID, b.Sender)
	}
	for i, t := range b.Turns {
		if t.From != "sender" && t.From != "owner" {
			return fmt.Errorf("%s: turns[%d].from: %q is neither sender nor owner", b.ID, i, t.From)
		}
		for rest := t.Text; ; {
			i := strings.IndexByte(rest, '{')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i:], '}')
			if j < 0 {
				break
			}
			if ph := rest[i+1 : i+j]; !slices.Contains(placeholders, ph) {
				return fmt.Errorf("%s: turns[%d]: unknown placeholder {%s}", b.ID, i, ph)
			}
			rest = rest[i+j+1:]
		}
	}
	return nil
}

//go:embed fill.toml
var fillTOML string

type fillSet struct {
	Countries []string `toml:"countries"`
	Owners    []string `toml:"owners"`
	Names     []string `toml:"names"`
	Times     []string `toml:"times"`
	Days      []string `toml:"days"`
	Places    []string `toml:"places"`
	Amounts   []string `toml:"amounts"`
	URLs      []string `toml:"urls"`
	BrandURLs []string `toml:"brandurls"`
}

// or fills the lists fs leaves empty from def.
func (fs fillSet) or(def fillSet) fillSet {
	for _, f := range []struct{ to, from *[]string }{
		{&fs.Countries, &def.Countries}, {&fs.Owners, &def.Owners}, {&fs.Names, &def.Names},
		{&fs.Times, &def.Times}, {&fs.Days, &def.Days}, {&fs.Places, &def.Places},
		{&fs.Amounts, &def.Amounts}, {&fs.URLs, &def.URLs}, {&fs.BrandURLs, &def.BrandURLs},
	} {
		if len(*f.to) == 0 {
			*f.to = *f.from
		}
	}
	return fs
}

func loadFill() (map[string]fillSet, error) {
	var m map[string]fillSet
	md, err := toml.Decode(fillTOML, &m)
	if err != nil {
		return nil, fmt.Errorf("fill.toml: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("fill.toml: unknown key %s", und[0])
	}
	return m, nil
}

// Variants is how many cases Expand makes of each base item.
const Variants = 4

// Expand turns base items into cases: each base item gives n variants
// with other names, times and places, and with the sender's text in
// lower case, without accents or with a typo. The result depends only on
// the base items: the same input gives the same cases.
func Expand(bases []Base, n int) ([]Case, error) {
	fills, err := loadFill()
	if err != nil {
		return nil, err
	}
	out := make([]Case, 0, len(bases)*n)
	for _, b := range bases {
		fs := fills[b.Lang].or(fills["default"])
		for v := 0; v < n; v++ {
			out = append(out, expandOne(b, v, fs, fills["foreign"]))
		}
	}
	return out, nil
}

// pick chooses deterministically from list by the hash of the keys.
func pick(list []string, keys ...string) string {
	if len(list) == 0 {
		return ""
	}
	return list[hashOf(keys...)%uint64(len(list))]
}

func hashOf(keys ...string) uint64 {
	h := fnv.New64a()
	for _, k := range keys {
		h.Write([]byte(k))
		h.Write([]byte{0})
	}
	// FNV's output is poorly mixed for keys that differ in their last
	// bytes (ids like "es-otp-07"): finish with splitmix64.
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func expandOne(b Base, v int, fs, foreign fillSet) Case {
	seed := b.ID + "#" + strconv.Itoa(v)
	owner := pick(fs.Owners, seed, "owner")
	// A base item that names someone in its own words ("Oi Juliana",
	// "czy to pan Adam?") must not be sent to an owner of that name: a
	// wrong-number opener would greet the owner.
	for k := 0; k < len(fs.Owners) && namesLiterally(b, owner); k++ {
		owner = fs.Owners[(slices.Index(fs.Owners, owner)+1)%len(fs.Owners)]
	}
	ownerFirst, _, _ := strings.Cut(owner, " ")
	names := make([]string, 0, len(fs.Names))
	for _, n := range fs.Names {
		if !strings.EqualFold(n, ownerFirst) {
			names = append(names, n)
		}
	}
	name := pick(names, seed, "name")
	name2 := pick(names, seed, "name2")
	if name2 == name && len(names) > 1 {
		name2 = names[(slices.Index(names, name)+1)%len(names)]
	}
	country := pick(fs.Countries, seed, "country")
	fill := map[string]string{
		"name": name, "name2": name2, "owner": ownerFirst,
		"time": pick(fs.Times, seed, "time"), "day": pick(fs.Days, seed, "day"),
		"place": pick(fs.Places, seed, "place"), "amount": pick(fs.Amounts, seed, "amount"),
		"url": pick(fs.URLs, seed, "url"), "brandurl": pick(fs.BrandURLs, seed, "brandurl"),
		"code": fmt.Sprintf("%06d", hashOf(seed, "code")%1000000),
	}
	c := Case{
		ID: b.ID + "-v" + strconv.Itoa(v), Lang: b.Lang, Warn: b.Warn, WarnBy: b.WarnBy,
		Category: b.Frame, Frame: b.Frame, Base: b.ID, Source: b.Source,
		Owner: Owner{Names: ownerNames(owner), Country: country, Languages: []string{b.Lang}},
	}
	if hashOf(seed, "bilingual")%4 == 0 && b.Lang != "en" {
		c.Owner.Languages = append(c.Owner.Languages, "en")
	}
	kind, label, _ := strings.Cut(b.Sender, ":")
	switch kind {
	case "service":
		c.Network = "sms"
		c.Sender = Sender{DisplayName: label}
	case "foreign":
		fc := pick(foreign.Countries, seed, "foreign")
		if fc == country {
			fc = foreign.Countries[(slices.Index(foreign.Countries, fc)+1)%len(foreign.Countries)]
		}
		c.Network = pick([]string{"whatsapp", "whatsapp", "sms", "signal", "imessage"}, seed, "net")
		c.Sender = phoneSender(fc, seed)
	default:
		c.Network = pick([]string{"sms", "sms", "whatsapp", "whatsapp", "gmessages", "imessage", "signal"}, seed, "net")
		c.Sender = phoneSender(country, seed)
		if kind == "named" {
			c.Sender.DisplayName = label
		}
	}
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC).Add(time.Duration(hashOf(seed, "at")%(90*24*60)) * time.Minute)
	for i, t := range b.Turns {
		text := fillText(t.Text, fill)
		if t.From == "sender" {
			text = vary(text, v, seed+"/"+strconv.Itoa(i))
		}
		c.Turns = append(c.Turns, Turn{From: t.From, Text: text, At: at.Add(time.Duration(i*7) * time.Minute)})
	}
	return c
}

// namesLiterally: a sender turn of b has a name of owner (first name or
// surname, not a particle like "de") as a word of its own text, not
// through a placeholder: "Beste meneer Bakker" greets Jeroen Bakker.
func namesLiterally(b Base, owner string) bool {
	for _, t := range b.Turns {
		if t.From != "sender" {
			continue
		}
		for _, w := range strings.FieldsFunc(t.Text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			for _, name := range strings.Fields(owner) {
				if utf8.RuneCountInString(name) > 2 && strings.EqualFold(w, name) {
					return true
				}
			}
		}
	}
	return false
}

func ownerNames(full string) []string {
	first, _, hasLast := strings.Cut(full, " ")
	if hasLast {
		return []string{first, full}
	}
	return []string{first}
}

func fillText(s string, fill map[string]string) string {
	for k, v := range fill {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// phoneSender makes a valid mobile number of the country, E.164 and as a
// bridged ghost would show it. US and Canadian numbers use 555-01xx.
func phoneSender(country, seed string) Sender {
	h := hashOf(seed, "phone")
	if country == "US" || country == "CA" {
		area := pick([]string{"202", "312", "415", "617", "646", "713", "416", "604"}, seed, "area")
		num := fmt.Sprintf("+1%s55501%02d", area, h%100)
		return Sender{Phone: num, DisplayName: fmt.Sprintf("+1 %s-555-01%02d", area, h%100)}
	}
	ex := phonenumbers.GetExampleNumberForType(country, phonenumbers.MOBILE)
	if ex == nil {
		return Sender{}
	}
	national := strconv.FormatUint(ex.GetNationalNumber(), 10)
	for try := uint64(0); try < 50; try++ {
		digits := []byte(national)
		x := h + try*7919
		for i := len(digits) - 1; i >= len(digits)-4 && i >= 0; i-- {
			digits[i] = byte('0' + x%10)
			x /= 10
		}
		p, err := phonenumbers.Parse("+"+strconv.Itoa(int(ex.GetCountryCode()))+string(digits), "")
		if err == nil && phonenumbers.IsValidNumber(p) {
			return Sender{Phone: phonenumbers.Format(p, phonenumbers.E164),
				DisplayName: phonenumbers.Format(p, phonenumbers.INTERNATIONAL)}
		}
	}
	return Sender{Phone: phonenumbers.Format(ex, phonenumbers.E164), DisplayName: phonenumbers.Format(ex, phonenumbers.INTERNATIONAL)}
}

// vary changes how a sender's text is typed; variant 0 keeps it as
// written.
func vary(s string, v int, seed string) string {
	switch v % 4 {
	case 1:
		s = strings.ToLower(s)
		s = strings.TrimRight(s, ".!")
	case 2:
		s = stripAccents(s)
		if hashOf(seed, "emoji")%2 == 0 {
			s += " " + pick([]string{"😊", "🙏", "👍", "😅", "❤️", "🙂"}, seed, "which")
		}
	case 3:
		s = typo(s, seed)
	}
	return s
}

var accentStripper = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

func stripAccents(s string) string {
	out, _, err := transform.String(accentStripper, s)
	if err != nil {
		return s
	}
	return out
}

// typo swaps two neighbouring letters in one longer word, as thumbs do.
func typo(s, seed string) string {
	words := strings.Fields(s)
	var long []int
	for i, w := range words {
		if len([]rune(w)) >= 6 && !strings.ContainsAny(w, "/.:@{}") {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return s
	}
	i := long[hashOf(seed, "typo")%uint64(len(long))]
	r := []rune(words[i])
	k := 1 + int(hashOf(seed, "pos")%uint64(len(r)-3))
	r[k], r[k+1] = r[k+1], r[k]
	old := words[i]
	return strings.Replace(s, old, string(r), 1)
}

// Split tells which part of the corpus a base item belongs to: "test"
// for a fixed fifth of the base items (by the hash of the id), "train"
// for the rest. Every expansion of a base item is in the same part.
func Split(baseID string) string {
	if hashOf("split", baseID)%5 == 0 {
		return "test"
	}
	return "train"
}

// HamHalf tells which half of an external ordinary-text file a case is
// in: "train" (usable as training negatives) or "test".
func HamHalf(id string) string {
	if hashOf("ham", id)%2 == 0 {
		return "train"
	}
	return "test"
}

// Counts reports base items per language and frame.
func Counts(bases []Base) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, b := range bases {
		if out[b.Lang] == nil {
			out[b.Lang] = map[string]int{}
		}
		out[b.Lang][b.Frame]++
	}
	return out
}

// Langs lists the languages of the base items, sorted.
func Langs(bases []Base) []string {
	seen := map[string]bool{}
	for _, b := range bases {
		seen[b.Lang] = true
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}
