// Package warntext holds the texts SilentGuard sends to the owner: the
// warning about a conversation, its escalation, and the short replies to the
// owner's commands. The texts are data (locales/<lang>.toml, embedded), one
// file per language, and a warning or notice is rendered to a neutral Doc
// (paragraphs, bullets, emphasis, commands, links, the sender's words)
// that each notifier writes in its own markup.
//
// Everything that comes from the sender (the quoted evidence, the display
// name, domains) is treated as hostile: it is stripped of control and
// bidi characters and of line breaks, marked as the sender's (Span.Quote)
// for the writers to escape, and
// defanged ("ctfx-global[.]com") so that no client turns it into a link.
// Only links written in the locale files (official reporting sites) become
// <a href>.
package warntext

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/silentguard/silentguard/detectors"
)

// Quote says how much of the sender's words a warning may carry. Some
// notifiers pass through third-party servers (push services, e-mail), so
// each notifier chooses its own.
type Quote int

const (
	// QuoteFull quotes the evidence as the detectors give it.
	QuoteFull Quote = iota
	// QuoteShort cuts each evidence to about 40 characters.
	QuoteShort
	// QuoteNone carries no words of the sender at all: no evidence, no
	// display name, no domain, no phone number.
	QuoteNone
)

var quoteNames = [...]string{"full", "short", "none"}

// ErrUnknownQuote is returned by ParseQuote for anything but full, short and
// none.
var ErrUnknownQuote = errors.New("unknown quote mode (want full, short or none)")

// ParseQuote reads "full", "short" or "none".
func ParseQuote(s string) (Quote, error) {
	for i, n := range quoteNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Quote(i), nil
		}
	}
	return QuoteFull, ErrUnknownQuote
}

func (q Quote) String() string {
	if q < 0 || int(q) >= len(quoteNames) {
		return "unknown"
	}
	return quoteNames[q]
}

// MarshalText and UnmarshalText let a config file say quote = "short".
func (q Quote) MarshalText() ([]byte, error) { return []byte(q.String()), nil }

func (q *Quote) UnmarshalText(b []byte) error {
	v, err := ParseQuote(string(b))
	if err != nil {
		return err
	}
	*q = v
	return nil
}

// Devices, for Input.Device.
const (
	DeviceAndroid = "android"
	DeviceIPhone  = "iphone"
)

// The commands the owner answers a warning with, after the notifier's
// prefix and followed by the warning's reference: "!allow K7Q2".
const (
	CommandAllow      = "allow" // trust this sender from now on
	CommandFalseAlarm = "false" // the warning was wrong
	CommandHelp       = "help"
)

// MaxReasons is how many reasons a warning lists at most.
const MaxReasons = 5

// Input is everything a warning is built from.
type Input struct {
	// Lang is the owner's language ("it", "pt-BR"); unknown ones get English.
	Lang string
	// Country is the owner's ISO 3166-1 alpha-2 country ("IT"); it picks
	// where to report fraud. Unknown or empty gets generic advice.
	Country string
	// Network is where the conversation happens (as detectors.Sender.Network).
	Network detectors.Network
	// Device is for sms: "android", "iphone", or "" to show both.
	Device string
	// OwnerJoined: the owner already joined the conversation (on Matrix,
	// accepted the stranger's invite); the steps then say what to do now.
	OwnerJoined bool

	Level detectors.Level // LevelNone renders as LevelCaution
	Kind  string          // detectors.Kind…, used by escalations
	// Escalation is set for the second warning of a conversation, sent when
	// its level rose.
	Escalation bool

	// Ref is the warning's short reference ("K7Q2"). CommandPrefix is how
	// commands start where the owner reads this ("!" on Matrix, "/" on
	// Telegram); when either is empty the commands line is left out.
	Ref, CommandPrefix string

	// Sender is how the sender is shown (display name or phone number).
	// It is left out under QuoteNone.
	Sender  string
	Reasons []detectors.Reason
	Quote   Quote
}

// Render builds the warning for in, for a notifier to write out.
func Render(in Input) Doc {
	r := &run{c: cat(), in: &in}
	r.lang = r.c.lang(in.Lang)
	return r.build()
}

// Resolve is the language a text for lang is written in: lang's primary
// tag when it has a locale file, else English.
func Resolve(lang string) string { return cat().lang(lang) }

// Languages lists the languages that have a locale file, sorted.
func Languages() []string { return slices.Clone(cat().langs) }

// run is one rendering.
type run struct {
	c    *catalog
	lang string
	in   *Input
}

func (r *run) level() string {
	switch {
	case r.in.Level >= detectors.LevelAlert:
		return "alert"
	case r.in.Level == detectors.LevelWarning:
		return "warning"
	}
	return "caution"
}

func (r *run) build() Doc {
	in := r.in
	level := r.level()
	d := Doc{}

	if in.Escalation {
		esc := "warning"
		if level == "alert" {
			esc = "alert"
		}
		d.Title = r.plainText("title.escalation_" + esc)
		kind := "escalation." + in.Kind
		if in.Kind == "" || r.c.get(r.lang, kind) == nil {
			kind = "escalation.default"
		}
		d.add(Block{Head: join(r.text("escalation.intro", nil), r.text(kind, nil))})
	} else {
		d.Title = r.plainText(r.kindKey("title", "title."+level))
		d.add(Block{Head: r.text(r.kindKey("intro", "intro."+level), nil)})
	}

	if items := r.reasons(); len(items) > 0 {
		d.add(Block{Head: r.seenHead(), Items: items})
	}
	if !in.Escalation {
		d.add(Block{Head: r.text(r.kindKey("why", "why.text"), nil)})
	}
	d.add(Block{Head: r.text("todo.head", nil), Items: r.todo(level)})

	if in.CommandPrefix != "" && in.Ref != "" {
		ref := cleanSender(in.Ref)
		d.add(Block{Head: r.text("commands.text", map[string]value{
			"allow":      {text: in.CommandPrefix + CommandAllow + " " + ref, code: true},
			"falsealarm": {text: in.CommandPrefix + CommandFalseAlarm + " " + ref, code: true},
		})})
	}
	return d
}

// kindKey is the key of the kind's own text (kind.<Kind>.<part>) when the
// locale has one: a "new number" warning speaks of your child, not of a
// text sent by mistake.
func (r *run) kindKey(part, def string) string {
	if r.in.Kind != "" {
		if k := "kind." + r.in.Kind + "." + part; r.c.get(r.lang, k) != nil {
			return k
		}
	}
	return def
}

func (d *Doc) add(b Block) { d.Blocks = append(d.Blocks, b) }

func join(a, b Line) Line {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := append(slices.Clip(a), Span{Text: " "})
	return append(out, b...)
}

// text fills the template for key with fixed args, falling back to English
// when this language's template cannot be filled.
func (r *run) text(key string, args map[string]value) Line {
	get := func(name string) (value, bool) { v, ok := args[name]; return v, ok }
	if l, ok := fill(r.c.get(r.lang, key), get); ok {
		return l
	}
	l, _ := fill(r.c.get(fallbackLang, key), get)
	return l
}

func (r *run) plainText(key string) string {
	var b strings.Builder
	r.text(key, nil).plain(&b)
	return b.String()
}

// sender is the sender's name as shown, or "" under QuoteNone.
func (r *run) sender() string {
	if r.in.Quote == QuoteNone {
		return ""
	}
	s := cleanSender(r.in.Sender)
	if r.in.Quote == QuoteShort {
		s = cut(s, shortLen)
	}
	return defang(s)
}

func (r *run) network(net detectors.Network) string {
	n := string(detectors.ParseNetwork(string(net))) // callers may fill Input by hand
	if n != "" && r.c.get(r.lang, "network."+n) != nil {
		return r.plainText("network." + n)
	}
	if n != "" && !strings.Contains(n, ".") {
		return defang(cleanSender(n))
	}
	return r.plainText("network.default")
}

func (r *run) seenHead() Line {
	net := value{text: r.network(r.in.Network)}
	if s := r.sender(); s != "" {
		return r.text("seen.from", map[string]value{"sender": {text: s, quote: true}, "network": net})
	}
	return r.text("seen.anon", map[string]value{"network": net})
}

// reasons lists the reasons, heaviest first, at most MaxReasons distinct
// lines.
func (r *run) reasons() []Line {
	rs := slices.Clone(r.in.Reasons)
	slices.SortStableFunc(rs, func(a, b detectors.Reason) int { return cmp.Compare(b.Weight, a.Weight) })
	var items []Line
	seen := map[string]bool{}
	var b strings.Builder
	for i := range rs {
		if len(items) == MaxReasons {
			break
		}
		l := r.reason(&rs[i])
		b.Reset()
		l.plain(&b)
		if k := b.String(); k != "" && !seen[k] {
			seen[k] = true
			items = append(items, l)
		}
	}
	return items
}

// senderArgs are the Args keys (besides the evidence) whose values are the
// sender's own words. All other keys are categories named by the detectors
// (a platform, a topic, a country) and may be shown under QuoteNone.
var senderArgs = map[string]bool{"evidence": true, "name": true, "app": true, "domain": true, "host": true, "unicode": true,
	"word": true, "phrases": true}

// hostArgs are defanged even when they do not look like a link.
var hostArgs = map[string]bool{"domain": true, "host": true, "unicode": true}

func (r *run) reason(rr *detectors.Reason) Line {
	quoting := r.in.Quote != QuoteNone
	arg := func(name string) (value, bool) {
		if senderArgs[name] {
			if !quoting {
				return value{}, false
			}
			v := rr.Args[name]
			if name == "evidence" {
				v = rr.Evidence
			}
			v = cleanSender(v)
			if name == "evidence" && r.in.Quote == QuoteShort {
				v = cut(v, shortLen)
			}
			if hostArgs[name] {
				return value{text: defangHost(v), quote: true}, v != ""
			}
			return value{text: defang(v), quote: true}, v != ""
		}
		if name == "writer" {
			return r.writer(rr.Args["relative"]), true
		}
		return r.category(name, rr.Args[name])
	}
	if quoting {
		if l, ok := fill(r.c.get(r.lang, "reason."+rr.Code), arg); ok {
			return l
		}
		if l, ok := fill(r.c.get(r.lang, "reason_alt."+rr.Code), arg); ok {
			return l
		}
	}
	if l, ok := fill(r.c.get(r.lang, "reason_none."+rr.Code), arg); ok {
		return l
	}
	if quoting && rr.Detail != "" {
		// A code this package has no template for yet: the detector's
		// English sentence, treated as the sender's words.
		detail := cleanSender(rr.Detail)
		if ev := cleanSender(rr.Evidence); ev != "" && r.in.Quote == QuoteShort {
			detail = strings.ReplaceAll(detail, ev, cut(ev, shortLen))
		}
		return Line{{Text: defang(detail), Quote: true}}
	}
	return r.text("seen.generic", nil)
}

// writer says who a "new number" sender pretends to be, from the relative
// word they use for the owner: "mum" makes them "your child".
func (r *run) writer(relative string) value {
	key := "writer." + strings.ToLower(strings.TrimSpace(relative))
	if relative == "" || r.c.get(r.lang, key) == nil {
		key = "writer.default"
	}
	return value{text: r.plainText(key)}
}

// category renders a category arg in the owner's language: a network name,
// a country name, or a term ("crypto" → "criptovalute"); a missing one gets
// the locale's default ("another app").
func (r *run) category(name, v string) (value, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		if t := r.c.get(r.lang, "default."+name); t != nil {
			return value{text: r.plainText("default." + name)}, true
		}
		return value{}, false
	}
	switch name {
	case "network":
		return value{text: r.network(detectors.ParseNetwork(v))}, true
	case "country":
		if reg, err := language.ParseRegion(v); err == nil {
			if n := regionNamer(r.lang).Name(reg); n != "" {
				return value{text: n}, true
			}
		}
	default:
		key := "term." + strings.ToLower(v)
		if r.c.get(r.lang, key) != nil {
			return value{text: r.plainText(key)}, true
		}
	}
	return value{text: defang(cleanSender(v))}, true
}

// regionNamer names countries in a locale's language, from CLDR: a
// language added as a locale file names countries without a code change.
func regionNamer(lang string) display.Namer {
	if n := display.Regions(language.Make(lang)); n != nil {
		return n
	}
	return display.English.Regions()
}

// todo lists what to do: don't reply, block and report on this platform,
// forward to the carrier's spam number, report to the authorities.
func (r *run) todo(level string) []Line {
	in := r.in
	var items []Line
	if k := r.kindKey("todo", ""); k != "" && !in.Escalation {
		items = append(items, r.text(k, nil))
	}
	// A kind may say "don't reply" its own way: a seller who did post
	// the ad asked about must not be told never to answer a buyer.
	items = append(items, r.text(r.kindKey("dont_reply", "todo.dont_reply"), nil))

	block := r.text("todo.block_"+level, nil)
	for i, key := range r.platformKeys() {
		if i == 0 {
			items = append(items, join(block, r.text(key, nil)))
		} else {
			items = append(items, r.text(key, nil))
		}
	}

	country := strings.ToUpper(strings.TrimSpace(in.Country))
	if country == "UK" {
		country = "GB"
	}
	if detectors.ParseNetwork(string(in.Network)).Carrier() {
		if key := "carrier." + country; country != "" && r.c.get(r.lang, key) != nil {
			items = append(items, r.text(key, nil))
		}
	}
	if level != "caution" {
		key := "report." + country
		if country == "" || r.c.get(r.lang, key) == nil {
			key = "report.default"
		}
		items = append(items, r.text(key, nil))
	}
	return items
}

func (r *run) platformKeys() []string {
	network := detectors.ParseNetwork(string(r.in.Network))
	net := string(network)
	if network == detectors.NetworkSMS {
		switch strings.ToLower(r.in.Device) {
		case DeviceAndroid:
			return []string{"platform.sms_android"}
		case DeviceIPhone:
			return []string{"platform.sms_iphone"}
		}
		return []string{"platform.sms_android", "platform.sms_iphone"}
	}
	if key := "platform." + net + "_joined"; net != "" && r.in.OwnerJoined && r.c.get(r.lang, key) != nil {
		return []string{key}
	}
	if key := "platform." + net; net != "" && r.c.get(r.lang, key) != nil {
		return []string{key}
	}
	return []string{"platform.default"}
}
